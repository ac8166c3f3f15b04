/**
 * Float64 reference MLP with rdlab's parameter layout (W_l [in, out] row-major, then b_l),
 * for checking the native kernels: forward outputs, parameter and input gradients of
 * L = sum(dy * y).
 */
import type { Activation } from '../../lib/nn/mlp.js';

export function act(a: Activation, x: number, slope: number): number {
  switch (a) {
    case 'relu': return Math.max(x, 0);
    case 'leaky_relu': return x > 0 ? x : slope * x;
    case 'softplus': return Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
    case 'tanh': return Math.tanh(x);
    case 'sigmoid': return 1 / (1 + Math.exp(-x));
    default: return x;
  }
}

export function actGrad(a: Activation, x: number, slope: number): number {
  switch (a) {
    case 'relu': return x > 0 ? 1 : 0;
    case 'leaky_relu': return x > 0 ? 1 : slope;
    case 'softplus': return 1 / (1 + Math.exp(-x));
    case 'tanh': return 1 - Math.tanh(x) ** 2;
    case 'sigmoid': { const s = 1 / (1 + Math.exp(-x)); return s * (1 - s); }
    default: return 1;
  }
}

export interface RefSpec { sizes: number[]; acts: Activation[]; leakySlope?: number }

export interface RefResult { y: Float64Array; grad: Float64Array; dx: Float64Array }

export function referenceMlp(spec: RefSpec, params: ArrayLike<number>, x: ArrayLike<number>, batch: number, dy: ArrayLike<number>): RefResult {
  const { sizes, acts } = spec;
  const slope = spec.leakySlope ?? 0.01;
  const L = sizes.length - 1;
  const offs: number[] = [];
  let off = 0;
  for (let l = 0; l < L; ++l) { offs.push(off); off += sizes[l] * sizes[l + 1] + sizes[l + 1]; }
  const ins: Float64Array[] = [Float64Array.from(x)];
  const pres: Float64Array[] = [];
  for (let l = 0; l < L; ++l) {
    const k = sizes[l], n = sizes[l + 1], W = offs[l], B = W + k * n;
    const pre = new Float64Array(batch * n), out = new Float64Array(batch * n);
    for (let r = 0; r < batch; ++r)
      for (let j = 0; j < n; ++j) {
        let s = params[B + j];
        for (let p = 0; p < k; ++p) s += ins[l][r * k + p] * params[W + p * n + j];
        pre[r * n + j] = s;
        out[r * n + j] = act(acts[l], s, slope);
      }
    pres.push(pre);
    ins.push(out);
  }
  const grad = new Float64Array(off);
  let delta = Float64Array.from(dy);
  for (let l = L - 1; l >= 0; --l) {
    const k = sizes[l], n = sizes[l + 1], W = offs[l], B = W + k * n;
    for (let i = 0; i < batch * n; ++i) delta[i] *= actGrad(acts[l], pres[l][i], slope);
    for (let r = 0; r < batch; ++r)
      for (let j = 0; j < n; ++j) {
        grad[B + j] += delta[r * n + j];
        for (let p = 0; p < k; ++p) grad[W + p * n + j] += ins[l][r * k + p] * delta[r * n + j];
      }
    const prev = new Float64Array(batch * k);
    for (let r = 0; r < batch; ++r)
      for (let p = 0; p < k; ++p) {
        let s = 0;
        for (let j = 0; j < n; ++j) s += delta[r * n + j] * params[W + p * n + j];
        prev[r * k + p] = s;
      }
    delta = prev;
  }
  return { y: ins[L], grad, dx: delta };
}
