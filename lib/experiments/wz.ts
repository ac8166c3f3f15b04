/**
 * Learned Wyner–Ziv compressors on the quadratic-Gaussian pair X = Y + N (Özyılkan, Ballé &
 * Erkip, "Learned Wyner–Ziv compressors recover binning", ISIT 2023, and "Neural distributed
 * compressor discovers binning", JSAIT 2024; §3 of "Breaking smoothness"): variational ECVQ
 * (the exhaustive argmin encoder, a decoder g(u, y), p_ξ = softmax(ξ)) and the Concrete
 * compressor (an encoder network trained through Gumbel-softmax), one model per λ,
 * measured with real rANS bitstreams on held-out pairs against the Wyner–Ziv bound and R(D)
 * without side information, and drawn as the papers' binning figure.
 */
import { z } from 'zod';
import { gaussianDistortionRate, wynerZivDistortionRate } from '../bounds/index.js';
import type { CategoricalWzModel } from '../models/wz/categorical.js';
import { Concrete } from '../models/wz/concrete.js';
import { Ecvq } from '../models/wz/ecvq.js';
import { Rng } from '../rng.js';
import { xEqualsYPlusNoise, type PairSource } from '../sources/pairs.js';
import { empty, tensor, type DeviceName, type Tensor } from '../tensor.js';
import { binningPlotSpec, type BinningData } from './binningPlot.js';
import type { Bound, BuildContext, PointEvaluation, PointFigure, SweepPoint, Trainable } from './types.js';
import { defineExperiment } from './types.js';

const settings = z.object({
  steps: z.number().int().positive(),
  /** Fraction of the steps spent warming the decoder up on K anchors before the argmin encoder is switched on. */
  warmupFraction: z.number().min(0).max(1),
  batch: z.number().int().positive(),
  lr: z.number().positive(),
  /** The learning rate drops by 10x for the last `decayFraction` of the steps. */
  decayFraction: z.number().min(0).max(1),
  lambdas: z.array(z.number().positive()).min(1),
  codewords: z.number().int().min(2),
  /** Warm-up anchors per codeword (JSAIT code: 2 for the Gaussian pairs, 1 for the sign pair). */
  anchorRepeats: z.number().int().positive(),
  sideSamples: z.number().int().positive(),
  hidden: z.array(z.number().int().positive()).min(1),
  /** The Concrete temperature anneals exponentially from temperatureStart to temperatureEnd over the steps. */
  temperatureStart: z.number().positive(),
  temperatureEnd: z.number().positive(),
  /** σ²_N of X = Y + N (σ²_Y = 1). */
  noiseVariance: z.number().positive(),
  evalSamples: z.number().int().positive(),
});
type Settings = z.output<typeof settings>;

function curve(name: string, maxRate: number, d: (r: number) => number): Bound {
  return { name, points: Array.from({ length: 81 }, (_, i) => (i / 80) * maxRate).map((r) => ({ rate_bits: r, distortion: d(r) })) };
}

/** A grid of `n` points on [lo, hi]. */
function grid(lo: number, hi: number, n: number): Float32Array {
  return Float32Array.from({ length: n }, (_, i) => lo + ((hi - lo) * i) / (n - 1));
}

/**
 * The binning picture's data (encoder index on an x grid, decoder curves on a y grid for each
 * index used) and the least-squares line g(u, y) ≈ a_u + b_u y per index over the y where
 * side information is likely (|y| ≤ 3): theory says the optimal decoder is linear in (u, y).
 */
function inspect(model: CategoricalWzModel, encodeGrid: (x: Tensor) => Tensor) {
  const xs = grid(-4, 4, 801), yGrid = grid(-4, 4, 161);
  const index = encodeGrid(tensor(xs, [xs.length, 1], model.device)).toArray() as Int32Array;
  const used = [...new Set(index)].sort((a, b) => a - b);
  const yT = tensor(yGrid, [yGrid.length, 1], model.device);
  const decoded = used.map((k) => ({
    index: k,
    xHat: Float32Array.from(model.decode(tensor(new Int32Array(yGrid.length).fill(k), [yGrid.length], model.device), yT).toArray() as Float32Array),
  }));
  let r2 = 0, slope = 0;
  for (const { xHat } of decoded) {
    const pts = Array.from(yGrid, (y, i) => [y, xHat[i]]).filter(([y]) => Math.abs(y) <= 3);
    const my = pts.reduce((s, p) => s + p[0], 0) / pts.length, mx = pts.reduce((s, p) => s + p[1], 0) / pts.length;
    let syy = 0, syx = 0, sxx = 0;
    for (const [y, x] of pts) { syy += (y - my) ** 2; syx += (y - my) * (x - mx); sxx += (x - mx) ** 2; }
    const b = syx / syy;
    r2 += (sxx > 0 ? (b * syx) / sxx : 1) / decoded.length;
    slope += b / decoded.length;
  }
  const data: BinningData = { x: xs, index, y: yGrid, decoded };
  return { data, used: used.length, r2, slope };
}

