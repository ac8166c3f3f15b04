/**
 * The trainables of the Wyner–Ziv experiments: one per compressor (ECVQ, Concrete, NTC with
 * side information), each trained on fresh pairs, measured on held-out pairs with real
 * bitstreams, and drawn as the binning picture.
 */
import { gaussianDistortionRate } from '../bounds/gaussian.js';
import { resumable } from '../runner/resumable.js';
import { stepDecay } from '../nn/schedule.js';
import { streamPurposes } from '../runner/streams.js';
import type { CategoricalWzModel, EntropyModelKind } from '../models/wz/categorical.js';
import { Concrete } from '../models/wz/concrete.js';
import { Ecvq, ecvqSideSamples } from '../models/wz/ecvq.js';
import { Ntc } from '../models/ntc.js';
import type { Rng } from '../rng.js';
import type { PairSource } from '../sources/pairs.js';
import { empty, tensor, type DeviceName, type Tensor } from '../tensor.js';
import { binningPlotSpec, inspectBinning, type BinningData } from './binningPlot.js';
import { calibrateNtc, type CalibrationSettings } from './ntcCalibration.js';
import type { BuildContext, Figure, PointEvaluation, SweepPoint, Trainable } from '../runner/types.js';

/** What the trainables read from the experiment's settings (the calibration: NTC with side information's). */
export interface WzSettings extends CalibrationSettings {
  steps: number;
  warmupFraction: number;
  batch: number;
  lr: number;
  decayFraction: number;
  codewords: number;
  anchorRepeats: number;
  sideSamples: number;
  hidden: number[];
  temperatureStart: number;
  temperatureEnd: number;
  evalSamples: number;
  /** What the ECVQ encoder averages over: draws of p(y|x) or the pair's deterministic nodes (`EcvqConfig.posterior`). */
  posterior: 'draws' | 'nodes';
  /** The ECVQ decoder's warm-up anchors: random source samples with random codewords (the JSAIT code's), or a binned scalar quantizer ({@link binnedAnchors}). */
  init: 'random' | 'binned';
}

/** The random streams of ECVQ's points: training pairs, draws of p(y|x), held-out pairs, warm-up anchors, the picture's grid. */
const ECVQ_STREAMS = streamPurposes({ data: 0, posterior: 1, heldOut: 2, anchors: 3, grid: 4 });
/** The random streams of Concrete's and NTC's points (the last two: NTC's calibration). */
const STREAMS = streamPurposes({ data: 0, noise: 1, heldOut: 2, calibration: 3, decoderData: 4 });

/** A point of a Wyner–Ziv experiment: one λ. */
export type WzParams = { lambda: number };

/**
 * The JSAIT code's pre-training set: K source samples, each repeated `anchorRepeats` times,
 * with codewords drawn uniformly at random (so a codeword usually stands for several x).
 */
function warmupAnchors(source: PairSource, s: WzSettings, rng: Rng, device: DeviceName) {
  const x = source.sample(s.codewords, rng).x.toArray() as Float32Array;
  const count = s.codewords * s.anchorRepeats;
  const u = empty([count], 'float32', 'cpu');
  rng.fill(u, 'uniform');
  const index = Int32Array.from(u.toArray(), (v) => Math.min(s.codewords - 1, Math.floor(v * s.codewords)));
  const d = source.dim;
  const xs = Float32Array.from({ length: count * d }, (_, i) => x[(Math.floor(i / d) % s.codewords) * d + (i % d)]);
  return { index: tensor(index, [count], device), x: tensor(xs, [count, d], device) };
}

/** Spacing, in posterior standard deviations σ_{X|Y}, of the cells that share a codeword in {@link binnedAnchors}. */
const BIN_PERIOD_SDS = 8;
/** How far, in source standard deviations, the binned anchors reach on either side of 0. */
const ANCHOR_REACH_SDS = 4;

/**
 * Warm-up anchors with binning built in, for jointly Gaussian pairs: the centres c_i = iΔ,
 * |c_i| ≤ 4σ_X, of a uniform scalar quantizer with the high-rate optimal step for the loss
 * R + λD, Δ = √(6 / (λ ln 2)) (d/dΔ of −log2 Δ + λΔ²/12 = 0), cell i on codeword i mod K',
 * K' = min(K, ⌈8σ_{X|Y}/Δ⌉): cells that share a codeword lie 8 posterior standard
 * deviations apart, so y tells them apart — Wyner–Ziv binning of a scalar quantizer, which
 * the warm-up teaches the decoder (g(k, y) ≈ the centre in bin k nearest to y) before the
 * argmin encoder takes over.
 */
