/**
 * The exhaustive ECVQ encoder (ecvqEncode): decoder evaluations per second, K·S·B per call,
 * at K = 64, S = 16, B = 1024 and at the wz-gaussian sizes (quick and full presets), with the
 * JSAIT decoder shape (K + 1 → widths → 1, leaky ReLU).
 */
import { native } from '../lib/native.js';
import { empty, Mlp, Rng, xEqualsYPlusNoise } from '../lib/index.js';
import { measure } from './measure.js';

const CASES = [
  { name: 'issue K=64 S=16 B=1024 [100,100]', K: 64, S: 16, B: 1024, hidden: [100, 100] },
  { name: 'wz-gaussian full K=32 S=16 B=512 [100,100]', K: 32, S: 16, B: 512, hidden: [100, 100] },
  { name: 'wz-gaussian quick K=32 S=8 B=256 [64,64]', K: 32, S: 8, B: 256, hidden: [64, 64] },
];

export default async function ecvqBench(): Promise<Record<string, unknown>[]> {
  const rows = [];
  const src = xEqualsYPlusNoise();
  for (const c of CASES) {
    const decoder = new Mlp({ inputs: c.K + 1, hidden: c.hidden, outputs: 1, activation: 'leaky_relu' }, { seed: 1 });
    const logits = empty([c.K]);
    native.rngFill(logits, 'uniform', 2, 0, 0);
    const { x } = src.sample(c.B, new Rng(3));
    const ys = src.posterior(x, c.S, new Rng(4))!;
    const index = empty([c.B], 'int32'), dist = empty([c.B, c.K]);
    const t = await measure(c.name, () => native.ecvqEncode(decoder.spec, decoder.params, logits, x, ys, 100, index, dist), 3000);
    const evals = c.K * c.S * c.B;
    rows.push({
      size: c.name, ms_per_call: t.p50Ms, samples: t.samples,
      decoder_evals_per_s: evals / (t.p50Ms / 1000), gflops: (evals * decoder.flopsPerSample()) / (t.p50Ms * 1e6),
    });
  }
  return rows;
}
