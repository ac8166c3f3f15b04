/**
 * `sandwich-fmnist`: R(D) of Fashion-MNIST sandwiched between Yang & Mandt's lower bound
 * (lib/models/rdLowerBound.ts; series `lower bound`, kind `lower`) and NERD's estimate
 * (series `nerd`, kind `upper estimate`) — the analogue of the NERD paper's Fig. 6 (MNIST
 * there) — with Blahut–Arimoto on the empirical distribution of the first `baImages`
 * training images and D_max, as in `nerd-fmnist` (Blahut–Arimoto bounds that finite
 * distribution's R(D) from above, which is not Fashion-MNIST's at small D). Pixels in [0, 1],
 * squared error summed over the 784 pixels.
 *
 * NERD trains at fixed multipliers β (`betas`, as `nerd-fmnist` does). The lower bound trains
 * u at each λ of `lbLambdas` (nats per unit distortion; −β of a NERD point is the natural
 * pairing) and reports its line at the paired D of `lbDistortions`; any line bounds R(D) at
 * every D, so the report's sandwich table takes, at each NERD point's measured D, the best
 * of all the lines there. A line's intercept never exceeds log2(lbEvalBatch) bits (R_ ≤ ln k,
 * rdLowerBound.ts), so at D the bound stays below log2(lbEvalBatch) − λD/ln 2.
 */
import { widthSetting, widthsSetting } from '../runner/settings.js';
import { z } from 'zod';
import { Nerd } from '../models/nerd.js';
import type { Trainable } from '../runner/types.js';
import { defineExperiment } from '../runner/types.js';
import { FASHION_MNIST } from '../sources/images.js';
import { lowerBoundSettings, lowerBoundTrainable } from './lowerBoundTrainable.js';
import { fmnistBounds, fmnistDatasets } from './nerdFmnist.js';
import { nerdTrainable, nerdTrainingSettings } from './nerdTrainable.js';
import { SANDWICH_KINDS, SANDWICH_SERIES } from './sandwichGaussian.js';

const settings = z.object({
  /** IDX file (plain or .gz) of the training images, and of the held-out images each point is measured on. */
  path: z.string().min(1),
  evalPath: z.string().min(1),
  /** NERD's fixed multipliers β ≤ 0, nats per unit distortion. */
  betas: z.array(z.number().max(0)).min(1),
  ...nerdTrainingSettings,
  /** Width of Z ~ N(0, I) and the hidden widths of NERD's generator MLP (sigmoid output). */
  latent: widthSetting,
  hidden: widthsSetting,
  ...lowerBoundSettings,
  /** The lower bound's multipliers λ > 0 (nats per unit distortion) and the distortion each line is reported at. */
  lbLambdas: z.array(z.number().positive()).min(1),
  lbDistortions: z.array(z.number().positive()).min(1),
  /** Blahut–Arimoto: the first baImages training images as source and alphabet, at these slopes (nats per unit distortion). */
  baImages: z.number().int().positive(),
  baSlopes: z.array(z.number().max(0)),
  baIterations: z.number().int().positive(),
});

/** A point: NERD's β, or the lower bound's λ and the D its line is reported at. */
type SandwichFmnistParams = { beta?: number; lambda?: number; distortion?: number };

export const sandwichFmnist = defineExperiment<typeof settings, SandwichFmnistParams>({
  name: 'sandwich-fmnist',
  description: 'Sandwich bounds on R(D) of Fashion-MNIST: Yang & Mandt lower bound and NERD estimate, Blahut-Arimoto on 1000 images (NERD paper Fig. 6 analogue)',
  settings,
  seriesKinds: SANDWICH_KINDS,
  presets: {
    quick: {
      path: FASHION_MNIST.train, evalPath: FASHION_MNIST.test, betas: [-0.045, -0.1, -0.2, -0.5],
      steps: 1000, batch: 128, samples: 1024, lr: 3e-3, decayFraction: 0.2, evalBatches: 32, evalSamples: 4096, latent: 32, hidden: [128, 256],
      lbSteps: 400, lbBatch: 512, lbLr: 1e-3, lbDecayFraction: 0.2, lbHidden: [64, 64], lbStarts: 4, lbScreen: 256, lbIterations: 20,
      lbEvalBatch: 2000, lbEvalBatches: 8, lbEvalStarts: 8,
      lbLambdas: [0.045, 0.1, 0.2, 0.5], lbDistortions: [53.5, 35, 26, 20],
      baImages: 1000, baSlopes: [-0.03, -0.05, -0.07, -0.1, -0.13, -0.17, -0.22, -0.3], baIterations: 200,
    },
    full: {
      path: FASHION_MNIST.train, evalPath: FASHION_MNIST.test, betas: [-0.035, -0.05, -0.08, -0.15, -0.3, -0.6, -1.2],
      steps: 20_000, batch: 256, samples: 16_384, lr: 1e-3, decayFraction: 0.2, evalBatches: 40, evalSamples: 40_000, latent: 128, hidden: [512, 1024],
      lbSteps: 3000, lbBatch: 1024, lbLr: 1e-3, lbDecayFraction: 0.2, lbHidden: [256, 256], lbStarts: 8, lbScreen: 1024, lbIterations: 50,
      lbEvalBatch: 4096, lbEvalBatches: 16, lbEvalStarts: 16,
      lbLambdas: [0.035, 0.05, 0.08, 0.15, 0.3, 0.6, 1.2], lbDistortions: [58, 50, 42, 31, 24, 20, 17],
      baImages: 4000, baSlopes: [-0.02, -0.03, -0.05, -0.07, -0.1, -0.13, -0.17, -0.22, -0.3, -0.5], baIterations: 150,
    },
  },
  distortion: 'squared error summed over the pixels (scaled to [0, 1]), E ||X - Y||^2, as in the NERD paper (D_max = E ||X - mu||^2)',
  points(s) {
    if (s.lbLambdas.length !== s.lbDistortions.length)
      throw new RangeError(`lbDistortions: expected one distortion per λ of lbLambdas (${s.lbLambdas.length}), got ${s.lbDistortions.length}`);
    return [
      ...s.lbLambdas.map((lambda, i) => ({ series: SANDWICH_SERIES.lower, params: { lambda, distortion: s.lbDistortions[i] }, steps: s.lbSteps })),
      ...s.betas.map((beta) => ({ series: SANDWICH_SERIES.upper, params: { beta }, steps: s.steps })),
    ];
  },
  build(point, ctx): Trainable {
    const s = ctx.settings, { train, held } = fmnistDatasets(s);
    const { beta, lambda, distortion } = point.params;
    if (point.series === SANDWICH_SERIES.lower)
      return lowerBoundTrainable({ lambda: lambda!, distortion: distortion!, settings: s, context: ctx, train, held });
    const model = new Nerd(
      { dim: train.dim, latent: s.latent, hidden: s.hidden, outputActivation: 'sigmoid', samples: s.samples, target: { beta: beta! } },
      { seed: ctx.modelSeed, device: ctx.device, lr: s.lr },
    );
    return nerdTrainable({ model, settings: s, context: ctx, train, held, details: (p) => ({ distortion_over_d_max: p.distortion / train.variance }) });
  },
  bounds: fmnistBounds,
  plots: [{ name: 'rd', x: 'distortion', y: 'rate_bits' }],
});
