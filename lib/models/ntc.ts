/**
 * Nonlinear transform coding (Ballé, Laparra & Simoncelli 2017; Ballé et al., "Nonlinear
 * transform coding", 2021): an analysis transform f maps x to latents y = f(x), the latents are
 * quantized to integers, a factorized entropy model P codes them, and a synthesis transform g
 * reconstructs x̂ = g(ŷ) — or x̂ = g(ŷ, y) with side information y at the decoder only
 * (`sideInputs` > 0; NTC with side information, Özyılkan, Ballé & Erkip, JSAIT 2024, eq. (1)).
 * Each transform is an MLP or a ConvNet (lib/models/ntcTransform.ts): the NERD paper's
 * one-shot image compressor (Appendix C.B) is this model with convolutional f and g.
 *
 * Training minimises the Lagrangian  L = E[ R ] + λ E[ D(x, x̂) ]  per sample, with rate and
 * distortion relaxed separately, as the comparison of Tsubota & Aizawa (reported in Yang,
 * Mandt & Theis, "An introduction to neural data compression", §3.3.3) recommends:
 * - rate: additive uniform noise, R = −log2 p̃(y + u), u ~ U(−½, ½)  (Ballé et al. 2017);
 * - distortion: straight-through rounding, x̂ = g(round(y)) with the gradient of the
 *   identity through the rounding (Theis et al. 2017) — or the same noisy ỹ (`'noise'`).
 * At test time y is quantized and coded for real by the entropy model
 * ({@link ContinuousEntropyModel}: quantization offsets, coder tables, bitstream); the
 * reported rate is the bitstream's length.
 *
 * Calibration after noise training: {@link Ntc.fitOffsets} picks the entropy model's
 * quantization offsets by the Lagrangian that evaluation measures (hard rounding, unlike
 * noise, depends on where the integer grid falls); for that partition
 * {@link Ntc.refitDecoder} solves g's output layer by least squares and
 * {@link Ntc.hardDecoderStep} trains g on the hard-quantized latents, since g was fitted to
 * noisy latents (docs/ntc.md has what each step buys).
 *
 * Remedy for decoders that must be discontinuous in ŷ (the ramp): `fourier` feeds g random
 * Fourier features φ(ŷ) = (cos(a_i · ŷ), [ŷ]) instead of ŷ (lib/nn/fourier.ts), so x̂ = g(φ(ŷ)).
 *
 * Distortion follows the source's convention: 'mean' — squared error averaged over the
 * elements (a process's time integral), 'sum' — squared Euclidean error per sample.
 */
import { requireInteger, requireObject, requirePositive } from '../validate.js';
import { Adam, adamState, loadAdamState } from '../nn/adam.js';
import { ContinuousEntropyModel } from '../nn/continuousEntropyModel.js';
import { checkFourierConfig, FourierFeatures, type FourierConfig } from '../nn/fourier.js';
import { mseLoss } from '../nn/loss.js';
import { Mlp } from '../nn/mlp.js';
import { round } from '../nn/quantize.js';
import type { Rng } from '../rng.js';
import { native } from '../native.js';
import { checkSignal, runPlan, runPlanAsync, type AsyncOptions, type Plan } from '../plan.js';
import { keep } from '../scope.js';
import { axpy, empty, item, type DeviceName, type Tensor, requireFiniteValues, requireMatrix, requireTensor } from '../tensor.js';
import { ntcModelTensors, type NtcParams } from './ntcFile.js';
import { checkTransformConfig, ntcTransform, type NtcTransform, type NtcTransformConfig } from './ntcTransform.js';

