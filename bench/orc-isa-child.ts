/**
 * Child of orc-isa.bench.ts: times, with the draw kernels RDLAB_CPU_ISA selects, the ORC and
 * PFR searches of nerd-step.ts (S = 4, N = 2^20, m = 20, full scans) and a fill of 2^20
 * normals, and prints one JSON line.
 */
import { empty, fillRandom, info } from '../lib/index.js';
import { measure } from './measure.js';
import { ORC, orcSearchCall, orcWork } from './nerd-step.js';

const rows: Record<string, unknown>[] = [];
for (const method of ['pfr', 'orc'] as const) {
  const t = await measure(`${method} N=2^20`, orcSearchCall(method), 3000, 4);
  rows.push({ case: `${method} search N=2^20 m=${ORC.m} S=${ORC.S}`, ms: t.p50Ms, candidates_dims_per_s: orcWork() / (t.p50Ms / 1000) });
}
const z = empty([2 ** 20]);
const t = await measure('normals 2^20', () => fillRandom(z, 'normal', 1n, 2n, 3n), 2000);
rows.push({ case: 'rng normal fill n=2^20', ms: t.p50Ms, draws_per_s: 2 ** 20 / (t.p50Ms / 1000) });
console.log(JSON.stringify({ isa: info().cpuIsa, threads: info().threads, rows }));
