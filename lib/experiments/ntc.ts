/**
 * Point-to-point NTC experiments on sources with known optima (the NTC part of Özyılkan,
 * Ballé & Erkip, "Breaking smoothness: the struggles of neural compressors with
 * discontinuous mappings", §2): one model per λ, trained on fresh batches, evaluated on
 * held-out samples with real bitstreams, against the bound of the source.
 */
import { z } from 'zod';
import {
  circleOneShot, ecsqHighRateGapBits, ecsqOptimalCurve, gaussianDistortionRate, laplaceShannonLowerBound, rampOneShot, sawbridgeOneShot,
  type OneShotBound,
} from '../bounds/index.js';
import { Ntc, type NtcConfig } from '../models/ntc.js';
import { resumable } from './resumable.js';
import type { FourierConfig } from '../nn/fourier.js';
import { Rng } from '../rng.js';
import type { DeviceName } from '../tensor.js';
import { circle, gaussian, laplace, ramp, sawbridge, type Source, type SourceBatch } from '../sources/index.js';
import { circleEncoderFigure } from './circleFigure.js';
import type { Bound, BuildContext, Experiment, Figure, FinishedRun, SweepPoint, Trainable } from './types.js';
import { defineExperiment } from './types.js';

const settings = z.object({
  steps: z.number().int().positive(),
  batch: z.number().int().positive(),
  lr: z.number().positive(),
  /** The learning rate drops by 10x for the last `decayFraction` of the steps. */
  decayFraction: z.number().min(0).max(1),
  lambdas: z.array(z.number().positive()).min(1),
  /** Latent dimensions, one series each (experiments with their own series, like the ramp, ignore it). */
  latents: z.array(z.number().int().positive()).min(1),
  hidden: z.array(z.number().int().positive()).min(1),
  /** Time points of a process (sawbridge, ramp); ignored by vector sources. */
  points: z.number().int().min(2),
  evalSamples: z.number().int().positive(),
  /**
   * Relaxation of rounding in the distortion term (see Ntc): straight-through or additive
   * noise. Noise by default: at the quick presets (seed 1) straight-through rounding ended
   * 0.6-0.8 bit off the sawbridge curve, 0.6-3 bit further off the circle's, and up to 0.6
   * bit above the ECSQ optimum on Gaussian/Laplace where noise stayed within 0.04 bit.
   */
  distortionProxy: z.enum(['ste', 'noise']).default('noise'),
  /**
   * The decoder's random Fourier features in the ramp's 'ntc-d1-fourier' series: count m,
   * frequency spread σ, latent appended. σ = 1/32: the best of a sweep on the ramp's quick
   * preset (2026-12-03, table and reading in docs/ntc.md), where σ ≥ 0.5 stopped near 5 bits
   * and σ ≤ 1/8 reached 6–6.7 bits.
   */
  fourierFeatures: z.number().int().positive().default(64),
  fourierSigma: z.number().positive().default(1 / 32),
  fourierIncludeLatent: z.boolean().default(true),
  /**
   * The ramp's 'ntc-d1-small-init' series: plain NTC whose decoder's first-layer initial
   * weights are scaled by this — 1/8 ≈ 1/√65, what He initialisation gives the latent's
   * weight when 64 Fourier features sit beside it (docs/ntc.md: that is where the Fourier
   * series' gain came from at the σ that worked).
   */
  smallInitScale: z.number().positive().default(1 / 8),
  /**
   * The same factor for every other series (default 1: the presets were measured so). A
   * sawbridge probe at 1/8 (n = 1024, λ = 800) measured 0.011 bit where 1 gave 0.082.
   */
  decoderInitScale: z.number().positive().default(1),
  /**
   * After training, on this many samples of a training stream (never the held-out one):
   * fit the quantizer's offsets (Ntc.fitOffsets; otherwise ŷ = round(y)) and then refit the
   * decoder's output layer to the hard-quantized latents (Ntc.refitDecoder).
   */
  calibrationSamples: z.number().int().positive().default(20_000),
  fitOffsets: z.boolean().default(true),
  /**
   * Between the offsets and the refit: this many Adam steps of the decoder alone on the
   * hard-quantized latents of fresh training batches (Ntc.hardDecoderStep, "soft then hard"),
   * at `hardDecoderLr`. 0 (the default) skips them. Measured 2026-12-03: on a sawbridge model
   * (n = 1024, λ = 800, 60k steps) the gap after the refit was 0.082 bit without, 0.058 after
   * 2,000 steps at 1e-3, 0.046 after 10,000 (the per-cell-mean decoder of the same cells:
   * 0.022); but on the ramp quick preset's plain model at λ = 3200, 2,000 steps raised it from
   * 0.31 to 0.72 bit, so they are opt-in.
   */
  hardDecoderSteps: z.number().int().min(0).default(0),
  hardDecoderLr: z.number().positive().default(1e-3),
  refitDecoder: z.boolean().default(true),
});
type Settings = z.output<typeof settings>;