/**
 * The JSAIT code's pre-training set: K source samples, each repeated `anchorRepeats` times,
 * with codewords drawn uniformly at random (so a codeword usually stands for several x).
 */
function warmupAnchors(source: PairSource, s: Settings, rng: Rng, device: DeviceName) {
  const x = source.sample(s.codewords, rng).x.toArray() as Float32Array;
  const count = s.codewords * s.anchorRepeats;
  const u = empty([count], 'float32', 'cpu');
  rng.fill(u, 'uniform');
  const index = Int32Array.from(u.toArray(), (v) => Math.min(s.codewords - 1, Math.floor(v * s.codewords)));
  const xs = Float32Array.from({ length: count }, (_, i) => x[i % s.codewords]);
  return { index: tensor(index, [count], device), x: tensor(xs, [count, 1], device) };
}

function buildEcvq(point: SweepPoint, ctx: BuildContext<Settings>): Trainable {
  const s = ctx.settings;
  const source = xEqualsYPlusNoise({ noiseVariance: s.noiseVariance });
  const model = new Ecvq(
    { codewords: s.codewords, hidden: s.hidden, lambda: point.lambda, sideSamples: s.sideSamples },
    { seed: ctx.seed * 1000 + ctx.pointIndex, device: ctx.device, lr: s.lr },
  );
  const data = new Rng(ctx.seed, ctx.stream(0)), posterior = new Rng(ctx.seed, ctx.stream(1));
  const anchors = warmupAnchors(source, s, new Rng(ctx.seed, ctx.stream(3)), ctx.device);
  const warmup = Math.floor(point.steps * s.warmupFraction), decayAt = Math.floor(point.steps * (1 - s.decayFraction));
  const { withPicture, figures } = pictureOf(point, s);
  const sideOf = (x: Tensor) => source.posterior(x, 1, posterior)!.view(0, [x.shape[0], 1]);
  return {
    step(index) {
      const lr = index >= decayAt ? s.lr / 10 : s.lr;
      if (index < warmup) return model.warmupStep(anchors.index, anchors.x, sideOf(anchors.x), lr);
      const { x, y } = source.sample(s.batch, data, ctx.device);
      model.step(x, y, source.posterior(x, s.sideSamples, posterior)!, lr);
    },
    metrics: () => model.metrics(),
    state: () => ({ ...model.state(), data: data.position, posterior: posterior.position }),
    load(state) {
      model.load(state);
      data.position = state.data as bigint;
      posterior.position = state.posterior as bigint;
    },
    async evaluate() {
      // held-out pairs and encoder draws from streams training never touches
      const held = new Rng(ctx.seed, ctx.stream(2));
      const { x, y } = source.sample(s.evalSamples, held, ctx.device);
      const e = model.evaluate(x, y, source.posterior(x, s.sideSamples, held)!);
      const grid = new Rng(ctx.seed, ctx.stream(4));
      return withPicture(inspect(model, (g) => model.encode(g, source.posterior(g, s.sideSamples, grid)!)), e);
    },
    model() {
      // the encoder's posterior p(y|x) travels with the model, so `rdlab compress` can run it
      const { tensors, metadata } = model.modelTensors();
      return { tensors, metadata: { ...metadata, 'wz.pair': JSON.stringify(source.spec) } };
    },
    figures: () => figures('ECVQ'),
  };
}

