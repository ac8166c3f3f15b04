import { oneShotBound } from './intervalPartition.js';
import { requirePositive } from '../validate.js';

/**
 * Within-cell squared error of the circle X = (cos 2πU, sin 2πU)
 * (Bhadane, Wagner & Acharya, 2022) for U uniform on an arc of length ℓ
 * (angle 2πℓ):
 *
 *   f(ℓ) = E‖X‖² − ‖E X‖² = 1 − (sin(πℓ)/(πℓ))².
 *
 * Arcs are optimal cells: for a set of angles of measure ℓ, ‖E X‖ is the
 * average of cos(θ − φ) towards the mean direction φ, which the arc centred
 * on φ maximises (bathtub principle). For small πℓ the factored form
 * (x − sin x)(x + sin x)/x² with a series for x − sin x avoids cancellation.
 */
export function circleCellDistortion(cellLength: number): number {
  const l = requirePositive('cellLength', cellLength);
  if (l > 1) throw new RangeError(`cellLength must be <= 1, got ${l}`);
  const x = Math.PI * l;
  const s = Math.sin(x);
  const x2 = x * x;
  const xMinusSin = x < 1e-2 ? (x * x2 / 6) * (1 - x2 / 20 * (1 - x2 / 42)) : x - s;
  return (xMinusSin * (x + s)) / x2;
}

/**
 * The circle's optimal one-shot arc partition: D = Σ ℓ_i (1 − sinc²(πℓ_i)) at R = H(ℓ)
 * (squared Euclidean error per sample). See `intervalPartition.ts`.
 */
export const circleOneShot = oneShotBound(circleCellDistortion);