/** One curve of an experiment: a model variant trained at every λ. */
interface NtcSeries {
  name: string;
  latents: number;
  fourier?: FourierConfig;
  /** Factor on the decoder's first-layer initial weights (NtcConfig.synthesis.inputInitScale). */
  decoderInitScale?: number;
}

/** The default series: one per latent dimension, `ntc-d<d>`. */
const byLatents = (s: Settings): NtcSeries[] => s.latents.map((d) => ({ name: `ntc-d${d}`, latents: d }));

interface NtcExperimentSpec {
  name: string;
  description: string;
  distortion: string;
  source(s: Settings): Source;
  bounds(s: Settings, source: Source): Bound[];
  presets: { quick: z.input<typeof settings>; full: z.input<typeof settings> };
  /** The model variants (default {@link byLatents}). */
  series?(s: Settings): NtcSeries[];
  /** Extra figures of the finished run. */
  figures?(run: FinishedRun<Settings>): Figure[];
}

/** The model of one point: the source's shape, the series' latent and Fourier features, the settings' transforms. */
function ntcConfig(source: Source, s: Settings, series: NtcSeries, lambda: number): NtcConfig {
  const initScale = series.decoderInitScale ?? s.decoderInitScale;
  return {
    inputs: source.dim, latents: series.latents, lambda, reduction: source.reduction, distortionProxy: s.distortionProxy,
    analysis: { hidden: s.hidden }, synthesis: { hidden: s.hidden, ...(initScale !== 1 ? { inputInitScale: initScale } : {}) },
    ...(series.fourier ? { fourier: series.fourier } : {}),
  };
}

/** A curve (rate, distortion) from a distortion-rate function on a rate grid. */
function curve(name: string, maxRate: number, d: (r: number) => number): Bound {
  const points = Array.from({ length: 81 }, (_, i) => (i / 80) * maxRate).map((r) => ({ rate_bits: r, distortion: d(r) }));
  return { name, points };
}

const specs = new Map<string, NtcExperimentSpec>();

/**
 * The source and a fresh model of one point of the NTC experiment `name`: what its build()
 * trains, and what the NTC bench times.
 */
export function ntcPointModel(
  name: string, s: Settings, seriesName: string, lambda: number, options: { seed: number; device: DeviceName },
): { source: Source; model: Ntc } {
  const spec = specs.get(name);
  if (!spec) throw new RangeError(`'${name}' is not an NTC experiment (known: ${[...specs.keys()].join(', ')})`);
  const source = spec.source(s);
  const series = (spec.series ?? byLatents)(s).find((v) => v.name === seriesName);
  if (!series) throw new RangeError(`series '${seriesName}' is not a series of ${name}`);
  return { source, model: new Ntc(ntcConfig(source, s, series, lambda), { ...options, lr: s.lr }) };
}

/**
 * The bounds of a scalar source: its limit D(R), the limit shifted by the high-rate ECSQ gap
 * (where a 1-D NTC, an entropy-coded scalar quantizer, can get at high rate), and the
 * numerically optimal ECSQ.
 */
function scalarBounds(limit: string, d: (rateBits: number) => number, ecsq: 'gaussian' | 'laplace'): Bound[] {
  return [
    curve(limit, 8, d),
    curve(`${limit} + ECSQ gap (high rate)`, 8, (r) => d(Math.max(0, r - ecsqHighRateGapBits))),
    { name: 'ECSQ (numerical optimum)', points: ecsqOptimalCurve(ecsq, { maxRate: 8, points: 81 }) },
  ];
}

