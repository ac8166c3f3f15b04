import { requireInteger, requireNonNegative, requireObject, requirePositive } from '../validate.js';

/**
 * High-rate gap of entropy-coded scalar quantization (ECSQ) to R(D) under MSE:
 * a uniform quantizer with step Δ has D ≈ Δ²/12 and H ≈ h(X) − log2 Δ, while
 * the Shannon lower bound gives R(D) ≥ h(X) − ½ log2(2πe D), so the gap is
 *
 *   ½ log2(πe/6) ≈ 0.2546 bits  (Gish & Pierce 1968; Gersho & Gray,
 *   Vector Quantization and Signal Compression, Sec. 9.9).
 */
export const ecsqHighRateGapBits: number = 0.5 * Math.log2((Math.PI * Math.E) / 6);

/** The same gap as a distortion ratio at equal rate: 10 log10(πe/6) ≈ 1.53 dB. */
export const ecsqHighRateGapDecibels: number = 10 * Math.log10((Math.PI * Math.E) / 6);

/** A unit-variance source for {@link ecsqQuantizer} and {@link ecsqOptimalCurve}. */
export type EcsqSource = 'gaussian' | 'laplace';

/** Rate and distortion of one uniform-threshold quantizer with centroid reconstruction. */
export interface EcsqPoint {
  /** Entropy of the cell index, bits per sample (an ideal entropy code). */
  rate_bits: number;
  /** Mean squared error per sample with each cell decoded to its centroid E[X | cell]. */
  distortion: number;
  step: number;
  deadZone: number;
}

const LAPLACE_B = Math.SQRT1_2; // unit variance: 2 b² = 1
const plogp = (p: number) => (p > 0 ? -p * Math.log2(p) : 0);

/**
 * Variance of Exp(b) truncated to [0, w): b² − w² e^{w/b} / (e^{w/b} − 1)² = b²(1 − s²/sinh² s),
 * s = w/(2b); the series b²(s²/3 − s⁴/15 + 2s⁶/189) below s = 0.01 avoids the cancellation.
 */
function truncatedExponentialVariance(w: number, b: number): number {
  if (w === Infinity) return b * b;
  const s = w / (2 * b), s2 = s * s;
  if (s < 0.01) return b * b * s2 * (1 / 3 - s2 / 15 + (2 * s2 * s2) / 189);
  return b * b * (1 - s2 / Math.sinh(s) ** 2);
}

/** E[X² | |X| < t] for Laplace(b): b² · 2P(3, t/b) / P(1, t/b), P the regularized lower incomplete gamma. */
function laplaceDeadZoneVariance(t: number, b: number): number {
  const x = t / b;
  // γ(3, x) = 2 P(3, x) = 2 − e^{−x}(x² + 2x + 2) = Σ_k (−1)^k x^{k+3} / (k! (k+3)), the series below x = 1
  let num: number;
  if (x < 1) {
    num = 0;
    let term = x * x * x; // x^{k+3} (−1)^k / k!
    for (let k = 0; k < 30; ++k) {
      num += term / (k + 3);
      term *= -x / (k + 1);
    }
  } else num = 2 - Math.exp(-x) * (x * x + 2 * x + 2);
  return (b * b * num) / -Math.expm1(-x);
}

/** Laplace cells in closed form: cell [l, l + w) with l ≥ 0 has p = ½ e^{−l/b}(1 − e^{−w/b}) and X − l a truncated Exp(b). */
function laplaceQuantizer(step: number, deadZone: number): { rate: number; distortion: number } {
  const b = LAPLACE_B;
  const p0 = -Math.expm1(-deadZone / b);
  let rate = plogp(p0), distortion = p0 > 0 ? p0 * laplaceDeadZoneVariance(deadZone, b) : 0;
  const cellVar = truncatedExponentialVariance(step, b), cellFrac = -Math.expm1(-step / b);
  for (let l = deadZone; ; l += step) {
    const tail = 0.5 * Math.exp(-l / b); // P(X ≥ l)
    if (tail < 1e-20) {
      // the rest as one cell [l, ∞) on each side: a negligible mass
      rate += 2 * plogp(tail);
      distortion += 2 * tail * b * b;
      break;
    }
    const p = tail * cellFrac;
    rate += 2 * plogp(p);
    distortion += 2 * p * cellVar;
  }
  return { rate, distortion };
}

// 8-point Gauss–Legendre nodes and weights on [−1, 1]
const GL_X = [0.1834346424956498, 0.5255324099163290, 0.7966664774136267, 0.9602898564975363];
const GL_W = [0.3626837833783620, 0.3137066458778873, 0.2223810344533745, 0.1012285362903763];
const phi = (x: number) => Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI);

/**
 * Mass, and first and second moments about c = (l+u)/2, of N(0,1) on [l, u): composite 8-point
 * Gauss–Legendre on pieces no wider than 1/4 (exact to ~1e-15 for a density this smooth).
 * Moments about the cell's middle keep the variance m2 − m1²/p free of cancellation.
 */
