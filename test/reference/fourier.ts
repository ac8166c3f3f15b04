/** Float64 reference of random Fourier features φ(y) = (cos(A y), y) and its gradient to y. */

/** φ(y) [B, m (+ d)] for y [B, d], A [m, d]. */
export function refFourier(y: ArrayLike<number>, a: ArrayLike<number>, B: number, d: number, m: number, include: boolean): Float64Array {
  const w = m + (include ? d : 0);
  const out = new Float64Array(B * w);
  for (let b = 0; b < B; ++b) {
    for (let i = 0; i < m; ++i) {
      let p = 0;
      for (let k = 0; k < d; ++k) p += a[i * d + k] * y[b * d + k];
      out[b * w + i] = Math.cos(p);
    }
    if (include) for (let k = 0; k < d; ++k) out[b * w + m + k] = y[b * d + k];
  }
  return out;
}

/** d (Σ g ⊙ φ(y)) / d y [B, d]. */
export function refFourierGrad(y: ArrayLike<number>, a: ArrayLike<number>, g: ArrayLike<number>, B: number, d: number, m: number, include: boolean): Float64Array {
  const w = m + (include ? d : 0);
  const dy = new Float64Array(B * d);
  for (let b = 0; b < B; ++b) {
    for (let i = 0; i < m; ++i) {
      let p = 0;
      for (let k = 0; k < d; ++k) p += a[i * d + k] * y[b * d + k];
      for (let k = 0; k < d; ++k) dy[b * d + k] -= Math.sin(p) * a[i * d + k] * g[b * w + i];
    }
    if (include) for (let k = 0; k < d; ++k) dy[b * d + k] += g[b * w + m + k];
  }
  return dy;
}
