import { oneShotBound } from './intervalPartition.js';
import { requirePositive } from './validate.js';

/**
 * Within-cell MSE of the ramp Y(t) = ((t + U) mod 1) − 1/2, t ∈ [0,1]
 * (Bhadane, Wagner & Acharya, 2022; Özyılkan et al., "Breaking Smoothness",
 * Sec. 2), integrated over t, for U uniform on an arc of length ℓ:
 *
 *   f(ℓ) = ∫₀¹ Var(Y(t) | U ∈ arc) dt = ℓ/6 − ℓ²/12.
 *
 * Derivation: at time t, V = (t + U) mod 1 is uniform on a shifted arc of
 * length ℓ. For a fraction 1 − ℓ of times the arc avoids the wrap point and
 * Var = ℓ²/12. For the other ℓ of times it splits into [1−s, 1) ∪ [0, ℓ−s)
 * with s uniform on [0, ℓ]; the piece means differ by 1 − ℓ/2, so
 * Var = (s³ + (ℓ−s)³)/(12ℓ) + s(ℓ−s)(1 − ℓ/2)²/ℓ², whose average over s is
 * ℓ²/24 + (1 − ℓ/2)²/6. Hence f = (1−ℓ)ℓ²/12 + ℓ(ℓ²/24 + (1−ℓ/2)²/6)
 * = ℓ/6 − ℓ²/12; f(1) = 1/12 = Var Unif[−½, ½] as it must.
 */
export function rampCellDistortion(cellLength: number): number {
  const l = requirePositive('cellLength', cellLength);
  if (l > 1) throw new RangeError(`cellLength must be <= 1, got ${l}`);
  return l / 6 - (l * l) / 12;
}

/**
 * The ramp's one-shot arc quantizers of U: D = Σ (ℓ_i²/6 − ℓ_i³/12) at R = H(ℓ). Restricting
 * cells to arcs is an assumption here (not proved), so this is an achievable upper bound on
 * the ramp's one-shot optimum. See `intervalPartition.ts`.
 */
export const rampOneShot = oneShotBound(rampCellDistortion);