export interface NtcConfig {
  /** Elements per source sample. */
  inputs: number;
  /** Latent dimensions d. */
  latents: number;
  /**
   * The analysis transform f, [inputs] → [latents]: an MLP's hidden widths and activation
   * (default leaky_relu: the fused kernels vectorise it; softplus runs scalar), or
   * `{ convNet }`, a ConvNet layer list (lib/models/ntcTransform.ts).
   */
  analysis: NtcTransformConfig;
  /**
   * The synthesis transform g, [latents (or its Fourier features) + sideInputs] → [inputs]:
   * an MLP's hidden widths, activation and a factor on its first layer's initial weights
   * (MlpConfig.inputInitScale, default 1; see the ramp experiment), or `{ convNet }`.
   */
  synthesis: NtcTransformConfig;
  /** Elements of the decoder-only side information y that g takes beside ŷ (default 0: none). */
  sideInputs?: number;
  /** Weight of the distortion in L = R + λ D. */
  lambda: number;
  /** How squared errors reduce to a sample's distortion (the source's convention). */
  reduction: 'mean' | 'sum';
  /** Relaxation of rounding in the distortion term (default 'ste'); the rate always uses noise. */
  distortionProxy?: 'ste' | 'noise';
  /** Hidden filters of the deep factorized entropy model (default [3, 3, 3]). */
  entropyFilters?: number[];
  /** Initial spread ±initScale of the entropy model's density (default 10). */
  entropyInitScale?: number;
  /** Feed the synthesis transform random Fourier features of ŷ instead of ŷ (default: none). */
  fourier?: FourierConfig;
}

export interface NtcMetrics {
  /** Bits per sample of the noisy latents under the entropy model. */
  rate: number;
  /** Distortion per sample (the source's convention) of the training reconstruction. */
  distortion: number;
  /** rate + λ · distortion. */
  loss: number;
}

export interface NtcEvaluation {
  /** Measured bitstream length per sample. */
  rate_bits: number;
  /** The entropy model's cross-entropy of the rounded latents, per sample. */
  rate_estimate_bits: number;
  /** Distortion per sample of the decoded reconstruction. */
  distortion: number;
}

/** A compressed batch: the bitstream of the rounded latents and how many samples it holds. */
export interface NtcBitstream {
  bytes: Uint8Array;
  samples: number;
  /** Whether the bitstream was coded with the rANS sentinel (default true; false for a version 1 `.rdc` file's). */
  sentinel?: boolean;
}

/** Rows per block of the transforms in compress and decompress (bounds their workspaces whatever the batch). */
export const CODING_BLOCK = 16384;

interface StepBuffers {
  /** [ŷ | y], the synthesis input with side information. */
  joint: Tensor | null;
  dyJoint: Tensor | null;
  yTilde: Tensor;
  yHat: Tensor;
  dxHat: Tensor;
  distortion: Tensor;
}

function checkConfig(c: NtcConfig): void {
  if (typeof c !== 'object' || c === null) throw new TypeError('config: expected an NtcConfig');
  requireInteger('config.inputs', c.inputs, 1, 65536);
  requireInteger('config.latents', c.latents, 1, 65536);
  for (const part of ['analysis', 'synthesis'] as const) checkTransformConfig(`config.${part}`, c[part]);
  if (c.entropyFilters !== undefined) {
    if (!Array.isArray(c.entropyFilters)) throw new TypeError('config.entropyFilters: expected an array of widths');
    c.entropyFilters.forEach((f, i) => requireInteger(`config.entropyFilters[${i}]`, f, 1, 16));
  }
  if (c.entropyInitScale !== undefined) requirePositive('config.entropyInitScale', c.entropyInitScale);
  if (!(Number.isFinite(c.lambda) && c.lambda > 0)) throw new RangeError(`config.lambda: expected a positive number, got ${String(c.lambda)}`);
  if (c.reduction !== 'mean' && c.reduction !== 'sum') throw new RangeError(`config.reduction: expected 'mean' or 'sum', got ${String(c.reduction)}`);
  if (c.sideInputs !== undefined && !(Number.isInteger(c.sideInputs) && c.sideInputs >= 0 && c.sideInputs <= 65536))
    throw new RangeError(`config.sideInputs: expected an integer in [0, 65536], got ${String(c.sideInputs)}`);
  if (c.distortionProxy !== undefined && c.distortionProxy !== 'ste' && c.distortionProxy !== 'noise')
    throw new RangeError(`config.distortionProxy: expected 'ste' or 'noise', got ${String(c.distortionProxy)}`);
  if (c.fourier !== undefined) checkFourierConfig(c.fourier, 'config.fourier');
}

