import { requireNonNegative, requirePositive, requirePositiveArray } from '../validate.js';

/**
 * Rate–distortion function of one Gaussian component, in bits:
 * R(D) = max(0, ½ log2(σ²/D)) under MSE (Cover & Thomas, Elements of
 * Information Theory, 2nd ed., Thm. 10.3.2).
 */
export function gaussianScalarRateDistortion(variance: number, distortion: number): number {
  const s = requirePositive('variance', variance);
  const d = requirePositive('distortion', distortion);
  return Math.max(0, 0.5 * Math.log2(s / d));
}

/** Inverse of {@link gaussianScalarRateDistortion}: D(R) = σ² 2^(−2R). */
export function gaussianScalarDistortionRate(variance: number, rateBits: number): number {
  const s = requirePositive('variance', variance);
  const r = requireNonNegative('rateBits', rateBits);
  return s * 2 ** (-2 * r);
}

/**
 * Water level θ with Σ_k min(θ, σ²_k) = D. The left side is piecewise linear
 * in θ, so θ is found exactly on the segment between consecutive sorted
 * variances.
 */
function waterLevelForDistortion(sorted: readonly number[], distortion: number): number {
  const n = sorted.length;
  let below = 0; // Σ of variances already under the water level
  for (let k = 0; k < n; k++) {
    const theta = (distortion - below) / (n - k);
    if (theta <= sorted[k]!) return theta;
    below += sorted[k]!;
  }
  return sorted[n - 1]!;
}

/**
 * The water level θ of reverse water-filling at summed distortion 0 < D < Σ σ²_k: the slope of
 * R(D) there is −1/(2θ) nats per unit distortion (each active component adds ½ ln(σ²_k/θ)).
 */
export function gaussianWaterLevel(variances: readonly number[], distortion: number): number {
  const v = requirePositiveArray('variances', variances);
  const d = requirePositive('distortion', distortion);
  const total = v.reduce((a, b) => a + b, 0);
  if (d >= total) throw new RangeError(`distortion: expected less than the total variance ${total}, got ${d}`);
  return waterLevelForDistortion([...v].sort((a, b) => a - b), d);
}

/**
 * Rate–distortion function of independent Gaussian components
 * X_k ~ N(0, σ²_k) under **summed** squared error D = Σ_k E(X_k − X̂_k)²
 * (not per-dimension), by reverse water-filling (Cover & Thomas,
 * Thm. 10.3.3, eqs. 10.62–10.63):
 *
 *   D_k = min(θ, σ²_k) with Σ_k D_k = D,   R(D) = Σ_k ½ log2(σ²_k / D_k).
 *
 * Requires 0 < D; for D ≥ Σ σ²_k the rate is 0.
 */
export function gaussianRateDistortion(variances: readonly number[], distortion: number): number {
  const v = requirePositiveArray('variances', variances);
  const d = requirePositive('distortion', distortion);
  const total = v.reduce((a, b) => a + b, 0);
  if (d >= total) return 0;
  const sorted = [...v].sort((a, b) => a - b);
  const theta = waterLevelForDistortion(sorted, d);
  let rate = 0;
  for (const s of sorted) if (s > theta) rate += 0.5 * Math.log2(s / theta);
  return rate;
}

/**
 * Distortion–rate function of independent Gaussian components (summed squared
 * error, see {@link gaussianRateDistortion}). With the k largest variances
 * active, R = Σ_active ½ log2(σ²_k/θ) gives θ = 2^((Σ_active log2 σ²_k − 2R)/k)
 * in closed form; the active set is the one whose θ lies between the
 * largest inactive and the smallest active variance. D(R) = Σ_k min(θ, σ²_k).
 */
export function gaussianDistortionRate(variances: readonly number[], rateBits: number): number {
  const v = requirePositiveArray('variances', variances);
  const r = requireNonNegative('rateBits', rateBits);
  const sorted = [...v].sort((a, b) => b - a); // descending
  let sumLog = 0;
  let theta = sorted[0]!;
  for (let k = 1; k <= sorted.length; k++) {
    sumLog += Math.log2(sorted[k - 1]!);
    theta = 2 ** ((sumLog - 2 * r) / k);
    const nextInactive = k < sorted.length ? sorted[k]! : 0;
    if (theta >= nextInactive) break;
  }
  return sorted.reduce((acc, s) => acc + Math.min(theta, s), 0);
}
