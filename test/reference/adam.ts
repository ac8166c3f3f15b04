/** Float64 Adam (Kingma & Ba 2015, Algorithm 1) with decoupled weight decay, for tests. */
export function referenceAdam(p: Float64Array, grads: ArrayLike<number>[], c: { lr: number; beta1: number; beta2: number; eps: number; weightDecay: number }): Float64Array {
  const m = new Float64Array(p.length), v = new Float64Array(p.length), out = Float64Array.from(p);
  grads.forEach((g, t) => {
    const step = t + 1;
    for (let i = 0; i < p.length; ++i) {
      m[i] = c.beta1 * m[i] + (1 - c.beta1) * g[i];
      v[i] = c.beta2 * v[i] + (1 - c.beta2) * g[i] * g[i];
      const mh = m[i] / (1 - c.beta1 ** step), vh = v[i] / (1 - c.beta2 ** step);
      out[i] = out[i] * (1 - c.lr * c.weightDecay) - c.lr * mh / (Math.sqrt(vh) + c.eps);
    }
  });
  return out;
}
