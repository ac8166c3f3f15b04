/**
 * The Concrete Wyner–Ziv compressor (Özyılkan, Ballé & Erkip, "Learned Wyner–Ziv
 * compressors recover binning", ISIT 2023; §3.1 of "Breaking smoothness"): an encoder MLP
 * f_θ maps x to logits α of p_θ(u|x) = softmax(α); at test time u = argmax α, coded with rANS
 * under the marginal entropy model q_ξ = softmax(ξ); the decoder is x̂ = g_φ(u, y).
 *
 * Training minimises the marginal formulation of the slides,
 *   L_m = E[ log p_θ(u|x) / q_ξ(u) ] + λ E ||x − g_φ(U, y)||²,
 * or, with `entropyModel: 'conditional'`, the conditional one,
 *   L_c = E[ log p_θ(u|x) / q_ζ(u|y) ] + λ E ||x − g_φ(U, y)||²,
 * where q_ζ(u|y) = softmax(h_ζ(y)) and h_ζ is a small MLP of y giving K logits. The rate term
 * is the exact KL(p_θ(·|x) || q) in bits (the expectation over u in closed form), an upper
 * bound on I(X; U) for q_ξ and on I(X; U | Y) for q_ζ; the distortion goes through the
 * Concrete relaxation U = softmax((α + G)/t),
 * G Gumbel (the `gumbelSoftmax` kernel), so the decoder sees a point inside the simplex
 * while training and a one-hot vector at test time — the mismatch the papers discuss. The
 * temperature t is annealed by the trainer.
 *
 * The marginal model's index is a real rANS bitstream. The conditional model's is not: the
 * encoder does not see y, so q_ζ(u|y) cannot drive its coder; what it measures is the
 * Slepian–Wolf rate −E log2 q_ζ(U|Y) ≥ H(U|Y), achievable with long blocks and binning,
 * reported as an estimate and labelled so.
 */
import { requireNonNegative, requireObject } from '../../validate.js';
import { native } from '../../native.js';
import { gumbelSoftmax, gumbelSoftmaxBackward, type GumbelSample } from '../../nn/gumbel.js';
import { mseLoss } from '../../nn/loss.js';
import { Mlp } from '../../nn/mlp.js';
import { Adam } from '../../nn/adam.js';
import { requireRng, type Rng } from '../../rng.js';
import { keep } from '../../scope.js';
import { axpy, empty, item, requireMatrix, tensor, type DeviceName, type Tensor } from '../../tensor.js';
import { CategoricalWzModel, type CategoricalConfig, type CategoricalEvaluation, type EntropyModelKind } from './categorical.js';

export interface ConcreteConfig extends CategoricalConfig {
  /** Marginal q_ξ(u) (default; L_m) or conditional q_ζ(u | y), an MLP of y with the hidden widths above (L_c). */
  entropyModel?: EntropyModelKind;
}

/** The parameters of a saved model: `logits` ξ for the marginal entropy model, `conditional` ζ for the conditional one. */
export interface ConcreteParams {
  encoder: Float32Array;
  decoder: Float32Array;
  logits?: Float32Array;
  conditional?: Float32Array;
}

/** A conditional model's evaluation: no bitstream, so `rate_bits` is the Slepian–Wolf estimate, as `rate_estimate_bits`. */
export interface ConcreteEvaluation extends CategoricalEvaluation {
  /** 'bitstream': rate_bits is a measured rANS stream; 'slepian-wolf-estimate': −E log2 q_ζ(U|Y) on the pairs given. */
  rate_kind: 'bitstream' | 'slepian-wolf-estimate';
}

interface Buffers {
  sample: GumbelSample;
  rows: Tensor;
  dxHat: Tensor;
  du: Tensor;
  dAlpha: Tensor;
  dAlphaRate: Tensor;
  distortion: Tensor;
  /** d rate / d h_ζ(y) [B, K] (conditional model only). */
  dBeta: Tensor | null;
}

export class Concrete extends CategoricalWzModel {
  readonly encoder: Mlp;
  /** h_ζ: y ↦ the K logits of q_ζ(u | y); null for the marginal model. */
  readonly conditional: Mlp | null;
  private readonly buffers = new Map<number, Buffers>();
  private lastBatch = 0;

