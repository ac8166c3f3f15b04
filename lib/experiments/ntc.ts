/**
 * Point-to-point NTC experiments on sources with known optima (the NTC part of Özyılkan,
 * Ballé & Erkip, "Breaking smoothness: the struggles of neural compressors with
 * discontinuous mappings", §2): one model per λ, trained on fresh batches, evaluated on
 * held-out samples with real bitstreams, against the bound of the source.
 */
import { z } from 'zod';
import {
  circleOneShot, ecsqHighRateGapBits, gaussianDistortionRate, sawbridgeOneShot,
} from '../bounds/index.js';
import { Ntc } from '../models/ntc.js';
import { Rng } from '../rng.js';
import { circle, gaussian, laplace, sawbridge, type Source } from '../sources/index.js';
import type { Bound, BuildContext, Experiment, SweepPoint, Trainable } from './types.js';
import { defineExperiment } from './types.js';

const settings = z.object({
  steps: z.number().int().positive(),
  batch: z.number().int().positive(),
  lr: z.number().positive(),
  /** The learning rate drops by 10x for the last `decayFraction` of the steps. */
  decayFraction: z.number().min(0).max(1),
  lambdas: z.array(z.number().positive()).min(1),
  /** Latent dimensions, one series each. */
  latents: z.array(z.number().int().positive()).min(1),
  hidden: z.array(z.number().int().positive()).min(1),
  /** Time points of a process (sawbridge); ignored by vector sources. */
  points: z.number().int().min(2),
  evalSamples: z.number().int().positive(),
});
type Settings = z.output<typeof settings>;

interface NtcExperimentSpec {
  name: string;
  description: string;
  distortion: string;
  source(s: Settings): Source;
  bounds(s: Settings, source: Source): Bound[];
  presets: { quick: z.input<typeof settings>; full: z.input<typeof settings> };
}

/** A curve (rate, distortion) from a distortion-rate function on a rate grid. */
function curve(name: string, maxRate: number, d: (r: number) => number): Bound {
  const points = Array.from({ length: 81 }, (_, i) => (i / 80) * maxRate).map((r) => ({ rate_bits: r, distortion: d(r) }));
  return { name, points };
}

function buildNtc(spec: NtcExperimentSpec, point: SweepPoint, ctx: BuildContext<Settings>): Trainable {
  const s = ctx.settings;
  const source = spec.source(s);
  const latents = Number(point.series.replace(/^ntc-d/, ''));
  const model = new Ntc(
    {
      inputs: source.dim, latents, lambda: point.lambda, reduction: source.reduction,
      analysis: { hidden: s.hidden }, synthesis: { hidden: s.hidden },
    },
    { seed: ctx.seed * 1000 + ctx.pointIndex, device: ctx.device, lr: s.lr },
  );
  const data = new Rng(ctx.seed, ctx.stream(0));
  const noise = new Rng(ctx.seed, ctx.stream(1));
  const decayAt = Math.floor(point.steps * (1 - s.decayFraction));
  return {
    step(index) {
      model.step(source.sample(s.batch, data, ctx.device).x, noise, index >= decayAt ? s.lr / 10 : s.lr);
    },
    metrics: () => model.metrics(),
    state: () => ({ ...model.state(), data: data.position, noise: noise.position }),
    load(state) {
      model.load(state);
      data.position = state.data as bigint;
      noise.position = state.noise as bigint;
    },
    async evaluate() {
      // held-out data from a stream training never touches
      const x = source.sample(s.evalSamples, new Rng(ctx.seed, ctx.stream(2)), ctx.device).x;
      return model.evaluate(x);
    },
    model: () => model.modelTensors(),
  };
}

