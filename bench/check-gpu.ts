/**
 * `npm run check:gpu`: what a machine with a GPU must run before its CUDA backend is trusted,
 * in one go: the whole CPU/CUDA parity table (test/parity), the CUDA timings (MLP step at
 * the five sizes, NTC step, NERD step, ORC/PFR search N = 2^20) and
 * `rdlab run sawbridge --quick --device cuda:0` with its gaps, after printing the CUDA
 * self-check's result (lib/selfCheck.ts: what `--device auto` runs before it uses the GPU). Writes
 * bench/results/gpu-parity.json, gpu-bench.json and gpu-sawbridge-quick.json (each also to
 * $RDLAB_CHECK_OUT when set). Arguments name the parts to run (`parity`, `bench`,
 * `sawbridge`; default all). Where no CUDA device is usable it says why and exits 0; it
 * exits 1 when the self-check, a parity row or the sawbridge run fails.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { cudaSelfCheck, info, resultsSchema, type DeviceName } from '../lib/index.js';
import { describeSelfCheck } from '../lib/selfCheck.js';
import { measure } from './measure.js';
import { MLP_CASES, mlpStep, stepFlops } from './mlp-step.js';
import { NERD_CASES, ORC, nerdStep, orcSearchCall, orcWork, stepEntries } from './nerd-step.js';
import ntcBench from './ntc.bench.js';
import { writeResult } from './run.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..', '..');
const device: DeviceName = 'cuda:0';
const started = Date.now();

function save(name: string, rows: unknown): void {
  const file = writeResult(name, rows);
  const out = process.env.RDLAB_CHECK_OUT;
  if (out) {
    mkdirSync(out, { recursive: true });
    copyFileSync(file, path.join(out, path.basename(file)));
  }
  console.log(`-> ${file} (${((Date.now() - started) / 1000).toFixed(0)} s)`);
}

interface ParityRow { name: string; err: number; tol: number; ok: boolean; error: string | null }

function parity(): ParityRow[] {
  const r = spawnSync(process.execPath, [path.join(root, 'dist', 'test', 'parity', 'run.js')], { encoding: 'utf8', timeout: 240_000 });
  const rows = r.stdout.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as ParityRow);
  if (r.status !== 0) rows.push({ name: 'parity run', err: 0, tol: 0, ok: false, error: `exit ${r.status ?? r.signal}: ${r.stderr.slice(-2000)}` });
  for (const row of rows) console.log(`${row.ok ? 'ok  ' : 'FAIL'} ${row.name}${row.ok ? '' : `: ${row.error ?? `err ${row.err} > tol ${row.tol}`}`}`);
  return rows;
}

async function timings(): Promise<Record<string, unknown>[]> {
  const rows: Record<string, unknown>[] = [];
  for (const c of MLP_CASES) {
    const t = await measure(`mlp ${c.name}`, mlpStep(c, device));
    rows.push({ case: `mlp step ${c.name} B=${c.batch}`, ms: t.p50Ms, samples: t.samples, gflops: stepFlops(c) / (t.p50Ms * 1e6) });
  }
  for (const c of NERD_CASES) {
    const t = await measure(c.name, nerdStep(c, device), 1500);
    rows.push({ case: c.name, ms: t.p50Ms, samples: t.samples, entries_dims_per_s: stepEntries(c) / (t.p50Ms / 1000) });
  }
  for (const method of ['pfr', 'orc'] as const) {
    const t = await measure(`${method} N=2^20`, orcSearchCall(method, device), 1500, 5);
    rows.push({ case: `${method} search N=2^20 m=${ORC.m} S=${ORC.S}`, ms: t.p50Ms, samples: t.samples, candidates_dims_per_s: orcWork() / (t.p50Ms / 1000) });
  }
  for (const r of await ntcBench([device])) rows.push({ case: `ntc step ${String(r.model)}`, ms: r.ms_per_step, samples: r.samples, ...r });
  return rows;
}

function sawbridgeQuick(): Record<string, unknown> {
  const out = path.join(root, 'runs', `check-gpu-sawbridge-${Date.now()}`);
  const t0 = Date.now();
  const r = spawnSync(
    process.execPath,
    [path.join(root, 'dist', 'lib', 'cli', 'main.js'), 'run', 'sawbridge', '--quick', '--device', device, '--quiet', '--out', out],
    { encoding: 'utf8', timeout: 300_000 },
  );
  if (r.status !== 0) return { ok: false, error: `exit ${r.status ?? r.signal}: ${(r.stderr || r.stdout).slice(-2000)}` };
  const results = resultsSchema.parse(JSON.parse(readFileSync(path.join(out, 'results.json'), 'utf8')));
  const keep = ['params', 'rate_bits', 'distortion', 'gap_bits', 'bound_gaps'];
  const points = results.series.flatMap((s) =>
    s.points.map((p) => ({ series: s.name, ...Object.fromEntries(Object.entries(p).filter(([k]) => keep.includes(k))) })));
  const copyTo = process.env.RDLAB_CHECK_OUT;
  if (copyTo) for (const f of ['report.md', 'rd.png']) copyFileSync(path.join(out, f), path.join(copyTo, `gpu-sawbridge-quick-${f}`));
  return { ok: true, wall_s: (Date.now() - t0) / 1000, folder: out, points };
}

const native = info();
if (!native.cuda) {
  console.log(`check:gpu: skipped, no usable CUDA device (${native.cudaBuilt ? native.cudaStatus : 'the CUDA backend was not built: RDLAB_CUDA=ON npm run build:native'})`);
  process.exit(0);
}
const parts = process.argv.length > 2 ? process.argv.slice(2) : ['parity', 'bench', 'sawbridge'];
const unknown = parts.filter((p) => !['parity', 'bench', 'sawbridge'].includes(p));
if (unknown.length > 0) {
  console.error(`check:gpu: unknown part ${unknown.join(', ')} (parts: parity, bench, sawbridge)`);
  process.exit(2);
}
const selfCheck = cudaSelfCheck(device);
console.log(`check:gpu: self-check ${device}: ${describeSelfCheck(selfCheck)}`);
console.log(`check:gpu on ${native.cudaDevices.join(', ')}: ${parts.join(', ')}`);
let ok = selfCheck.ok;
if (parts.includes('parity')) {
  const rows = parity();
  const failed = rows.filter((r) => !r.ok).length;
  save('gpu-parity', { passed: rows.length - failed, failed, rows });
  console.log(`check:gpu: parity ${rows.length - failed} passed, ${failed} failed`);
  ok &&= failed === 0;
}
if (parts.includes('bench')) save('gpu-bench', await timings());
if (parts.includes('sawbridge')) {
  const run = sawbridgeQuick();
  save('gpu-sawbridge-quick', run);
  ok &&= run.ok === true;
}
console.log(`check:gpu: ${ok ? 'passed' : 'FAILED'} in ${((Date.now() - started) / 1000).toFixed(0)} s`);
process.exit(ok ? 0 : 1);
