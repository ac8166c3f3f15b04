/**
 * The Concrete Wyner–Ziv compressor (Özyılkan, Ballé & Erkip, "Learned Wyner–Ziv
 * compressors recover binning", ISIT 2023; §3.1 of "Breaking smoothness"): an encoder MLP
 * f_θ maps x to logits α of p_θ(u|x) = softmax(α); at test time u = argmax α, coded with rANS
 * under the marginal entropy model q_ξ = softmax(ξ); the decoder is x̂ = g_φ(u, y).
 *
 * Training minimises the marginal formulation of the slides,
 *   L_m = E[ log p_θ(u|x) / q_ξ(u) ] + λ E ||x − g_φ(U, y)||²,
 * with the rate term as the exact KL(p_θ(·|x) || q_ξ) in bits (the expectation over u in
 * closed form) and the distortion through the Concrete relaxation U = softmax((α + G)/t),
 * G Gumbel (the `gumbelSoftmax` kernel), so the decoder sees a point inside the simplex
 * while training and a one-hot vector at test time — the mismatch the papers discuss. The
 * temperature t is annealed by the trainer.
 */
import { native } from '../../native.js';
import { gumbelSoftmax, gumbelSoftmaxBackward, type GumbelSample } from '../../nn/gumbel.js';
import { mseLoss } from '../../nn/loss.js';
import { Mlp, type Activation } from '../../nn/mlp.js';
import { Adam } from '../../nn/adam.js';
import type { Rng } from '../../rng.js';
import { axpy, empty, item, type DeviceName, type Tensor } from '../../tensor.js';
import { CategoricalWzModel, checkNonNegative } from './categorical.js';

export interface ConcreteConfig {
  /** Categories K of the latent. */
  codewords: number;
  /** Elements of x per sample (default 1). */
  dim?: number;
  /** Elements of y per sample (default 1). */
  sideDim?: number;
  /** Hidden widths of the encoder f and the decoder g. */
  hidden: number[];
  /** Hidden activation (default leaky_relu). */
  activation?: Activation;
  /** Weight of the distortion in L = R + λ D. */
  lambda: number;
  /** The marginal logits ξ start uniform in [0, logitInit) (default 0.1). */
  logitInit?: number;
}

interface Buffers {
  sample: GumbelSample;
  rows: Tensor;
  dxHat: Tensor;
  du: Tensor;
  dAlpha: Tensor;
  dAlphaRate: Tensor;
  distortion: Tensor;
}

export class Concrete extends CategoricalWzModel {
  readonly encoder: Mlp;
  private readonly buffers = new Map<number, Buffers>();
  private lastBatch = 0;

  constructor(readonly config: ConcreteConfig, options: { seed?: number; device?: DeviceName; lr?: number; params?: { encoder: Float32Array; decoder: Float32Array; logits: Float32Array } } = {}) {
    if (typeof config !== 'object' || config === null) throw new TypeError('config: expected a ConcreteConfig');
    const seed = options.seed ?? 0, device = options.device ?? 'cpu', lr = options.lr ?? 1e-3;
    const activation = config.activation ?? 'leaky_relu';
    super({ codewords: config.codewords, dim: config.dim ?? 1, sideDim: config.sideDim ?? 1, hidden: config.hidden, activation, logitInit: config.logitInit ?? 0.1 },
      seed, device, lr, options.params);
    checkNonNegative('config.lambda', config.lambda);
    this.encoder = new Mlp({ inputs: this.dim, hidden: config.hidden, outputs: this.K, activation }, { seed: seed * 3 + 2, device, params: options.params?.encoder });
    this.parts.push({ name: 'encoder', opt: new Adam(this.encoder.params, { lr }) });
  }

  private buffersFor(batch: number): Buffers {
    let b = this.buffers.get(batch);
    if (!b) {
      const dev = this.device, K = this.K;
      b = {
        sample: { u: empty([batch, K], 'float32', dev), index: empty([batch], 'int32', dev) },
        rows: empty([batch, K + this.sideDim], 'float32', dev),
        dxHat: empty([batch, this.dim], 'float32', dev),
        du: empty([batch, K], 'float32', dev),
        dAlpha: empty([batch, K], 'float32', dev),
        dAlphaRate: empty([batch, K], 'float32', dev),
        distortion: empty([1], 'float32', dev),
      };
      if (this.buffers.size >= 4) this.buffers.delete(this.buffers.keys().next().value as number);
      this.buffers.set(batch, b);
    }
    return b;
  }

  /** u = argmax_k α_k(x) [B] (int32, a buffer reused for this batch size); no side information. */
  encode(x: Tensor): Tensor {
    const b = this.buffersFor(this.checkX(x));
    return gumbelSoftmax(this.encoder.forward(x), 1, null, b.sample).index;
  }

  /** One step on pairs (x [B, dim], y [B, sideDim]) at temperature t; `rng` draws the Gumbel noise. No read-back. */
  step(x: Tensor, y: Tensor, temperature: number, rng: Rng, lr?: number): void {
    const batch = this.checkX(x), b = this.buffersFor(batch);
    const alpha = this.encoder.forward(x);
    gumbelSoftmax(alpha, temperature, rng, b.sample);
    native.concatColumns(b.sample.u, y, b.rows);
    const xHat = this.decoder.forward(b.rows);
    mseLoss(xHat, x, b.dxHat, b.distortion, this.config.lambda * this.dim);
    const dRows = this.decoder.backward(b.dxHat)!;
    native.splitColumns(dRows, b.du, null);
    gumbelSoftmaxBackward(b.sample.u, b.du, temperature, b.dAlpha);
    // rate: Σ_b KL(p_θ(·|x_b) || q_ξ) / B, gradients to α and ξ
    native.concreteRate(alpha, this.logits, 1 / batch, b.dAlphaRate, this.logitGrad, this.bits);
    axpy(1, b.dAlphaRate, b.dAlpha);
    this.encoder.backward(b.dAlpha, { inputGrad: false });
    for (const [i, grad] of [this.decoder.grad, this.logitGrad, this.encoder.grad].entries()) this.parts[i].opt.step(grad, lr);
    this.lastBatch = batch;
  }

  /** The last step's KL rate (bits), relaxed distortion and loss, read back from the device. */
  metrics(): { rate: number; distortion: number; loss: number } {
    if (this.lastBatch === 0) throw new Error('metrics: no training step has run yet');
    const distortion = item(this.buffersFor(this.lastBatch).distortion) * this.dim;
    const rate = item(this.bits) / this.lastBatch;
    return { rate, distortion, loss: rate + this.config.lambda * distortion };
  }

  modelTensors(): { tensors: Record<string, Tensor>; metadata: Record<string, string> } {
    return { tensors: this.partTensors(), metadata: { 'rdlab.codec': 'wz-concrete', 'concrete.config': JSON.stringify(this.config) } };
  }
}