function buildNtc(spec: NtcExperimentSpec, point: SweepPoint, ctx: BuildContext<Settings>): Trainable {
  const s = ctx.settings;
  const { source, model } = ntcPointModel(spec.name, s, point.series, point.lambda, { seed: ctx.seed * 1000 + ctx.pointIndex, device: ctx.device });
  const data = new Rng(ctx.seed, ctx.stream(0));
  const noise = new Rng(ctx.seed, ctx.stream(1));
  const decayAt = Math.floor(point.steps * (1 - s.decayFraction));
  let batch: SourceBatch | undefined; // refilled every step (Source.sample's `into`)
  return {
    step(index) {
      batch = source.sample(s.batch, data, ctx.device, batch);
      model.step(batch.x, noise, index >= decayAt ? s.lr / 10 : s.lr);
    },
    metrics: () => model.metrics(),
    ...resumable(model, { data, noise }),
    async evaluate() {
      const calibration = s.fitOffsets || s.refitDecoder ? source.sample(s.calibrationSamples, new Rng(ctx.seed, ctx.stream(3)), ctx.device).x : null;
      const offsets = s.fitOffsets ? model.fitOffsets(calibration!) : null;
      const decoderData = new Rng(ctx.seed, ctx.stream(4));
      let decoderBatch: SourceBatch | undefined;
      for (let i = 0; i < s.hardDecoderSteps; ++i) {
        decoderBatch = source.sample(s.batch, decoderData, ctx.device, decoderBatch);
        model.hardDecoderStep(decoderBatch.x, s.hardDecoderLr);
      }
      if (s.refitDecoder) model.refitDecoder(calibration!);
      // held-out data from a stream training never touches
      const x = source.sample(s.evalSamples, new Rng(ctx.seed, ctx.stream(2)), ctx.device).x;
      return { ...model.evaluate(x), ...(offsets ? { details: Object.fromEntries(Array.from(offsets, (m, c) => [`quant_offset_${c}`, m])) } : {}) };
    },
    model: () => model.modelTensors(),
  };
}

function ntcExperiment(spec: NtcExperimentSpec): Experiment<typeof settings> {
  specs.set(spec.name, spec);
  return defineExperiment({
    name: spec.name,
    description: spec.description,
    settings,
    presets: spec.presets,
    distortion: spec.distortion,
    points: (s) => (spec.series ?? byLatents)(s).flatMap((v) => s.lambdas.map((lambda) => ({ series: v.name, lambda, steps: s.steps }))),
    build: (point, ctx) => buildNtc(spec, point, ctx),
    bounds: (s) => spec.bounds(s, spec.source(s)),
    plots: [{ name: 'rd', x: 'rate_bits', y: 'distortion_db' }],
    ...(spec.figures ? { figures: spec.figures } : {}),
  });
}

const vectorPresets = (lambdas: number[]) => ({
  quick: { steps: 3000, batch: 1024, lr: 1e-3, decayFraction: 0.2, lambdas, latents: [1], hidden: [64, 64], points: 2, evalSamples: 100_000 },
  full: { steps: 40_000, batch: 4096, lr: 1e-3, decayFraction: 0.2, lambdas, latents: [1], hidden: [100, 100], points: 2, evalSamples: 1_000_000 },
});

/** Unit-variance Gaussian: NTC with a 1-D latent is entropy-coded scalar quantization, so at high rate it sits the ECSQ gap (1.53 dB, 0.254 bit) above R(D). */
export const gaussianNtc = ntcExperiment({
  name: 'gaussian-ntc',
  description: 'NTC on a unit Gaussian vs R(D) = ½ log2(1/D) and the ECSQ high-rate gap',
  distortion: 'mean squared error per sample (scalar source), E (X - X̂)²',
  source: () => gaussian(1),
  bounds: () => scalarBounds('R(D)', (r) => gaussianDistortionRate([1], r), 'gaussian'),
  presets: vectorPresets([4, 16, 64, 256, 1024]),
});

/**
 * Laplace with variance 1 (scale b = 1/√2). Its R(D) has no closed form; the plotted bound
 * is the Shannon lower bound h(X) − ½ log2(2πe D), tight as D → 0, with h(X) = log2(2e b).
 * A 1-D NTC is an ECSQ, so 'ECSQ (numerical optimum)' (uniform thresholds with a dead zone,
 * the stand-in for Sullivan 1996) is what it can reach at best.
 */
