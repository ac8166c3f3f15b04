/**
 * `nerd-fmnist`: NERD's R(D) estimate of Fashion-MNIST against Blahut–Arimoto on the
 * empirical distribution (NERD paper Sec. IV-C, Figs. 16 and 18). Pixels are scaled to
 * [0, 1] and the distortion is the squared error summed over the 784 pixels, as in the
 * paper, whose D_max = E||X − μ||² (≈ 55 for MNIST) is marked on the plot.
 *
 * Points: series `nerd` trains one generator per fixed multiplier β ≤ 0 (parameter `beta`,
 * nats per unit distortion; the variant of the authors' later code: D follows), and the β
 * nearest 0 measures the zero-rate distortion, which is D_max when Q_Y has learned the mean
 * image; series `nerd-target` trains one per target distortion, given as fractions of D_max
 * of the training set (parameter `target_distortion`, the absolute D; β* solved per batch,
 * which costs much more per step while the target is below the batch's reach). Training batches are drawn from
 * `path` (the training set), each point's estimate from `evalPath` (held-out images,
 * default the test set). Each point draws 16 samples of its Q_Y as an image grid,
 * `figures/<point>-qy-samples.png`.
 *
 * Generators (setting `generators`, both by default, in one plot): `dcgan`, the paper's
 * DCGAN generator (Appendix C.A, {@link dcganGenerator}: z of `dcganLatent` dims, capacity
 * c_d = `capacity`), series `nerd` and `nerd-target`; and `mlp`, an MLP with a sigmoid
 * output (`latent`, `hidden`), series `nerd-mlp` and `nerd-target-mlp`. The DCGAN generator
 * makes 32 x 32 images: Fashion-MNIST's 28 x 28 images are taken as the centre of a
 * 32 x 32 frame padded with 2 zero pixels on each side, and D sums over the 784 image
 * pixels only (the generator's output cropped by 2 pixels on each side, which is its last
 * layer with padding 3 instead of 1: `dcganGenerator({ crop: 2 })`). The border is zero in
 * every padded image, so scoring it would add only the generator's own border error;
 * unscored, D, D_max and the Blahut–Arimoto curve are the MLP series' own, and the two
 * generators are compared on the same distortion. Images of another size s x s (s even, at
 * most 32) are cropped alike by (32 − s)/2; other shapes take the MLP only.
 *
 * The empirical distribution of a few thousand images has an R(D) of its own (at most
 * log2 n bits), below that of Fashion-MNIST at small D: NERD, which estimates the latter
 * from fresh batches, may lie above the Blahut–Arimoto curve there.
 *
 * The Blahut–Arimoto curve (see lib/bounds/empiricalBlahut.ts) takes the first `baImages`
 * training images as the source (uniform) and as the reproduction alphabet, as the paper
 * does with all 60,000: each of its points is an upper bound on R(D) of that empirical
 * distribution, it reaches D = 0 at log2(baImages) bits, and at zero rate it stays at
 * min_y E||X − y||² over the images, above D_max.
 */
import { widthSetting, widthsSetting } from '../runner/settings.js';
import { z } from 'zod';
import { empiricalBlahutArimoto } from '../bounds/empiricalBlahut.js';
import { Nerd, type NerdConfig, type NerdTarget } from '../models/nerd.js';
import { dcganGenerator } from '../nn/dcgan.js';
import { FASHION_MNIST, idxImages, type ImageSource } from '../sources/images.js';
import { formatParams } from '../runner/params.js';
import { imageGridFigure } from './imageGrid.js';
import { NERD_STREAMS, nerdTrainable, nerdTrainingSettings } from './nerdTrainable.js';
import type { Bound, BuildContext, Trainable } from '../runner/types.js';
import { defineExperiment } from '../runner/types.js';

/** The settings nerd-fmnist and nerd-fmnist-capacity share: data, β, NERD's training, the DCGAN latent, Blahut–Arimoto. */
export const settingsBase = z.object({
  /** IDX file (plain or .gz) of the training images. */
  path: z.string().min(1),
  /** IDX file of the held-out images each point is measured on. */
  evalPath: z.string().min(1),
  /** Fixed multipliers β ≤ 0, nats per unit distortion. */
  betas: z.array(z.number().max(0)),
  ...nerdTrainingSettings,
  /** The width of the DCGAN generator's Z ~ N(0, I) (the paper's 128). */
  dcganLatent: widthSetting,
  /** Blahut–Arimoto: the first baImages training images as source and alphabet, at these slopes (nats per unit distortion). */
  baImages: z.number().int().positive(),
  baSlopes: z.array(z.number().max(0)),
  baIterations: z.number().int().positive(),
});

const settings = settingsBase.extend({
  /** Target distortions as fractions of D_max (series `nerd-target`, `nerd-target-mlp`). */
  targets: z.array(z.number().positive()),
  /** The generators with a series each: 'dcgan' (series nerd, nerd-target) and 'mlp' (nerd-mlp, nerd-target-mlp). */
  generators: z.array(z.enum(['dcgan', 'mlp'])).min(1),
  /** The DCGAN generator's capacity c_d (the paper's 32). */
  capacity: z.number().int().positive().max(4096),
  /** The MLP generator: the width of Z ~ N(0, I) and its hidden widths. */
  latent: widthSetting,
  hidden: widthsSetting,
});

