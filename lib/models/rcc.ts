/**
 * One-shot lossy compression by reverse channel coding (NERD paper, Sec. V): PFR (Li & El
 * Gamal 2017) or ORC (Theis & Yosri 2021) simulate the R(D)-achieving channel Q_{Y|X};
 * the encoder sends the index K of eq. (30), coded under the Zipf law q(k) ∝ k^{−(1 + 1/(C +
 * e^{-1} log2 e + 1))} with C = R(D) (Huffman, or rANS for long sequences), and the decoder
 * regenerates Y_K from the shared seed. Guarantee: rate ≤ R + log2(R + 1) + 5 (eq. (25)).
 *
 * The exact channel for X ~ N(0, diag(σ²)) under summed squared error, derived from the
 * backward channel X = Y + W (Cover & Thomas Thm. 10.3.3): with water level λ, for
 * σ²_k > λ, Y_k ~ N(0, σ²_k − λ) and W_k ~ N(0, λ) independent, so the forward channel is
 *
 *   Q_{Y_k | X_k = x} = N(a_k x, a_k λ),  a_k = (σ²_k − λ)/σ²_k,   Q_{Y_k} = N(0, σ²_k − λ),
 *
 * and Y_k = 0 for σ²_k ≤ λ. Its density ratio is dQ_{Y|X=x}/dQ_Y (y) ∝ e^{−||x − y||²/(2λ)}
 * (the y² terms cancel), i.e. Prop. 1 with β* = −1/(2λ): candidates are drawn from
 * N(0, diag(max(σ² − λ, 0))) and scored by ||x − Y_i||² + 2λ ln W_i. The form printed in the
 * paper, Q_{Y|X=x} = N(x, λ) with Q_Y = N(0, σ² + λ), is the additive channel Y = X + N: it
 * has distortion λ per active component but I(X;Y) = ½ log2((σ² + λ)/λ) > R(D), and its
 * density ratio is not a function of ||x − y||² alone, so scoring its candidates with
 * 2λ ln W (as the authors' code does, with 2θ ln T) does not simulate it either.
 */
import { decodeZipfIndices, encodeZipfIndices } from '../coding/entropyCoders.js';
import { native } from '../native.js';
import { empty, tensor, type DeviceName, type Tensor } from '../tensor.js';

/** The R(D)-achieving channel of independent Gaussian components at summed distortion D. */
export interface GaussianRdChannel {
  /** Water level λ: D_k = min(λ, σ²_k). */
  lambda: number;
  /** β* = −1/(2λ), nats per unit distortion. */
  beta: number;
  /** R(D) in bits: Σ_{σ²_k > λ} ½ log2(σ²_k / λ). */
  rateBits: number;
  /** Standard deviations of Q_Y: sqrt(max(σ²_k − λ, 0)). */
  scale: Float32Array;
}

export function gaussianRdChannel(variances: readonly number[], distortion: number): GaussianRdChannel {
  if (!Array.isArray(variances) || variances.length === 0 || variances.some((v) => !(Number.isFinite(v) && v > 0)))
    throw new RangeError('variances: expected a non-empty array of positive numbers');
  const total = variances.reduce((a, b) => a + b, 0);
  if (!(distortion > 0 && distortion < total))
    throw new RangeError(`distortion: expected a value in (0, ${total}) (the zero-rate distortion), got ${distortion}`);
  // Σ_k min(λ, σ²_k) = D is increasing in λ: bisect to the last bit
  let lo = 0, hi = Math.max(...variances);
  for (let it = 0; it < 200 && hi - lo > 0; ++it) {
    const mid = 0.5 * (lo + hi);
    if (mid === lo || mid === hi) break;
    if (variances.reduce((a, v) => a + Math.min(mid, v), 0) < distortion) lo = mid;
    else hi = mid;
  }
  const lambda = 0.5 * (lo + hi);
  const rateBits = variances.reduce((a, v) => a + (v > lambda ? 0.5 * Math.log2(v / lambda) : 0), 0);
  return { lambda, beta: -1 / (2 * lambda), rateBits, scale: Float32Array.from(variances, (v) => Math.sqrt(Math.max(v - lambda, 0))) };
}

export interface RccOptions {
  method: 'pfr' | 'orc';
  /** Candidates per sample, N (at most 2^30). */
  candidates: number;
  /** The shared randomness: encoder and decoder must agree on it. */
  seed: number;
  /** Index code (default 'huffman': a prefix code per index). */
  coder?: 'huffman' | 'rans';
}

/** A compressed batch: the coded indices of `count` samples starting at sample `offset`. */
export interface RccBitstream {
  bytes: Uint8Array;
  bits: number;
  count: number;
  offset: number;
}

/**
 * PFR/ORC codec for a Gaussian Q_Y = N(0, diag(scale²)) at slope β < 0, with the index coded
 * under the Zipf law with parameter `rateBits` (C in Algorithms 2 and 3 of the paper).
 */
export class GaussianRcc {
  private readonly scales = new Map<DeviceName, Tensor>();

  constructor(readonly channel: Pick<GaussianRdChannel, 'beta' | 'rateBits' | 'scale'>, readonly options: RccOptions) {
    if (options.method !== 'pfr' && options.method !== 'orc') throw new RangeError(`options.method: expected 'pfr' or 'orc', got ${String(options.method)}`);
    if (!(Number.isInteger(options.candidates) && options.candidates >= 1 && options.candidates <= 2 ** 30))
      throw new RangeError(`options.candidates: expected an integer in [1, 2^30], got ${String(options.candidates)}`);
  }

  private scale(device: DeviceName): Tensor {
    let s = this.scales.get(device);
    if (!s) this.scales.set(device, (s = tensor(this.channel.scale, [this.channel.scale.length], device)));
    return s;
  }

  /** The chosen indices K (0-based) of x [S, m] and the reproductions Y_K [S, m]. */
  search(x: Tensor, offset = 0): { indices: Int32Array; y: Tensor } {
    const S = x.shape[0], idx = empty([S], 'int32', x.device), y = empty([S, x.shape[1]], 'float32', x.device);
    const { method, candidates, seed } = this.options;
    native.orcSearch(method, x, this.scale(x.device), this.channel.beta, candidates, seed, offset, idx, y);
    return { indices: idx.toArray() as Int32Array, y };
  }

  /** Compresses x [S, m] (samples offset … offset + S − 1 of the shared randomness). */
  encode(x: Tensor, offset = 0): RccBitstream & { y: Tensor } {
    const { indices, y } = this.search(x, offset);
    const oneBased = Uint32Array.from(indices, (k) => k + 1);
    const { bytes, bits } = encodeZipfIndices(oneBased, this.channel.rateBits, this.options.candidates, this.options.coder ?? 'huffman');
    return { bytes, bits, count: x.shape[0], offset, y };
  }

  /** Regenerates Y_K [count, m] from a bitstream of {@link encode}. */
  decode(stream: RccBitstream, device: DeviceName = 'cpu'): Tensor {
    const k = decodeZipfIndices(stream.bytes, stream.count, this.channel.rateBits, this.options.candidates, this.options.coder ?? 'huffman');
    const idx = tensor(Int32Array.from(k, (v) => v - 1), [stream.count], device);
    const y = empty([stream.count, this.channel.scale.length], 'float32', device);
    native.orcCandidates(idx, this.scale(device), this.options.seed, stream.offset, y);
    return y;
  }
}
