import { oneShotBound } from './intervalPartition.js';
import { runPartitionBound, type RunPartitionBound } from './runPartition.js';
import { requireInteger, requirePositive } from '../validate.js';

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

/**
 * Largest n {@link sampledRampOneShot} computes: its cost grows about as n⁴ (~3 s at
 * n = 128 on a 2-core CPU). Past it use the continuous {@link rampOneShot}.
 */
export const maxSampledRampSamples = 256;

/**
 * The ramp observed at its n sample times t_j = (j + ½)/n — the vectors the `ramp` source
 * draws — with D the mean squared error over the n samples, coded by arcs of U whose ends
 * sit on the jump points c_j = 1 − t_j (the U at which sample j wraps): n gaps of length
 * 1/n, and by rotation one cut at c_{n−1} = 1/(2n) loses nothing. In an arc of m gaps
 * (ℓ = m/n) the m − 1 samples that wrap inside it, at offsets s = i/n, have
 * Var = (s³ + (ℓ−s)³)/(12ℓ) + s(ℓ−s)(1 − ℓ/2)²/ℓ² (the derivation of
 * {@link rampCellDistortion}), the other n − m + 1 have ℓ²/12. Like {@link rampOneShot}
 * this assumes the cells (arcs cut at jump points), so it is an achievable upper bound on
 * the sampled ramp's one-shot optimum; at n → ∞ it meets the continuous curve. It is not
 * even the optimum over arcs: X tells U exactly, so an arc may end inside a gap, and such
 * arcs reach rates between the curve's steps (whole gaps) at lower distortion than the step
 * below (the tests show one; docs/ntc.md has how far).
 *
 * @param samples n, an integer in [2, {@link maxSampledRampSamples}] (256).
 * @throws RangeError naming `samples` when n is not an integer, is < 2 or is > 256.
 */
export function sampledRampOneShot(samples: number): RunPartitionBound {
  // the DP's cost grows about as n⁴: see maxSampledRampSamples
  const n = requireInteger('samples', samples, 2, maxSampledRampSamples);
  const cost = Array.from({ length: n + 1 }, (_, m) => {
    const l = m / n;
    let v = (n - m + 1) * (l * l) / 12;
    for (let i = 1; i < m; i++) {
      const s = i / n;
      v += (s ** 3 + (l - s) ** 3) / (12 * l) + (s * (l - s) * (1 - l / 2) ** 2) / (l * l);
    }
    return (l * v) / n;
  });
  return runPartitionBound(new Array<number>(n).fill(1 / n), (a, b) => cost[b - a + 1]);
}
