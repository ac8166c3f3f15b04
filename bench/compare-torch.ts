/**
 * rdlab vs PyTorch on the Mlp training steps of mlp-step.ts, side by side in one run:
 * for each size, rdlab is timed in this process and PyTorch right after in a child
 * (bench/mlp_torch.py), both on the same number of threads. Writes
 * bench/results/mlp-vs-torch.json and prints a table; ratio = torch ms / rdlab ms (median).
 *
 * The Python with torch: $RDLAB_TORCH_PYTHON, else /usr/bin/python3 (Debian's python3-torch
 * installs there, which may not be the first python3 on PATH).
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { info } from '../lib/index.js';
import { measure } from './measure.js';
import { MLP_CASES, mlpStep, stepFlops } from './mlp-step.js';
import { writeResult } from './run.js';

const script = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'bench', 'mlp_torch.py');
const python = process.env.RDLAB_TORCH_PYTHON ?? '/usr/bin/python3';
const threads = info().threads;
const timeS = 1.5;

interface TorchTiming { p50_ms: number; mean_ms: number; samples: number; torch: string; blas: string }

function torchStep(sizes: number[], batch: number): TorchTiming {
  const env = { ...process.env, OPENBLAS_NUM_THREADS: String(threads), OMP_NUM_THREADS: String(threads) };
  const r = spawnSync(python, [script, JSON.stringify({ sizes, batch, threads, time_s: timeS })], { encoding: 'utf8', env });
  if (r.status !== 0) throw new Error(`${python} ${script} failed (is python3-torch installed?):\n${r.stderr}`);
  return JSON.parse(r.stdout);
}

const rows = [];
for (const c of MLP_CASES) {
  const ours = await measure(c.name, mlpStep(c), timeS * 1000);
  const theirs = torchStep(c.sizes, c.batch);
  rows.push({
    size: c.name, batch: c.batch, threads,
    rdlab_ms: ours.p50Ms, torch_ms: theirs.p50_ms, ratio: theirs.p50_ms / ours.p50Ms,
    rdlab_gflops: stepFlops(c) / (ours.p50Ms * 1e6), torch_gflops: stepFlops(c) / (theirs.p50_ms * 1e6),
    torch_version: theirs.torch, torch_blas: theirs.blas,
  });
  console.error(`${c.name}: rdlab ${ours.p50Ms.toFixed(3)} ms, torch ${theirs.p50_ms.toFixed(3)} ms`);
}
console.table(rows.map(({ size, rdlab_ms, torch_ms, ratio }) => ({ size, rdlab_ms, torch_ms, ratio })));
console.log(`-> ${writeResult('mlp-vs-torch', rows)}`);
