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
 * best of them at once.
 * The ascent step is y ← y + ∇F(y)/(2λ) = Σ_i w_i(y) x_i with w = softmax_i(a_i − λ||x_i − y||²):
 * the Gaussian mean-shift iteration, which never decreases F (it is an EM step) and needs
 * no learning rate. Each start stops when F rises by less than `tolerance` nats.
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
  /** A start stops when one step raises F by less than this, nats (default 1e-9). */
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
function distances(y: Tensor, x: Tensor): Float32Array {
  const d = empty([y.shape[0], x.shape[0]], 'float32', 'cpu');
  native.nerdDistortion(y, x, d);
  return d.toArray() as Float32Array;
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

  // screening: F at every centre up to the constant log k (native, float32), only to rank them
  const screen = empty([screened], 'float32', 'cpu'), a = tensor(Float32Array.from(logWeights), [k], 'cpu');
  let order: number[];
  try {
    native.mixtureLogDensity(x.view(0, [screened, m]), x, a, lambda, screen);
    order = topIndices(screen.toArray() as Float32Array, starts);
  } finally {
    screen.dispose();
    a.dispose();
  }

  // batched mean-shift from the best centres; the first iteration evaluates F at each exactly
  const y = new Float32Array(starts * m);
  order.forEach((c, s) => y.set(xs.subarray(c * m, (c + 1) * m), s * m));
  const value = new Float64Array(starts).fill(-Infinity);
  const active = new Uint8Array(starts).fill(1);
  const w = new Float64Array(k);
  let iterations = 0;
  for (let it = 0; it < maxIterations && active.some((a) => a); ++it) {
    iterations = it + 1;
    const d = distances(tensor(y, [starts, m]), x);
    for (let s = 0; s < starts; ++s) {
      if (!active[s]) continue;
      const f = logMeanExp(logWeights, lambda, d, s * k, k, w);
      // F(y) at the current point: a step that did not raise it (float32 round-off at a mode) ends the start
      if (f - value[s] < tolerance) active[s] = 0;
      value[s] = Math.max(value[s], f);
      if (!active[s]) continue;
      const ys = new Float64Array(m);
      for (let i = 0; i < k; ++i) {
        const wi = w[i];
        if (wi === 0) continue;
        for (let c = 0; c < m; ++c) ys[c] += wi * xs[i * m + c];
      }
      for (let c = 0; c < m; ++c) y[s * m + c] = ys[c];
    }
  }
  // the final points, evaluated once more: the value returned is F there, exactly
  const d = distances(tensor(y, [starts, m]), x);
  let best = 0, bestValue = -Infinity;
  for (let s = 0; s < starts; ++s) {
    const f = logMeanExp(logWeights, lambda, d, s * k, k);
    if (f > bestValue) (bestValue = f), (best = s);
  }
  const weights = new Float64Array(k);
  logMeanExp(logWeights, lambda, d, best * k, k, weights);
  return { logValue: bestValue, y: Float64Array.from(y.subarray(best * m, (best + 1) * m)), weights, iterations };
}
