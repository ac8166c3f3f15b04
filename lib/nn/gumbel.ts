/**
 * The Gumbel-softmax / Concrete relaxation of a categorical sample (Maddison, Mnih & Teh,
 * ICLR 2017; Jang, Gu & Poole, ICLR 2017), as the Concrete Wyner–Ziv compressor of Özyılkan,
 * Ballé & Erkip (ISIT 2023) trains it: U = softmax((α + G)/t), G i.i.d. standard Gumbel, and
 * the hard sample argmax(α + G) (argmax α without noise, at test time). Temperature
 * annealing is the trainer's schedule.
 */
import { native } from '../native.js';
import { requireRng, type Rng } from '../rng.js';
import { empty, requireTensor, type Tensor } from '../tensor.js';
import { requireObject } from '../validate.js';

export interface GumbelSample {
  /** The relaxed sample U [B, K] (rows on the simplex). */
  u: Tensor;
  /** The hard sample argmax_k (α_k + G_k) [B] (int32). */
  index: Tensor;
}

/**
 * U = softmax((α + G)/t) for logits α [B, K] with Gumbel noise G from `rng` (advanced past
 * B·K draws), or G = 0 when `rng` is null. Writes `out` buffers when given.
 */
export function gumbelSoftmax(logits: Tensor, temperature: number, rng: Rng | null, out?: GumbelSample): GumbelSample {
  requireTensor('logits', logits);
  if (rng !== null) requireRng('rng', rng);
  out = out === undefined ? { u: empty(logits.shape, 'float32', logits.device), index: empty([logits.shape[0]], 'int32', logits.device) } : requireObject<GumbelSample>('out', out);
  const counter = rng ? rng.reserve(logits.size, 'gumbel') : 0n;
  native.gumbelSoftmax(logits, temperature, rng !== null, out.u, out.index, rng?.seed ?? 0, rng?.stream ?? 0, counter);
  return out;
}

/** d loss / d α [B, K] from the forward's U and d loss / d U. */
export function gumbelSoftmaxBackward(u: Tensor, du: Tensor, temperature: number, dlogits: Tensor = empty(requireTensor('u', u).shape, 'float32', u.device)): Tensor {
  native.gumbelSoftmaxBackward(u, du, temperature, dlogits);
  return dlogits;
}
