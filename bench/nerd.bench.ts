/**
 * NERD training steps and the PFR/ORC index search (nerd-step.ts): ms per step with
 * distortion-matrix entries·dims per second (B·M·m per step), and ms per search with
 * candidates·dims per second (S·N·m per call). The generator-candidate search (NERD-RCC, as
 * in rcc-gaussian's NERD series: G = m-64-64-m ReLU MLP) scans N = 2^16 candidates G(z_i)
 * in chunks of 1024 (latents, batched forward, native scan) at the same slope.
 */
import { GeneratorRcc, Mlp, Rng, gaussian } from '../lib/index.js';
import { measure } from './measure.js';
import { NERD_CASES, ORC, nerdStep, orcSearchCall, orcWork, stepEntries } from './nerd-step.js';

export default async function nerdBench(): Promise<Record<string, unknown>[]> {
  const rows = [];
  for (const c of NERD_CASES) {
    const t = await measure(c.name, nerdStep(c), 3000, c.iterations);
    rows.push({ case: c.name, ms_per_step: t.p50Ms, mean_ms: t.meanMs, samples: t.samples, entries_dims_per_s: stepEntries(c) / (t.p50Ms / 1000) });
  }
  for (const method of ['pfr', 'orc'] as const) {
    const t = await measure(`${method} N=2^20`, orcSearchCall(method), 3000, 5);
    rows.push({ case: `${method} search N=2^20 m=${ORC.m} S=${ORC.S}`, ms_per_call: t.p50Ms, mean_ms: t.meanMs, samples: t.samples, candidates_dims_per_s: orcWork() / (t.p50Ms / 1000) });
  }
  const { S, m } = ORC, x = gaussian(Array(m).fill(1)).sample(S, new Rng(2)).x;
  const gen = new Mlp({ inputs: m, hidden: [64, 64], outputs: m }, { seed: 3 }), NG = 2 ** 16;
  for (const method of ['pfr', 'orc'] as const) {
    const rcc = new GeneratorRcc(gen, { beta: -1e6, rateBits: 4 }, { method, candidates: NG, seed: 1, chunk: 1024 });
    const t = await measure(`${method}-generator N=2^16`, () => rcc.search(x), 3000, 3);
    rows.push({
      case: `${method} generator search N=2^16 m=${m} S=${S} G=${m}-64-64-${m}`, ms_per_call: t.p50Ms, mean_ms: t.meanMs, samples: t.samples,
      candidates_dims_per_s: (S * NG * m) / (t.p50Ms / 1000), generator_gflop_per_s: (S * NG * gen.flopsPerSample()) / (t.p50Ms * 1e6),
    });
  }
  return rows;
}
