/**
 * NERD training steps and the PFR/ORC index search (nerd-step.ts): ms per step with
 * distortion-matrix entries·dims per second (B·M·m per step), and ms per search with
 * candidates·dims per second (S·N·m per call).
 */
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
  return rows;
}
