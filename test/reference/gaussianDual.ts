/**
 * Closed forms of Yang & Mandt's dual bound (lib/models/rdLowerBound.ts, eq. (1)) for X ~ N(0, σ²)
 * with ρ = (x − y)² and the quadratic family log u_a(x) = −a x², 0 ≤ a ≤ 1/(2σ²):
 *
 *   E[e^{−λ(X−y)²} / u_a(X)] = e^{λ y² (a − 1/(2σ²)) / A} / sqrt(2σ²A),   A = 1/(2σ²) + λ − a,
 *
 * largest at y = 0 (or constant when a = 1/(2σ²)), so c(u_a) = 1/sqrt(1 + 2σ²(λ − a)) and the
 * intercept of (1) is ℓ(a) = aσ² + ½ log(1 + 2σ²(λ − a)) nats. Its maximum over the family is at
 * a = min(λ, 1/(2σ²)); for λ ≥ 1/(2σ²) that is ½ + ½ log(2σ²λ), and ℓ − λD at D = 1/(2λ) is
 * R(D) = ½ log(σ²/D): the line touches R(D) there.
 */

/** log of the population partition E[e^{−λ(X−y)²} / u_a(X)] at y, nats. */
export function gaussianLogPartition(variance: number, lambda: number, a: number, y: number): number {
  const A = 1 / (2 * variance) + lambda - a;
  return (lambda * y * y * (a - 1 / (2 * variance))) / A - 0.5 * Math.log(2 * variance * A);
}

/** ℓ(a) = E[−log u_a(X)] − log sup_y E[e^{−λ(X−y)²}/u_a(X)], nats (a ≤ 1/(2σ²)). */
export function gaussianDualIntercept(variance: number, lambda: number, a: number): number {
  if (a > 1 / (2 * variance)) throw new RangeError('a: above 1/(2σ²) the supremum over y is infinite');
  return a * variance - gaussianLogPartition(variance, lambda, a, 0);
}

/** The largest ℓ over the family: ½ + ½ log(2σ²λ) for λ ≥ 1/(2σ²), else λσ². */
export function gaussianBestIntercept(variance: number, lambda: number): number {
  return gaussianDualIntercept(variance, lambda, Math.min(lambda, 1 / (2 * variance)));
}