function ntcExperiment(spec: NtcExperimentSpec): Experiment<typeof settings> {
  return defineExperiment({
    name: spec.name,
    description: spec.description,
    settings,
    presets: spec.presets,
    distortion: spec.distortion,
    points: (s) => s.latents.flatMap((d) => s.lambdas.map((lambda) => ({ series: `ntc-d${d}`, lambda, steps: s.steps }))),
    build: (point, ctx) => buildNtc(spec, point, ctx),
    bounds: (s) => spec.bounds(s, spec.source(s)),
    plots: [{ name: 'rd', x: 'rate_bits', y: 'distortion_db' }],
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
  bounds: () => [
    curve('R(D)', 8, (r) => gaussianDistortionRate([1], r)),
    curve('R(D) + ECSQ gap (high rate)', 8, (r) => gaussianDistortionRate([1], Math.max(0, r - ecsqHighRateGapBits))),
  ],
  presets: vectorPresets([4, 16, 64, 256, 1024]),
});

/**
 * Laplace with variance 1 (scale b = 1/√2). Its R(D) has no closed form; the plotted bound
 * is the Shannon lower bound h(X) − ½ log2(2πe D), tight as D → 0, with h(X) = log2(2e b).
 */
export const laplaceNtc = ntcExperiment({
  name: 'laplace-ntc',
  description: 'NTC on a unit-variance Laplace vs the Shannon lower bound and the ECSQ high-rate gap',
  distortion: 'mean squared error per sample (scalar source), E (X - X̂)²',
  source: () => laplace(1 / Math.SQRT2),
  bounds: () => {
    const h = Math.log2(2 * Math.E / Math.SQRT2);
    const slb = (r: number) => Math.min(1, 2 ** (2 * (h - r)) / (2 * Math.PI * Math.E));
    return [curve('Shannon lower bound', 8, slb), curve('SLB + ECSQ gap (high rate)', 8, (r) => slb(Math.max(0, r - ecsqHighRateGapBits)))];
  },
  presets: vectorPresets([4, 16, 64, 256, 1024]),
});

/** The sawbridge (Wagner & Ballé 2021): NTC with a 1-D latent reaches the optimal one-shot curve. */
export const sawbridgeNtc = ntcExperiment({
  name: 'sawbridge',
  description: 'NTC on the sawbridge vs its optimal one-shot (entropy-coded) rate-distortion curve',
  distortion: 'time-averaged squared error per realization, mean over the n midpoint samples of [0,1] (the integral of (X(t) - X̂(t))² dt)',
  source: (s) => sawbridge(s.points),
  bounds: () => [{ name: 'optimal one-shot', points: sawbridgeOneShot.curve({ maxRate: 6, points: 121 }) }],
  presets: {
    quick: { steps: 3000, batch: 512, lr: 1e-3, decayFraction: 0.2, lambdas: [25, 100, 400], latents: [1], hidden: [100, 100], points: 128, evalSamples: 20_000 },
    full: { steps: 40_000, batch: 4096, lr: 1e-3, decayFraction: 0.2, lambdas: [12.5, 25, 50, 100, 200, 400, 800, 1600], latents: [1], hidden: [100, 100], points: 1024, evalSamples: 100_000 },
  },
});

/** The circle (Bhadane et al. 2022): a 1-D latent cannot invert the angle at high rate; a 2-D latent helps. */
export const circleNtc = ntcExperiment({
  name: 'circle',
  description: 'NTC on the unit circle, 1-D vs 2-D latent, vs the optimal one-shot curve',
  distortion: 'squared Euclidean error per sample, E ||X - X̂||²',
  source: () => circle(),
  bounds: () => [{ name: 'optimal one-shot', points: circleOneShot.curve({ maxRate: 7, points: 141 }) }],
  presets: {
    quick: { steps: 3000, batch: 1024, lr: 1e-3, decayFraction: 0.2, lambdas: [10, 100, 1000], latents: [1, 2], hidden: [100, 100], points: 2, evalSamples: 50_000 },
    full: { steps: 40_000, batch: 4096, lr: 1e-3, decayFraction: 0.2, lambdas: [3, 10, 30, 100, 300, 1000, 3000, 10_000], latents: [1, 2], hidden: [100, 100], points: 2, evalSamples: 500_000 },
  },
});
