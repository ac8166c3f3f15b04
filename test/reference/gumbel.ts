/** Float64 reference of the Gumbel-softmax forward (given the noise) and its loss L = Σ w ⊙ U. */
export function referenceGumbelSoftmax(logits: ArrayLike<number>, noise: ArrayLike<number>, B: number, K: number, t: number) {
  const u = new Float64Array(B * K), index = new Int32Array(B);
  for (let b = 0; b < B; ++b) {
    const z = Array.from({ length: K }, (_, k) => logits[b * K + k] + noise[b * K + k]);
    const top = Math.max(...z);
    index[b] = z.indexOf(top);
    const e = z.map((v) => Math.exp((v - top) / t));
    const s = e.reduce((a, c) => a + c, 0);
    e.forEach((v, k) => (u[b * K + k] = v / s));
  }
  return { u, index };
}
