import { oneShotBound } from './intervalPartition.js';
import { runPartitionBound, runPartitionRateBracket, type RunPartitionBound, type RunPartitionRateBracket } from './runPartition.js';
import { requireInteger, requirePositive } from '../validate.js';

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

/**
 * Largest n {@link sampledSawbridgeOneShot} computes: its cost grows about as n⁴ (~1.5 s at
 * n = 128 on a 2-core CPU). Past it the continuous {@link sawbridgeOneShot} lies above the
 * sampled optimum by at most 1/(6n²) per cell.
 */
export const maxSampledSawbridgeSamples = 256;

/**
 * The optimal one-shot code of the sawbridge observed at its n sample times
 * t_j = (j + ½)/n — the vectors the `sawbridge` source draws — with D the mean squared
 * error over the n samples. X_j = t_j − 1(t_j ≥ U) depends on U only through the atom it
 * falls in: atom k = {U : t_{k−1} < U ≤ t_k} (t_{−1} = 0, t_n = 1), k = 0 … n, of mass
 * 1/(2n) at the two ends and 1/n between. In a cell of atoms a … b sample j varies exactly
 * when a ≤ j < b, as a Bernoulli of q_j = P(a…j)/P(a…b), so the cell costs
 *
 *   (1/n) Σ_{j=a}^{b−1} P(a…j) P(j+1…b) / P(a…b),
 *
 * which for m whole interior gaps is (m² − 1)/(6n²) against m²/(6n²) for an interval of
 * the same length on the continuous curve: the sampled process sits below that curve, by
 * up to 1/(6n²) per cell. Runs of atoms are optimal cells here (as intervals are for the
 * continuous process; the tests check it against every set partition for small n), so the
 * curve is exact. See `runPartition.ts`.
 *
 * @param samples n, an integer in [2, {@link maxSampledSawbridgeSamples}] (256).
 * @throws RangeError naming `samples` when n is not an integer, is < 2 or is > 256.
 */
export function sampledSawbridgeOneShot(samples: number): RunPartitionBound {
  // the DP's cost grows about as n⁴: see maxSampledSawbridgeSamples
  const { w, cost } = sampledSawbridgeAtoms(requireInteger('samples', samples, 2, maxSampledSawbridgeSamples));
  return runPartitionBound(w, cost);
}

/** Largest n {@link sampledSawbridgeRateBracket} takes: its cost grows about as n² per slope. */
export const maxSampledSawbridgeBracketSamples = 4096;

/**
 * Where the rate of {@link sampledSawbridgeOneShot}'s exact optimum lies at one distortion,
 * for n too large for that DP (the full presets' n = 1024): the convex hull of the staircase
 * (`lower_bits`) and a hull vertex with D ≤ `distortion` (`upper_bits`), from
 * {@link runPartitionRateBracket}. A measured rate R is then between R − upper_bits and
 * R − lower_bits above the exact optimum.
 *
 * @param samples n, an integer in [2, {@link maxSampledSawbridgeBracketSamples}] (4096).
 * @param distortion D > 0, mean squared error over the n samples.
 */
export function sampledSawbridgeRateBracket(samples: number, distortion: number): RunPartitionRateBracket {
  const { w, cost } = sampledSawbridgeAtoms(requireInteger('samples', samples, 2, maxSampledSawbridgeBracketSamples));
  return runPartitionRateBracket(w, cost, requirePositive('distortion', distortion));
}

/** The sampled sawbridge's n + 1 atoms and the cost of a run of them (see {@link sampledSawbridgeOneShot}). */
function sampledSawbridgeAtoms(n: number): { w: number[]; cost: (a: number, b: number) => number } {
  const w = Array.from({ length: n + 1 }, (_, k) => (k === 0 || k === n ? 0.5 / n : 1 / n));
  // S[k] = mass of atoms < k; running sums of S[k] and S[k]² give each cell's cost in O(1)
  const S = [0], A = [0], B = [0];
  for (const x of w) S.push(S[S.length - 1] + x);
  for (let k = 1; k < S.length; k++) {
    A.push(A[k - 1] + S[k]);
    B.push(B[k - 1] + S[k] * S[k]);
  }
  const cost = (a: number, b: number) => {
    const lo = S[a], hi = S[b + 1];
    const sum = -(B[b] - B[a]) + (lo + hi) * (A[b] - A[a]) - (b - a) * lo * hi;
    return Math.max(0, sum) / (hi - lo) / n;
  };
  return { w, cost };
}
