/**
 * A point's distance to a bound: the gap in bits at equal distortion (rate − R_bound(D)) and
 * in dB at equal rate (D_dB − D_bound,dB(R)). The bound is interpolated between its points,
 * log-distortion linear in rate (exact for Gaussian R(D) = ½ log2(σ²/D)); outside the
 * bound's range the values are null rather than extrapolated. A bound with an `exact` form
 * (e.g. the one-shot curves, whose corners at R = log2 N fall between grid points) is
 * evaluated exactly instead.
 */
import type { Bound } from './types.js';

/** The bound's values at a point and the gaps to it. */
export interface BoundGap {
  bound: string;
  bound_rate_bits: number | null;
  bound_distortion: number | null;
  gap_bits: number | null;
  gap_db: number | null;
}

/** 10 log10(d), or null when d is not positive. */
export function toDb(d: number): number | null {
  return d > 0 ? 10 * Math.log10(d) : null;
}

/** Linear interpolation of y at x over pairs sorted by x; null outside [x0, xn]. */
function interpolate(pairs: [number, number][], x: number): number | null {
  if (pairs.length === 0 || !Number.isFinite(x)) return null;
  pairs.sort((a, b) => a[0] - b[0]);
  if (x < pairs[0][0] || x > pairs[pairs.length - 1][0]) return null;
  for (let i = 1; i < pairs.length; ++i) {
    const [x0, y0] = pairs[i - 1], [x1, y1] = pairs[i];
    if (x <= x1) return x1 === x0 ? Math.min(y0, y1) : y0 + ((x - x0) / (x1 - x0)) * (y1 - y0);
  }
  return pairs[0][1];
}

function interpolated(bound: Bound, rate_bits: number, distortion: number): [number | null, number | null] {
  const pts = bound.points.filter((p) => p.distortion > 0);
  const rateAtD = distortion > 0 ? interpolate(pts.map((p) => [Math.log(p.distortion), p.rate_bits]), Math.log(distortion)) : null;
  const logDAtR = interpolate(pts.map((p) => [p.rate_bits, Math.log(p.distortion)]), rate_bits);
  return [rateAtD, logDAtR === null ? null : Math.exp(logDAtR)];
}

function exactValues(exact: NonNullable<Bound['exact']>, rate_bits: number, distortion: number): [number | null, number | null] {
  return [
    distortion > 0 && Number.isFinite(distortion) ? exact.rate(distortion) : null,
    rate_bits >= 0 && Number.isFinite(rate_bits) ? exact.distortion(rate_bits) : null,
  ];
}

/** The bound's rate at the point's distortion, its distortion at the point's rate, and the gaps. */
export function gapToBound(bound: Bound, rate_bits: number, distortion: number): BoundGap {
  const [rateAtD, dAtR] = bound.exact ? exactValues(bound.exact, rate_bits, distortion) : interpolated(bound, rate_bits, distortion);
  const db = toDb(distortion), boundDb = dAtR === null ? null : toDb(dAtR);
  return {
    bound: bound.name,
    bound_rate_bits: rateAtD,
    bound_distortion: dAtR,
    gap_bits: rateAtD === null ? null : rate_bits - rateAtD,
    gap_db: db === null || boundDb === null ? null : db - boundDb,
  };
}
