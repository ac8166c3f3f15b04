/**
 * Variational entropy-constrained VQ with decoder side information (Özyılkan, Ballé &
 * Erkip, "Neural distributed compressor discovers binning", JSAIT 2024, Sec. III-B, eq. (5)):
 *
 *   u = argmin_k E_{p(y|x)} [ −log2 p_ξ(k) + λ · ||x − g_φ(k, y)||² ],   p_ξ = softmax(ξ),
 *
 * an exhaustive encoder with no parameters of its own (the native `ecvqEncode` kernel,
 * K·S decoder evaluations per sample over S draws of the exact posterior p(y|x)), a decoder
 * MLP g_φ on concat(one-hot(k), y), and a categorical entropy model p_ξ that codes u with rANS.
 *
 * Training minimises  E[ −log2 p_ξ(u) + λ ||x − g_φ(u, y)||² ]  over φ and ξ with u held fixed.
 * The public JAX code backpropagates the encoder's S-sample distortion estimate; here the
 * distortion uses the pair's own y, which with the exact posterior is an unbiased estimate of
 * the same expectation at B decoder rows per step instead of B·S. Before the encoder is
 * switched on, {@link warmupStep} fits the decoder to anchors (x_a, k_a): source samples
 * with random codewords, fresh y ~ p(y|x_a) each step, as the JAX code's pre-training does.
 * With more anchors than codewords (the JAX code uses 2K for the Gaussian pairs) a codeword
 * starts out standing for several distant x told apart by y — binning from the start.
 */
import { decodeCategorical, encodeCategorical } from '../../coding/entropyCoders.js';
import { native } from '../../native.js';
import { Adam } from '../../nn/adam.js';
import { mseLoss } from '../../nn/loss.js';
import { Mlp, type Activation } from '../../nn/mlp.js';
import { empty, full, item, tensor, type DeviceName, type Tensor } from '../../tensor.js';

export interface EcvqConfig {
  /** Codebook size K (the rate is at most log2 K bits). */
  codewords: number;
  /** Elements of x per sample (default 1). */
  dim?: number;
  /** Elements of the side information y per sample (default 1). */
  sideDim?: number;
  /** Hidden widths of the decoder g (JSAIT code: [100, 100]). */
  hidden: number[];
  /** Hidden activation of g (default leaky_relu, as the JSAIT code). */
  activation?: Activation;
  /** Weight of the distortion in the encoder's cost and the loss R + λ D (R in bits, D squared error per sample). */
  lambda: number;
  /** Draws S of p(y|x) the encoder averages over (JSAIT code: 16). */
  sideSamples: number;
  /** The logits ξ start uniform in [0, logitInit) (default 0.1, as the JSAIT code). */
  logitInit?: number;
}

export interface EcvqMetrics {
  rate: number;
  distortion: number;
  loss: number;
}

export interface EcvqEvaluation {
  rate_bits: number;
  rate_estimate_bits: number;
  distortion: number;
}

/** A compressed batch: the rANS bitstream of the indices. */
export interface EcvqBitstream {
  bytes: Uint8Array;
  samples: number;
}

interface Buffers {
  index: Tensor;
  dist: Tensor;
  rows: Tensor;
  dxHat: Tensor;
  distortion: Tensor;
}

function checkInt(name: string, v: unknown, lo: number, hi: number): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < lo || v > hi) throw new RangeError(`${name}: expected an integer in [${lo}, ${hi}], got ${String(v)}`);
  return v;
}

export class Ecvq {
  readonly decoder: Mlp;
  /** The entropy model's logits ξ [K]. */
  readonly logits: Tensor;
  readonly K: number;
  readonly dim: number;
  readonly sideDim: number;
  private readonly logitGrad: Tensor;
  private readonly bits: Tensor;
  private readonly optimizers: [Adam, Adam];
  private readonly buffers = new Map<number, Buffers>();
  private lastBatch = 0;