function buildConcrete(point: SweepPoint, ctx: BuildContext<Settings>): Trainable {
  const s = ctx.settings;
  const source = xEqualsYPlusNoise({ noiseVariance: s.noiseVariance });
  const model = new Concrete({ codewords: s.codewords, hidden: s.hidden, lambda: point.lambda }, { seed: ctx.seed * 1000 + ctx.pointIndex, device: ctx.device, lr: s.lr });
  const data = new Rng(ctx.seed, ctx.stream(0)), noise = new Rng(ctx.seed, ctx.stream(1));
  const decayAt = Math.floor(point.steps * (1 - s.decayFraction));
  const { withPicture, figures } = pictureOf(point, s);
  return {
    step(index) {
      // exponential annealing from temperatureStart to temperatureEnd
      const t = s.temperatureStart * (s.temperatureEnd / s.temperatureStart) ** (index / point.steps);
      const { x, y } = source.sample(s.batch, data, ctx.device);
      model.step(x, y, t, noise, index >= decayAt ? s.lr / 10 : s.lr);
    },
    metrics: () => model.metrics(),
    state: () => ({ ...model.state(), data: data.position, noise: noise.position }),
    load(state) {
      model.load(state);
      data.position = state.data as bigint;
      noise.position = state.noise as bigint;
    },
    async evaluate() {
      const { x, y } = source.sample(s.evalSamples, new Rng(ctx.seed, ctx.stream(2)), ctx.device);
      return withPicture(inspect(model, (g) => model.encode(g)), model.evaluate(x, y));
    },
    model: () => model.modelTensors(),
    figures: () => figures('Concrete'),
  };
}

/** Keeps a point's binning picture from evaluate() for figures(), and adds the decoder fit to its results. */
function pictureOf(point: SweepPoint, s: Settings) {
  let picture: BinningData | null = null;
  return {
    withPicture(fit: ReturnType<typeof inspect>, e: PointEvaluation): PointEvaluation {
      picture = fit.data;
      return { ...e, extra: { codewords_used: fit.used, decoder_linear_r2: fit.r2, decoder_slope: fit.slope } };
    },
    figures(name: string): PointFigure[] {
      return picture ? [{ name: 'binning', spec: binningPlotSpec(`${name}, X = Y + N (σ²_N = ${s.noiseVariance}), λ = ${point.lambda}`, picture) }] : [];
    },
  };
}

/**
 * Presets from the public JSAIT 2024 code: K = 32, batch 512, 200k steps with the first 30k a
 * decoder warm-up on 2K random (x, codeword) anchors, Adam 1e-3 decayed ×0.1 at 70%, decoder Dense(100)–leaky ReLU–Dense(100)–
 * leaky ReLU–Dense(1) on concat(one-hot(k), y), 16 side-information samples. `quick` scales
 * it to minutes on 2 cores: 3000 steps of batch 256, 8 samples, widths 64, a 5x larger
 * learning rate, and K = 8: in 3000 steps K = 16 or 32 stayed at a scalar quantizer that
 * ignores y (worse than R(D) without side information), while K = 8 — too few codewords to
 * cover the source without reusing them — bins. The Concrete temperature schedule (1 → 0.1,
 * exponential) is ours: the shared papers do not state the ISIT one.
 */
export const wzGaussian = defineExperiment({
  name: 'wz-gaussian',
  description: 'Variational ECVQ and Concrete compressors with decoder side information on X = Y + N vs the Wyner-Ziv bound and R(D) without side information',
  settings,
  presets: {
    quick: { steps: 3000, warmupFraction: 0.15, batch: 256, lr: 5e-3, decayFraction: 0.3, lambdas: [25, 50, 100], codewords: 8, anchorRepeats: 2, sideSamples: 8, hidden: [64, 64], noiseVariance: 0.1, temperatureStart: 1, temperatureEnd: 0.1, evalSamples: 20_000 },
    full: { steps: 200_000, warmupFraction: 0.15, batch: 512, lr: 1e-3, decayFraction: 0.3, lambdas: [10, 30, 100, 300, 1000], codewords: 32, anchorRepeats: 2, sideSamples: 16, hidden: [100, 100], noiseVariance: 0.1, temperatureStart: 1, temperatureEnd: 0.1, evalSamples: 1_000_000 },
  },
  distortion: 'mean squared error per sample, E (X - X̂)², X scalar',
  points: (s) => ['ecvq', 'concrete'].flatMap((series) => s.lambdas.map((lambda) => ({ series, lambda, steps: s.steps }))),
  build: (point, ctx) => (point.series === 'ecvq' ? buildEcvq : buildConcrete)(point, ctx),
  bounds: (s) => {
    const v = xEqualsYPlusNoise({ noiseVariance: s.noiseVariance }).variances!;
    return [
      curve('wyner-ziv', 6, (r) => wynerZivDistortionRate(v.conditionalVariance, r)),
      curve('R(D) without side information', 6, (r) => gaussianDistortionRate([v.sourceVariance], r)),
    ];
  },
  plots: [{ name: 'rd', x: 'rate_bits', y: 'distortion_db' }],
});
