function logSoftmax(v: ArrayLike<number>): number[] {
  const m = Math.max(...Array.from(v));
  const lse = m + Math.log(Array.from(v).reduce((s, x) => s + Math.exp(x - m), 0));
  return Array.from(v, (x) => x - lse);
}

/**
 * Float64 reference of the Concrete compressor's rate Σ_b KL(softmax(α_b) || softmax(ξ_b)) in
 * bits: ξ of length K is the marginal q_ξ (L_m), of length B·K one conditional q_ζ(·|y_b) per row (L_c).
 */
export function referenceConcreteRate(alpha: ArrayLike<number>, xi: ArrayLike<number>, B: number, K: number): number {
  const rows = xi.length === B * K;
  let total = 0;
  for (let b = 0; b < B; ++b) {
    const lq = logSoftmax(rows ? Array.from({ length: K }, (_, k) => xi[b * K + k]) : xi);
    const lp = logSoftmax(Array.from({ length: K }, (_, k) => alpha[b * K + k]));
    for (let k = 0; k < K; ++k) total += Math.exp(lp[k]) * (lp[k] - lq[k]);
  }
  return total / Math.LN2;
}
