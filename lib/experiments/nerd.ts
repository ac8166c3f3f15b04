/**
 * `nerd-gaussian`: NERD's R(D) estimate on a rotated Gaussian vector against reverse
 * water-filling (Fig. 2 of the NERD paper; the spectra are named in lib/sources/spectra.ts).
 * One generator per target distortion D, each target the water-filling D(R) at one of
 * `rates`, so each point's gap is NERD's rate minus R(D) at the same D. Points whose
 * estimate is within 1 bit of log2 M (where an M-sample estimate saturates, Sec. III-A of
 * the paper) carry `saturated: true` in results.json.
 */
import { widthsSetting } from '../runner/settings.js';
import { z } from 'zod';
import { gaussianDistortionRate } from '../bounds/index.js';
import { Nerd } from '../models/nerd.js';
import { GAUSSIAN_SPECTRA, gaussian, gaussianSpectrum, type GaussianSpectrumName } from '../sources/index.js';
import { nerdTrainable, nerdTrainingSettings } from './nerdTrainable.js';
import type { Trainable } from '../runner/types.js';
import { distortionRateCurve } from './boundCurves.js';
import { defineExperiment } from '../runner/types.js';

const spectra = Object.keys(GAUSSIAN_SPECTRA) as [GaussianSpectrumName, ...GaussianSpectrumName[]];

const settings = z.object({
  spectrum: z.enum(spectra),
  /** Seed of the random orthogonal V in Σ = V diag(σ²) V^T. */
  rotationSeed: z.number().int().nonnegative(),
  /** Water-filling rates (bits) whose distortions D(R) are the targets. */
  rates: z.array(z.number().positive()).min(1),
  ...nerdTrainingSettings,
  hidden: widthsSetting,
});
type Settings = z.output<typeof settings>;

const variances = (s: Settings) => gaussianSpectrum(s.spectrum);

/** A point: its target distortion, the water-filling D(R) at one of the settings' rates. */
type NerdGaussianParams = { target_distortion: number };

export const nerdGaussian = defineExperiment<typeof settings, NerdGaussianParams>({
  name: 'nerd-gaussian',
  description: 'NERD R(D) estimate of a rotated Gaussian vector vs reverse water-filling (NERD paper Fig. 2), one point per target distortion',
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
  points: (s) => s.rates.map((rate) => ({ series: 'nerd', params: { target_distortion: gaussianDistortionRate(variances(s), rate) }, steps: s.steps })),
  build(point, ctx): Trainable {
    const s = ctx.settings;
    const source = gaussian(variances(s), { rotationSeed: s.rotationSeed });
    const model = new Nerd(
      { dim: source.dim, hidden: s.hidden, samples: s.samples, target: { distortion: point.params.target_distortion } },
      { seed: ctx.modelSeed, device: ctx.device, lr: s.lr },
    );
    return nerdTrainable({ model, settings: s, context: ctx, train: source, held: source, details: () => ({}) });
  },
  bounds(s) {
    const v = variances(s);
    return [distortionRateCurve('R(D) water-filling', Math.max(...s.rates) + 1, (r) => gaussianDistortionRate(v, r), 161)];
  },
  plots: [{ name: 'rd', x: 'distortion', y: 'rate_bits' }],
});
