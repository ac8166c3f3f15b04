import { gaussianScalarDistortionRate, gaussianScalarRateDistortion } from './gaussian.js';
import { requirePositive } from '../validate.js';

/**
 * Quadratic-Gaussian Wyner–Ziv rate–distortion function, in bits:
 *
 *   R_WZ(D) = max(0, ½ log2(σ²_{X|Y} / D)),
 *
 * with side information Y at the decoder only; for jointly Gaussian (X, Y)
 * it equals the conditional R(D), i.e. there is no rate loss (Wyner & Ziv
 * 1976; Wyner 1978). This is the bound drawn in the quadratic-Gaussian
 * Wyner–Ziv figures (Figs. 4–5, X = Y + N, σ²_Y = 1, σ²_N = 0.1) of Özyılkan,
 * Ballé, Bhadane, Wagner & Erkip, "Breaking Smoothness: The Struggles of
 * Neural Compressors with Discontinuous Mappings".
 */
export function wynerZivRateDistortion(conditionalVariance: number, distortion: number): number {
  // the scalar Gaussian R(D) with the conditional variance in place of the variance
  return gaussianScalarRateDistortion(requirePositive('conditionalVariance', conditionalVariance), distortion);
}

/** Inverse of {@link wynerZivRateDistortion}: D_WZ(R) = σ²_{X|Y} 2^(−2R). */
export function wynerZivDistortionRate(conditionalVariance: number, rateBits: number): number {
  return gaussianScalarDistortionRate(requirePositive('conditionalVariance', conditionalVariance), rateBits);
}

/** Variances of a Gaussian source/side-information pair. */
export interface GaussianPairVariances {
  /** σ²_X: sets the no-side-information bound σ²_X 2^(−2R). */
  sourceVariance: number;
  /** σ²_{X|Y}: sets the Wyner–Ziv bound σ²_{X|Y} 2^(−2R). */
  conditionalVariance: number;
}

/**
 * Pair model X = Y + N with Y ~ N(0, σ²_Y), N ~ N(0, σ²_N) independent:
 * σ²_X = σ²_Y + σ²_N and σ²_{X|Y} = σ²_N.
 */
export function sourceIsSideInfoPlusNoise(sideInfoVariance: number, noiseVariance: number): GaussianPairVariances {
  const sy = requirePositive('sideInfoVariance', sideInfoVariance);
  const sn = requirePositive('noiseVariance', noiseVariance);
  return { sourceVariance: sy + sn, conditionalVariance: sn };
}

/**
 * Pair model Y = X + N with X ~ N(0, σ²_X), N ~ N(0, σ²_N) independent:
 * σ²_{X|Y} = σ²_X σ²_N / (σ²_X + σ²_N) (the LMMSE error of X from Y).
 */
export function sideInfoIsSourcePlusNoise(sourceVariance: number, noiseVariance: number): GaussianPairVariances {
  const sx = requirePositive('sourceVariance', sourceVariance);
  const sn = requirePositive('noiseVariance', noiseVariance);
  return { sourceVariance: sx, conditionalVariance: (sx * sn) / (sx + sn) };
}
