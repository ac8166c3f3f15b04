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
 * switched on, {@link Ecvq.warmupStep} fits the decoder to anchors (x_a, k_a): source samples
 * with random codewords, fresh y ~ p(y|x_a) each step, as the JAX code's pre-training does.
 * With more anchors than codewords (the JAX code uses 2K for the Gaussian pairs) a codeword
 * starts out standing for several distant x told apart by y — binning from the start.
 */
import { requireInteger, requireNonNegative, requireObject } from '../../validate.js';
import { mseLoss } from '../../nn/loss.js';
import { runPlan, runPlanAsync, type Plan } from '../../plan.js';
import { keep } from '../../scope.js';
import { empty, isTensor, item, type DeviceName, type Tensor } from '../../tensor.js';
import type { Rng } from '../../rng.js';
import type { PairSource } from '../../sources/pairs.js';
import { CategoricalWzModel, type CategoricalConfig } from './categorical.js';

/** ECVQ's configuration; the JSAIT code uses hidden [100, 100], leaky ReLU, 16 side samples, logitInit 0.1. */
export interface EcvqConfig extends CategoricalConfig {
  /** Draws S of p(y|x) the encoder averages over (JSAIT code: 16). */
  sideSamples: number;
  /**
   * What the encoder averages over: S random draws of p(y|x) ('draws', the JSAIT code's, the
   * default) or the pair's S deterministic equally weighted nodes ('nodes',
   * `PairSource.posteriorNodes`: no Monte Carlo noise in the argmin).
   */
  posterior?: 'draws' | 'nodes';
}

/** The S side samples of p(y | x) the encoder of `config` averages over, for x [B, dim]: draws through `rng`, or the pair's nodes. */
export function ecvqSideSamples(pair: PairSource, config: EcvqConfig, x: Tensor, rng: Rng): Tensor {
  const ys = config.posterior === 'nodes'
    ? (pair.posteriorNodes?.(x, config.sideSamples) ?? null)
    : pair.posterior(x, config.sideSamples, rng);
  if (!ys) throw new RangeError(`pair: ${pair.name} has no ${config.posterior === 'nodes' ? 'posterior nodes' : 'posterior p(y|x)'} for the ECVQ encoder`);
  return ys;
}

export interface EcvqMetrics {
  rate: number;
  distortion: number;
  loss: number;
}

interface Buffers {
  index: Tensor;
  dist: Tensor;
  dxHat: Tensor;
  distortion: Tensor;
}

export class Ecvq extends CategoricalWzModel {
  private readonly buffers = new Map<number, Buffers>();
  private lastBatch = 0;

  constructor(readonly config: EcvqConfig, options: { seed?: number; device?: DeviceName; lr?: number; params?: { decoder: Float32Array; logits: Float32Array } } = {}) {
    if (typeof config !== 'object' || config === null) throw new TypeError('config: expected an EcvqConfig');
    requireObject('options', options);
    super(
      { codewords: config.codewords, dim: config.dim ?? 1, sideDim: config.sideDim ?? 1, hidden: config.hidden, activation: config.activation ?? 'leaky_relu', logitInit: config.logitInit ?? 0.1 },
      options.seed ?? 0, options.device ?? 'cpu', options.lr ?? 1e-3, options.params,
    );
    requireInteger('config.sideSamples', config.sideSamples, 1, 1 << 16);
    if (config.posterior !== undefined && config.posterior !== 'draws' && config.posterior !== 'nodes')
      throw new RangeError(`config.posterior: expected 'draws' or 'nodes', got ${String(config.posterior)}`);
    requireNonNegative('config.lambda', config.lambda);
  }

  private buffersFor(batch: number): Buffers {
    let b = this.buffers.get(batch);
    if (!b) {
      const dev = this.device;
      b = {
        index: empty([batch], 'int32', dev),
        dist: empty([batch, this.K], 'float32', dev),
        dxHat: empty([batch, this.dim], 'float32', dev),
        distortion: empty([1], 'float32', dev),
      };
      if (this.buffers.size >= 4) this.buffers.delete(this.buffers.keys().next().value as number);
      this.buffers.set(batch, keep(b));  // outlives the caller's scope
    }
    return b;
  }

  /**
   * The encoder: u [B] (int32, a buffer reused for this batch size) for x [B, dim] given
   * ys [B, S, sideDim], draws of p(y|x).
   */
  encode(x: Tensor, ys: Tensor | null): Tensor {
    return runPlan(this.encodePlan(x, ys));
  }

  /**
   * {@link encode} with the exhaustive search on the libuv thread pool: resolves to the same
   * index buffer. Until it settles, the decoder's parameters, the logits, x and ys may only
   * be read, and the buffers of this batch size are being written.
   */
  encodeAsync(x: Tensor, ys: Tensor | null): Promise<Tensor> {
    return runPlanAsync(this.encodePlan(x, ys));
  }

  private *encodePlan(x: Tensor, ys: Tensor | null): Plan<Tensor> {
    if (!isTensor(ys)) throw new TypeError('ys: the ECVQ encoder needs draws of p(y|x) [batch, samples, sideDim]');
    const b = this.buffersFor(this.checkX(x));
    yield ['ecvqEncode', [this.decoder.spec, this.decoder.params, this.logits, x, ys, this.config.lambda, b.index, b.dist]];
    return b.index;
  }

  /** Distortion gradient step on g through x̂ = g(u, y) against x, and the rate gradient on ξ when `rate`. */
  private fit(index: Tensor, x: Tensor, y: Tensor, withRate: boolean, lr?: number): void {
    const batch = this.checkX(x), b = this.buffersFor(batch);
    const xHat = this.decode(index, y);
    // d(λ D)/d x̂ with D the squared error per sample = dim · mse
    mseLoss(xHat, x, b.dxHat, b.distortion, (withRate ? this.config.lambda : 1) * this.dim);
    this.decoder.backward(b.dxHat, { inputGrad: false });
    this.parts[0].opt.step(this.decoder.grad, lr);
    if (withRate) {
      this.rate(index, 1 / batch);
      this.parts[1].opt.step(this.logitGrad, lr);
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

  /** The last step's rate (bits; 0 during warm-up), distortion and loss, read back from the device. */
  metrics(): EcvqMetrics {
    if (this.lastBatch === 0) throw new Error('metrics: no training step has run yet');
    const distortion = item(this.buffersFor(this.lastBatch).distortion) * this.dim;
    const rate = item(this.bits) / this.lastBatch;
    return { rate, distortion, loss: rate + this.config.lambda * distortion };
  }

  modelTensors(): { tensors: Record<string, Tensor>; metadata: Record<string, string> } {
    return { tensors: this.partTensors(), metadata: { 'rdlab.codec': 'wz-ecvq', 'ecvq.config': JSON.stringify(this.config) } };
  }
}
