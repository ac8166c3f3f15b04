/**
 * rdlab vs PyTorch on the Mlp training steps of mlp-step.ts, side by side in one run:
 * for each size, rdlab is timed in this process and PyTorch right after in a child
 * (bench/mlp_torch.py), both on the same number of threads. Writes
 * bench/results/mlp-vs-torch.json and prints a table; ratio = torch ms / rdlab ms (median).
 *
 * The Python with torch: $RDLAB_TORCH_PYTHON, else /usr/bin/python3 (Debian's python3-torch
 * installs there, which may not be the first python3 on PATH).
 *
 * Debian's torch calls whatever libblas.so.3 is installed. The reference BLAS made torch
 * 30-90x slower, and the pthreads OpenBLAS runs its own pool beside torch's OpenMP pool,
 * which on 2 cores made steps 10-60x slower and erratic. So the child gets the OpenMP
 * build of OpenBLAS (apt-get install libopenblas0-openmp) when it is there, or the
 * directory in $RDLAB_TORCH_BLAS_DIR: the fastest torch we measured. The BLAS it really
 * loaded is recorded with each row.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { info } from '../lib/index.js';
import { measure } from './measure.js';
import { MLP_CASES, mlpStep, stepFlops } from './mlp-step.js';
import { writeResult } from './run.js';

const script = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'bench', 'mlp_torch.py');
const python = process.env.RDLAB_TORCH_PYTHON ?? '/usr/bin/python3';
const threads = info().threads;
const blasDir = process.env.RDLAB_TORCH_BLAS_DIR ?? '/usr/lib/x86_64-linux-gnu/openblas-openmp';
const timeS = 1;

interface TorchTiming { p50_ms: number; mean_ms: number; samples: number; torch: string; blas: string }

function torchStep(sizes: number[], batch: number): TorchTiming {
  const env: NodeJS.ProcessEnv = { ...process.env, OMP_NUM_THREADS: String(threads), OPENBLAS_NUM_THREADS: String(threads) };
  if (existsSync(blasDir)) env.LD_LIBRARY_PATH = [blasDir, process.env.LD_LIBRARY_PATH].filter(Boolean).join(':');
  const r = spawnSync(python, [script, JSON.stringify({ sizes, batch, threads, time_s: timeS })], { encoding: 'utf8', env });
  if (r.status !== 0) throw new Error(`${python} ${script} failed (is python3-torch installed?):\n${r.stderr}`);
  return JSON.parse(r.stdout);
}

// Rounds alternate rdlab and torch per size; each side's time is its median over rounds,
// so that a burst of load from elsewhere on the machine hits one round, not the result.
const rounds = Number(process.env.RDLAB_BENCH_ROUNDS ?? 3);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const rows = [];
for (const c of MLP_CASES) {
  const step = mlpStep(c);
  const ours: number[] = [], theirs: TorchTiming[] = [];
  for (let r = 0; r < rounds; ++r) {
    ours.push((await measure(c.name, step, timeS * 1000)).p50Ms);
    theirs.push(torchStep(c.sizes, c.batch));
  }
  const rdlabMs = median(ours), torchMs = median(theirs.map((t) => t.p50_ms));
  rows.push({
    size: c.name, batch: c.batch, threads, rounds,
    rdlab_ms: rdlabMs, torch_ms: torchMs, ratio: torchMs / rdlabMs,
    rdlab_gflops: stepFlops(c) / (rdlabMs * 1e6), torch_gflops: stepFlops(c) / (torchMs * 1e6),
    rdlab_rounds_ms: ours, torch_rounds_ms: theirs.map((t) => t.p50_ms),
    torch_version: theirs[0].torch, torch_blas: theirs[0].blas,
  });
  console.error(`${c.name}: rdlab ${ours.map((t) => t.toFixed(3)).join(' ')} ms, torch ${theirs.map((t) => t.p50_ms.toFixed(3)).join(' ')} ms`);
}
console.table(rows.map(({ size, rdlab_ms, torch_ms, ratio }) => ({ size, rdlab_ms, torch_ms, ratio })));
console.log(`-> ${writeResult('mlp-vs-torch', rows)}`);