  constructor(readonly config: EcvqConfig, options: { seed?: number; device?: DeviceName; lr?: number; params?: { decoder: Float32Array; logits: Float32Array } } = {}) {
    if (typeof config !== 'object' || config === null) throw new TypeError('config: expected an EcvqConfig');
    this.K = checkInt('config.codewords', config.codewords, 2, 1 << 16);
    this.dim = checkInt('config.dim', config.dim ?? 1, 1, 1 << 16);
    this.sideDim = checkInt('config.sideDim', config.sideDim ?? 1, 1, 1 << 16);
    checkInt('config.sideSamples', config.sideSamples, 1, 1 << 16);
    if (!(Number.isFinite(config.lambda) && config.lambda >= 0)) throw new RangeError(`config.lambda: expected a non-negative number, got ${String(config.lambda)}`);
    const logitInit = config.logitInit ?? 0.1;
    if (!(Number.isFinite(logitInit) && logitInit >= 0)) throw new RangeError(`config.logitInit: expected a non-negative number, got ${String(logitInit)}`);
    const seed = options.seed ?? 0, device = options.device ?? 'cpu';
    this.decoder = new Mlp(
      { inputs: this.K + this.sideDim, hidden: config.hidden, outputs: this.dim, activation: config.activation ?? 'leaky_relu' },
      { seed: seed * 2, device, params: options.params?.decoder },
    );
    let init = options.params?.logits;
    if (init !== undefined && init.length !== this.K) throw new RangeError(`options.params.logits: expected ${this.K} logits, got ${init.length}`);
    if (init === undefined) {
      const u = empty([this.K], 'float32', 'cpu');
      native.rngFill(u, 'uniform', seed * 2 + 1, 0, 0);
      init = (u.toArray() as Float32Array).map((v) => v * logitInit);
    }
    this.logits = tensor(init, [this.K], device);
    this.logitGrad = empty([this.K], 'float32', device);
    this.bits = full([1], 0, device); // warm-up steps code nothing: rate 0
    const lr = options.lr ?? 1e-3;
    this.optimizers = [new Adam(this.decoder.params, { lr }), new Adam(this.logits, { lr })];
  }

  get device(): DeviceName {
    return this.decoder.device;
  }

  private buffersFor(batch: number): Buffers {
    let b = this.buffers.get(batch);
    if (!b) {
      const dev = this.device;
      b = {
        index: empty([batch], 'int32', dev),
        dist: empty([batch, this.K], 'float32', dev),
        rows: empty([batch, this.K + this.sideDim], 'float32', dev),
        dxHat: empty([batch, this.dim], 'float32', dev),
        distortion: empty([1], 'float32', dev),
      };
      if (this.buffers.size >= 4) this.buffers.delete(this.buffers.keys().next().value as number);
      this.buffers.set(batch, b);
    }
    return b;
  }

  private checkX(x: Tensor): number {
    if (x.shape.length !== 2 || x.shape[1] !== this.dim || !(x.shape[0] >= 1))
      throw new RangeError(`x: expected shape [batch, ${this.dim}], got [${x.shape.join(', ')}]`);
    return x.shape[0];
  }

  /**
   * The encoder: u [B] (int32, a buffer reused for this batch size) for x [B, dim] given
   * ys [B, S, sideDim], draws of p(y|x).
   */
  encode(x: Tensor, ys: Tensor): Tensor {
    const b = this.buffersFor(this.checkX(x));
    native.ecvqEncode(this.decoder.spec, this.decoder.params, this.logits, x, ys, this.config.lambda, b.index, b.dist);
    return b.index;
  }

  /** x̂ = g(u, y) [B, dim] for indices u [B] (int32) and side information y [B, sideDim] (a workspace of g). */
  decode(index: Tensor, y: Tensor): Tensor {
    const batch = index.shape[0];
    if (y.shape.length !== 2 || y.shape[0] !== batch || y.shape[1] !== this.sideDim)
      throw new RangeError(`y: expected shape [${batch}, ${this.sideDim}], got [${y.shape.join(', ')}]`);
    const b = this.buffersFor(batch);
    native.ecvqDecoderInput(this.K, index, y.view(0, [batch, 1, this.sideDim]), b.rows);
    return this.decoder.forward(b.rows);
  }

  /** Distortion gradient step on g through x̂ = g(u, y) against x, and the rate gradient on ξ when `rate`. */
  private fit(index: Tensor, x: Tensor, y: Tensor, rate: boolean, lr?: number): void {
    const batch = this.checkX(x), b = this.buffersFor(batch);
    const xHat = this.decode(index, y);
    // d(λ D)/d x̂ with D the squared error per sample = dim · mse
    mseLoss(xHat, x, b.dxHat, b.distortion, (rate ? this.config.lambda : 1) * this.dim);
    this.decoder.backward(b.dxHat, { inputGrad: false });
    this.optimizers[0].step(this.decoder.grad, lr);
    if (rate) {
      native.ecvqRate(this.logits, index, 1 / batch, this.logitGrad, this.bits);
      this.optimizers[1].step(this.logitGrad, lr);
    }
    this.lastBatch = batch;
  }

