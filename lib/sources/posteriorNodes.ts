/**
 * Deterministic nodes for an expectation over a Gaussian posterior: the ECVQ encoder's
 * E_{p(y|x)}[d(x, g(k, y))] over S equally weighted nodes μ + σ Φ⁻¹((i + ½)/S) instead of S
 * Monte Carlo draws (the midpoint rule in probability: for a smooth integrand its error falls
 * as 1/S², against 1/√S for draws, and it needs no weights, so `ecvqEncode`'s equal-weight
 * average over its S side samples takes the nodes unchanged).
 */
import { requireInteger } from '../validate.js';

// Acklam's rational approximation of the standard normal quantile (relative error below
// 1.15e-9 over (0, 1)), central region |p − ½| ≤ ½ − P_LOW, tails in q = √(−2 ln p).
const A = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
const B = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
const C = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
const D = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
const P_LOW = 0.02425;

function tail(q: number): number {
  return (((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5]) / ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1);
}

/** Φ⁻¹(p), the standard normal quantile, for p in (0, 1); a RangeError names p outside it. */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`p: expected a probability in (0, 1), got ${p}`);
  if (p < P_LOW) return tail(Math.sqrt(-2 * Math.log(p)));
  if (p > 1 - P_LOW) return -tail(Math.sqrt(-2 * Math.log(1 - p)));
  const q = p - 0.5, r = q * q;
  return ((((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5]) * q) /
    (((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1);
}

/** The S standard normal nodes Φ⁻¹((i + ½)/S), i = 0 … S − 1, each of weight 1/S. */
export function normalNodes(samples: number): Float64Array {
  requireInteger('samples', samples, 1, 1 << 16);
  return Float64Array.from({ length: samples }, (_, i) => normalQuantile((i + 0.5) / samples));
}
