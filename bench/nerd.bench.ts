/**
 * NERD training steps at the sizes: B = 1024 source samples against M = 8192 Q_Y
 * samples, m = 20 (the Gaussian experiments) and m = 784 (28×28 images), each step =
 * generator forward, distortion matrix, warm-started β* solve, objective and gradient,
 * generator backward, Adam. Reports ms/step and distortion-matrix entries per second
 * (B·M·m per step). The ORC search scans N = 2^20 candidates of m = 20 for each of a few
 * samples at a slope steep enough (β = −10^6) that the exact early stop never triggers:
 * candidates·dims per second of the full scan. The generator-candidate search (NERD-RCC, as
 * in rcc-gaussian's NERD series: G = 20-64-64-20 ReLU MLP) scans N = 2^16 candidates G(z_i)
 * in chunks of 1024 (latents, batched forward, native scan) at the same slope.
 */
import { GeneratorRcc, Mlp, Nerd, Rng, empty, gaussian, tensor } from '../lib/index.js';
import { native } from '../lib/native.js';
import { measure } from './measure.js';

const CASES = [
  { m: 20, B: 1024, M: 8192 },
  { m: 784, B: 1024, M: 8192 },
];

export default async function nerdBench(): Promise<Record<string, unknown>[]> {
  const rows = [];
  for (const c of CASES) {
    const src = gaussian(Array.from({ length: c.m }, (_, k) => 4 * Math.exp(-(k + 1) / 16)), { rotationSeed: 1 });
    // a target at 70% of the zero-rate distortion: a positive rate, β* < 0
    const model = new Nerd({ dim: c.m, hidden: [c.m, c.m], samples: c.M, target: { distortion: 0.7 * src.variance } }, { seed: 1, lr: 1e-4 });
    const x = src.sample(c.B, new Rng(1, 0)).x, noise = new Rng(1, 1);
    model.step(x, noise); // warm start for β* and the scratch buffers
    // m = 784: a step is seconds on a 2-core CPU (the 784-wide generator on 8192 samples alone is ~90 GFLOP)
    const t = await measure(`nerd m=${c.m}`, () => model.step(x, noise), 3000, c.m > 100 ? 3 : undefined);
    rows.push({
      case: `nerd step m=${c.m} B=${c.B} M=${c.M}`, ms_per_step: t.p50Ms, mean_ms: t.meanMs, samples: t.samples,
      entries_dims_per_s: (c.B * c.M * c.m) / (t.p50Ms / 1000),
    });
  }
  const S = 4, m = 20, N = 2 ** 20;
  const x = gaussian(Array(m).fill(1)).sample(S, new Rng(2)).x, scale = tensor(new Float32Array(m).fill(1)), idx = empty([S], 'int32');
  for (const method of ['pfr', 'orc'] as const) {
    const t = await measure(`${method} N=2^20`, () => native.orcSearch(method, x, scale, -1e6, N, 1, 0, idx, null), 3000, 5);
    rows.push({ case: `${method} search N=2^20 m=${m} S=${S}`, ms_per_call: t.p50Ms, mean_ms: t.meanMs, samples: t.samples, candidates_dims_per_s: (S * N * m) / (t.p50Ms / 1000) });
  }
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
