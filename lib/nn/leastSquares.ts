/**
 * Ridge least squares in float64 for small systems: the solution W [k, n] of
 * (AᵀA + εI) W = AᵀB for a design A [N, k] and targets B [N, n], with ε = ridge · tr(AᵀA) / k.
 * Used once per trained model (an MLP's output layer refit), not in a training loop.
 */

/** Solves the ridge normal equations; `a` and `b` are row-major [rows, k] and [rows, n]. */
export function ridgeLeastSquares(a: ArrayLike<number>, b: ArrayLike<number>, rows: number, k: number, n: number, ridge = 1e-9): Float64Array {
  if (!(rows >= 1 && k >= 1 && n >= 1) || a.length !== rows * k || b.length !== rows * n)
    throw new RangeError(`ridgeLeastSquares: expected a [${rows}, ${k}] and b [${rows}, ${n}], got ${a.length} and ${b.length} elements`);
  if (!(ridge >= 0 && Number.isFinite(ridge))) throw new RangeError(`ridge: expected a non-negative number, got ${ridge}`);
  const gram = new Float64Array(k * k), rhs = new Float64Array(k * n), row = new Float64Array(k);
  for (let r = 0; r < rows; ++r) {
    for (let i = 0; i < k; ++i) row[i] = a[r * k + i];
    for (let i = 0; i < k; ++i) {
      const ai = row[i];
      if (ai === 0) continue;
      for (let j = 0; j <= i; ++j) gram[i * k + j] += ai * row[j];
      for (let t = 0, o = i * n, bo = r * n; t < n; ++t) rhs[o + t] += ai * b[bo + t];
    }
  }
  let trace = 0;
  for (let i = 0; i < k; ++i) trace += gram[i * k + i];
  const eps = (ridge * trace) / k || Number.MIN_VALUE;
  // Cholesky L Lᵀ of the lower triangle, then two triangular solves per target column
  const l = new Float64Array(k * k);
  for (let i = 0; i < k; ++i)
    for (let j = 0; j <= i; ++j) {
      let s = gram[i * k + j] + (i === j ? eps : 0);
      for (let p = 0; p < j; ++p) s -= l[i * k + p] * l[j * k + p];
      if (i === j) {
        if (!(s > 0)) throw new RangeError('ridgeLeastSquares: the normal equations are not positive definite (raise ridge)');
        l[i * k + i] = Math.sqrt(s);
      } else l[i * k + j] = s / l[j * k + j];
    }
  const w = new Float64Array(k * n), z = new Float64Array(k);
  for (let t = 0; t < n; ++t) {
    for (let i = 0; i < k; ++i) {
      let s = rhs[i * n + t];
      for (let p = 0; p < i; ++p) s -= l[i * k + p] * z[p];
      z[i] = s / l[i * k + i];
    }
    for (let i = k - 1; i >= 0; --i) {
      let s = z[i];
      for (let p = i + 1; p < k; ++p) s -= l[p * k + i] * w[p * n + t];
      w[i * n + t] = s / l[i * k + i];
    }
  }
  return w;
}
