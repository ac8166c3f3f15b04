/**
 * The exhaustive ECVQ encoder: milliseconds per call and decoder evaluations per second
 * (K·S·B per call) at the size and the wz-gaussian sizes.
 */
import { decoderEvals, ECVQ_CASES, ecvqEncodeCall } from './ecvq-encode.js';
import { measure } from './measure.js';

export default async function ecvqBench(): Promise<Record<string, unknown>[]> {
  const rows = [];
  for (const c of ECVQ_CASES) {
    const t = await measure(c.name, ecvqEncodeCall(c), 3000);
    rows.push({ size: c.name, ms_per_call: t.p50Ms, samples: t.samples, decoder_evals_per_s: decoderEvals(c) / (t.p50Ms / 1000) });
  }
  return rows;
}
