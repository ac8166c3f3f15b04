import type { IntervalPartition, OneShotBound, OneShotCurveOptions, RateDistortionPoint } from './intervalPartition.js';
import { requireInteger, requireNonNegative, requirePositive } from './validate.js';

/**
 * The optimal one-shot (entropy-coded) code of the sawbridge observed at n sample times
 * t_j = (j + ½)/n — the vectors the `sawbridge` source draws — with distortion the mean
 * squared error over the n samples.
 *
 * Sampled, X_j = t_j − 1(t_j ≥ U) depends on U only through the atom it falls in:
 * atom k = {U : t_{k−1} < U ≤ t_k} (t_{−1} = 0, t_n = 1), k = 0 … n, with masses
 * w_0 = w_n = 1/(2n) and w_k = 1/n between. So the sampled sawbridge is a discrete source
 * of n + 1 outcomes and a one-shot code is a partition of the atoms into cells, sent with
 * an ideal entropy code (R = H of the cell masses) and decoded to the cell's mean. In a
 * cell of atoms a … b sample j varies exactly when a ≤ j < b, as a Bernoulli of
 * q_j = P(a…j)/P(a…b), so the cell costs
 *
 *   P(cell) · (1/n) Σ_{j=a}^{b−1} q_j (1 − q_j) = (1/n) Σ_j P(a…j) P(j+1…b) / P(a…b).
 *
 * A cell of m whole interior gaps costs (m² − 1)/(6n²) against the continuous curve's
 * m²/(6n²) for an interval of the same length (see `sawbridge.ts`): the sampled process
 * can be coded below the continuous curve, by up to 1/(6n²) per cell.
 *
 * Cells are taken contiguous (runs of atoms); the tests check that against every set
 * partition for small n. The curve min{D : H ≤ R} is the non-convexified envelope (no
 * time-sharing), exact: every Pareto-optimal (H, D) pair of contiguous partitions is
 * kept by a dynamic program over prefixes, so the curve is a staircase.
 */
export interface SampledOneShotBound extends OneShotBound {
  /** The number of samples per realization. */
  readonly samples: number;
  /** Every Pareto-optimal (rate, distortion) pair, rate ascending and distortion descending. */
  readonly frontier: readonly RateDistortionPoint[];
}

/** Largest n the exact frontier is computed for (its cost grows as n² times the frontier's size). */
export const maxSampledSawbridgeSamples = 256;

/** The Pareto-optimal (H, D) pairs of one prefix, H ascending, D descending, with back pointers. */
interface Front {
  h: Float64Array;
  d: Float64Array;
  /** First atom of the last cell, and the index of the prefix's pair in the front before it. */
  start: Int32Array;
  prev: Int32Array;
}

const ent = (p: number) => (p > 0 ? -p * Math.log2(p) : 0);

/** A growable front used while one prefix's front is built. */
class Scratch implements Front {
  h = new Float64Array(1024);
  d = new Float64Array(1024);
  start = new Int32Array(1024);
  prev = new Int32Array(1024);
  size = 0;
  reserve(n: number): void {
    if (n <= this.h.length) return;
    const grow = <T extends Float64Array | Int32Array>(x: T, make: (k: number) => T): T => {
      const y = make(2 * n);
      y.set(x.subarray(0, this.size));
      return y;
    };
    this.h = grow(this.h, (k) => new Float64Array(k));
    this.d = grow(this.d, (k) => new Float64Array(k));
    this.start = grow(this.start, (k) => new Int32Array(k));
    this.prev = grow(this.prev, (k) => new Int32Array(k));
  }
  freeze(): Front {
    const k = this.size;
    return { h: this.h.slice(0, k), d: this.d.slice(0, k), start: this.start.slice(0, k), prev: this.prev.slice(0, k) };
  }
}

/**
 * Writes into `out` the merge of `acc` with `src` shifted by (dh, dd), keeping only pairs
 * no other pair beats in both H and D; linear in the two sizes since both are sorted by H.
 */
function mergeFront(out: Scratch, acc: Scratch, src: Front, dh: number, dd: number, start: number): void {
  const na = acc.size, ns = src.h.length;
  out.size = 0;
  out.reserve(na + ns);
  let i = 0, j = 0, k = 0;
  while (i < na || j < ns) {
    const sh = j < ns ? src.h[j] + dh : Infinity, sd = j < ns ? src.d[j] + dd : Infinity;
    const takeAcc = j >= ns || (i < na && (acc.h[i] < sh || (acc.h[i] === sh && acc.d[i] <= sd)));
    const h = takeAcc ? acc.h[i] : sh;
    const d = takeAcc ? acc.d[i] : sd;
    if (k === 0 || d < out.d[k - 1]) {
      out.h[k] = h;
      out.d[k] = d;
      out.start[k] = takeAcc ? acc.start[i] : start;
      out.prev[k] = takeAcc ? acc.prev[i] : j;
      k++;
    }
    if (takeAcc) i++;
    else j++;
  }
  out.size = k;
}

