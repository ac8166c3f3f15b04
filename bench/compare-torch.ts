/**
 * rdlab vs PyTorch, side by side in one run: the Mlp training steps of mlp-step.ts
 * (bench/mlp_torch.py), the ECVQ encoder calls of ecvq-encode.ts (bench/ecvq_torch.py) and
 * the NERD steps, distortion matrices and ORC searches of nerd-step.ts (bench/nerd_torch.py)
 * and the DCGAN generator's passes of dcgan-step.ts (bench/conv_torch.py).
 * For each size,
 * rdlab is timed in this process and PyTorch right after in a child, both on the same
 * number of threads. Writes bench/results/{mlp,ecvq,nerd,distortion,conv}-vs-torch.json (or only
 * the comparison named in argv[2]) and prints a table; ratio = torch ms / rdlab ms (median);
 * the distortion rows also give each p's rdlab time over p = 2's (vs_p2).
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
 *
 * OpenMP's threads spin at every barrier by default; on this shared 2-core machine (load
 * 5-9) a spinning thread holds a core while its partner waits to be scheduled, and torch's
 * 2-100-100-64 step took 133 ms instead of 2.2 ms with OMP_WAIT_POLICY=PASSIVE. So the
 * child gets PASSIVE unless $OMP_WAIT_POLICY says otherwise (recorded with each row, as is
 * the load average when the row was measured).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { info } from '../lib/index.js';
import { measure } from './measure.js';
import { DCGAN, dcganPasses } from './dcgan-step.js';
import { decoderEvals, ECVQ_CASES, ecvqEncodeCall } from './ecvq-encode.js';
import { machine } from './machine.js';
import { MLP_CASES, mlpStep, stepFlops } from './mlp-step.js';
import { DISTORTION_CASES, NERD_CASES, ORC, distortionCall, nerdSource, nerdStep, orcSearchCall, orcWork, stepEntries } from './nerd-step.js';
import { writeResult } from './run.js';

const benchDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'bench');
const python = process.env.RDLAB_TORCH_PYTHON ?? '/usr/bin/python3';
const threads = info().threads;
const blasDir = process.env.RDLAB_TORCH_BLAS_DIR ?? '/usr/lib/x86_64-linux-gnu/openblas-openmp';
const ompWaitPolicy = process.env.OMP_WAIT_POLICY ?? 'PASSIVE';
const timeS = 1;

interface TorchTiming { p50_ms: number; mean_ms: number; samples: number; torch: string; blas: string }

function torchTiming(scriptName: string, args: Record<string, unknown>): TorchTiming {
  const script = path.join(benchDir, scriptName);
  const env: NodeJS.ProcessEnv = { ...process.env, OMP_NUM_THREADS: String(threads), OPENBLAS_NUM_THREADS: String(threads), OMP_WAIT_POLICY: ompWaitPolicy };
  if (existsSync(blasDir)) env.LD_LIBRARY_PATH = [blasDir, process.env.LD_LIBRARY_PATH].filter(Boolean).join(':');
  const r = spawnSync(python, [script, JSON.stringify({ ...args, threads, time_s: timeS })], { encoding: 'utf8', env });
  if (r.status !== 0) throw new Error(`${python} ${script} failed (is python3-torch installed?):\n${r.stderr}`);
  return JSON.parse(r.stdout);
}

interface Comparison {
  name: string;
  rdlab: () => void;
  torch: [script: string, args: Record<string, unknown>];
  /** What one call does, for the table: e.g. gflops or decoder evaluations per second. */
  rates(ms: number): Record<string, number>;
  /** Timed calls per round on each side, for calls that take seconds (default: at least 64). */
  iterations?: number;
}

// Rounds alternate rdlab and torch per size; each side's time is its median over rounds,
// so that a burst of load from elsewhere on the machine hits one round, not the result.
const rounds = Number(process.env.RDLAB_BENCH_ROUNDS ?? 3);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

type Row = Record<string, unknown> & { size: string; rdlab_ms: number; torch_ms: number; ratio: number };

