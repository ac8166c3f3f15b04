import { requireFinite, requireInteger, requireObject, requirePositive } from '../validate.js';

/** Result of {@link blahutArimoto}. */
export interface BlahutArimotoResult {
  /** I(X;Y) of the final channel, bits. */
  rate_bits: number;
  /** E d(X, Y) of the final channel. */
  distortion: number;
  /** Optimal reproduction marginal q(y). */
  q: Float64Array;
  iterations: number;
}

/** Options of {@link blahutArimoto}. */
export interface BlahutArimotoOptions {
  /**
   * Stop when max_y |Δq(y)| falls below this (default 1e-12). Absolute change
   * in q, not in log q: entries of q that vanish have log q → −∞ at a steady
   * pace and would never pass a log-domain test.
   */
  tolerance?: number;
  /** Default 100000. */
  maxIterations?: number;
}

/**
 * Blahut–Arimoto for the rate–distortion function of a discrete source
 * (Blahut 1972, "Computation of channel capacity and rate-distortion
 * functions", Thm. 8; Cover & Thomas Sec. 10.8), float64 reference.
 *
 * `slope` s ≤ 0 is the Lagrange parameter in nats per unit distortion (the
 * NERD paper's β̃ ≤ 0 in eq. (7)); the iteration, done in the log domain, is
 *
 *   Q(y|x) = q(y) e^{s d(x,y)} / Σ_y' q(y') e^{s d(x,y')},
 *   q(y)   = Σ_x p(x) Q(y|x),
 *
 * and the point (R, D) = (I(X;Y) in bits, E d) lies on R(D) where its slope
 * is s / ln 2 bits per unit distortion. `distortion[x][y]` must be finite.
 */
export function blahutArimoto(
  p: readonly number[],
  distortion: readonly (readonly number[])[],
  slope: number,
  options: BlahutArimotoOptions = {},
): BlahutArimotoResult {
  if (!Array.isArray(p) || p.length === 0) throw new TypeError('p must be a non-empty array');
  p.forEach((v, i) => requireFinite(`p[${i}]`, v));
  if (p.some((v) => v < 0)) throw new RangeError('p must be non-negative');
  const total = p.reduce((a, b) => a + b, 0);
  if (Math.abs(total - 1) > 1e-9) throw new RangeError(`p must sum to 1, sums to ${total}`);
  if (!Array.isArray(distortion) || distortion.length !== p.length) {
    throw new TypeError('distortion must be an array with one row per source symbol');
  }
  const ny = distortion[0]?.length ?? 0;
  if (ny === 0) throw new RangeError('distortion rows must be non-empty');
  distortion.forEach((row, x) => {
    if (!Array.isArray(row) || row.length !== ny) throw new TypeError(`distortion[${x}] must have ${ny} entries`);
    row.forEach((v, y) => requireFinite(`distortion[${x}][${y}]`, v));
  });
  const s = requireFinite('slope', slope);
  if (s > 0) throw new RangeError(`slope must be <= 0, got ${s}`);
  requireObject('options', options);
  const tol = requirePositive('tolerance', options.tolerance ?? 1e-12);
  const maxIt = requireInteger('maxIterations', options.maxIterations ?? 100000, 1);

  const nx = p.length;
  let logQ = new Float64Array(ny).fill(-Math.log(ny));
  const logCond = new Float64Array(nx * ny); // log Q(y|x)
  let it = 0;
  for (; it < maxIt; it++) {
    for (let x = 0; x < nx; x++) {
      let m = -Infinity;
      for (let y = 0; y < ny; y++) {
        const v = logQ[y]! + s * distortion[x]![y]!;
        logCond[x * ny + y] = v;
        if (v > m) m = v;
      }
      let z = 0;
      for (let y = 0; y < ny; y++) z += Math.exp(logCond[x * ny + y]! - m);
      const lz = m + Math.log(z);
      for (let y = 0; y < ny; y++) logCond[x * ny + y]! -= lz;
    }
    const next = new Float64Array(ny);
    for (let x = 0; x < nx; x++) {
      if (p[x] === 0) continue;
      for (let y = 0; y < ny; y++) next[y]! += p[x]! * Math.exp(logCond[x * ny + y]!);
    }
    let change = 0;
    for (let y = 0; y < ny; y++) {
      change = Math.max(change, Math.abs(next[y]! - Math.exp(logQ[y]!)));
      next[y] = Math.log(next[y]!);
    }
    logQ = next;
    if (change < tol) break;
  }
  let rate = 0;
  let dist = 0;
  for (let x = 0; x < nx; x++) {
    for (let y = 0; y < ny; y++) {
      const lc = logCond[x * ny + y]!;
      if (p[x] === 0 || lc === -Infinity) continue;
      const w = p[x]! * Math.exp(lc);
      rate += w * (lc - logQ[y]!);
      dist += w * distortion[x]![y]!;
    }
  }
  return { rate_bits: rate / Math.LN2, distortion: dist, q: logQ.map(Math.exp), iterations: it + 1 };
}