const loaded = new Map<string, ImageSource>();

/** The images at `path` (loaded once per process); a missing file names the setting that chose it. */
function images(path: string, setting: 'path' | 'evalPath'): ImageSource {
  let set = loaded.get(path);
  if (!set) {
    try {
      set = idxImages(path);
    } catch (e) {
      (e as Error).message += ` (set with --set ${setting}=FILE)`;
      throw e;
    }
    loaded.set(path, set);
  }
  return set;
}

/** The training and held-out sets, checked to have the same image size (sandwich-fmnist reads them too). */
export function fmnistDatasets(s: { path: string; evalPath: string }): { train: ImageSource; held: ImageSource } {
  const train = images(s.path, 'path'), held = images(s.evalPath, 'evalPath');
  if (held.height !== train.height || held.width !== train.width)
    throw new RangeError(`evalPath: ${s.evalPath} holds ${held.height}x${held.width} images, path ${s.path} ${train.height}x${train.width}`);
  return { train, held };
}

const SHOWN = 16;

export type FmnistGenerator = z.output<typeof settings>['generators'][number];
/** The series of each generator: by fixed β, by target D. */
const SERIES: Record<FmnistGenerator, { beta: string; target: string }> = {
  dcgan: { beta: 'nerd', target: 'nerd-target' },
  mlp: { beta: 'nerd-mlp', target: 'nerd-target-mlp' },
};
const generatorOf = (series: string): FmnistGenerator => (series.endsWith('-mlp') ? 'mlp' : 'dcgan');

/**
 * The DCGAN generator for `images`: its 32 x 32 output cropped to their s x s size (a
 * RangeError when they are not square, s even, s <= 32; `hint` ends its message).
 */
export function fmnistDcgan(images: ImageSource, s: { dcganLatent: number; capacity: number }, hint = ''): Pick<NerdConfig, 'convNet'> {
  const { height: h, width: w } = images;
  if (h !== w || h > 32 || h % 2 !== 0)
    throw new RangeError(`the DCGAN generator makes 32 x 32 images, cropped to a centred s x s with s even; ${images.name} holds ${h} x ${w} images${hint}`);
  return { convNet: dcganGenerator({ latent: s.dcganLatent, capacity: s.capacity, crop: (32 - h) / 2 }) };
}

/** The generator fields of the NerdConfig of `generator` for `images` ({@link fmnistDcgan}, or the MLP). */
function fmnistGenerator(
  generator: FmnistGenerator, images: ImageSource, s: { dcganLatent: number; capacity: number; latent: number; hidden: number[] },
): Pick<NerdConfig, 'convNet' | 'latent' | 'hidden' | 'outputActivation'> {
  if (generator === 'mlp') return { latent: s.latent, hidden: s.hidden, outputActivation: 'sigmoid' };
  return fmnistDcgan(images, s, ` (generators: use --set generators='["mlp"]')`);
}

/** A point: a fixed multiplier β (series `nerd`) or a target distortion (series `nerd-target`). */
type NerdFmnistParams = { beta: number } | { target_distortion: number };

