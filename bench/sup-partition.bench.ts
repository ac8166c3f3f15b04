/**
 * The lower bound's supremum search (lib/models/supPartition.ts): ms to screen every centre
 * of a batch of k (native mixtureLogDensity, k² terms), and ms for a whole logSupPartition
 * (screening, then mean-shift from the best `starts`), on Gaussian batches with log-weights
 * −x²/4 (roughly the trained log u's shape) at the λ of the m = 2 quick preset's 4-bit point.
 * `ts_screen_ms` is the screening this op replaced, timed in the same run for the ratio:
 * native distance rows (nerdDistortion, 1024 centres at a time) and a float64 log-sum-exp
 * in TypeScript per row.
 */
import { empty, gaussian, logSupPartition, Rng, tensor, type Tensor } from '../lib/index.js';
import { native } from '../lib/native.js';
import { measure } from './measure.js';

/** The replaced screening: F at every centre up to log k, distances native, log-sum-exp in TypeScript. */
function tsScreen(x: Tensor, a: Float64Array, lambda: number): Float64Array {
  const [k, m] = x.shape, out = new Float64Array(k);
  for (let lo = 0; lo < k; lo += 1024) {
    const n = Math.min(1024, k - lo), d = empty([n, k]);
    native.nerdDistortion(x.view(lo * m, [n, m]), x, d);
    const dv = d.toArray() as Float32Array;
    for (let j = 0; j < n; ++j) {
      let max = -Infinity, sum = 0;
      for (let i = 0; i < k; ++i) max = Math.max(max, a[i] - lambda * dv[j * k + i]);
      for (let i = 0; i < k; ++i) sum += Math.exp(a[i] - lambda * dv[j * k + i] - max);
      out[lo + j] = max + Math.log(sum);
    }
  }
  return out;
}

const CASES = [
  { k: 4096, m: 2, lambda: 2.2, starts: 16 },
  { k: 16384, m: 2, lambda: 2.2, starts: 32 },
  { k: 4096, m: 20, lambda: 0.13, starts: 16 },
];

export default async function supPartitionBench(): Promise<Record<string, unknown>[]> {
  const rows = [];
  for (const { k, m, lambda, starts } of CASES) {
    const x = gaussian(Array(m).fill(1)).sample(k, new Rng(7)).x, xs = x.toArray() as Float32Array;
    const a = new Float64Array(k);
    for (let i = 0; i < k; ++i) for (let c = 0; c < m; ++c) a[i] -= xs[i * m + c] ** 2 / 4;
    const a32 = tensor(Float32Array.from(a), [k]), out = empty([k]);
    const screen = await measure(`screen k=${k} m=${m}`, () => native.mixtureLogDensity(x, x, a32, lambda, out), 3000, 5);
    const ts = await measure(`ts screen k=${k} m=${m}`, () => tsScreen(x, a, lambda), 3000, 3);
    const search = await measure(`search k=${k} m=${m}`, () => logSupPartition(x, a, lambda, { starts }), 3000, 5);
    rows.push({
      case: `k=${k} m=${m} lambda=${lambda} starts=${starts}`, screen_ms: screen.p50Ms, screen_terms_per_s: (k * k) / (screen.p50Ms / 1000),
      ts_screen_ms: ts.p50Ms, speedup: ts.p50Ms / screen.p50Ms, search_ms: search.p50Ms, samples: screen.samples,
    });
  }
  return rows;
}