export class Ntc {
  readonly analysis: NtcTransform;
  readonly synthesis: NtcTransform;
  /** Codes the latents: the prior, the quantization offsets, the coder tables and the bitstream. */
  readonly entropyModel: ContinuousEntropyModel;
  /** The decoder's Fourier features of ŷ, when configured (fixed: not trained). */
  readonly fourier: FourierFeatures | null;
  private readonly optimizers: Adam[];
  private readonly buffers = new Map<number, StepBuffers>();
  private lastBatch = 0;

  /**
   * @param options.seed initial weights (analysis, synthesis and entropy model use distinct Philox streams of it)
   *   and the Fourier frequencies
   * @param options.params parameters to start from (a model file's), by part; `fourier` holds the frequencies
   */
  constructor(
    readonly config: NtcConfig,
    options: {
      seed?: number; device?: DeviceName; lr?: number;
      params?: NtcParams<Float32Array>;
    } = {},
  ) {
    checkConfig(config);
    requireObject('options', options);
    const seed = options.seed ?? 0, device = options.device ?? 'cpu';
    this.analysis = ntcTransform('config.analysis', config.analysis, config.inputs, config.latents, {
      seed: seed * 3 + 0, device, params: options.params?.analysis, mlpActivation: 'leaky_relu',
    });
    this.fourier = config.fourier
      ? new FourierFeatures(config.latents, config.fourier, { seed: seed * 3 + 1, device, freqs: options.params?.fourier })
      : null;
    this.synthesis = ntcTransform('config.synthesis', config.synthesis, this.codeWidth + (config.sideInputs ?? 0), config.inputs, {
      seed: seed * 3 + 1, device, params: options.params?.synthesis, mlpActivation: 'leaky_relu',
    });
    this.entropyModel = new ContinuousEntropyModel(config.latents, {
      filters: config.entropyFilters, initScale: config.entropyInitScale, seed: seed * 3 + 2, device,
      params: options.params && { prior: options.params.prior, offsets: options.params.offsets, coder: options.params.coder },
    });
    const lr = options.lr ?? 1e-3;
    this.optimizers = [this.analysis.params, this.synthesis.params, this.entropyModel.params].map((p) => new Adam(p, { lr }));
  }

  get device(): DeviceName {
    return this.analysis.device;
  }

  /** The quantizer's offsets m [latents] (the entropy model's): ŷ = round(y − m) + m. */
  get offsets(): Tensor {
    return this.entropyModel.offsets;
  }

  private stepBuffers(batch: number): StepBuffers {
    let b = this.buffers.get(batch);
    if (!b) {
      const d = this.config.latents, dev = this.device;
      b = {
        joint: this.sideInputs > 0 ? empty([batch, this.codeWidth + this.sideInputs], 'float32', dev) : null,
        dyJoint: this.sideInputs > 0 ? empty([batch, this.codeWidth], 'float32', dev) : null,
        yTilde: empty([batch, d], 'float32', dev),
        yHat: empty([batch, d], 'float32', dev),
        dxHat: empty([batch, this.config.inputs], 'float32', dev),
        distortion: empty([1], 'float32', dev),
      };
      this.buffers.set(batch, keep(b));  // outlives the caller's scope
    }
    return b;
  }

  private get sideInputs(): number {
    return this.config.sideInputs ?? 0;
  }

  /** Width of the latent's code that g reads: the Fourier features φ(ŷ), or ŷ itself. */
  private get codeWidth(): number {
    return this.fourier?.width ?? this.config.latents;
  }

  /**
   * g's input for latents ŷ [B, latents]: the code (φ(ŷ) with Fourier features, else ŷ),
   * or [code | y] with the side information y [B, sideInputs].
   */
  private synthesisInput(yHat: Tensor, side: Tensor | null): Tensor {
    const code = this.fourier ? this.fourier.forward(yHat) : yHat;
    if (this.sideInputs === 0) {
      if (side !== null) throw new RangeError('side: this model takes no side information (config.sideInputs is 0)');
      return code;
    }
    const batch = yHat.shape[0];
    if (side === null || side.shape.length !== 2 || side.shape[0] !== batch || side.shape[1] !== this.sideInputs)
      throw new RangeError(`side: expected side information of shape [${batch}, ${this.sideInputs}], got ${side === null ? 'none' : `[${side.shape.join(', ')}]`}`);
    const joint = this.stepBuffers(batch).joint!;
    native.concatColumns(code, side, joint);
    return joint;
  }

