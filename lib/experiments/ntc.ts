/**
 * Point-to-point NTC experiments on sources with known optima (the NTC part of Özyılkan,
 * Ballé & Erkip, "Breaking smoothness: the struggles of neural compressors with
 * discontinuous mappings", §2): one model per λ, trained on fresh batches, evaluated on
 * held-out samples with real bitstreams, against the bound of the source.
 */
import { widthsSetting } from '../runner/settings.js';
import { z } from 'zod';
import {
  circleOneShot, ecsqHighRateGapBits, ecsqOptimalCurve, gaussianDistortionRate, laplaceShannonLowerBound, rampOneShot, sawbridgeOneShot,
  sampledSawbridgeOneShot, sampledRampOneShot, maxSampledSawbridgeSamples, maxSampledRampSamples, type OneShotBound,
} from '../bounds/index.js';
import { Ntc, type NtcConfig } from '../models/ntc.js';
import type { FourierConfig } from '../nn/fourier.js';
import { MAX_POINTS, MAX_SAMPLES } from '../sources/types.js';
import type { DeviceName } from '../tensor.js';
import { circle, gaussian, laplace, ramp, sawbridge, type Source } from '../sources/index.js';
import { distortionRateCurve, oneShotCurve } from './boundCurves.js';
import { circleEncoderFigure } from './circleFigure.js';
import { calibrationSettings } from './ntcCalibration.js';
import { NTC_STREAMS, ntcTrainable } from './ntcTrainable.js';
import type { Bound, BuildContext, Experiment, Figure, FinishedRun, SettingsSchema, SweepPoint, Trainable } from '../runner/types.js';
import { defineExperiment } from '../runner/types.js';

/** The settings every NTC experiment reads. */
const commonSettings = {
  steps: z.number().int().positive(),
  batch: z.number().int().positive().max(MAX_SAMPLES),
  lr: z.number().positive(),
  /** The learning rate drops by 10x for the last `decayFraction` of the steps. */
  decayFraction: z.number().min(0).max(1),
  lambdas: z.array(z.number().positive()).min(1),
  hidden: widthsSetting,
  evalSamples: z.number().int().positive().max(MAX_SAMPLES),
  /**
   * Relaxation of rounding in the distortion term (see Ntc): straight-through or additive
   * noise. Noise by default: it stayed closer to every bound at the quick presets (docs/ntc.md).
   */
  distortionProxy: z.enum(['ste', 'noise']).default('noise'),
  /**
   * Factor on the decoder's first-layer initial weights of every series without a factor of
   * its own. Default 1; the sawbridge's presets set 1/8, which reached higher rates nearer its
   * curve at the full preset and changed nothing at the quick one; the circle (measured at
   * one λ) and the ramp (whose plain series is the remedies' control) keep 1 (docs/ntc.md
   * has the measurements).
   */
  decoderInitScale: z.number().positive().default(1),
  ...calibrationSettings,
};

/** Latent dimensions, one series each (`ntc-d<d>`). */
const latentSettings = { latents: widthsSetting };

/** Time points of a process (sawbridge, ramp). */
const processSettings = { points: z.number().int().min(2).max(MAX_POINTS) };

/** The ramp's decoder variants. */
const rampSettings = {
  /**
   * The decoder's random Fourier features in the 'ntc-d1-fourier' series: count m, frequency
   * spread σ, latent appended. σ = 1/32 was the best of a sweep on the quick preset (docs/ntc.md).
   */
  fourierFeatures: z.number().int().positive().default(64),
  fourierSigma: z.number().positive().default(1 / 32),
  fourierIncludeLatent: z.boolean().default(true),
  /**
   * The 'ntc-d1-small-init' series: plain NTC whose decoder's first-layer initial weights are
   * scaled by this — 1/8 ≈ 1/√65, what He initialisation gives the latent's weight when 64
   * Fourier features sit beside it (docs/ntc.md: that is where the Fourier series' gain came from).
   */
  smallInitScale: z.number().positive().default(1 / 8),
};

/** Every key an NTC experiment may read; each experiment's schema holds those it does. */
const allSettings = z.object({ ...commonSettings, ...latentSettings, ...processSettings, ...rampSettings });
type Settings = z.output<typeof allSettings>;

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

/** A point of an NTC experiment: one λ. */
type NtcParams = { lambda: number };

