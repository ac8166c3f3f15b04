/**
 * What the Wyner–Ziv compressors with a categorical latent share (Özyılkan, Ballé & Erkip,
 * ISIT 2023 and JSAIT 2024): an index u ∈ {0, …, K−1} coded with rANS under the marginal
 * entropy model p_ξ(u) = softmax(ξ), and a decoder MLP x̂ = g(u, y) on concat(one-hot(u), y).
 * Subclasses supply the encoder (the exhaustive ECVQ argmin, or a Concrete encoder network).
 */
import { requireBytes, requireInteger, requireNonNegative, requireObject } from '../../validate.js';
import { decodeCategorical, DEFAULT_PRECISION, encodeCategorical } from '../../coding/entropyCoders.js';
import { native } from '../../native.js';
import { Adam, adamState, loadAdamState } from '../../nn/adam.js';
import { mseLoss } from '../../nn/loss.js';
import { Mlp, type Activation } from '../../nn/mlp.js';
import { keep } from '../../scope.js';
import { empty, full, item, requireFiniteValues, requireMatrix, requireTensor, tensor, type DeviceName, type Tensor } from '../../tensor.js';

export interface CategoricalEvaluation {
  /** Measured bitstream length per sample. */
  rate_bits: number;
  /** Σ −log2 p_ξ(u) per sample. */
  rate_estimate_bits: number;
  /** Squared error per sample of the decoded x̂. */
  distortion: number;
}

/** A compressed batch: the rANS bitstream of the indices. */
export interface CategoricalBitstream {
  bytes: Uint8Array;
  samples: number;
  /** Whether the bitstream was coded with the rANS sentinel (default true; false for a version 1 `.rdc` file's). */
  sentinel?: boolean;
}

/** What every categorical Wyner–Ziv model is configured with (the user-facing form of {@link CategoricalShape}). */
export interface CategoricalConfig {
  /** Categories K of the latent (the rate is at most log2 K bits). */
  codewords: number;
  /** Elements of x per sample (default 1). */
  dim?: number;
  /** Elements of the side information y per sample (default 1). */
  sideDim?: number;
  /** Hidden widths of the model's MLPs (the decoder g, and the encoder f where there is one). */
  hidden: number[];
  /** Hidden activation (default leaky_relu). */
  activation?: Activation;
  /** Weight of the distortion in L = R + λ D (R in bits, D squared error per sample). */
  lambda: number;
  /** The logits ξ start uniform in [0, logitInit) (default 0.1). */
  logitInit?: number;
}

export interface CategoricalShape {
  codewords: number;
  dim: number;
  sideDim: number;
  hidden: number[];
  activation: Activation;
  /** The logits ξ start uniform in [0, logitInit). */
  logitInit: number;
  /**
   * 'marginal' (default): the index is coded under p_ξ. 'conditional': the subclass brings a
   * model of u given y instead, ξ is neither trained nor saved, and there is no bitstream.
   */
  entropyModel?: EntropyModelKind;
}

/** The entropy model of the index: marginal q_ξ(u) (L_m of the binning slides) or conditional q_ζ(u | y) (L_c). */
export type EntropyModelKind = 'marginal' | 'conditional';

export abstract class CategoricalWzModel {
  readonly decoder: Mlp;
  /** The marginal entropy model's logits ξ [K] (unused when {@link entropyModel} is 'conditional'). */
  readonly logits: Tensor;
  readonly entropyModel: EntropyModelKind;
  readonly K: number;
  readonly dim: number;
  readonly sideDim: number;
  /** Gradient of the rate with respect to ξ, and the last rate in bits (0 until a step codes something). */
  protected readonly logitGrad: Tensor;
  protected readonly bits: Tensor;
  /** Each trained part's optimizer, by name (state() keys). */
  protected readonly parts: { name: string; opt: Adam }[] = [];
  private readonly rows = new Map<number, Tensor>();

  protected constructor(shape: CategoricalShape, seed: number, device: DeviceName, lr: number, params?: { decoder: Float32Array; logits?: Float32Array }) {
    this.K = requireInteger('config.codewords', shape.codewords, 2, 1 << 16);
    this.dim = requireInteger('config.dim', shape.dim, 1, 1 << 16);
    this.sideDim = requireInteger('config.sideDim', shape.sideDim, 1, 1 << 16);
    requireNonNegative('config.logitInit', shape.logitInit);
    this.entropyModel = shape.entropyModel ?? 'marginal';
    if (this.entropyModel !== 'marginal' && this.entropyModel !== 'conditional')
      throw new RangeError(`config.entropyModel: expected 'marginal' or 'conditional', got ${String(shape.entropyModel)}`);
    this.decoder = new Mlp(
      { inputs: this.K + this.sideDim, hidden: shape.hidden, outputs: this.dim, activation: shape.activation },
      { seed: seed * 3, device, params: params?.decoder },
    );
    let init = params?.logits;
    if (init !== undefined && init.length !== this.K) throw new RangeError(`options.params.logits: expected ${this.K} logits, got ${init.length}`);
    if (init === undefined) {
      const u = empty([this.K], 'float32', 'cpu');
      native.rngFill(u, 'uniform', seed * 3 + 1, 0, 0);
      init = (u.toArray() as Float32Array).map((v) => v * shape.logitInit);
    }
    this.logits = tensor(init, [this.K], device);
    this.logitGrad = empty([this.K], 'float32', device);
    this.bits = full([1], 0, device);
    this.parts.push({ name: 'decoder', opt: new Adam(this.decoder.params, { lr }) });
    if (this.entropyModel === 'marginal') this.parts.push({ name: 'logits', opt: new Adam(this.logits, { lr }) });
  }