  /** The factor from the mean squared error over all elements to the per-sample distortion. */
  private get perSample(): number {
    return this.config.reduction === 'sum' ? this.config.inputs : 1;
  }

  /**
   * One optimisation step on the batch x [B, inputs]: forward, both relaxations, backward,
   * Adam on all three parts. `rng` supplies the uniform noise; `lr` overrides the rate;
   * `side` is the decoder's side information [B, sideInputs] when the model takes it.
   * Nothing is read back from the device.
   */
  step(x: Tensor, rng: Rng, lr?: number, side: Tensor | null = null): void {
    requireTensor('x', x);
    const batch = x.shape[0];
    if (x.shape.length !== 2 || x.shape[1] !== this.config.inputs)
      throw new RangeError(`x: expected shape [batch, ${this.config.inputs}], got [${x.shape.join(', ')}]`);
    const b = this.stepBuffers(batch);
    const y = this.analysis.forward(x);
    this.entropyModel.perturb(y, rng, b.yTilde);
    const yForDecoder = this.config.distortionProxy === 'noise' ? b.yTilde : round(y, null, b.yHat);
    const xHat = this.synthesis.forward(this.synthesisInput(yForDecoder, side));
    // d(λ D)/d x̂ with D the per-sample distortion: λ · perSample · d mse / d x̂
    mseLoss(xHat, x, b.dxHat, b.distortion, this.config.lambda * this.perSample);
    let dCode = this.synthesis.backward(b.dxHat)!;
    if (b.dyJoint) {
      // g's input was [code | y]: only the code's columns flow back
      native.splitColumns(dCode, b.dyJoint, null);
      dCode = b.dyJoint;
    }
    const dyHat = this.fourier ? this.fourier.backward(dCode) : dCode;
    const dyTilde = this.entropyModel.backward(b.yTilde, 1 / batch);
    axpy(1, dyHat, dyTilde); // straight-through: the rounding passes the gradient unchanged
    this.analysis.backward(dyTilde, { inputGrad: false });
    this.optimizers[0].step(this.analysis.grad, lr);
    this.optimizers[1].step(this.synthesis.grad, lr);
    this.optimizers[2].step(this.entropyModel.grad, lr);
    this.entropyModel.paramsChanged();
    this.lastBatch = batch;
  }

  /** Reads back the last step's rate, distortion and loss (a device → host copy). */
  metrics(): NtcMetrics {
    if (this.lastBatch === 0) throw new Error('metrics: no training step has run yet');
    const b = this.stepBuffers(this.lastBatch);
    const rate = item(this.entropyModel.bits(b.yTilde)) / this.lastBatch;
    const distortion = item(b.distortion) * this.perSample;
    return { rate, distortion, loss: rate + this.config.lambda * distortion };
  }

  /** The quantized latents ŷ = round(f(x) − m) + m [B, latents] as a new tensor. */
  latents(x: Tensor): Tensor {
    requireTensor('x', x);
    return this.entropyModel.quantize(this.analysis.forward(x));
  }

  /**
   * Chooses the entropy model's quantization offsets m that minimise the test-time
   * Lagrangian R̂ + λ D (R̂ the entropy model's cross-entropy of ŷ, D the distortion of g(ŷ))
   * on x [B, inputs] (training data, not the held-out set), channel by channel over a grid
   * (ContinuousEntropyModel.fitOffsets). Returns the offsets chosen.
   */
  fitOffsets(x: Tensor, side: Tensor | null = null): Float32Array {
    requireTensor('x', x);
    const y = this.analysis.forward(x); // f's workspace: only g runs below
    return this.entropyModel.fitOffsets(y, (yHat) => this.config.lambda * item(mseLoss(this.reconstruct(yHat, side), x)) * this.perSample);
  }

