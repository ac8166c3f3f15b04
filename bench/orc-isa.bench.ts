/**
 * The batched Philox draws (native/cpu/draw_batch*.cc) on each instruction set this CPU has,
 * in one run: the ORC and PFR searches at the issue's size (S = 4, N = 2^20, m = 20, full
 * scans) and a fill of 2^20 normals, each ISA in a child process (orc-isa-child.ts, as
 * cpu_isa() is fixed per process) on one thread (so that the ratios are the kernels', not
 * the thread pool's), with the speed-up over the generic (one-at-a-time) path.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { info } from '../lib/index.js';

const child = fileURLToPath(new URL('./orc-isa-child.js', import.meta.url));

export default async function orcIsaBench(): Promise<Record<string, unknown>[]> {
  const features = info().cpuFeatures.split(' ');
  const isas = ['generic'];
  if (features.includes('avx2') && features.includes('fma')) isas.push('avx2');
  if (features.includes('avx512f') && features.includes('avx512vl') && features.includes('avx512bw')) isas.push('avx512');
  const byIsa = isas.map((isa) => {
    const r = spawnSync(process.execPath, [child], { env: { ...process.env, RDLAB_CPU_ISA: isa, RDLAB_NUM_THREADS: '1' }, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`orc-isa child (${isa}) failed: ${r.stderr}`);
    return JSON.parse(r.stdout) as { isa: string; threads: number; rows: { case: string; ms: number }[] };
  });
  return byIsa.flatMap(({ isa, threads, rows }) =>
    rows.map((row, i) => ({ ...row, isa, threads, speedup_vs_generic: byIsa[0].rows[i].ms / row.ms })));
}
