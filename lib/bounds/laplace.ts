import { requireNonNegative, requirePositive } from '../validate.js';

/**
 * Shannon lower bound on the distortion-rate function of a Laplace source with scale b
 * (density e^{−|x|/b}/2b) under MSE: R(D) ≥ h(X) − ½ log2(2πe D) with differential entropy
 * h(X) = log2(2e b) bits (Cover & Thomas, Elements of Information Theory, 2nd ed., §10.3 and
 * Table 17.1), so D(R) ≥ 2^{2(h − R)} / (2πe), never above the variance 2b² (at rate 0 it
 * is 2e b²/π, below the variance: the bound is loose there). The
 * Laplace R(D) has no closed form; this bound is tight as D → 0.
 */
export function laplaceShannonLowerBound(scale: number, rateBits: number): number {
  const b = requirePositive('scale', scale);
  const r = requireNonNegative('rateBits', rateBits);
  const h = Math.log2(2 * Math.E * b);
  return Math.min(2 * b * b, 2 ** (2 * (h - r)) / (2 * Math.PI * Math.E));
}