interface NtcExperimentSpec<S extends SettingsSchema> {
  name: string;
  description: string;
  distortion: string;
  /** The experiment's settings: {@link commonSettings} and the groups it reads. */
  settings: S;
  source(s: Settings): Source;
  bounds(s: Settings, source: Source): Bound[];
  presets: { quick: z.input<S>; full: z.input<S> };
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

const specs = new Map<string, NtcExperimentSpec<SettingsSchema>>();

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
/**
 * A process's one-shot bounds: for n ≤ `maxSampled` samples the sampled process's curve
 * first (what the model's n-sample vectors can reach), then the continuous one.
 */
function sampledFirst(
  n: number, maxRate: number, name: string, continuous: OneShotBound,
  sampled: (n: number) => OneShotBound, maxSampled: number,
): Bound[] {
  const curve = oneShotCurve(name, continuous, maxRate);
  return n > maxSampled ? [curve] : [oneShotCurve(`${name}, sampled at n = ${n}`, sampled(n), maxRate), curve];
}

function scalarBounds(limit: string, d: (rateBits: number) => number, ecsq: 'gaussian' | 'laplace'): Bound[] {
  return [
    distortionRateCurve(limit, 8, d),
    distortionRateCurve(`${limit} + ECSQ gap (high rate)`, 8, (r) => d(Math.max(0, r - ecsqHighRateGapBits))),
    { name: 'ECSQ (numerical optimum)', points: ecsqOptimalCurve(ecsq, { maxRate: 8, points: 81 }) },
  ];
}

function buildNtc(spec: NtcExperimentSpec<SettingsSchema>, point: SweepPoint<NtcParams>, ctx: BuildContext<Settings>): Trainable {
  const s = ctx.settings, dev = ctx.device;
  const { source, model } = ntcPointModel(spec.name, s, point.series, point.params.lambda, { seed: ctx.modelSeed, device: dev });
  return ntcTrainable({
    model, source, settings: s, steps: point.steps, device: dev,
    streams: { data: ctx.rng(NTC_STREAMS.data), noise: ctx.rng(NTC_STREAMS.noise), calibration: ctx.rng(NTC_STREAMS.calibration), decoderData: ctx.rng(NTC_STREAMS.decoderData) },
    // held-out data from a stream training never touches
    heldOut: () => source.sample(s.evalSamples, ctx.rng(NTC_STREAMS.heldOut), dev).x,
  });
}

function ntcExperiment<S extends SettingsSchema>(spec: NtcExperimentSpec<S>): Experiment<S, NtcParams> {
  specs.set(spec.name, spec as unknown as NtcExperimentSpec<SettingsSchema>);
  const own = Object.keys(spec.settings.shape);
  return defineExperiment<S, NtcParams>({
    name: spec.name,
    description: spec.description,
    settings: spec.settings,
    // the NTC experiments once shared one schema, whose other keys older run.json files hold
    retiredSettings: Object.keys(allSettings.shape).filter((k) => !own.includes(k)),
    presets: spec.presets,
    distortion: spec.distortion,
    points: (s) => {
      const settings = s as Settings;
      return (spec.series ?? byLatents)(settings).flatMap((v) => settings.lambdas.map((lambda) => ({ series: v.name, params: { lambda }, steps: settings.steps })));
    },
    build: (point, ctx) => buildNtc(spec as unknown as NtcExperimentSpec<SettingsSchema>, point, ctx as BuildContext<Settings>),
    bounds: (s) => spec.bounds(s as Settings, spec.source(s as Settings)),
    plots: [{ name: 'rd', x: 'rate_bits', y: 'distortion_db' }],
    ...(spec.figures ? { figures: spec.figures as Experiment<S>['figures'] } : {}),
  });
}

const vectorSettings = z.object({ ...commonSettings, ...latentSettings });

const vectorPresets = (lambdas: number[]) => ({
  quick: { steps: 3000, batch: 1024, lr: 1e-3, decayFraction: 0.2, lambdas, latents: [1], hidden: [64, 64], evalSamples: 100_000 },
  full: { steps: 40_000, batch: 4096, lr: 1e-3, decayFraction: 0.2, lambdas, latents: [1], hidden: [100, 100], evalSamples: 1_000_000 },
});

/** Unit-variance Gaussian: NTC with a 1-D latent is entropy-coded scalar quantization, so at high rate it sits the ECSQ gap (1.53 dB, 0.254 bit) above R(D). */
export const gaussianNtc = ntcExperiment({
  name: 'gaussian-ntc',
  settings: vectorSettings,
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
  settings: vectorSettings,
  description: 'NTC on a unit-variance Laplace vs the Shannon lower bound and the ECSQ high-rate gap',
  distortion: 'mean squared error per sample (scalar source), E (X - X̂)²',
  source: () => laplace(1 / Math.SQRT2),
  bounds: () => scalarBounds('Shannon lower bound', (r) => laplaceShannonLowerBound(1 / Math.SQRT2, r), 'laplace'),
  presets: vectorPresets([4, 16, 64, 256, 1024]),
});

/**
 * The sawbridge (Wagner & Ballé 2021): NTC with a 1-D latent reaches the optimal one-shot curve.
 *
 * Sampled at n points, X only reveals which of the n + 1 gaps between sample times holds U,
 * so a cell spans whole gaps and the sampled process's optimum lies below the continuous
 * curve (by up to 0.03 bit at 4 bits for n = 128). Up to n = 256 the first bound is the
 * sampled process's exact optimum ({@link sampledSawbridgeOneShot}), the continuous curve
 * the second; past that only the continuous curve is drawn. The full preset samples
 * n = 1024 points. Both presets start the decoder's first layer 8× smaller
 * (`decoderInitScale`: at the full preset it reached 6.1 bits within 0.02 bit of the curve,
 * where the default stopped at 5.7 bits 0.15 bit off; docs/ntc.md).
 */
export const sawbridgeNtc = ntcExperiment({
  name: 'sawbridge',
  settings: z.object({ ...commonSettings, ...latentSettings, ...processSettings }),
  description: 'NTC on the sawbridge vs its optimal one-shot (entropy-coded) rate-distortion curve',
  distortion: 'time-averaged squared error per realization, mean over the n midpoint samples of [0,1] (the integral of (X(t) - X̂(t))² dt)',
  source: (s) => sawbridge(s.points),
  bounds: (s) => sampledFirst(s.points, 7, 'optimal one-shot', sawbridgeOneShot, sampledSawbridgeOneShot, maxSampledSawbridgeSamples),
  presets: {
    quick: {
      steps: 30_000, batch: 512, lr: 3e-3, decayFraction: 0.2, lambdas: [25, 50, 100, 200], latents: [1], hidden: [100, 100], points: 128, evalSamples: 100_000,
      decoderInitScale: 1 / 8,
    },
    full: {
      steps: 60_000, batch: 1024, lr: 3e-3, decayFraction: 0.2, lambdas: [12.5, 25, 50, 100, 200, 400, 800], latents: [1], hidden: [100, 100], points: 1024, evalSamples: 100_000,
      hardDecoderSteps: 10_000, decoderInitScale: 1 / 8,
    },
  },
});

/**
 * The circle (Bhadane et al. 2022): a 1-D latent cannot invert the angle at high rate; a 2-D
 * latent helps (docs/ntc.md has the measurements).
 */
export const circleNtc = ntcExperiment({
  name: 'circle',
  settings: vectorSettings,
  description: 'NTC on the unit circle, 1-D vs 2-D latent, vs the optimal one-shot curve',
  distortion: 'squared Euclidean error per sample, E ||X - X̂||²',
  source: () => circle(),
  bounds: () => [oneShotCurve('optimal one-shot', circleOneShot, 7)],
  figures: (run) => [circleEncoderFigure(run)],
  presets: {
    quick: { steps: 20_000, batch: 1024, lr: 3e-3, decayFraction: 0.2, lambdas: [10, 100, 1000], latents: [1, 2], hidden: [100, 100], evalSamples: 50_000 },
    full: { steps: 40_000, batch: 4096, lr: 1e-3, decayFraction: 0.2, lambdas: [3, 10, 30, 100, 300, 1000, 3000, 10_000], latents: [1, 2], hidden: [100, 100], evalSamples: 500_000 },
  },
});

/**
 * The ramp (Bhadane et al. 2022; Fig. 1b of "Breaking smoothness"): the decoder must be
 * discontinuous in the latent at every time point, which plain NTC fails at high rate;
 * random Fourier features of the latent at the decoder (§2.2) are the remedy. The bound is
 * the best partition of U into arcs, which is achievable but not proved optimal (see
 * lib/bounds/ramp.ts), so it is an upper bound on the true optimum and a gap may be negative.
 * Up to n = 256 the first bound is the same family for the sampled process, arcs cut at the
 * samples' jump points ({@link sampledRampOneShot}), which lies below the continuous curve.
 *
 * 'ntc-d1-small-init' is plain NTC whose decoder's first-layer weights start 8× smaller: at
 * the σ that worked, the Fourier series' gain came from that (its 64 features make the
 * latent's He-initialised weight √65 times smaller), not from the cosines — it persists at
 * σ = 10⁻⁶, where every feature is 1 (docs/ntc.md, which has the measurements).
 */
export const rampNtc = ntcExperiment({
  name: 'ramp',
  settings: z.object({ ...commonSettings, ...processSettings, ...rampSettings }),
  description: 'NTC on the ramp, plain vs random Fourier features at the decoder vs a smaller decoder init, vs the one-shot arc-quantizer curve',
  distortion: 'time-averaged squared error per realization, mean over the n midpoint samples of [0,1] (the integral of (Y(t) - Ŷ(t))² dt)',
  source: (s) => ramp(s.points),
  bounds: (s) => sampledFirst(s.points, 8, 'one-shot arc quantizer (achievable: upper bound on the optimum)', rampOneShot, sampledRampOneShot, maxSampledRampSamples),
  series: (s) => [
    { name: 'ntc-d1', latents: 1 },
    { name: 'ntc-d1-fourier', latents: 1, fourier: { features: s.fourierFeatures, sigma: s.fourierSigma, includeLatent: s.fourierIncludeLatent } },
    { name: 'ntc-d1-small-init', latents: 1, decoderInitScale: s.smallInitScale },
  ],
  presets: {
    quick: { steps: 6000, batch: 512, lr: 1e-3, decayFraction: 0.2, lambdas: [50, 400, 3200], hidden: [100, 100], points: 128, evalSamples: 20_000 },
    full: { steps: 40_000, batch: 4096, lr: 1e-3, decayFraction: 0.2, lambdas: [12.5, 50, 200, 800, 3200, 12_800], hidden: [100, 100], points: 1024, evalSamples: 100_000 },
  },
});
