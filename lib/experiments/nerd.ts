/**
 * `nerd-gaussian`: NERD's R(D) estimate on a rotated Gaussian vector against reverse
 * water-filling (Fig. 2 of the NERD paper; the spectra are named in lib/sources/spectra.ts).
 * One generator per target distortion D, each target the water-filling D(R) at one of
 * `rates`, so each point's gap is NERD's rate minus R(D) at the same D. Points whose
 * estimate is within 1 bit of log2 M (where an M-sample estimate saturates, Sec. III-A of
 * the paper) carry `saturated: true` in results.json.
 */
import { z } from 'zod';
import { gaussianDistortionRate } from '../bounds/index.js';
import { Nerd } from '../models/nerd.js';
import { Rng } from '../rng.js';
import { GAUSSIAN_SPECTRA, gaussian, gaussianSpectrum, type GaussianSpectrumName } from '../sources/index.js';
import type { Tensor } from '../tensor.js';
import type { Trainable } from './types.js';
import { defineExperiment } from './types.js';

const spectra = Object.keys(GAUSSIAN_SPECTRA) as [GaussianSpectrumName, ...GaussianSpectrumName[]];

const settings = z.object({
  spectrum: z.enum(spectra),
  /** Seed of the random orthogonal V in Σ = V diag(σ²) V^T. */
  rotationSeed: z.number().int().nonnegative(),
  /** Water-filling rates (bits) whose distortions D(R) are the targets. */
  rates: z.array(z.number().positive()).min(1),
  steps: z.number().int().positive(),
  /** Source samples per step (B) and Q_Y samples per step (M). */
  batch: z.number().int().positive(),
  samples: z.number().int().positive(),
  lr: z.number().positive(),
  /** The learning rate drops by 10x for the last `decayFraction` of the steps. */
  decayFraction: z.number().min(0).max(1),
  hidden: z.array(z.number().int().positive()).min(1),
  /** Held-out batches of `batch` samples for each point's estimate, each against `evalSamples` samples of Q_Y. */
  evalBatches: z.number().int().positive(),
  evalSamples: z.number().int().positive(),
});
type Settings = z.output<typeof settings>;

const variances = (s: Settings) => gaussianSpectrum(s.spectrum);

/**
 * The training half of a NERD point's {@link Trainable}: Algorithm 1 steps on batches from
 * `sample` (drawing from `data`), the learning rate ÷10 from step `decayAt`, and the state
 * (Adam, β's warm start, both Rng positions) for checkpoints.
 */
export function nerdTraining(model: Nerd, sample: (n: number) => Tensor, o: { batch: number; lr: number; decayAt: number }, data: Rng, noise: Rng): Pick<Trainable, 'step' | 'metrics' | 'state' | 'load'> {
  return {
    step(index) {
      model.step(sample(o.batch), noise, index >= o.decayAt ? o.lr / 10 : o.lr);
    },
    metrics() {
      const m = model.metrics();
      return { loss: m.rate_bits, rate: m.rate_bits, distortion: m.distortion };
    },
    state: () => ({
      params: model.optimizer.params, m: model.optimizer.m, v: model.optimizer.v, steps: model.optimizer.steps,
      beta: model.beta, data: data.position, noise: noise.position,
    }),
    load(state) {
      for (const k of ['params', 'm', 'v'] as const) model.optimizer[k].copyFrom(state[k] as never);
      model.beta.copyFrom(state.beta as never);
      model.optimizer.steps = Number(state.steps);
      data.position = state.data as bigint;
      noise.position = state.noise as bigint;
    },
  };
}

export const nerdGaussian = defineExperiment({
  name: 'nerd-gaussian',
  description: 'NERD R(D) estimate of a rotated Gaussian vector vs reverse water-filling (NERD paper Fig. 2); lambda = target D',
  settings,
  presets: {
    quick: {
      spectrum: 'paper-fig2', rotationSeed: 1, rates: [1, 2, 4, 6, 8], steps: 3600, batch: 512, samples: 4096,
      lr: 1e-2, decayFraction: 0.2, hidden: [64, 64], evalBatches: 4, evalSamples: 32768,
    },
    full: {
      spectrum: 'paper-fig2', rotationSeed: 1, rates: [0.25, 0.5, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10], steps: 10_000, batch: 1024,
      samples: 16384, lr: 1e-2, decayFraction: 0.2, hidden: [64, 64], evalBatches: 16, evalSamples: 65536,
    },
  },
  distortion: 'squared Euclidean error per sample summed over the m dimensions, E ||X - Y||^2 (the paper\'s R(D), D <= sum of variances)',
  points: (s) => s.rates.map((r) => ({ series: 'nerd', lambda: gaussianDistortionRate(variances(s), r), steps: s.steps })),
  build(point, ctx): Trainable {
    const s = ctx.settings;
    const source = gaussian(variances(s), { rotationSeed: s.rotationSeed });
    const model = new Nerd(
      { dim: source.dim, hidden: s.hidden, samples: s.samples, target: { distortion: point.lambda } },
      { seed: ctx.seed * 1000 + ctx.pointIndex, device: ctx.device, lr: s.lr },
    );
    const data = new Rng(ctx.seed, ctx.stream(0)), noise = new Rng(ctx.seed, ctx.stream(1));
    return {
      ...nerdTraining(model, (n) => source.sample(n, data, ctx.device).x, { batch: s.batch, lr: s.lr, decayAt: Math.floor(point.steps * (1 - s.decayFraction)) }, data, noise),
      async evaluate() {
        const held = new Rng(ctx.seed, ctx.stream(2));
        const batches = Array.from({ length: s.evalBatches }, () => source.sample(s.batch, held, ctx.device).x);
        const p = model.evaluate(batches, new Rng(ctx.seed, ctx.stream(3)), s.evalSamples);
        return {
          rate_bits: p.rate_bits, rate_estimate_bits: p.rate_bits, distortion: p.distortion,
          details: { beta: p.beta, target_distortion: point.lambda, saturated: p.saturated, log2_samples: Math.log2(s.evalSamples) },
        };
      },
      model: () => ({
        tensors: { 'generator.params': model.generator.params },
        metadata: { 'rdlab.codec': 'nerd', 'nerd.config': JSON.stringify(model.config) },
      }),
    };
  },
  bounds(s) {
    const v = variances(s), maxRate = Math.max(...s.rates) + 1;
    const points = Array.from({ length: 161 }, (_, i) => (i / 160) * maxRate).map((r) => ({ rate_bits: r, distortion: gaussianDistortionRate(v, r) }));
    return [{ name: 'R(D) water-filling', points }];
  },
  plots: [{ name: 'rd', x: 'distortion', y: 'rate_bits' }],
});
