import { oneShotBound } from './intervalPartition.js';
import { requirePositive } from './validate.js';

/**
 * Within-cell MSE of the sawbridge X(t) = t − 1(t ≥ U), t ∈ [0,1]
 * (Wagner & Ballé, "Neural networks optimally compress the sawbridge",
 * DCC 2021), integrated over t, for U uniform on a cell of length ℓ:
 *
 *   f(ℓ) = ∫₀¹ Var(X(t) | U ∈ cell) dt = ℓ/6.
 *
 * Derivation: X(t) = t − B with B = 1(U ≤ t), so Var X(t) = q(1−q) with
 * q(t) = P(U ≤ t | cell); for an interval [a, a+ℓ), q rises linearly from 0
 * to 1 over t ∈ [a, a+ℓ) and ∫ q(1−q) dt = ℓ ∫₀¹ s(1−s) ds = ℓ/6. Intervals
 * are optimal cells: for any set A of measure ℓ, ∫ q(1−q) dt ≥
 * ∫_A q(1−q) dt = ℓ/6, since q maps A onto [0,1] uniformly.
 */
export function sawbridgeCellDistortion(cellLength: number): number {
  const l = requirePositive('cellLength', cellLength);
  if (l > 1) throw new RangeError(`cellLength must be <= 1, got ${l}`);
  return l / 6;
}

/**
 * The sawbridge's optimal one-shot code: D = Σ ℓ_i²/6 at R = H(ℓ) (time-integrated MSE per
 * realization); at R = log2 N, N equal cells give 1/(6N). See `intervalPartition.ts`.
 */
export const sawbridgeOneShot = oneShotBound(sawbridgeCellDistortion);
