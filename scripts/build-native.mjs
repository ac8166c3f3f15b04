#!/usr/bin/env node
// Builds the addon (and, when asked or where a GPU is, the CUDA backend) from source with
// cmake-js into build/Release. Options through the environment:
//   RDLAB_CUDA=AUTO|ON|OFF   build the CUDA backend (default AUTO: when a GPU is present and
//                            nvcc is found; ON requires nvcc; OFF skips it)
//   RDLAB_SANITIZE=1         AddressSanitizer + UBSan build into build-asan/
//   RDLAB_JOBS=N             parallel compile jobs (default: number of CPUs)
//   RDLAB_CCACHE=0           do not use ccache even when it is on PATH
import { spawnSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(path.join(root, 'package.json'));

let cmakeJs;
try {
  cmakeJs = require.resolve('cmake-js/bin/cmake-js');
} catch {
  console.error('rdlab: cmake-js is not installed; run `npm install` in the rdlab folder first.');
  process.exit(1);
}

const sanitize = process.env.RDLAB_SANITIZE === '1';
// Compiling CUDA takes minutes and serves only a machine with a GPU, so AUTO skips it where
// none is visible; `npm pack` (scripts/prebuild.mjs) and CI ask for ON.
const gpuPresent = () => existsSync('/dev/nvidia0') || spawnSync('nvidia-smi', ['-L'], { stdio: 'ignore' }).status === 0;
const requested = (process.env.RDLAB_CUDA ?? 'AUTO').toUpperCase();
const cuda = requested === 'AUTO' && !gpuPresent() ? 'OFF' : requested;
const jobs = process.env.RDLAB_JOBS ?? String(os.availableParallelism?.() ?? os.cpus().length);
// nvcc is often installed outside PATH; CMake finds it through CUDACXX.
const env = { ...process.env, CMAKE_BUILD_PARALLEL_LEVEL: jobs };
if (!env.CUDACXX && cuda !== 'OFF') {
  for (const p of ['/usr/local/cuda/bin/nvcc', '/usr/local/bin/nvcc']) {
    if (spawnSync(p, ['--version'], { stdio: 'ignore' }).status === 0) {
      env.CUDACXX = p;
      break;
    }
  }
}

// ccache, where installed, makes rebuilds in several clones or worktrees cheap; its base
// directory is the clone so that absolute include paths do not defeat the cache
const ccache = process.env.RDLAB_CCACHE !== '0' && spawnSync('ccache', ['--version'], { stdio: 'ignore' }).status === 0;
if (ccache && !env.CCACHE_BASEDIR) env.CCACHE_BASEDIR = root;
const launcher = ccache
  ? ['C', 'CXX', 'CUDA'].map((lang) => `--CDCMAKE_${lang}_COMPILER_LAUNCHER=ccache`)
  : [];

const out = sanitize ? 'build-asan' : 'build';
const options = [
  '--out', out,
  `--CDRDLAB_CUDA=${cuda}`,
  `--CDRDLAB_SANITIZE=${sanitize ? 'ON' : 'OFF'}`,
  ...(sanitize ? ['--debug'] : []),
  ...launcher,
];
const why = requested === 'AUTO' && cuda === 'OFF' ? ': no GPU found; RDLAB_CUDA=ON builds it' : '';
console.log(`rdlab: building the native addon (CUDA ${cuda}${why}${sanitize ? ', sanitizers' : ''}${ccache ? ', ccache' : ''})`);
// configure every time (cheap once cached) so that a changed RDLAB_CUDA or sanitizer
// setting reaches an existing build folder; then an incremental build
let r = spawnSync(process.execPath, [cmakeJs, 'configure', ...options], { cwd: root, stdio: 'inherit', env });
if (r.status === 0) r = spawnSync(process.execPath, [cmakeJs, 'build', ...options], { cwd: root, stdio: 'inherit', env });
// a CPU-only build must not leave an older CUDA library beside the addon
if (cuda === 'OFF') rmSync(path.join(root, out, sanitize ? 'Debug' : 'Release', 'librdlab_cuda.so'), { force: true });
if (r.status !== 0) {
  console.error('rdlab: native build failed. It needs a C++17 compiler and CMake >= 3.18 (see README, "Building from source").');
  process.exit(r.status ?? 1);
}
