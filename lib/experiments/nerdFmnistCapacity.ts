/**
 * `nerd-fmnist-capacity`: NERD's R(D) estimate of Fashion-MNIST with the DCGAN generator at
 * several capacities c_d (NERD paper Appendix B, Fig. 20: c_d ∈ {4, 8, 16, 32}; the channels
 * of the four transposed convolutions' inputs are 8c_d, 4c_d, 2c_d and c_d, the latent stays
 * at 128 dims). One series per capacity, `c_d=<c>`, one point per fixed multiplier β ≤ 0;
 * everything else — the data, the 784-pixel distortion (the generator's 32 x 32 output
 * cropped by 2 pixels on each side), the training, the Blahut–Arimoto curve and D_max — is
 * nerd-fmnist's, so its `nerd` series at c_d = 32 is this one's `c_d=32`.
 */
import { z } from 'zod';
import { FASHION_MNIST } from '../sources/images.js';
import { defineExperiment, type Trainable } from '../runner/types.js';
import { fmnistBounds, fmnistDatasets, fmnistDcgan, fmnistNerd, fmnistNerdTrainable, settingsBase } from './nerdFmnist.js';

const settings = settingsBase.extend({
  /** The capacities c_d, one series each. */
  capacities: z.array(z.number().int().positive().max(4096)).min(1),
});

const seriesOf = (capacity: number) => `c_d=${capacity}`;

export const nerdFmnistCapacity = defineExperiment<typeof settings, { beta: number }>({
  name: 'nerd-fmnist-capacity',
  description: 'NERD R(D) estimate of Fashion-MNIST with the DCGAN generator at capacities c_d (NERD paper Fig. 20), one series per c_d, one point per beta',
  settings,
  // quick: nerd-fmnist's quick training at three β of its range (c_d = 32 is most of the
  // time). full: nerd-fmnist's full settings at the paper's four capacities.
  presets: {
    quick: {
      path: FASHION_MNIST.train, evalPath: FASHION_MNIST.test, betas: [-0.1, -0.2, -0.5], capacities: [4, 8, 16, 32],
      steps: 600, batch: 128, samples: 512, lr: 3e-3, decayFraction: 0.2, evalBatches: 16, evalSamples: 2048,
      dcganLatent: 128, baImages: 1000, baSlopes: [-0.05, -0.1, -0.17, -0.3], baIterations: 200,
    },
    full: {
      path: FASHION_MNIST.train, evalPath: FASHION_MNIST.test, betas: [-0.035, -0.05, -0.08, -0.15, -0.3, -0.6, -1.2, -2.5], capacities: [4, 8, 16, 32],
      steps: 20_000, batch: 256, samples: 16_384, lr: 1e-3, decayFraction: 0.2, evalBatches: 40, evalSamples: 40_000,
      dcganLatent: 128, baImages: 4000, baSlopes: [-0.02, -0.03, -0.05, -0.07, -0.1, -0.13, -0.17, -0.22, -0.3, -0.5], baIterations: 150,
    },
  },
  distortion: 'squared error summed over the pixels (scaled to [0, 1]), E ||X - Y||^2, as in the NERD paper (D_max = E ||X - mu||^2)',
  points(s) {
    const { train } = fmnistDatasets(s);
    if (s.betas.length === 0) throw new RangeError('betas: expected at least one multiplier');
    const capacities = [...new Set(s.capacities)];
    fmnistDcgan(train, { ...s, capacity: capacities[0] });  // the image size's error before any training
    return capacities.flatMap((c) => s.betas.map((beta) => ({ series: seriesOf(c), params: { beta }, steps: s.steps })));
  },
  build(point, ctx): Trainable {
    const s = ctx.settings, capacity = Number(point.series.slice('c_d='.length));
    return fmnistNerdTrainable(point, ctx, fmnistNerd(ctx, { beta: point.params.beta }, fmnistDcgan(fmnistDatasets(s).train, { ...s, capacity })));
  },
  bounds: fmnistBounds,
  plots: [{ name: 'rd', x: 'distortion', y: 'rate_bits' }],
});