export const laplaceNtc = ntcExperiment({
  name: 'laplace-ntc',
  description: 'NTC on a unit-variance Laplace vs the Shannon lower bound and the ECSQ high-rate gap',
  distortion: 'mean squared error per sample (scalar source), E (X - X̂)²',
  source: () => laplace(1 / Math.SQRT2),
  bounds: () => scalarBounds('Shannon lower bound', (r) => laplaceShannonLowerBound(1 / Math.SQRT2, r), 'laplace'),
  presets: vectorPresets([4, 16, 64, 256, 1024]),
});

/** A one-shot curve up to `maxRate` bits: 20 grid points per bit to draw, exact values for the gaps. */
function oneShotCurve(name: string, bound: OneShotBound, maxRate: number): Bound {
  return {
    name,
    points: bound.curve({ maxRate, points: 20 * maxRate + 1 }),
    exact: { rate: (d) => bound.rate(d, maxRate), distortion: (r) => (r <= maxRate ? bound.distortion(r) : null) },
  };
}

/**
 * The sawbridge (Wagner & Ballé 2021): NTC with a 1-D latent reaches the optimal one-shot curve.
 *
 * The bound is the continuous-time process's. Sampled at n points, X only reveals which of
 * the n + 1 gaps between sample times holds U, so a cell spans a whole number m of gaps; its
 * time-averaged variance is (m − 1/m)/(6n) instead of m/(6n) and cells cannot all be equal.
 * The quick preset (n = 128) therefore stops at λ = 200 (about 4.4 bits, 6–7 gaps per
 * cell, where the sampled process's optimum is within ~0.03 bit of the continuous curve); at
 * λ = 400 (5.1 bits, 3–4 gaps per cell) a trained model measured 0.11 bit above the curve with
 * its cells forced to 3 or 4 gaps. The full preset samples n = 1024 points.
 *
 * Measured 2026-11-24 (CPU, seed 1), with fitted quantization offsets and the decoder's
 * output layer refitted after training: quick (141 s) gaps −0.001 / 0.010 / 0.005 / −0.017 bit
 * at 1.59 / 2.59 / 3.58 / 4.41 bits; full (n = 1024, batch 1024, 60k steps, ~6.5 min per λ)
 * 0.0002 / 0.001 / 0.003 / 0.007 / 0.014 / 0.017 / 0.165 bit at 0 / 1.59 / 2.59 / 3.57 /
 * 4.47 / 5.14 / 5.67 bits (λ = 12.5 … 800). Before the calibration the earlier full preset
 * (batch 4096, 40k steps) measured 0.088 bit at λ = 50 (the grid's phase cut 7 cells where
 * 6 were trained) and 0.41 at λ = 800 (a decoder missing the cells' means by 30%).
 * Re-run 2026-12-03 with 10,000 soft-then-hard decoder steps added to the full preset
 * (4530 s): 0.0002 / 0.001 / 0.003 / 0.007 / 0.014 / 0.017 / 0.146 bit — the same models up
 * to λ = 400, and at λ = 800 0.165 → 0.146. That point is the decoder's: the per-cell means
 * of the same 51 cells are 0.030 bit off; g's last hidden layer does not separate them all.
 */
export const sawbridgeNtc = ntcExperiment({
  name: 'sawbridge',
  description: 'NTC on the sawbridge vs its optimal one-shot (entropy-coded) rate-distortion curve',
  distortion: 'time-averaged squared error per realization, mean over the n midpoint samples of [0,1] (the integral of (X(t) - X̂(t))² dt)',
  source: (s) => sawbridge(s.points),
  bounds: () => [oneShotCurve('optimal one-shot', sawbridgeOneShot, 6)],
  presets: {
    quick: { steps: 30_000, batch: 512, lr: 3e-3, decayFraction: 0.2, lambdas: [25, 50, 100, 200], latents: [1], hidden: [100, 100], points: 128, evalSamples: 100_000 },
    full: {
      steps: 60_000, batch: 1024, lr: 3e-3, decayFraction: 0.2, lambdas: [12.5, 25, 50, 100, 200, 400, 800], latents: [1], hidden: [100, 100], points: 1024, evalSamples: 100_000,
      hardDecoderSteps: 10_000,
    },
  },
});