/** Runs `cases`, then `annotate` (which may add columns to the rows) and writes them. */
async function compare(result: string, cases: Comparison[], annotate?: (rows: Row[]) => void): Promise<void> {
  const rows: Row[] = [];
  for (const c of cases) {
    const ours: number[] = [], theirs: TorchTiming[] = [];
    for (let r = 0; r < rounds; ++r) {
      ours.push((await measure(c.name, c.rdlab, timeS * 1000, c.iterations)).p50Ms);
      const [script, args] = c.torch;
      theirs.push(torchTiming(script, c.iterations === undefined ? args : { ...args, min_samples: c.iterations }));
    }
    const rdlabMs = median(ours), torchMs = median(theirs.map((t) => t.p50_ms));
    const prefixed = (side: string, ms: number) => Object.fromEntries(Object.entries(c.rates(ms)).map(([k, v]) => [`${side}_${k}`, v]));
    rows.push({
      size: c.name, threads, rounds, rdlab_ms: rdlabMs, torch_ms: torchMs, ratio: torchMs / rdlabMs,
      ...prefixed('rdlab', rdlabMs), ...prefixed('torch', torchMs),
      rdlab_rounds_ms: ours, torch_rounds_ms: theirs.map((t) => t.p50_ms),
      torch_version: theirs[0].torch, torch_blas: theirs[0].blas, omp_wait_policy: ompWaitPolicy,
      load_average_1min: os.loadavg()[0],
    });
    console.error(`${c.name}: rdlab ${ours.map((t) => t.toFixed(3)).join(' ')} ms, torch ${theirs.map((t) => t.p50_ms.toFixed(3)).join(' ')} ms`);
  }
  annotate?.(rows);
  console.table(rows.map(({ size, rdlab_ms, torch_ms, ratio, vs_p2 }) => ({ size, rdlab_ms, torch_ms, ratio, ...(vs_p2 === undefined ? {} : { vs_p2 }) })));
  console.log(`-> ${writeResult(result, rows)}`);
}

const only = process.argv[2];
if (!only || only === 'mlp')
  await compare('mlp-vs-torch', MLP_CASES.map((c) => ({
    name: c.name, rdlab: mlpStep(c), torch: ['mlp_torch.py', { sizes: c.sizes, batch: c.batch }] as [string, Record<string, unknown>],
    rates: (ms: number) => ({ gflops: stepFlops(c) / (ms * 1e6) }),
  })));
if (!only || only === 'ecvq')
  await compare('ecvq-vs-torch', ECVQ_CASES.map((c) => ({
    name: c.name, rdlab: ecvqEncodeCall(c), iterations: c.iterations, torch: ['ecvq_torch.py', { K: c.K, S: c.S, B: c.B, hidden: c.hidden }] as [string, Record<string, unknown>],
    rates: (ms: number) => ({ decoder_evals_per_s: decoderEvals(c) / (ms / 1000) }),
  })));
if (!only || only === 'nerd')
  await compare('nerd-vs-torch', [
    ...NERD_CASES.map((c) => ({
      name: c.name, rdlab: nerdStep(c), iterations: c.iterations,
      torch: ['nerd_torch.py', { kind: 'step', m: c.m, B: c.B, M: c.M, hidden: [c.m, c.m], target: nerdSource(c.m).target }] as [string, Record<string, unknown>],
      rates: (ms: number) => ({ entries_dims_per_s: stepEntries(c) / (ms / 1000) }),
    })),
    {
      name: `orc search N=2^20 m=${ORC.m} S=${ORC.S}`, rdlab: orcSearchCall('orc'), iterations: 3,
      torch: ['nerd_torch.py', { kind: 'orc', ...ORC, chunk: 65536 }] as [string, Record<string, unknown>],
      rates: (ms: number) => ({ candidates_dims_per_s: orcWork() / (ms / 1000) }),
    },
  ]);
if (!only || only === 'distortion')
  await compare('distortion-vs-torch', DISTORTION_CASES.map((c) => ({
    name: c.name, rdlab: distortionCall(c), iterations: c.p === 2 ? undefined : 5,
    torch: ['nerd_torch.py', { kind: 'distortion', m: c.m, B: c.B, M: c.M, p: c.p }] as [string, Record<string, unknown>],
    rates: (ms: number) => ({ entries_dims_per_s: c.B * c.M * c.m / (ms / 1000) }),
  })), (rows) => {
    const p2 = rows.find((r) => r.size.startsWith('distortion p=2 '))!.rdlab_ms;
    for (const r of rows) r.vs_p2 = r.rdlab_ms / p2;
  });
if (!only || only === 'conv') {
  const peak = machine().peak.gflops;
  await compare('conv-vs-torch', dcganPasses().map(({ pass, call, flops }) => ({
    name: `dcgan c_d=${DCGAN.capacity} batch ${DCGAN.batch} ${pass}`, rdlab: call,
    torch: ['conv_torch.py', { ...DCGAN, pass }] as [string, Record<string, unknown>],
    rates: (ms: number) => ({ gflops: flops / (ms * 1e6), fraction_of_peak: flops / (ms * 1e6) / peak }),
  })));
}