  /**
   * One Adam step of the decoder g alone on the hard-quantized latents of the batch x
   * [B, inputs]: x̂ = g(round(f(x) − m) + m), loss λ D, with f, the entropy model and the
   * offsets fixed, so the rate does not move ("soft then hard", Guo et al., "Soft then hard:
   * rethinking the quantization in neural image compression", ICML 2021). Noise training
   * fits g between the cells as much as at them; on the hard partition g only has to hit the
   * cells' means, and its hidden layers can move their knots to separate neighbouring cells,
   * which the output-layer refit ({@link refitDecoder}) cannot. Fit offsets first.
   */
  hardDecoderStep(x: Tensor, lr?: number, side: Tensor | null = null): void {
    requireTensor('x', x);
    const batch = x.shape[0];
    if (x.shape.length !== 2 || x.shape[1] !== this.config.inputs)
      throw new RangeError(`x: expected shape [batch, ${this.config.inputs}], got [${x.shape.join(', ')}]`);
    const b = this.stepBuffers(batch);
    this.entropyModel.quantize(this.analysis.forward(x), b.yHat);
    const xHat = this.reconstruct(b.yHat, side);
    mseLoss(xHat, x, b.dxHat, b.distortion, this.config.lambda * this.perSample);
    this.synthesis.backward(b.dxHat, { inputGrad: false });
    this.optimizers[1].step(this.synthesis.grad, lr);
  }

  /** x̂ = g(ŷ) (or g(ŷ, y) with side information y [B, sideInputs]) for integer latents ŷ [B, latents] (a workspace tensor of g). */
  reconstruct(yHat: Tensor, side: Tensor | null = null): Tensor {
    requireMatrix('yHat', yHat, this.config.latents);
    return this.synthesis.forward(this.synthesisInput(yHat, side));
  }

  /**
   * Refits g's output layer to x [B, inputs] by least squares on the features of the
   * quantized latents ŷ (Mlp.refitOutputLayer): the decoder trained on noisy ỹ then
   * reconstructs each cell of the test-time quantizer as well as its last hidden layer
   * allows (with a linearly independent feature per cell: the cell's mean, the MMSE
   * reconstruction). Fit offsets first: the refit is for the partition they define.
   */
  refitDecoder(x: Tensor, side: Tensor | null = null): void {
    requireTensor('x', x);
    if (!(this.synthesis instanceof Mlp))
      throw new TypeError('refitDecoder: config.synthesis is a ConvNet; the least-squares refit of the output layer is for an MLP synthesis (set refitDecoder off)');
    this.synthesis.refitOutputLayer(this.synthesisInput(this.latents(x), side), x);
  }

  /**
   * Compresses x [B, inputs]: the entropy model's bitstream of the quantized latents of f(x)
   * (coded with the rANS sentinel, so that a decode of another number of samples fails). The
   * analysis runs in blocks of {@link CODING_BLOCK} rows, so its workspace is bounded
   * whatever B.
   */
  compress(x: Tensor): NtcBitstream {
    return runPlan(this.compressPlan(x));
  }

  /**
   * {@link compress} with each block's analysis pass on libuv's thread pool: the event loop
   * runs between blocks. Same bytes. `options.signal` aborts before the next block;
   * `options.name` and `options.firstSample` are how an error names x's samples (default 'x'
   * and 0; for a caller that compresses its input in pieces).
   */
  async compressAsync(x: Tensor, options: AsyncOptions & { name?: string; firstSample?: number } = {}): Promise<NtcBitstream> {
    requireObject('options', options);
    const signal = checkSignal('options.signal', options.signal);
    return runPlanAsync(this.compressPlan(x, options.name ?? 'x', options.firstSample ?? 0), signal);
  }

  private *compressPlan(x: Tensor, name = 'x', firstSample = 0): Plan<NtcBitstream> {
    requireFiniteValues('x', requireMatrix('x', x, this.config.inputs));
    const n = x.shape[0], C = this.config.latents, D = this.config.inputs;
    const symbols = new Int32Array(n * C);
    for (let start = 0; start < n; start += CODING_BLOCK) {
      const rows = Math.min(CODING_BLOCK, n - start);
      const block = x.view(start * D, [rows, D]);
      const y = yield* this.analysis.forwardPlan(block);
      symbols.set(this.entropyModel.symbols(y, name, firstSample + start), start * C);
      block.dispose();
    }
    return { bytes: this.entropyModel.encodeSymbols(symbols), samples: n };
  }

