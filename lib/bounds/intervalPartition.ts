import { requireFunction, requireInteger, requireNonNegative, requireObject, requirePositive } from '../validate.js';

/**
 * Optimal one-shot entropy-coded quantization of a source X = s(U) that is a
 * deterministic function of one U ~ Unif[0,1).
 *
 * Derivation. A one-shot code sends a cell index i (U ∈ A_i) with an ideal
 * entropy code, so rate = H(p_1..p_N) with p_i = |A_i|, and the decoder's best
 * output is the conditional mean E[X | U ∈ A_i]. Distortion is then
 * D = Σ_i p_i f(ℓ_i), f(ℓ) = the MSE of X about its mean over a cell of length
 * ℓ. For the sources here f depends on the cell only through its length
 * (sawbridge: any interval; circle and ramp: any arc, by rotation symmetry).
 * With g(ℓ) = ℓ f(ℓ) and h(ℓ) = −ℓ log2 ℓ the problem is
 *
 *   D*(R) = min Σ_i g(ℓ_i)  s.t.  Σ_i ℓ_i = 1,  Σ_i h(ℓ_i) ≤ R.
 *
 * Splitting a cell never increases the MMSE and raises H continuously, so the
 * rate constraint is active: D*(R) = min over partitions with H = R exactly,
 * and D*(R) is non-increasing. It is NOT convexified (no time-sharing), and
 * the problem is non-convex, so a Lagrangian sweep of D + λH would only find
 * the convex hull. Stationarity gives g'(ℓ_i) − λ log2 ℓ_i = μ for every cell;
 * the second-order condition for perturbing two equal cells in opposite
 * directions, g''(ℓ) ≥ λ/(ℓ ln 2), says a length may repeat only where
 * φ(ℓ) = g'(ℓ) − λ log2 ℓ is increasing. For the sawbridge g = ℓ²/6, φ is
 * strictly convex, so at most two lengths occur and the smaller occurs at
 * most once: N − 1 equal cells of length x and one cell y = 1 − (N−1)x.
 * We search that family over every N ≤ `maxCells`, in both branches
 * (y ≥ x, "one large"; y ≤ x, "one small"); on each branch H is monotone in x
 * (dH/dx = (N−1) log2(y/x)), so H = R is solved by bisection to machine
 * precision. The tests check this family against exhaustive search over all
 * partitions into ≤ 3 and ≤ 4 cells for all three sources. In every case the
 * optimum found is N = ⌈2^R⌉ cells, N − 1 equal and one smaller, i.e. the
 * optimal partition is uniform only at R = log2 N.
 *
 * Cells are restricted to intervals (arcs). That is optimal for the sawbridge
 * (see `sawbridge.ts`) and the circle (see `circle.ts`); for the ramp it is an
 * assumption, so the ramp curve is an achievable (upper) bound.
 */
export interface IntervalPartition {
  /** Cell lengths (= probabilities); the last cell is the one that differs. */
  cells: number[];
  rate_bits: number;
  distortion: number;
}

/** One point of a one-shot rate–distortion curve. */
export interface RateDistortionPoint {
  rate_bits: number;
  distortion: number;
}

const h = (l: number) => (l > 0 ? -l * Math.log2(l) : 0);

/** H of (N−1) cells of length x and one of length 1 − (N−1)x. */
function familyEntropy(n: number, x: number): number {
  return (n - 1) * h(x) + h(1 - (n - 1) * x);
}

/** x in [lo, hi] with familyEntropy(n, x) = rate; H is monotone on the branch. */
function solveBranch(n: number, rate: number, lo: number, hi: number): number {
  const increasing = familyEntropy(n, hi) > familyEntropy(n, lo);
  let a = lo;
  let b = hi;
  for (let i = 0; i < 200; i++) {
    const m = 0.5 * (a + b);
    if (m === a || m === b) break;
    if (familyEntropy(n, m) < rate === increasing) a = m;
    else b = m;
  }
  return 0.5 * (a + b);
}

/** Default search range: the brute-force checks never needed more than ⌈2^R⌉ cells. */
export function defaultMaxCells(rateBits: number): number {
  requireNonNegative('rateBits', rateBits);
  return 4 * Math.ceil(2 ** rateBits) + 4;
}

/**
 * The best partition of [0,1) into at most `maxCells` intervals with entropy
 * ≤ `rateBits`, for a per-cell cost `cellCost(ℓ) = ℓ f(ℓ)`, searched over the
 * family described above.
 */
