import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { info } from '../lib/index.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const cuda = info().cuda;

// Skips cleanly where there is no GPU; where there is one, runs the parity table in a
// child process and fails on any mismatch or crash.
(cuda ? test : test.skip)('CUDA results match the CPU on every parity case', () => {
  const r = spawnSync(process.execPath, [path.join(here, 'parity', 'run.js')], { encoding: 'utf8', timeout: 300_000 });
  assert.is(r.status, 0, `parity child exited with ${r.status} ${r.signal ?? ''}: ${r.stderr}`);
  const rows = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { name: string; ok: boolean; err: number; tol: number; error: string | null });
  for (const row of rows) console.log(`  ${row.ok ? 'ok  ' : 'FAIL'} ${row.name}: err ${row.err.toExponential(2)} (tol ${row.tol})${row.error ? ' ' + row.error : ''}`);
  assert.ok(rows.length > 0 && rows.every((row) => row.ok), 'every case within tolerance');
});

if (!cuda) console.log(`  gpu tests skipped: ${info().cudaStatus}`);

test.run();
