import type { IntervalPartition, OneShotBound, OneShotCurveOptions, RateDistortionPoint } from './intervalPartition.js';
import { describeValue, requireFunction, requireInteger, requireNonNegative, requirePositive } from '../validate.js';

/**
 * The optimal one-shot (entropy-coded) code of a source whose realizations are indexed by
 * ordered atoms 0 … K−1 of masses w_k, when cells are runs of consecutive atoms: rate
 * R = H(cell masses) (an ideal entropy code of the cell index), distortion D = Σ cells'
 * costs (each cell decoded to its conditional mean). This is the sampled processes'
 * counterpart of `intervalPartition.ts`: a process observed at n times can only be told
 * apart up to the gaps between its jump times, so its cells are runs of whole gaps.
 *
 * The curve min{D : H ≤ R} is the non-convexified envelope (no time-sharing) and is exact
 * over runs: a dynamic program over prefixes keeps every Pareto-optimal (H, D) pair of
 * each prefix (H and D add over cells), so the result is the staircase of all
 * Pareto-optimal partitions. Cost: K² merges of fronts whose size grows about as K².
 */
export interface RunPartitionBound extends OneShotBound {
  /** Every Pareto-optimal (rate, distortion) pair, rate ascending and distortion descending. */
  readonly frontier: readonly RateDistortionPoint[];
}

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

/**
 * The Pareto DP over runs of the atoms with masses `w` (summing to 1) and run costs
 * `cellCost(a, b)` for the run of atoms a … b (inclusive); see {@link RunPartitionBound}.
 */
export function runPartitionBound(w: readonly number[], cellCost: (a: number, b: number) => number): RunPartitionBound {
  if (!Array.isArray(w)) throw new TypeError(`w: expected an array of numbers, got ${describeValue(w)}`);
  w.forEach((v, i) => requireNonNegative(`w[${i}]`, v));
  requireFunction('cellCost', cellCost);
  const atoms = w.length;
  const masses = [0];
  for (const x of w) masses.push(masses[masses.length - 1] + x);
  const fronts: Front[] = [{ h: new Float64Array(1), d: new Float64Array(1), start: new Int32Array(1), prev: new Int32Array(1) }];
  for (let p = 1; p <= atoms; p++) {
    let acc = new Scratch(), out = new Scratch();
    for (let a = 0; a < p; a++) {
      mergeFront(out, acc, fronts[a], ent(masses[p] - masses[a]), cellCost(a, p - 1), a);
      [acc, out] = [out, acc];
    }
    fronts.push(acc.freeze());
  }
  const last = fronts[atoms];
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
    for (let end = atoms, i = i0; end > 0; ) {
      const f = fronts[end], start = f.start[i];
      cells.unshift(masses[end] - masses[start]);
      i = f.prev[i];
      end = start;
    }
    return { cells, rate_bits: last.h[i0], distortion: last.d[i0] };
  };
  const distortion = (rateBits: number) => last.d[at(requireNonNegative('rateBits', rateBits))];
  return {
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

/** Where the run-partition optimum's rate lies at one distortion: {@link runPartitionRateBracket}. */
export interface RunPartitionRateBracket {
  /** No run partition with D ≤ the distortion has H below this (bits). */
  lower_bits: number;
  /** H of a run partition with D ≤ the distortion (achievable, bits), */
  upper_bits: number;
  /** and its D. */
  upper_distortion: number;
}

/**
 * Brackets min{H : D ≤ `distortion`} over runs of the atoms (as {@link runPartitionBound}) for
 * sources too large for its Pareto DP, in O(K²) per slope. For a slope ν ≥ 0 the partition
 * minimising H + νD is a shortest path over the prefixes; g(ν) = min_P H_P + ν(D_P − d) is
 * concave and piecewise linear, and every partition with D_P ≤ d has H_P ≥ g(ν), so its
 * maximum (found exactly by intersecting the lines of the minimisers on either side of d,
 * Eisner–Severance) is `lower_bits`, the convex hull of the staircase at d. `upper_bits` is
 * the minimiser there with D ≤ d: a hull vertex, so the true optimum lies in between (the
 * staircase's points between hull vertices are not searched).
 */
export function runPartitionRateBracket(w: readonly number[], cellCost: (a: number, b: number) => number, distortion: number): RunPartitionRateBracket {
  if (!Array.isArray(w)) throw new TypeError(`w: expected an array of numbers, got ${describeValue(w)}`);
  w.forEach((v, i) => requireNonNegative(`w[${i}]`, v));
  requireFunction('cellCost', cellCost);
  const d = requirePositive('distortion', distortion);
  const atoms = w.length;
  const masses = [0];
  for (const x of w) masses.push(masses[masses.length - 1] + x);
  const best = new Float64Array(atoms + 1), hs = new Float64Array(atoms + 1), ds = new Float64Array(atoms + 1);
  /** The minimiser of H + νD: its H and D. */
  const minimise = (nu: number): { h: number; d: number } => {
    for (let p = 1; p <= atoms; p++) {
      let v = Infinity, h = 0, dd = 0;
      for (let a = 0; a < p; a++) {
        const ch = ent(masses[p] - masses[a]), cd = cellCost(a, p - 1);
        const u = best[a] + ch + nu * cd;
        if (u < v) [v, h, dd] = [u, hs[a] + ch, ds[a] + cd];
      }
      [best[p], hs[p], ds[p]] = [v, h, dd];
    }
    return { h: hs[atoms], d: ds[atoms] };
  };
  let hi = minimise(0);
  if (hi.d <= d) return { lower_bits: hi.h, upper_bits: hi.h, upper_distortion: hi.d };
  let lo = hi;
  for (let nu = 1 / d; hi.d > d; nu *= 2) hi = minimise(nu);
  // lo: a minimiser with D > d, hi: one with D ≤ d; their lines meet at the maximum unless another vertex lies above
  for (let i = 0; i < 200; i++) {
    const nu = (hi.h - lo.h) / (lo.d - hi.d);
    const line = lo.h + nu * (lo.d - d);
    const m = minimise(nu);
    const value = m.h + nu * (m.d - d);
    if (value >= line - 1e-12 * Math.max(1, Math.abs(line))) return { lower_bits: value, upper_bits: hi.h, upper_distortion: hi.d };
    if (m.d > d) lo = m;
    else hi = m;
  }
  throw new Error('runPartitionRateBracket: the slope search did not converge in 200 steps');
}