export function optimalIntervalPartition(
  cellCost: (length: number) => number,
  rateBits: number,
  maxCells: number = defaultMaxCells(rateBits),
): IntervalPartition {
  requireFunction('cellCost', cellCost);
  const rate = requireNonNegative('rateBits', rateBits);
  const cap = requireInteger('maxCells', maxCells, 1);
  if (rate > Math.log2(cap)) {
    throw new RangeError(`rateBits ${rate} exceeds log2(maxCells) = ${Math.log2(cap)}`);
  }
  let best: IntervalPartition = { cells: [1], rate_bits: 0, distortion: cellCost(1) };
  if (rate === 0) return best;
  best = { cells: [], rate_bits: rate, distortion: Infinity };
  for (let n = 2; n <= cap; n++) {
    const top = Math.log2(n);
    const branches: [number, number][] = [];
    if (rate <= top) branches.push([0, 1 / n]); // one large cell
    if (rate <= top && rate >= Math.log2(n - 1)) branches.push([1 / n, 1 / (n - 1)]); // one small cell
    for (const [lo, hi] of branches) {
      const x = solveBranch(n, rate, lo, hi);
      const y = 1 - (n - 1) * x;
      // y = 0 at R = log2(n − 1) exactly: that is the uniform (n−1)-cell partition.
      const cells = [...Array<number>(n - 1).fill(x), ...(y > 0 ? [y] : [])];
      const d = cells.reduce((acc, l) => acc + cellCost(l), 0);
      if (d < best.distortion) best = { cells, rate_bits: familyEntropy(n, x), distortion: d };
    }
  }
  return best;
}

/** Options of {@link OneShotBound.curve}. */
export interface OneShotCurveOptions {
  /** Largest rate in bits (> 0). */
  maxRate: number;
  /** Number of equally spaced rates in [0, maxRate] (≥ 2). */
  points: number;
}

/** D*(R) at `points` equally spaced rates in [0, maxRate]. */
export function oneShotCurve(
  cellCost: (length: number) => number,
  options: OneShotCurveOptions,
): RateDistortionPoint[] {
  requireFunction('cellCost', cellCost);
  requireObject('options', options);
  const maxRate = requirePositive('maxRate', options.maxRate);
  const points = requireInteger('points', options.points, 2);
  return Array.from({ length: points }, (_, i) => {
    const r = (maxRate * i) / (points - 1);
    return { rate_bits: r, distortion: optimalIntervalPartition(cellCost, r).distortion };
  });
}

/**
 * The optimal one-shot (entropy-coded) code of a source that is a deterministic function of
 * U ~ Unif[0, 1), given the within-cell distortion f(ℓ) of a cell of length ℓ: per-cell cost
 * g(ℓ) = ℓ f(ℓ), partitions found by {@link optimalIntervalPartition}.
 */
export interface OneShotBound {
  /** f(1): the distortion at rate 0. */
  readonly zeroRateDistortion: number;
  /** The optimal partition at rate ≤ rateBits. */
  partition(rateBits: number): IntervalPartition;
  /** The lowest distortion at rate ≤ rateBits: the non-convexified envelope min{D : H ≤ R}. */
  distortion(rateBits: number): number;
  /**
   * The inverse: the least rate R ≤ `maxRate` with D*(R) ≤ `distortion` (0 at or above the
   * zero-rate distortion), by bisection on the non-increasing D*; null when even `maxRate`
   * bits do not reach `distortion`. Exact where the curve's grid points are not: between
   * them D* is not linear and has corners at R = log2 N (uniform partitions).
   */
  rate(distortion: number, maxRate: number): number | null;
  /** {@link OneShotBound.distortion} at equally spaced rates in [0, maxRate]. */
  curve(options: OneShotCurveOptions): RateDistortionPoint[];
}

function oneShotRate(cellCost: (length: number) => number, distortion: number, maxRate: number): number | null {
  const d = requirePositive('distortion', distortion);
  const top = requirePositive('maxRate', maxRate);
  const at = (r: number) => optimalIntervalPartition(cellCost, r).distortion;
  if (d >= cellCost(1)) return 0;
  if (at(top) > d) return null;
  let lo = 0, hi = top;
  for (let i = 0; i < 200; i++) {
    const mid = 0.5 * (lo + hi);
    if (mid === lo || mid === hi) break;
    if (at(mid) <= d) hi = mid;
    else lo = mid;
  }
  return hi;
}

export function oneShotBound(cellDistortion: (length: number) => number): OneShotBound {
  requireFunction('cellDistortion', cellDistortion);
  const cost = (l: number) => l * cellDistortion(l);
  return {
    zeroRateDistortion: cellDistortion(1),
    partition: (r) => optimalIntervalPartition(cost, r),
    distortion: (r) => optimalIntervalPartition(cost, r).distortion,
    rate: (d, maxRate) => oneShotRate(cost, d, maxRate),
    curve: (options) => oneShotCurve(cost, options),
  };
}