  constructor(readonly config: ConcreteConfig, options: { seed?: number; device?: DeviceName; lr?: number; params?: ConcreteParams } = {}) {
    if (typeof config !== 'object' || config === null) throw new TypeError('config: expected a ConcreteConfig');
    requireObject('options', options);
    const seed = options.seed ?? 0, device = options.device ?? 'cpu', lr = options.lr ?? 1e-3;
    const activation = config.activation ?? 'leaky_relu';
    super({ codewords: config.codewords, dim: config.dim ?? 1, sideDim: config.sideDim ?? 1, hidden: config.hidden, activation, logitInit: config.logitInit ?? 0.1, entropyModel: config.entropyModel },
      seed, device, lr, options.params);
    requireNonNegative('config.lambda', config.lambda);
    this.encoder = new Mlp({ inputs: this.dim, hidden: config.hidden, outputs: this.K, activation }, { seed: seed * 3 + 2, device, params: options.params?.encoder });
    this.parts.push({ name: 'encoder', opt: new Adam(this.encoder.params, { lr }) });
    this.conditional = null;
    if (this.entropyModel === 'conditional') {
      this.conditional = new Mlp({ inputs: this.sideDim, hidden: config.hidden, outputs: this.K, activation }, { seed: seed * 3 + 3, device, params: options.params?.conditional });
      this.parts.push({ name: 'conditional', opt: new Adam(this.conditional.params, { lr }) });
    }
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
        dBeta: this.conditional ? empty([batch, K], 'float32', dev) : null,
      };
      if (this.buffers.size >= 4) this.buffers.delete(this.buffers.keys().next().value as number);
      this.buffers.set(batch, keep(b));  // outlives the caller's scope
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
    requireMatrix('y', y, this.sideDim);
    requireRng('rng', rng);
    const batch = this.checkX(x), b = this.buffersFor(batch);
    const alpha = this.encoder.forward(x);
    gumbelSoftmax(alpha, temperature, rng, b.sample);
    native.concatColumns(b.sample.u, y, b.rows);
    const xHat = this.decoder.forward(b.rows);
    mseLoss(xHat, x, b.dxHat, b.distortion, this.config.lambda * this.dim);
    const dRows = this.decoder.backward(b.dxHat)!;
    native.splitColumns(dRows, b.du, null);
    gumbelSoftmaxBackward(b.sample.u, b.du, temperature, b.dAlpha);
    // rate: Σ_b KL(p_θ(·|x_b) || q_b) / B with q_b = q_ξ (L_m) or q_ζ(·|y_b) (L_c), gradients to α and ξ or h_ζ(y)
    if (this.conditional) {
      native.concreteRate(alpha, this.conditional.forward(y), 1 / batch, b.dAlphaRate, b.dBeta!, this.bits);
      this.conditional.backward(b.dBeta!, { inputGrad: false });
    } else native.concreteRate(alpha, this.logits, 1 / batch, b.dAlphaRate, this.logitGrad, this.bits);
    axpy(1, b.dAlphaRate, b.dAlpha);
    this.encoder.backward(b.dAlpha, { inputGrad: false });
    const grads: Record<string, Tensor> = { decoder: this.decoder.grad, logits: this.logitGrad, encoder: this.encoder.grad };
    if (this.conditional) grads.conditional = this.conditional.grad;
    for (const { name, opt } of this.parts) opt.step(grads[name], lr);
    this.lastBatch = batch;
  }

  /**
   * Refits the marginal entropy model to the encoder as deployed: ξ_k = ln((n_k + ½)/(n + K/2)),
   * the add-½ (Krichevsky–Trofimov) estimate of the distribution of u = argmax α(x) over the
   * rows of x [n, dim]. Training fits q_ξ to E_x p_θ(·|x), the soft encoder's average (where
   * the KL's gradient in ξ vanishes), not to the argmax that is coded: when p_θ(·|x) ≈ q_ξ
   * the KL is ~0 while a constant argmax still costs −log2 q_ξ(u) per sample. Returns the
   * argmax's empirical entropy on x in bits per sample (what the refitted coder approaches).
   */
  fitMarginal(x: Tensor): number {
    if (this.entropyModel !== 'marginal') throw new Error('fitMarginal: the model has a conditional entropy model, not a marginal one');
    const n = this.checkX(x);
    const counts = new Float64Array(this.K);
    for (const k of this.encode(x).toArray() as Int32Array) counts[k] += 1;
    this.logits.copyFrom(tensor(Float32Array.from(counts, (c) => Math.log((c + 0.5) / (n + this.K / 2))), [this.K], 'cpu'));
    return counts.reduce((h, c) => (c > 0 ? h - (c / n) * Math.log2(c / n) : h), 0);
  }

  /**
   * On held-out pairs: the decoded distortion and, for the marginal model, the real bitstream
   * length and −E log2 q_ξ(U); for the conditional model the Slepian–Wolf estimate
   * −E log2 q_ζ(U|Y) as both rates (there is no bitstream), with `rate_kind` saying which.
   */
  override evaluate(x: Tensor, y: Tensor): ConcreteEvaluation {
    if (!this.conditional) return { ...super.evaluate(x, y), rate_kind: 'bitstream' };
    const n = this.checkX(x);
    const index = this.encode(x);
    const beta = this.conditional.forward(y);
    native.ecvqRate(beta, index, 0, empty(beta.shape, 'float32', this.device), this.bits);
    const sw = item(this.bits) / n;
    return { rate_bits: sw, rate_estimate_bits: sw, distortion: item(mseLoss(this.decode(index, y), x)) * this.dim, rate_kind: 'slepian-wolf-estimate' };
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
