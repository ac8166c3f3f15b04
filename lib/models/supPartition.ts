/**
 * The sup-partition function of Yang & Mandt ("Towards empirical sandwich bounds on the
 * rate-distortion function", ICLR 2022, Sec. 3.2): for data x_1..x_k, log-weights
 * a_i = −log u(x_i) and a multiplier λ > 0, with squared error ρ(x, y) = ||x − y||²,
 *
 *   log C_k = sup_y F(y),   F(y) = log (1/k) Σ_i exp(a_i − λ ||x_i − y||²),
 *
 * the log of the maximum of an isotropic Gaussian mixture (centres x_i, equal widths). The
 * supremum is found by global optimisation in the manner of Carreira-Perpiñán (2007, "Mode-
 * finding for mixtures of Gaussian distributions"): the centres are screened (F at y = x_j, by
 * the native `mixtureLogDensity` in float32), and gradient ascent starts from the `starts`
 * best of them at once (the native `meanShift`, float32 terms and double sums).
 * The ascent step is y ← y + ∇F(y)/(2λ) = Σ_i w_i(y) x_i with w = softmax_i(a_i − λ||x_i − y||²):
 * the Gaussian mean-shift iteration, which never decreases F (it is an EM step) and needs
 * no learning rate. Each start stops when F rises by at most `tolerance` nats.
 *
 * What is exact and what is not: the screen only ranks the centres; F at the returned point
 * is evaluated exactly (float32 distances, float64 log-sum-exp), so the returned value is
 * ≤ log C_k (a start whose screened F was rounded up cannot raise it); it equals log C_k when
 * one of the starts lies in the basin of the global mode. Every mode of such a mixture lies in
 * the convex hull of the centres, but a finite number of starts is a heuristic: with fewer
 * starts than centres a mode can be missed, and a missed mode underestimates C_k.
 */
import { describeValue, requireInteger, requireObject } from '../validate.js';
import { native } from '../native.js';
import { empty, requireTensor, tensor, type Tensor } from '../tensor.js';

/** How {@link logSupPartition} searches. */
export interface SupPartitionSearch {
  /** Ascent starts: the screened centres with the largest F (default 16). */
  starts?: number;
  /** Centres screened: the first `screen` rows of x (default all k; fewer is cheaper and misses more). */
  screen?: number;
  /** Mean-shift iterations per start at most (default 300). */
  maxIterations?: number;
  /** A start stops when one step raises F by at most this, nats (default 1e-9). */
  tolerance?: number;
}

/** The result of {@link logSupPartition}. */
export interface SupPartition {
  /** F at the best point found, nats (≤ log C_k; = log C_k when the global mode was reached). */
  logValue: number;
  /** The best point found, [m]. */
  y: Float64Array;
  /** softmax_i(a_i − λ ||x_i − y||²) at that point, [k]: ∂F/∂a_i there. */
  weights: Float64Array;
  /** Iterations of the slowest start. */
  iterations: number;
}

/** log (1/k) Σ_i exp(a_i − λ d_i) over a row d of k distances, and (optionally) the softmax into w. */
function logMeanExp(a: ArrayLike<number>, lambda: number, d: Float32Array, off: number, k: number, w?: Float64Array): number {
  let max = -Infinity;
  for (let i = 0; i < k; ++i) max = Math.max(max, a[i] - lambda * d[off + i]);
  let sum = 0;
  for (let i = 0; i < k; ++i) {
    const t = a[i] - lambda * d[off + i] - max;
    // a term below e^-60 of the largest changes the sum by under k·1e-26 relative: skipping its exp saves most of the work at large λ
    const e = t < -60 ? 0 : Math.exp(t);
    if (w) w[i] = e;
    sum += e;
  }
  if (w) for (let i = 0; i < k; ++i) w[i] /= sum;
  return max + Math.log(sum) - Math.log(k);
}

