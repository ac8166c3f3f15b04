/**
 * Quantization for neural transform coding (Yang, Mandt & Theis, "An introduction to
 * neural data compression", §3.3.3): additive uniform noise ỹ = y + u, u ~ U(−½, ½), as
 * the training proxy of rounding (Ballé et al. 2017), and hard rounding ŷ = round(y − m) + m
 * at test time. Straight-through rounding (Theis et al. 2017) is {@link round} forward and
 * the identity backward: the caller passes the gradient through unchanged, so there is no
 * backward op.
 */
import { native } from '../native.js';
import { requireRng, type Rng } from '../rng.js';
import { empty, requireTensor, type Tensor } from '../tensor.js';

/**
 * ỹ = y + u with u ~ U(−½, ½) drawn from `rng` (Philox: the same noise on every device
 * for the same seed and position); advances the stream. Writes `out` (default: a new tensor;
 * may be y itself).
 */
export function addUniformNoise(y: Tensor, rng: Rng, out?: Tensor): Tensor {
  requireTensor('y', y);
  requireRng('rng', rng);
  out ??= empty(y.shape, 'float32', y.device);
  const counter = rng.reserve(y.size, 'uniform');
  native.quantizeNoise(y, out, rng.seed, rng.stream, counter);
  return out;
}

/**
 * ŷ = round(y − m) + m, half to even (as tf.round), with m = offset[c] for the channel c
 * (last dimension of y; e.g. the median of each channel's density) or 0. Writes `out`
 * (default: a new tensor; may be y itself).
 */
export function round(y: Tensor, offset: Tensor | null = null, out: Tensor = empty(requireTensor('y', y).shape, 'float32', y.device)): Tensor {
  native.quantizeRound(y, offset, out);
  return out;
}