function gaussianCellMoments(l: number, u: number): [number, number, number] {
  const c = 0.5 * (l + u), pieces = Math.max(1, Math.ceil((u - l) / 0.25)), h = (u - l) / pieces;
  let p = 0, m1 = 0, m2 = 0;
  for (let j = 0; j < pieces; ++j) {
    const mid = l + (j + 0.5) * h;
    for (let k = 0; k < 4; ++k)
      for (const x of [mid - 0.5 * h * GL_X[k], mid + 0.5 * h * GL_X[k]]) {
        const w = 0.5 * h * GL_W[k] * phi(x), dx = x - c;
        p += w;
        m1 += w * dx;
        m2 += w * dx * dx;
      }
  }
  return [p, m1, m2];
}

/** Gaussian cells by quadrature; beyond ±12 (mass < 2e-33) nothing is counted. */
function gaussianQuantizer(step: number, deadZone: number): { rate: number; distortion: number } {
  const cell = (l: number, u: number) => {
    const [p, m1, m2] = gaussianCellMoments(l, u);
    return p > 0 ? { p, v: Math.max(0, m2 / p - (m1 / p) ** 2) } : { p: 0, v: 0 };
  };
  let rate = 0, distortion = 0;
  if (deadZone > 0) {
    const z = cell(-deadZone, deadZone);
    rate += plogp(z.p);
    distortion += z.p * z.v;
  }
  for (let l = deadZone; l < 12; l += step) {
    const c = cell(l, Math.min(l + step, 12));
    rate += 2 * plogp(c.p);
    distortion += 2 * c.p * c.v;
  }
  return { rate, distortion };
}

/**
 * Entropy-coded scalar quantization of a unit-variance Gaussian or Laplace source with a
 * uniform-threshold quantizer: a dead zone (−t, t) around 0, then cells of width Δ = `step`,
 * [t + kΔ, t + (k+1)Δ) and their mirror images; every cell is decoded to its centroid and
 * the index is ideally entropy coded, so
 *
 *   R = −Σ_i p_i log2 p_i,   D = Σ_i p_i Var(X | X ∈ cell i).
 *
 * t = Δ/2 is the uniform midtread quantizer, t = 0 the midrise one (the central cell is
 * empty), t > Δ/2 a wider dead zone — the form of the optimal ECSQ of the Laplace source
 * (Sullivan, "Efficient scalar quantization of exponential and Laplacian random variables",
 * IEEE Trans. IT 1996). Laplace cells are in closed form (a cell of X ≥ 0 holds a truncated
 * exponential); Gaussian cells by Gauss–Legendre quadrature.
 */
export function ecsqQuantizer(source: EcsqSource, step: number, deadZone: number): EcsqPoint {
  if (source !== 'gaussian' && source !== 'laplace') throw new RangeError(`source: expected 'gaussian' or 'laplace', got ${String(source)}`);
  const s = requirePositive('step', step);
  if (s < 1e-3) throw new RangeError(`step must be >= 1e-3 (rates up to ~10 bits), got ${s}`);
  const t = requireNonNegative('deadZone', deadZone);
  const { rate, distortion } = source === 'laplace' ? laplaceQuantizer(s, t) : gaussianQuantizer(s, t);
  return { rate_bits: rate, distortion, step: s, deadZone: t };
}

/**
 * A numerically optimized ECSQ curve, the stand-in for Sullivan's (1996) optimal ECSQ:
 * D(R) = min { D : H ≤ R } over the uniform-threshold quantizers of {@link ecsqQuantizer},
 * with dead zones t/Δ ∈ {0, 0.1, …, 1.5} and any Δ in [0.005, 8]. For each dead-zone ratio,
 * H falls as Δ grows, so the Δ with H = R is bracketed on a log grid of `steps` values and
 * refined by 16 bisections, keeping the end with H ≤ R: every point of the curve is a real
 * quantizer of the family (achievable), no time sharing (not convexified). Unit variance;
 * for variance σ², multiply D by σ².
 */
export function ecsqOptimalCurve(source: EcsqSource, options: { maxRate: number; points: number; steps?: number }): { rate_bits: number; distortion: number }[] {
  requireObject('options', options);
  const maxRate = requirePositive('maxRate', options.maxRate);
  const points = requireInteger('points', options.points, 2);
  const steps = requireInteger('steps', options.steps ?? 120, 2);
  const ratios = Array.from({ length: 16 }, (_, z) => z / 10);
  const deltas = Array.from({ length: steps }, (_, i) => 0.005 * (8 / 0.005) ** (i / (steps - 1)));
  const families = ratios.map((z) => deltas.map((d) => ecsqQuantizer(source, d, z * d)));
  return Array.from({ length: points }, (_, i) => {
    const r = (maxRate * i) / (points - 1);
    let best = 1; // rate 0: one cell, D = the variance
    families.forEach((family, f) => {
      const j = family.findIndex((q) => q.rate_bits <= r); // Δ ascending, H descending
      if (j < 0) return; // even the finest Δ of this family costs more than r
      let hi = family[j];
      if (j > 0) {
        let lo = Math.log(family[j - 1].step), up = Math.log(hi.step);
        for (let k = 0; k < 16; ++k) {
          const mid = 0.5 * (lo + up), q = ecsqQuantizer(source, Math.exp(mid), ratios[f] * Math.exp(mid));
          if (q.rate_bits <= r) [up, hi] = [mid, q];
          else lo = mid;
        }
      }
      best = Math.min(best, hi.distortion);
    });
    return { rate_bits: r, distortion: best };
  });
}