export const nerdFmnist = defineExperiment<typeof settings, NerdFmnistParams>({
  name: 'nerd-fmnist',
  description: 'NERD R(D) estimate of Fashion-MNIST vs Blahut-Arimoto on the empirical distribution, D_max marked (NERD paper Figs. 16, 18), DCGAN generator (nerd, nerd-target) beside an MLP one (nerd-mlp, nerd-target-mlp), one point per beta or target D',
  settings,
  // quick: B = 128, M = 512 (rates below log2 M = 9 bits), the DCGAN generator at c_d = 32 and
  // the MLP 32-128-256-784, 600 steps at lr 3e-3: minutes on a 2-core CPU (docs/running.md;
  // the DCGAN generator is most of the time). full: M = 16,384 as
  // near the paper's 40,000 as a CPU allows, a wider generator, 20,000 steps; its
  // Blahut-Arimoto on 4000 images is a 4000 x 4000 matrix (the paper's 60,000 would need
  // 14 GB) and runs on the CPU whatever the device, so 150 iterations per slope: every
  // iterate's point is an upper bound already.
  presets: {
    quick: {
      path: FASHION_MNIST.train, evalPath: FASHION_MNIST.test, betas: [-1e-3, -0.045, -0.1, -0.2, -0.5], targets: [],
      steps: 600, batch: 128, samples: 512, lr: 3e-3, decayFraction: 0.2, evalBatches: 16, evalSamples: 2048,
      generators: ['dcgan', 'mlp'], dcganLatent: 128, capacity: 32, latent: 32, hidden: [128, 256], baImages: 1000, baSlopes: [-0.03, -0.05, -0.07, -0.1, -0.13, -0.17, -0.22, -0.3], baIterations: 200,
    },
    full: {
      path: FASHION_MNIST.train, evalPath: FASHION_MNIST.test, betas: [-1e-3, -0.035, -0.05, -0.08, -0.15, -0.3, -0.6, -1.2, -2.5], targets: [],
      steps: 20_000, batch: 256, samples: 16_384, lr: 1e-3, decayFraction: 0.2, evalBatches: 40, evalSamples: 40_000,
      generators: ['dcgan', 'mlp'], dcganLatent: 128, capacity: 32, latent: 128, hidden: [512, 1024], baImages: 4000, baSlopes: [-0.02, -0.03, -0.05, -0.07, -0.1, -0.13, -0.17, -0.22, -0.3, -0.5],
      baIterations: 150,
    },
  },
  distortion: 'squared error summed over the pixels (scaled to [0, 1]), E ||X - Y||^2, as in the NERD paper (D_max = E ||X - mu||^2)',
  points(s) {
    const { train } = fmnistDatasets(s), dMax = train.variance;
    if (s.targets.length + s.betas.length === 0) throw new RangeError('targets, betas: expected at least one point between them');
    const generators = [...new Set(s.generators)];
    generators.forEach((g) => fmnistGenerator(g, train, s));  // the image size's error before any training
    return generators.flatMap((g) => [
      ...s.betas.map((beta) => ({ series: SERIES[g].beta, params: { beta }, steps: s.steps })),
      ...s.targets.map((f) => ({ series: SERIES[g].target, params: { target_distortion: Number((f * dMax).toPrecision(6)) }, steps: s.steps })),
    ]);
  },
  build(point, ctx): Trainable {
    const s = ctx.settings, target = 'beta' in point.params ? { beta: point.params.beta } : { distortion: point.params.target_distortion };
    return fmnistNerdTrainable(point, ctx, fmnistNerd(ctx, target, fmnistGenerator(generatorOf(point.series), fmnistDatasets(s).train, s)));
  },
  bounds: fmnistBounds,
  plots: [{ name: 'rd', x: 'distortion', y: 'rate_bits' }],
});

/** The NERD model of one Fashion-MNIST point: a generator with the given fields, to be trained at `target` on the training images. */
export function fmnistNerd(
  ctx: BuildContext<z.output<typeof settingsBase>>, target: NerdTarget, generator: Pick<NerdConfig, 'convNet' | 'latent' | 'hidden' | 'outputActivation'>,
): Nerd {
  const s = ctx.settings, { train } = fmnistDatasets(s);
  return new Nerd({ dim: train.dim, ...generator, samples: s.samples, target }, { seed: ctx.modelSeed, device: ctx.device, lr: s.lr });
}

/**
 * One NERD point on Fashion-MNIST (nerd-fmnist, nerd-fmnist-capacity, rcc-fmnist): `model`
 * ({@link fmnistNerd}) trained on the training images, measured on the held-out ones, with
 * D / D_max in its details and 16 samples of its Q_Y as an image grid.
 */
export function fmnistNerdTrainable(point: { series: string; params: Record<string, number> }, ctx: BuildContext<z.output<typeof settingsBase>>, model: Nerd): Trainable {
  const s = ctx.settings, { train, held } = fmnistDatasets(s);
  let last = { rate_bits: NaN, distortion: NaN };
  return nerdTrainable({
    model, settings: s, context: ctx, train, held,
    details: (p) => {
      last = p;
      return { d_max: train.variance, distortion_over_d_max: p.distortion / train.variance };
    },
    figures: () => {
      const y = model.sampleQY(ctx.rng(NERD_STREAMS.qyFigure), SHOWN).toArray();
      const title = `Q_Y samples, ${point.series} ${formatParams(point.params)}: R = ${last.rate_bits.toFixed(2)} bits, D = ${last.distortion.toFixed(2)} (D_max = ${train.variance.toFixed(2)})`;
      return [imageGridFigure('qy-samples', title, y, train.height, train.width, 8)];
    },
  });
}

/**
 * Blahut–Arimoto with the first `baImages` training images as source and alphabet, and D_max
 * (the bounds of nerd-fmnist and sandwich-fmnist).
 */
export function fmnistBounds(s: { path: string; evalPath: string; baImages: number; baSlopes: number[]; baIterations: number }): Bound[] {
  const { train } = fmnistDatasets(s);
  const n = Math.min(s.baImages, train.count), x = train.rows(0, n);
  const ba = empiricalBlahutArimoto(x, x, s.baSlopes, { tolerance: 1e-9, maxIterations: s.baIterations });
  const top = Math.log2(n);
  return [
    { name: `Blahut-Arimoto, ${n} images as source and alphabet (upper bound on their R(D))`, points: ba.map((p) => ({ rate_bits: p.rate_bits, distortion: p.distortion })) },
    { name: `D_max = E||X - mu||^2 = ${train.variance.toFixed(2)}`, points: [{ rate_bits: 0, distortion: train.variance }, { rate_bits: top, distortion: train.variance }] },
  ];
}
