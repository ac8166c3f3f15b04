/**
 * Float64 reference of the variational-ECVQ encoder and rate (Özyılkan, Ballé & Erkip,
 * JSAIT 2024, eq. (5)), on rdlab's MLP parameter layout: the decoder evaluated on
 * concat(one-hot(k), y_s) for every codeword and side-information sample.
 */
import { referenceMlp, type RefSpec } from './mlp.js';

export function referenceLogSoftmaxBits(logits: ArrayLike<number>): number[] {
  const m = Math.max(...Array.from(logits));
  const lse = m + Math.log(Array.from(logits).reduce((s, l) => s + Math.exp(l - m), 0));
  return Array.from(logits, (l) => (lse - l) / Math.LN2);
}

/** dist [B, K] and the first argmin of bits_k + λ dist[b, k]; x [B, n], ys [B, S, m]. */
export function referenceEcvqEncode(spec: RefSpec, params: ArrayLike<number>, logits: ArrayLike<number>, x: ArrayLike<number>,
                                    ys: ArrayLike<number>, B: number, S: number, lambda: number) {
  const K = logits.length, m = spec.sizes[0] - K, n = spec.sizes[spec.sizes.length - 1];
  const rows = new Float64Array(B * K * S * (K + m));
  for (let b = 0; b < B; ++b)
    for (let k = 0; k < K; ++k)
      for (let s = 0; s < S; ++s) {
        const r = (b * K + k) * S + s;
        rows[r * (K + m) + k] = 1;
        for (let j = 0; j < m; ++j) rows[r * (K + m) + K + j] = ys[(b * S + s) * m + j];
      }
  const { y } = referenceMlp(spec, params, rows, B * K * S, new Float64Array(B * K * S * n));
  const bits = referenceLogSoftmaxBits(logits);
  const dist = new Float64Array(B * K), cost = new Float64Array(B * K), index = new Int32Array(B);
  for (let b = 0; b < B; ++b) {
    for (let k = 0; k < K; ++k) {
      let acc = 0;
      for (let s = 0; s < S; ++s)
        for (let j = 0; j < n; ++j) acc += (y[((b * K + k) * S + s) * n + j] - x[b * n + j]) ** 2;
      dist[b * K + k] = acc / S;
      cost[b * K + k] = bits[k] + lambda * dist[b * K + k];
      if (cost[b * K + k] < cost[b * K + index[b]]) index[b] = k;
    }
  }
  return { dist, cost, index };
}

/** Σ_b −log2 softmax(logits)[index[b]]. */
export function referenceEcvqBits(logits: ArrayLike<number>, index: ArrayLike<number>): number {
  const bits = referenceLogSoftmaxBits(logits);
  return Array.from(index).reduce((s, k) => s + bits[k], 0);
}

/** Σ_b −log2 softmax(logits_b)[index[b]] for one model per row, logits [B·K]: a conditional model's cross-entropy. */
export function referenceRowBits(logits: ArrayLike<number>, K: number, index: ArrayLike<number>): number {
  return Array.from(index).reduce((s, k, b) => s + referenceLogSoftmaxBits(Array.from({ length: K }, (_, j) => logits[b * K + j]))[k], 0);
}
