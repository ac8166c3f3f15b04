/**
 * Blahut–Arimoto on an empirical distribution of vectors, the baseline of the NERD paper
 * (Sec. II-A, IV-C, Figs. 1 and 16): the source is uniform on the n given points and the
 * reproduction alphabet is a finite set of vectors (the paper takes the data points
 * themselves), with d(x, y) = ||x − y||².
 *
 * What it computes, exactly: at each slope s ≤ 0 the point (I, D) of the channel
 * Q(y|x) ∝ q(y) e^{s d(x,y)} after the last iteration of {@link blahutArimotoNative}, with
 * I reported as Σ_x p(x) KL(Q(·|x) || q) ≥ I(X; Y). That is the rate and distortion of a
 * channel into the restricted alphabet, so every point lies on or above R_Y(D), the R(D) of
 * the empirical distribution with reproductions restricted to the alphabet, which is itself
 * at or above the R(D) of the empirical distribution with reproductions anywhere in R^m:
 * an upper bound on the latter at every slope, converged or not. It reaches zero distortion
 * at log2 n bits when the alphabet holds the points, and at zero rate its distortion is
 * min_y E||X − y||² over the alphabet, not D_max = E||X − μ||² (the mean image is not in it).
 */
import { checkSignal, runPlan, runPlanAsync, type AsyncOptions, type Plan } from '../plan.js';
import { empty, requireMatrix, type Tensor } from '../tensor.js';
import { blahutArimotoPlan } from './blahutNative.js';
import { describeValue, requireFinite, requireObject } from '../validate.js';

/** One point of {@link empiricalBlahutArimoto}. */
export interface EmpiricalBlahutPoint {
  /** The slope s ≤ 0, nats per unit distortion. */
  slope: number;
  /** Σ_x p(x) KL(Q(·|x) || q), bits (≥ I(X; Y) of the channel). */
  rate_bits: number;
  /** E ||X − Y||² under the channel. */
  distortion: number;
  iterations: number;
}

/**
 * R(D) points of the uniform distribution on the rows of `x` [n, m] with reproductions
 * restricted to the rows of `alphabet` [k, m] (same device), one per slope; see the module
 * comment for why each is an upper bound on the empirical R(D).
 */
export function empiricalBlahutArimoto(x: Tensor, alphabet: Tensor, slopes: number[], options: EmpiricalBlahutOptions = {}): EmpiricalBlahutPoint[] {
  return runPlan(empiricalBlahutPlan(x, alphabet, slopes, options));
}

/**
 * {@link empiricalBlahutArimoto} with the distortions and each slope's iteration on the libuv
 * thread pool; `options.signal` aborts it before the next slope.
 */
export async function empiricalBlahutArimotoAsync(
  x: Tensor,
  alphabet: Tensor,
  slopes: number[],
  options: EmpiricalBlahutOptions & AsyncOptions = {},
): Promise<EmpiricalBlahutPoint[]> {
  return runPlanAsync(empiricalBlahutPlan(x, alphabet, slopes, options), checkSignal('options.signal', options?.signal));
}

/** Options of {@link empiricalBlahutArimoto}: each slope's iteration stops at `tolerance` or `maxIterations`. */
export interface EmpiricalBlahutOptions {
  tolerance?: number;
  maxIterations?: number;
}

function* empiricalBlahutPlan(x: Tensor, alphabet: Tensor, slopes: number[], options: EmpiricalBlahutOptions): Plan<EmpiricalBlahutPoint[]> {
  requireMatrix('x', x);
  requireMatrix('alphabet', alphabet, x.shape[1]);
  if (!Array.isArray(slopes)) throw new TypeError(`slopes: expected an array of numbers, got ${describeValue(slopes)}`);
  requireObject('options', options);
  slopes.forEach((s, i) => {
    requireFinite(`slopes[${i}]`, s);
    if (s > 0) throw new RangeError(`slopes[${i}]: expected a slope <= 0, got ${s}`);
  });
  const n = x.shape[0];
  const d = empty([n, alphabet.shape[0]], 'float32', x.device);
  yield ['nerdDistortion', [x, alphabet, d]];
  const p = new Float32Array(n).fill(1 / n);
  const points: EmpiricalBlahutPoint[] = [];
  for (const slope of slopes) {
    const r = yield* blahutArimotoPlan(p, d, slope, options);
    points.push({ slope, rate_bits: r.rate_bits, distortion: r.distortion, iterations: r.iterations });
  }
  return points;
}