  /**
   * Decodes a bitstream from {@link compress}: x̂ [samples, inputs] (a new tensor); `side`
   * [samples, sideInputs] for a model with side information. The synthesis runs in blocks of
   * {@link CODING_BLOCK} rows.
   */
  decompress(stream: NtcBitstream, device: DeviceName = this.device, side: Tensor | null = null): Tensor {
    return runPlan(this.decompressPlan(stream, device, side));
  }

  /** {@link decompress} with each block's synthesis pass on libuv's thread pool; `options.signal` aborts before the next block. */
  async decompressAsync(stream: NtcBitstream, device: DeviceName = this.device, side: Tensor | null = null, options: AsyncOptions = {}): Promise<Tensor> {
    return runPlanAsync(this.decompressPlan(stream, device, side), checkSignal('options.signal', options?.signal));
  }

  private *decompressPlan(stream: NtcBitstream, device: DeviceName, side: Tensor | null): Plan<Tensor> {
    requireObject('stream', stream);
    if (stream.sentinel !== undefined && typeof stream.sentinel !== 'boolean') throw new TypeError('stream.sentinel: expected a boolean or undefined');
    const n = stream.samples, D = this.config.inputs, S = this.sideInputs;
    if (side !== null) {
      requireTensor('side', side);
      if (S === 0) throw new RangeError('side: this model takes no side information (config.sideInputs is 0)');
      if (side.shape.length !== 2 || side.shape[0] !== n || side.shape[1] !== S)
        throw new RangeError(`side: expected side information of shape [${n}, ${S}], got [${side.shape.join(', ')}]`);
    } else if (S > 0) throw new RangeError(`side: this model decodes with side information of shape [${n}, ${S}], got none`);
    const yHat = this.entropyModel.decompress(stream.bytes, n, this.device, { sentinel: stream.sentinel ?? true });
    const C = this.config.latents;
    const out = empty([n, D], 'float32', this.device);
    for (let start = 0; start < n; start += CODING_BLOCK) {
      const rows = Math.min(CODING_BLOCK, n - start);
      const y = yHat.view(start * C, [rows, C]), s = side && side.view(start * S, [rows, S]), o = out.view(start * D, [rows, D]);
      o.copyFrom(yield* this.synthesis.forwardPlan(this.synthesisInput(y, s)));
      for (const t of [y, s, o]) t?.dispose();
    }
    yHat.dispose();
    if (device === this.device) return out;
    const moved = out.to(device);
    out.dispose();
    return moved;
  }

  /** Rate (measured and estimated) and distortion of x [B, inputs] with hard quantization and real coding. */
  evaluate(x: Tensor, side: Tensor | null = null): NtcEvaluation {
    requireTensor('x', x);
    const n = x.shape[0];
    const stream = this.compress(x);
    const xHat = this.decompress(stream, this.device, side);
    const loss = mseLoss(xHat, x);
    const yHat = this.latents(x);
    const estimate = item(this.entropyModel.bits(yHat)) / n;
    return { rate_bits: (stream.bytes.length * 8) / n, rate_estimate_bits: estimate, distortion: item(loss) * this.perSample };
  }

  private get namedOptimizers(): Record<string, Adam> {
    return { analysis: this.optimizers[0], synthesis: this.optimizers[1], prior: this.optimizers[2] };
  }

  /** Everything training needs to continue: parameters and Adam moments. */
  state(): Record<string, Tensor | number> {
    return adamState(this.namedOptimizers);
  }

  load(state: Record<string, unknown>): void {
    loadAdamState(this.namedOptimizers, state);
    this.entropyModel.paramsChanged();
  }

  /**
   * The model's tensors and metadata for a model file (safetensors; the layout is
   * lib/models/ntcFile.ts's), with the coder's integer tables, computed here if not yet.
   */
  modelTensors(): { tensors: Record<string, Tensor>; metadata: Record<string, string> } {
    return ntcModelTensors(this.config, {
      analysis: this.analysis.params, synthesis: this.synthesis.params, prior: this.entropyModel.params,
      offsets: this.entropyModel.offsets, ...(this.fourier ? { fourier: this.fourier.freqs } : {}),
      coder: this.entropyModel.coderTables(),
    });
  }
}
