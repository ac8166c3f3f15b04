/**
 * The lower bound's supremum search (lib/models/supPartition.ts), on Gaussian batches with
 * log-weights −x²/4 (roughly the trained log u's shape) at the λ of the m = 2 presets' 4-bit
 * point: ms to screen every centre of a batch of k (native mixtureLogDensity, k² terms), ms
 * for the mean-shift ascent from the best `starts` centres (native meanShift: ≤ 300
 * iterations × starts × k terms), and ms for a whole logSupPartition. `ts_ascent_ms` is the
 * ascent the op replaced, timed in the same run from the same starts for the ratio: native
 * distance rows (nerdDistortion) each iteration, then a float64 log-sum-exp and weighted mean
 * per start in TypeScript.
 */
import { empty, gaussian, logSupPartition, Rng, tensor, type Tensor } from '../lib/index.js';
import { native } from '../lib/native.js';
import { measure } from './measure.js';

const MAX_ITERATIONS = 300, TOLERANCE = 1e-9;

/** The replaced ascent, from starts y [s, m] (float32) in place: returns the slowest start's iterations. */
function tsAscent(x: Tensor, a: Float64Array, lambda: number, y: Float32Array): number {
  const [k, m] = x.shape, s = y.length / m, xs = x.toArray() as Float32Array;
  const value = new Float64Array(s).fill(-Infinity), active = new Uint8Array(s).fill(1), w = new Float64Array(k);
  let iterations = 0;
  for (let it = 0; it < MAX_ITERATIONS && active.some((v) => v); ++it) {
    iterations = it + 1;
    const d = empty([s, k]);
    native.nerdDistortion(tensor(y, [s, m]), x, d);
    const dv = d.toArray() as Float32Array;
    for (let j = 0; j < s; ++j) {
      if (!active[j]) continue;
      let max = -Infinity, sum = 0;
      for (let i = 0; i < k; ++i) max = Math.max(max, a[i] - lambda * dv[j * k + i]);
      for (let i = 0; i < k; ++i) sum += w[i] = Math.exp(a[i] - lambda * dv[j * k + i] - max);
      const f = max + Math.log(sum);
      if (!(f - value[j] > TOLERANCE)) {
        active[j] = 0;
        continue;
      }
      value[j] = f;
      const mean = new Float64Array(m);
      for (let i = 0; i < k; ++i) for (let c = 0; c < m; ++c) mean[c] += (w[i] / sum) * xs[i * m + c];
      for (let c = 0; c < m; ++c) y[j * m + c] = mean[c];
    }
  }
  return iterations;
}

const CASES = [
  { k: 4096, m: 2, lambda: 2.2, starts: 16 },
  { k: 16384, m: 2, lambda: 2.2, starts: 32 },
  { k: 32768, m: 2, lambda: 2.2, starts: 32 },
  { k: 4096, m: 20, lambda: 0.13, starts: 16 },
];

export default async function supPartitionBench(): Promise<Record<string, unknown>[]> {
  const rows = [];
  for (const { k, m, lambda, starts } of CASES) {
    const x = gaussian(Array(m).fill(1)).sample(k, new Rng(7)).x, xs = x.toArray() as Float32Array;
    const a = new Float64Array(k);
    for (let i = 0; i < k; ++i) for (let c = 0; c < m; ++c) a[i] -= xs[i * m + c] ** 2 / 4;
    const a32 = tensor(Float32Array.from(a), [k]), out = empty([k]);
    const screen = await measure(`screen k=${k} m=${m}`, () => native.mixtureLogDensity(x, x, a32, lambda, out), 3000, 3);
    // the starts logSupPartition takes: the best-screened centres
    const ranked = Array.from(out.toArray() as Float32Array, (v, i) => [v, i]).sort((p, q) => q[0] - p[0]).slice(0, starts);
    const y0 = new Float32Array(starts * m);
    ranked.forEach(([, c], j) => y0.set(xs.subarray(c * m, (c + 1) * m), j * m));
    const counts = empty([starts], 'int32');
    const ascent = await measure(`ascent k=${k} m=${m}`, () => native.meanShift(x, a32, lambda, tensor(y0, [starts, m]), counts, MAX_ITERATIONS, TOLERANCE), 3000, 3);
    let tsIterations = 0;
    const ts = await measure(`ts ascent k=${k} m=${m}`, () => void (tsIterations = tsAscent(x, a, lambda, Float32Array.from(y0))), 3000, 2);
    const search = await measure(`search k=${k} m=${m}`, () => logSupPartition(x, a, lambda, { starts }), 3000, 3);
    rows.push({
      case: `k=${k} m=${m} lambda=${lambda} starts=${starts}`, screen_ms: screen.p50Ms, ascent_ms: ascent.p50Ms,
      ascent_iterations: Math.max(...(counts.toArray() as Int32Array)), ts_ascent_ms: ts.p50Ms, ts_ascent_iterations: tsIterations,
      speedup: ts.p50Ms / ascent.p50Ms, search_ms: search.p50Ms, samples: ascent.samples,
    });
  }
  return rows;
}