/**
 * The circle (Bhadane et al. 2022): a 1-D latent cannot invert the angle at high rate; a 2-D
 * latent helps. Quick preset, measured 2026-12-03 with the calibration (seed 1, 222 s on the
 * 2-core CPU): gaps to the one-shot curve of 0.016 / 0.24 / 0.71 bit with d = 1 at
 * λ = 10 / 100 / 1000 and 0.025 / 0.056 / 0.11 bit with d = 2 (D 0.0054 → 0.00081 at
 * λ = 1000). docs/ntc.md has the table.
 */
export const circleNtc = ntcExperiment({
  name: 'circle',
  description: 'NTC on the unit circle, 1-D vs 2-D latent, vs the optimal one-shot curve',
  distortion: 'squared Euclidean error per sample, E ||X - X̂||²',
  source: () => circle(),
  bounds: () => [oneShotCurve('optimal one-shot', circleOneShot, 7)],
  figures: (run) => [circleEncoderFigure(run)],
  presets: {
    quick: { steps: 20_000, batch: 1024, lr: 3e-3, decayFraction: 0.2, lambdas: [10, 100, 1000], latents: [1, 2], hidden: [100, 100], points: 2, evalSamples: 50_000 },
    full: { steps: 40_000, batch: 4096, lr: 1e-3, decayFraction: 0.2, lambdas: [3, 10, 30, 100, 300, 1000, 3000, 10_000], latents: [1, 2], hidden: [100, 100], points: 2, evalSamples: 500_000 },
  },
});

/**
 * The ramp (Bhadane et al. 2022; Fig. 1b of "Breaking smoothness"): the decoder must be
 * discontinuous in the latent at every time point, which plain NTC fails at high rate;
 * random Fourier features of the latent at the decoder (§2.2) are the remedy. The bound is
 * the best partition of U into arcs, which is achievable but not proved optimal (see
 * lib/bounds/ramp.ts), so it is an upper bound on the true optimum and a gap may be negative
 * (at n = 128 also because the sampled process's optimum lies below the continuous curve).
 *
 * 'ntc-d1-small-init' is plain NTC whose decoder's first-layer weights start 8× smaller: at
 * the σ that worked, the Fourier series' gain came from that (its 64 features make the
 * latent's He-initialised weight √65 times smaller), not from the cosines — it persists at
 * σ = 10⁻⁶, where every feature is 1 (docs/ntc.md).
 *
 * Quick preset, measured 2026-12-03 (seed 1, 169 s on the loaded 2-core CPU): plain gaps
 * 0.118 / 0.030 / 0.314 bit at λ = 50 / 400 / 3200 (2.26 / 4.70 / 5.81 bits); Fourier
 * (σ = 1/32) 0.140 / 0.005 / −0.214 bit (2.28 / 5.02 / 6.55 bits); small init 0.122 /
 * −0.002 / −0.313 (2.27 / 4.98 / 6.72 bits); at λ = 3200 D = 0.00366, 0.00152, 0.00127.
 * Without the calibration the plain and Fourier λ = 3200 points are 1.08–1.09 bit off.
 */
export const rampNtc = ntcExperiment({
  name: 'ramp',
  description: 'NTC on the ramp, plain vs random Fourier features at the decoder vs a smaller decoder init, vs the one-shot arc-quantizer curve',
  distortion: 'time-averaged squared error per realization, mean over the n midpoint samples of [0,1] (the integral of (Y(t) - Ŷ(t))² dt)',
  source: (s) => ramp(s.points),
  bounds: () => [oneShotCurve('one-shot arc quantizer (achievable: upper bound on the optimum)', rampOneShot, 8)],
  series: (s) => [
    { name: 'ntc-d1', latents: 1 },
    { name: 'ntc-d1-fourier', latents: 1, fourier: { features: s.fourierFeatures, sigma: s.fourierSigma, includeLatent: s.fourierIncludeLatent } },
    { name: 'ntc-d1-small-init', latents: 1, decoderInitScale: s.smallInitScale },
  ],
  presets: {
    quick: { steps: 6000, batch: 512, lr: 1e-3, decayFraction: 0.2, lambdas: [50, 400, 3200], latents: [1], hidden: [100, 100], points: 128, evalSamples: 20_000 },
    full: { steps: 40_000, batch: 4096, lr: 1e-3, decayFraction: 0.2, lambdas: [12.5, 50, 200, 800, 3200, 12_800], latents: [1], hidden: [100, 100], points: 1024, evalSamples: 100_000 },
  },
});