  /**
   * One decoder warm-up step: fits g(k_a, y_a) to x_a by squared error for anchors x [A, dim]
   * with codewords index [A] (int32) and fresh draws y [A, sideDim] of p(y | x_a). The
   * entropy model rests.
   */
  warmupStep(index: Tensor, x: Tensor, y: Tensor, lr?: number): void {
    this.fit(index, x, y, false, lr);
  }

  /** One training step on pairs (x [B, dim], y [B, sideDim]) with ys [B, S, sideDim] ~ p(y|x) for the encoder. No read-back. */
  step(x: Tensor, y: Tensor, ys: Tensor, lr?: number): void {
    this.fit(this.encode(x, ys), x, y, true, lr);
  }

  /** The last step's rate (bits), distortion and loss, read back from the device. */
  metrics(): EcvqMetrics {
    if (this.lastBatch === 0) throw new Error('metrics: no training step has run yet');
    const distortion = item(this.buffersFor(this.lastBatch).distortion) * this.dim;
    const rate = item(this.bits) / this.lastBatch;
    return { rate, distortion, loss: rate + this.config.lambda * distortion };
  }

  /** p_ξ = softmax(ξ) in float64, the coder's table (the same on encoder and decoder from the same float32 logits). */
  pmf(): Float64Array {
    const l = Array.from(this.logits.toArray());
    const m = Math.max(...l);
    const e = l.map((v) => Math.exp(v - m));
    const s = e.reduce((a, b) => a + b, 0);
    return Float64Array.from(e, (v) => v / s);
  }

  /** Compresses x [B, dim] given ys ~ p(y|x): the indices coded with rANS under p_ξ. */
  compress(x: Tensor, ys: Tensor): EcvqBitstream {
    const index = this.encode(x, ys).toArray() as Int32Array;
    return { bytes: encodeCategorical(Uint32Array.from(index), [this.pmf()]), samples: index.length };
  }

  /** Decodes a bitstream with the side information y [samples, sideDim]: x̂ (a new tensor). */
  decompress(stream: EcvqBitstream, y: Tensor): Tensor {
    const index = decodeCategorical(stream.bytes, stream.samples, [this.pmf()]);
    const u = tensor(Int32Array.from(index), [stream.samples], this.device);
    return this.decode(u, y).to(this.device);
  }

  /** Real bitstream length, the model's cross-entropy and the decoded distortion on held-out pairs. */
  evaluate(x: Tensor, y: Tensor, ys: Tensor): EcvqEvaluation {
    const n = this.checkX(x);
    const stream = this.compress(x, ys);
    const xHat = this.decompress(stream, y);
    // compress() left the encoder's indices in this batch size's buffer
    native.ecvqRate(this.logits, this.buffersFor(n).index, 0, this.logitGrad, this.bits);
    return { rate_bits: (stream.bytes.length * 8) / n, rate_estimate_bits: item(this.bits) / n, distortion: item(mseLoss(xHat, x)) * this.dim };
  }

  state(): Record<string, Tensor | number> {
    const s: Record<string, Tensor | number> = {};
    (['decoder', 'logits'] as const).forEach((name, i) => {
      const opt = this.optimizers[i];
      s[`${name}.params`] = opt.params;
      s[`${name}.m`] = opt.m;
      s[`${name}.v`] = opt.v;
      s[`${name}.steps`] = opt.steps;
    });
    return s;
  }

  load(state: Record<string, unknown>): void {
    (['decoder', 'logits'] as const).forEach((name, i) => {
      const opt = this.optimizers[i];
      for (const part of ['params', 'm', 'v'] as const) {
        const t = state[`${name}.${part}`];
        if (t === undefined) throw new RangeError(`state: missing '${name}.${part}'`);
        opt[part].copyFrom(t as Tensor);
      }
      opt.steps = Number(state[`${name}.steps`]);
    });
  }

  modelTensors(): { tensors: Record<string, Tensor>; metadata: Record<string, string> } {
    return {
      tensors: { 'decoder.params': this.decoder.params, logits: this.logits },
      metadata: { 'rdlab.codec': 'wz-ecvq', 'ecvq.config': JSON.stringify(this.config) },
    };
  }
}