/** Squared distances from each row of y [s, m] to each row of x [k, m], as [s, k] (native, float32). */
function distances(y: Float32Array, x: Tensor): Float32Array {
  const [k, m] = x.shape, yt = tensor(y, [y.length / m, m], 'cpu'), d = empty([y.length / m, k], 'float32', 'cpu');
  try {
    native.nerdDistortion(yt, x, d);
    return d.toArray() as Float32Array;
  } finally {
    yt.dispose();
    d.dispose();
  }
}

/** The indices of the n largest values of v, largest first. */
function topIndices(v: Float32Array, n: number): number[] {
  return Array.from(v.keys()).sort((p, q) => v[q] - v[p]).slice(0, n);
}

/**
 * log C_k = sup_y log (1/k) Σ_i exp(a_i − λ ||x_i − y||²) for x [k, m] on the CPU, log-weights
 * a [k] and λ > 0 (see the module comment for the search and its guarantee).
 */
export function logSupPartition(x: Tensor, logWeights: ArrayLike<number>, lambda: number, search: SupPartitionSearch = {}): SupPartition {
  requireTensor('x', x);
  if (typeof logWeights !== 'object' || logWeights === null || typeof logWeights.length !== 'number') throw new TypeError(`logWeights: expected an array of numbers, got ${describeValue(logWeights)}`);
  requireObject('search', search);
  if (x.device !== 'cpu' || x.shape.length !== 2) throw new RangeError(`x: expected a CPU tensor of shape [k, m], got [${x.shape.join(', ')}] on ${x.device}`);
  const [k, m] = x.shape;
  if (logWeights.length !== k) throw new RangeError(`logWeights: expected ${k} values (one per row of x), got ${logWeights.length}`);
  for (let i = 0; i < k; ++i)
    if (!Number.isFinite(logWeights[i])) throw new RangeError(`logWeights[${i}]: expected a finite number, got ${logWeights[i]}`);
  if (!(Number.isFinite(lambda) && lambda > 0)) throw new RangeError(`lambda: expected a positive number, got ${String(lambda)}`);
  const screened = Math.min(k, requireInteger('search.screen', search.screen ?? k, 1));
  const starts = Math.min(screened, requireInteger('search.starts', search.starts ?? 16, 1));
  const maxIterations = requireInteger('search.maxIterations', search.maxIterations ?? 300, 1);
  const tolerance = search.tolerance ?? 1e-9;
  if (!(tolerance >= 0)) throw new RangeError(`search.tolerance: expected a number >= 0, got ${String(tolerance)}`);
  const xs = x.toArray() as Float32Array;

  // screening: F at every centre up to the constant log k (native, float32), only to rank
  // them; then mean-shift from the best, all starts at once (native)
  const a = tensor(Float32Array.from(logWeights), [k], 'cpu'), screen = empty([screened], 'float32', 'cpu');
  const ys = new Float32Array(starts * m);
  const counts = empty([starts], 'int32', 'cpu');
  let iterations: number;
  try {
    native.mixtureLogDensity(x.view(0, [screened, m]), x, a, lambda, screen);
    topIndices(screen.toArray() as Float32Array, starts).forEach((c, s) => ys.set(xs.subarray(c * m, (c + 1) * m), s * m));
    const y = tensor(ys, [starts, m], 'cpu');
    try {
      native.meanShift(x, a, lambda, y, counts, maxIterations, tolerance);
      ys.set(y.toArray() as Float32Array);
    } finally {
      y.dispose();
    }
    iterations = Math.max(...(counts.toArray() as Int32Array));
  } finally {
    a.dispose();
    screen.dispose();
    counts.dispose();
  }
  // the final points, evaluated once more: the value returned is F there, exactly
  const d = distances(ys, x);
  let best = 0, bestValue = -Infinity;
  for (let s = 0; s < starts; ++s) {
    const f = logMeanExp(logWeights, lambda, d, s * k, k);
    if (f > bestValue) (bestValue = f), (best = s);
  }
  const weights = new Float64Array(k);
  logMeanExp(logWeights, lambda, d, best * k, k, weights);
  return { logValue: bestValue, y: Float64Array.from(ys.subarray(best * m, (best + 1) * m)), weights, iterations };
}
