#!/usr/bin/env node
// `npm run test:asan`: builds the addon with AddressSanitizer + UBSan into build-asan/
// (CPU only) and runs the whole test suite against it. Node itself is not instrumented,
// so the ASan runtime is preloaded; leak detection is off because Node does not free its
// heap at exit.
import { mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const run = (cmd, args, env = process.env) => {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env });
  if (r.status !== 0) process.exit(r.status ?? 1);
};

run(process.execPath, [path.join(root, 'scripts', 'build-native.mjs')], { ...process.env, RDLAB_SANITIZE: '1', RDLAB_CUDA: 'OFF' });
run('npm', ['run', '--silent', 'build:ts']);

// node-gyp-build loads from $RDLAB_PREBUILD/build/{Release,Debug} when that variable is set.
const dir = mkdtempSync(path.join(os.tmpdir(), 'rdlab-asan-'));
symlinkSync(path.join(root, 'build-asan'), path.join(dir, 'build'));
writeFileSync(path.join(dir, 'package.json'), '{"name":"rdlab"}');
const libasan = spawnSync('gcc', ['-print-file-name=libasan.so'], { encoding: 'utf8' }).stdout.trim();
run(process.execPath, [path.join(root, 'node_modules', 'uvu', 'bin.js'), 'dist/test', '\\.test\\.js$'], {
  ...process.env,
  RDLAB_PREBUILD: dir,
  LD_PRELOAD: libasan,
  // allocator_may_return_null: a test asks for 1 TiB and expects the allocator to refuse it
  // (a RangeError), which ASan otherwise reports as a fatal allocation-size-too-big
  ASAN_OPTIONS: 'detect_leaks=0:abort_on_error=1:allocator_may_return_null=1',
  UBSAN_OPTIONS: 'print_stacktrace=1:halt_on_error=1',
});