export function binnedAnchors(source: PairSource, codewords: number, lambda: number, device: DeviceName) {
  const v = source.variances;
  if (!v) throw new RangeError(`init: 'binned' needs a jointly Gaussian pair (its σ²_{X|Y}); ${source.name} is not one — use init 'random'`);
  const step = Math.sqrt(6 / (lambda * Math.LN2));
  const bins = Math.min(codewords, Math.max(2, Math.ceil((BIN_PERIOD_SDS * Math.sqrt(v.conditionalVariance)) / step)));
  const reach = Math.floor((ANCHOR_REACH_SDS * Math.sqrt(v.sourceVariance)) / step);
  const cells = Array.from({ length: 2 * reach + 1 }, (_, j) => j - reach);
  const index = Int32Array.from(cells, (i) => ((i % bins) + bins) % bins);
  return { index: tensor(index, [cells.length], device), x: tensor(Float32Array.from(cells, (i) => i * step), [cells.length, 1], device) };
}

export function buildEcvq(source: PairSource, point: SweepPoint<WzParams>, ctx: BuildContext<WzSettings>): Trainable {
  const s = ctx.settings;
  const model = new Ecvq(
    { codewords: s.codewords, dim: source.dim, sideDim: source.sideDim, hidden: s.hidden, lambda: point.params.lambda, sideSamples: s.sideSamples, posterior: s.posterior },
    { seed: ctx.modelSeed, device: ctx.device, lr: s.lr },
  );
  const data = ctx.rng(ECVQ_STREAMS.data), posterior = ctx.rng(ECVQ_STREAMS.posterior);
  const anchors = s.init === 'binned'
    ? binnedAnchors(source, s.codewords, point.params.lambda, ctx.device)
    : warmupAnchors(source, s, ctx.rng(ECVQ_STREAMS.anchors), ctx.device);
  const sidesOf = (x: Tensor, rng: Rng) => ecvqSideSamples(source, model.config, x, rng);
  const warmup = Math.floor(point.steps * s.warmupFraction), lrAt = stepDecay(s.lr, point.steps, s.decayFraction);
  const { withPicture, figures } = pictureOf(point, source);
  const sideOf = (x: Tensor) => source.posterior(x, 1, posterior)!.view(0, [x.shape[0], source.sideDim]);
  return {
    step(index) {
      const lr = lrAt(index);
      if (index < warmup) return model.warmupStep(anchors.index, anchors.x, sideOf(anchors.x), lr);
      const { x, y } = source.sample(s.batch, data, ctx.device);
      model.step(x, y, sidesOf(x, posterior), lr);
    },
    metrics: () => model.metrics(),
    ...resumable(model, { data, posterior }),
    async evaluate() {
      // held-out pairs and encoder draws from streams training never touches
      const held = ctx.rng(ECVQ_STREAMS.heldOut);
      const { x, y } = source.sample(s.evalSamples, held, ctx.device);
      const e = model.evaluate(x, y, sidesOf(x, held));
      const grid = ctx.rng(ECVQ_STREAMS.grid);
      return withPicture(() => inspectCategorical(model, (g) => model.encode(g, sidesOf(g, grid))), e);
    },
    model() {
      // the encoder's posterior p(y|x) travels with the model, so `rdlab compress` can run it
      const { tensors, metadata } = model.modelTensors();
      return { tensors, metadata: { ...metadata, 'wz.pair': JSON.stringify(source.spec) } };
    },
    figures: () => figures('ECVQ'),
  };
}

/** Training pairs the marginal Concrete model's q_ξ is refitted on after its last step (the add-½ estimate's excess is about K/(2n ln 2) bits). */
const MARGINAL_FIT_SAMPLES = 1 << 16;

/**
 * The Concrete compressor with the marginal entropy model q_ξ(u) (L_m; a real bitstream) or
 * the conditional q_ζ(u | y) (L_c; its rate is the Slepian–Wolf estimate, labelled so).
 */
export function buildConcrete(source: PairSource, point: SweepPoint<WzParams>, ctx: BuildContext<WzSettings>, entropyModel: EntropyModelKind = 'marginal'): Trainable {
  const s = ctx.settings;
  const model = new Concrete(
    { codewords: s.codewords, dim: source.dim, sideDim: source.sideDim, hidden: s.hidden, lambda: point.params.lambda, entropyModel },
    { seed: ctx.modelSeed, device: ctx.device, lr: s.lr },
  );
  const data = ctx.rng(STREAMS.data), noise = ctx.rng(STREAMS.noise);
  const lr = stepDecay(s.lr, point.steps, s.decayFraction);
  const { withPicture, figures } = pictureOf(point, source);
  return {
    step(index) {
      // exponential annealing from temperatureStart to temperatureEnd
      const t = s.temperatureStart * (s.temperatureEnd / s.temperatureStart) ** (index / point.steps);
      const { x, y } = source.sample(s.batch, data, ctx.device);
      model.step(x, y, t, noise, lr(index));
      // the coder's q_ξ refitted to the argmax index it codes (Concrete.fitMarginal)
      if (index === point.steps - 1 && entropyModel === 'marginal') model.fitMarginal(source.sample(MARGINAL_FIT_SAMPLES, data, ctx.device).x);
    },
    metrics: () => model.metrics(),
    ...resumable(model, { data, noise }),
    async evaluate() {
      const { x, y } = source.sample(s.evalSamples, ctx.rng(STREAMS.heldOut), ctx.device);
      return withPicture(() => inspectCategorical(model, (g) => model.encode(g)), model.evaluate(x, y));
    },
    model: () => model.modelTensors(),
    figures: () => figures(entropyModel === 'conditional' ? 'Concrete, conditional q_ζ(u|y)' : 'Concrete'),
  };
}