function frontsOf(n: number): { fronts: Front[]; masses: number[] } {
  const atoms = n + 1;
  const w = Array.from({ length: atoms }, (_, k) => (k === 0 || k === n ? 0.5 / n : 1 / n));
  // S[k] = mass of atoms < k; sums of S[j+1] and S[j+1]² over j give each cell's cost in O(1).
  const S = [0];
  for (const x of w) S.push(S[S.length - 1] + x);
  const A = [0], B = [0];
  for (let k = 1; k <= atoms; k++) {
    A.push(A[k - 1] + S[k]);
    B.push(B[k - 1] + S[k] * S[k]);
  }
  // Σ_{j=a}^{b−1} (S[j+1] − S[a]) (S[b+1] − S[j+1]) / (S[b+1] − S[a]) / n
  const cellCost = (a: number, b: number): number => {
    if (b === a) return 0;
    const lo = S[a], hi = S[b + 1], len = b - a;
    const sumS = A[b] - A[a], sumS2 = B[b] - B[a];
    const s = -sumS2 + (lo + hi) * sumS - len * lo * hi;
    return Math.max(0, s) / (hi - lo) / n;
  };
  const fronts: Front[] = [{ h: new Float64Array(1), d: new Float64Array(1), start: new Int32Array(1), prev: new Int32Array(1) }];
  for (let p = 1; p <= atoms; p++) {
    let acc = new Scratch(), out = new Scratch();
    for (let a = 0; a < p; a++) {
      mergeFront(out, acc, fronts[a], ent(S[p] - S[a]), cellCost(a, p - 1), a);
      [acc, out] = [out, acc];
    }
    fronts.push(acc.freeze());
  }
  return { fronts, masses: S };
}

/**
 * The exact optimal one-shot curve of the sawbridge sampled at n points (2 ≤ n ≤
 * {@link maxSampledSawbridgeSamples}); see {@link SampledOneShotBound}.
 */
export function sampledSawbridgeOneShot(samples: number): SampledOneShotBound {
  const n = requireInteger('samples', samples, 2);
  if (n > maxSampledSawbridgeSamples)
    throw new RangeError(`samples must be <= ${maxSampledSawbridgeSamples}, got ${n}`);
  const { fronts, masses } = frontsOf(n);
  const last = fronts[n + 1];
  const frontier = Array.from(last.h, (h, i) => ({ rate_bits: h, distortion: last.d[i] }));
  // the last pair with H ≤ R (H carries rounding of ~1e-15 bit, hence the slack)
  const at = (rate: number): number => {
    let lo = 0, hi = last.h.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (last.h[mid] <= rate + 1e-12) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
  const partition = (rateBits: number): IntervalPartition => {
    const i0 = at(requireNonNegative('rateBits', rateBits));
    const cells: number[] = [];
    for (let end = n + 1, i = i0; end > 0; ) {
      const f = fronts[end], start = f.start[i];
      cells.unshift(masses[end] - masses[start]);
      i = f.prev[i];
      end = start;
    }
    return { cells, rate_bits: last.h[i0], distortion: last.d[i0] };
  };
  const distortion = (rateBits: number) => last.d[at(requireNonNegative('rateBits', rateBits))];
  return {
    samples: n,
    frontier,
    zeroRateDistortion: last.d[0],
    partition,
    distortion,
    rate(d: number, maxRate: number): number | null {
      const target = requirePositive('distortion', d);
      const top = requirePositive('maxRate', maxRate);
      const hit = last.d.findIndex((d) => d <= target);
      return hit < 0 || last.h[hit] > top + 1e-12 ? null : last.h[hit];
    },
    curve(options: OneShotCurveOptions): RateDistortionPoint[] {
      if (typeof options !== 'object' || options === null) throw new TypeError('options must be an object');
      const maxRate = requirePositive('maxRate', options.maxRate);
      const points = requireInteger('points', options.points, 2);
      return Array.from({ length: points }, (_, i) => {
        const r = (maxRate * i) / (points - 1);
        return { rate_bits: r, distortion: distortion(r) };
      });
    },
  };
}