  get device(): DeviceName {
    return this.decoder.device;
  }

  protected checkX(x: Tensor): number {
    return requireMatrix('x', x, this.dim).shape[0];
  }

  /** The encoder's indices u [B] (int32) for x [B, dim]; ys [B, S, sideDim] are draws of p(y|x) for encoders that use them. */
  abstract encode(x: Tensor, ys: Tensor | null): Tensor;

  /** x̂ = g(u, y) [B, dim] for indices u [B] (int32) and side information y [B, sideDim] (a workspace of g). */
  decode(index: Tensor, y: Tensor): Tensor {
    requireTensor('index', index);
    if (index.dtype !== 'int32' || index.shape.length !== 1) throw new RangeError(`index: expected an int32 [batch] tensor, got ${index.dtype} [${index.shape.join(', ')}]`);
    requireTensor('y', y);
    const batch = index.shape[0];
    if (y.shape.length !== 2 || y.shape[0] !== batch || y.shape[1] !== this.sideDim)
      throw new RangeError(`y: expected shape [${batch}, ${this.sideDim}], got [${y.shape.join(', ')}]`);
    let rows = this.rows.get(batch);
    if (!rows) {
      if (this.rows.size >= 4) this.rows.delete(this.rows.keys().next().value as number);
      this.rows.set(batch, (rows = keep(empty([batch, this.K + this.sideDim], 'float32', this.device))));  // outlives the caller's scope
    }
    native.ecvqDecoderInput(this.K, index, y.view(0, [batch, 1, this.sideDim]), rows);
    return this.decoder.forward(rows);
  }

  /** The rate of indices u [B] under p_ξ into {@link bits}, and its gradient (× scale) into {@link logitGrad}. */
  protected rate(index: Tensor, scale: number): void {
    native.ecvqRate(this.logits, index, scale, this.logitGrad, this.bits);
  }

  /** p_ξ = softmax(ξ) in float64: the coder's table, the same on encoder and decoder from the same float32 logits. */
  pmf(): Float64Array {
    if (this.entropyModel !== 'marginal')
      throw new Error('a conditional entropy model q(u | y) codes no bitstream (the encoder has no y): its rate is the Slepian-Wolf rate it estimates');
    const l = Array.from(this.logits.toArray());
    const m = Math.max(...l);
    const e = l.map((v) => Math.exp(v - m));
    const s = e.reduce((a, b) => a + b, 0);
    return Float64Array.from(e, (v) => v / s);
  }

  /**
   * Compresses x [B, dim] (ys ~ p(y|x) where the encoder uses them): the indices coded with
   * rANS under p_ξ, with the sentinel (a decode of another number of samples fails).
   */
  compress(x: Tensor, ys: Tensor | null = null): CategoricalBitstream {
    requireFiniteValues('x', requireMatrix('x', x, this.dim));
    return this.code(this.encode(x, ys));
  }

  private code(index: Tensor): CategoricalBitstream {
    const u = index.toArray() as Int32Array;
    return { bytes: encodeCategorical(Uint32Array.from(u), [this.pmf()], null, DEFAULT_PRECISION, true), samples: u.length };
  }

  /** Decodes a bitstream with the side information y [samples, sideDim]: x̂ (a new tensor). */
  decompress(stream: CategoricalBitstream, y: Tensor): Tensor {
    requireObject('stream', stream);
    requireBytes('stream.bytes', stream.bytes);
    requireInteger('stream.samples', stream.samples, 0);
    if (stream.sentinel !== undefined && typeof stream.sentinel !== 'boolean') throw new TypeError('stream.sentinel: expected a boolean or undefined');
    const index = decodeCategorical(stream.bytes, stream.samples, [this.pmf()], null, DEFAULT_PRECISION, stream.sentinel ?? true);
    return this.decode(tensor(Int32Array.from(index), [stream.samples], this.device), y).to(this.device);
  }

  /** Real bitstream length, the model's cross-entropy and the decoded distortion on held-out pairs. */
  evaluate(x: Tensor, y: Tensor, ys: Tensor | null = null): CategoricalEvaluation {
    const n = this.checkX(x);
    const index = this.encode(x, ys);
    const stream = this.code(index);
    this.rate(index, 0);
    const estimate = item(this.bits) / n;
    const xHat = this.decompress(stream, y);
    return { rate_bits: (stream.bytes.length * 8) / n, rate_estimate_bits: estimate, distortion: item(mseLoss(xHat, x)) * this.dim };
  }

  /** Parameters and Adam moments of every part. */
  state(): Record<string, Tensor | number> {
    return adamState(Object.fromEntries(this.parts.map(({ name, opt }) => [name, opt])));
  }

  load(state: Record<string, unknown>): void {
    loadAdamState(Object.fromEntries(this.parts.map(({ name, opt }) => [name, opt])), state);
  }

  /** Every part's parameters, for a model file. */
  protected partTensors(): Record<string, Tensor> {
    return Object.fromEntries(this.parts.map(({ name, opt }) => [name === 'logits' ? 'logits' : `${name}.params`, opt.params]));
  }
}