/** The binning picture of a categorical compressor: its encoder on the x grid, g(u, y) per index. */
function inspectCategorical(model: CategoricalWzModel, encodeGrid: (x: Tensor) => Tensor) {
  const dev = model.device;
  return inspectBinning(
    (xs) => encodeGrid(tensor(xs, [xs.length, 1], dev)).toArray(),
    (u, ys) => model.decode(tensor(new Int32Array(ys.length).fill(u), [ys.length], dev), tensor(ys, [ys.length, 1], dev)).toArray(),
  );
}

/**
 * Keeps a point's binning picture from evaluate() for figures(), and adds the decoder fit and
 * the gain over R(D) without side information to its results. The picture (x and y on lines)
 * is drawn for scalar pairs only.
 */
function pictureOf(point: SweepPoint<WzParams>, source: PairSource) {
  let picture: BinningData | null = null;
  return {
    withPicture(inspect: () => ReturnType<typeof inspectBinning>, e: PointEvaluation): PointEvaluation {
      const details: Record<string, number> = {};
      if (source.dim === 1 && source.sideDim === 1) {
        const fit = inspect();
        picture = fit.data;
        Object.assign(details, { codewords_used: fit.used, decoder_linear_r2: fit.r2, decoder_slope: fit.slope });
      }
      // dB below R(D) without side information at the measured rate (positive: side information used)
      const v = source.sourceVariance;
      if (v !== null) details.gain_db_over_no_side_info = 10 * Math.log10(gaussianDistortionRate([v], e.rate_bits) / e.distortion);
      return { ...e, details };
    },
    figures(name: string): Figure[] {
      return picture ? [{ name: 'binning', spec: binningPlotSpec(`${name}, ${describe(source)}, λ = ${point.params.lambda}`, picture) }] : [];
    },
  };
}

/**
 * NTC with side information (JSAIT 2024, eq. (1)): u = round(f(x) − m) + m coded under a
 * factorized prior, x̂ = g(u, y); after training calibrated on training pairs as the
 * point-to-point NTC is ({@link calibrateNtc}).
 */
export function buildNtcSideInfo(source: PairSource, point: SweepPoint<WzParams>, ctx: BuildContext<WzSettings>): Trainable {
  const s = ctx.settings;
  const model = new Ntc(
    { inputs: source.dim, latents: 1, lambda: point.params.lambda, reduction: 'sum', analysis: { hidden: s.hidden }, synthesis: { hidden: s.hidden }, sideInputs: source.sideDim },
    { seed: ctx.modelSeed, device: ctx.device, lr: s.lr },
  );
  const data = ctx.rng(STREAMS.data), noise = ctx.rng(STREAMS.noise);
  const lr = stepDecay(s.lr, point.steps, s.decayFraction);
  const { withPicture, figures } = pictureOf(point, source);
  const dev = ctx.device;
  return {
    step(index) {
      const { x, y } = source.sample(s.batch, data, dev);
      model.step(x, noise, lr(index), y);
    },
    metrics: () => model.metrics(),
    ...resumable(model, { data, noise }),
    async evaluate() {
      const calibration = ctx.rng(STREAMS.calibration), decoderData = ctx.rng(STREAMS.decoderData);
      calibrateNtc(model, s, { calibration: (n) => source.sample(n, calibration, dev), decoderBatch: () => source.sample(s.batch, decoderData, dev) });
      const { x, y } = source.sample(s.evalSamples, ctx.rng(STREAMS.heldOut), dev);
      const fit = () => inspectBinning(
        (xs) => model.latents(tensor(xs, [xs.length, 1], dev)).toArray(),
        (u, ys) => model.reconstruct(tensor(new Float32Array(ys.length).fill(u), [ys.length, 1], dev), tensor(ys, [ys.length, 1], dev)).toArray(),
      );
      return withPicture(fit, model.evaluate(x, y));
    },
    model: () => model.modelTensors(),
    figures: () => figures('NTC with side information'),
  };
}

function describe(source: PairSource): string {
  const spec = source.spec;
  if (spec?.kind === 'x=y+n') return `X = Y + N (σ²_Y = ${spec.sideInfoVariance}, σ²_N = ${spec.noiseVariance})`;
  if (spec?.kind === 'y=x+n') return `Y = X + N (σ²_X = ${spec.sourceVariance}, σ²_N = ${spec.noiseVariance})`;
  if (spec?.kind === 'sign') return `Y = sign(X) (σ²_X = ${spec.sourceVariance})`;
  return source.name;
}
