/**
 * Float64 reference of NERD's per-batch quantities (Lei, Hassani & Saeedi Bidokhti 2023,
 * eqs. (8) and (11)) for the native `nerd` kernels: the distortion matrix ||x − y||_p², D(β),
 * the rate estimate and its gradient w.r.t. the Q_Y samples, and β* by plain bisection.
 */
import { bisect } from './bisect.js';

/** d[i, j] = ||x_i − y_j||_p² = (Σ_k |x_ik − y_jk|^p)^{2/p} summed directly (no norm expansion). */
export function refDistortion(x: ArrayLike<number>, y: ArrayLike<number>, B: number, M: number, n: number, p = 2): Float64Array {
  const d = new Float64Array(B * M);
  for (let i = 0; i < B; ++i)
    for (let j = 0; j < M; ++j) {
      let s = 0;
      for (let k = 0; k < n; ++k) s += Math.abs(x[i * n + k] - y[j * n + k]) ** p;
      d[i * M + j] = s ** (2 / p);
    }
  return d;
}

/** Row softmax weights w_ij of β d_ij. */
export function refWeights(d: ArrayLike<number>, B: number, M: number, beta: number): Float64Array {
  const w = new Float64Array(B * M);
  for (let i = 0; i < B; ++i) {
    let mx = -Infinity;
    for (let j = 0; j < M; ++j) mx = Math.max(mx, beta * d[i * M + j]);
    let z = 0;
    for (let j = 0; j < M; ++j) z += (w[i * M + j] = Math.exp(beta * d[i * M + j] - mx));
    for (let j = 0; j < M; ++j) w[i * M + j] /= z;
  }
  return w;
}

/** D(β) = (1/B) Σ_ij w_ij d_ij. */
export function refDistortionAt(d: ArrayLike<number>, B: number, M: number, beta: number): number {
  const w = refWeights(d, B, M, beta);
  let s = 0;
  for (let k = 0; k < B * M; ++k) s += w[k] * d[k];
  return s / B;
}

/**
 * Rate in bits at β with a given D (eq. (11)): (β D − (1/B) Σ_i ln((1/M) Σ_j e^{β d_ij})) / ln 2.
 * With D = D(β) this is the native objective.
 */
export function refRate(d: ArrayLike<number>, B: number, M: number, beta: number, D: number): number {
  let lse = 0;
  for (let i = 0; i < B; ++i) {
    let mx = -Infinity;
    for (let j = 0; j < M; ++j) mx = Math.max(mx, beta * d[i * M + j]);
    let z = 0;
    for (let j = 0; j < M; ++j) z += Math.exp(beta * d[i * M + j] - mx);
    lse += mx + Math.log(z / M);
  }
  return (beta * D - lse / B) / Math.LN2;
}

/**
 * ∂ rate / ∂ y [M, n] with β and D fixed: −(β / (B ln 2)) Σ_i w_ij ∂d_ij/∂y_j, where for
 * d = S^{2/p}, S = Σ_k |t_k|^p, t = y_j − x_i: ∂d/∂t_k = 2 S^{2/p − 1} |t_k|^{p−1} sign t_k
 * (= 2 t_k at p = 2).
 */
export function refRateGrad(x: ArrayLike<number>, y: ArrayLike<number>, B: number, M: number, n: number, beta: number, p = 2): Float64Array {
  const w = refWeights(refDistortion(x, y, B, M, n, p), B, M, beta);
  const g = new Float64Array(M * n);
  const c = -beta / (B * Math.LN2);
  for (let i = 0; i < B; ++i)
    for (let j = 0; j < M; ++j) {
      let S = 0;
      for (let k = 0; k < n; ++k) S += Math.abs(y[j * n + k] - x[i * n + k]) ** p;
      if (S === 0) continue;
      for (let k = 0; k < n; ++k) {
        const t = y[j * n + k] - x[i * n + k];
        g[j * n + k] += c * w[i * M + j] * 2 * S ** (2 / p - 1) * Math.abs(t) ** (p - 1) * Math.sign(t);
      }
    }
  return g;
}

/** β* with D(β*) = target by bisection on [lo, 0] (D(β) is increasing in β). */
export function refSolveBeta(d: ArrayLike<number>, B: number, M: number, target: number, lo = -1e4 / target): number {
  return bisect((b) => refDistortionAt(d, B, M, b) - target, lo, 0);
}
