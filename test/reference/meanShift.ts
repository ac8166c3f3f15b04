/**
 * Gaussian mean-shift on F(y) = log Σ_i exp(a_i − λ||x_i − y||²) in float64, directly: the
 * reference for the native meanShift (one start at a time, the same stopping rule).
 */

/** F at y [m] and the softmax weights w [k] there. */
export function mixtureValue(x: ArrayLike<number>, a: ArrayLike<number>, lambda: number, m: number, y: ArrayLike<number>, w?: Float64Array): number {
  const k = a.length, t = new Float64Array(k);
  let max = -Infinity;
  for (let i = 0; i < k; ++i) {
    let d = 0;
    for (let c = 0; c < m; ++c) d += (x[i * m + c] - y[c]) ** 2;
    t[i] = a[i] - lambda * d;
    max = Math.max(max, t[i]);
  }
  let sum = 0;
  for (let i = 0; i < k; ++i) sum += Math.exp(t[i] - max);
  if (w) for (let i = 0; i < k; ++i) w[i] = Math.exp(t[i] - max) / sum;
  return max + Math.log(sum);
}

/** Mean-shift from y [m] in place: stops when F rises by at most tol, or after maxIterations; returns F evaluations. */
export function refMeanShift(x: ArrayLike<number>, a: ArrayLike<number>, lambda: number, m: number, y: Float64Array, maxIterations: number, tol: number): number {
  const k = a.length, w = new Float64Array(k);
  let best = -Infinity;
  for (let it = 0; it < maxIterations; ++it) {
    const f = mixtureValue(x, a, lambda, m, y, w);
    if (!(f - best > tol)) return it + 1;
    best = f;
    y.fill(0);
    for (let i = 0; i < k; ++i) for (let c = 0; c < m; ++c) y[c] += w[i] * x[i * m + c];
  }
  return maxIterations;
}
