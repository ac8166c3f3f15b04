/**
 * `rcc-fmnist`: NERD-RCC on Fashion-MNIST (NERD paper Sec. V-C, Figs. 10, 11(b), 17): PFR
 * and ORC with the Q_Y and β* that NERD learns with the DCGAN generator, against NERD's own
 * R(D) estimate and the one-shot guarantee R + log2(R + 1) + 5 (eq. (25)) at that estimate.
 *
 * Points: series `nerd`, one per fixed multiplier β ≤ 0, is nerd-fmnist's DCGAN point (the
 * same training, evaluation, data and 784-pixel distortion: {@link fmnistNerdTrainable}); its
 * rate is NERD's estimate. After evaluating it, the point codes the first `rccSamples`
 * held-out images with each of `methods` through that one trained Q_Y (candidates G(z_i) of
 * the DCGAN generator, β = β*, C = the estimate; lib/models/rcc.ts), decodes them, and
 * records per method its measured code length (`<method>_rate_bits`, bits per image of the
 * Huffman-coded Zipf indices), the mean distortion of the decoded images
 * (`<method>_distortion`, with its standard error) and the guarantee at the estimate
 * (`guarantee_bits`). PFR and ORC thus share one trained generator per β, as in the paper's
 * figure, instead of training it twice. The model file is a version 2 'rcc-nerd' file
 * (lib/models/rccFile.ts): `loadRccModel(path).codec('orc')` decodes the point's bitstreams.
 *
 * Figures: `rcc` (Fig. 17: the NERD curve, PFR and ORC at their measured rates and decoded
 * distortions, the guarantee line, and every other series of the run as measured), and per
 * point `<point>-reconstructions` (Fig. 11(b): source images above their PFR and ORC
 * reconstructions) besides nerd-fmnist's `<point>-qy-samples`.
 *
 * The DNN one-shot compressor of the paper's figure (a convolutional NTC, Appendix C.B) is
 * series `dnn`, added by the change that adds that compressor: its points (one per λ, its
 * rate a measured bitstream) go into `points()` and `build()` beside `nerd`'s, and the `rcc`
 * figure draws them beside PFR and ORC unchanged, since it draws every series but `nerd`
 * by its own rate_bits and distortion.
 */
import { z } from 'zod';
import { rccRateGuarantee } from '../bounds/index.js';
import { GeneratorRcc } from '../models/rcc.js';
import { rccModelTensors, type RccMethod } from '../models/rccFile.js';
import { formatParams } from '../runner/params.js';
import { plotSpec } from '../runner/plot.js';
import type { ResultPoint, Results } from '../runner/resultsSchema.js';
import { defineExperiment, type Figure, type Trainable } from '../runner/types.js';
import { FASHION_MNIST } from '../sources/images.js';
import { imageGridFigure } from './imageGrid.js';
import { fmnistBounds, fmnistDatasets, fmnistDcgan, fmnistNerd, fmnistNerdTrainable, settingsBase } from './nerdFmnist.js';
import { measureRcc } from './rcc.js';

const METHODS = ['pfr', 'orc'] as const;

const settings = settingsBase.extend({
  /** The DCGAN generator's capacity c_d (the paper's 32). */
  capacity: z.number().int().positive().max(4096),
  methods: z.array(z.enum(METHODS)).min(1),
  /** Candidates per image, N (each costs a forward pass of the generator). */
  candidates: z.number().int().positive().max(2 ** 30),
  /** Candidates per generator call. */
  chunk: z.number().int().positive().max(2 ** 30),
  /** Held-out images coded per point: the first rccSamples of evalPath. */
  rccSamples: z.number().int().min(2),
  /** Images shown in each point's reconstruction grid (at most rccSamples). */
  shown: z.number().int().positive(),
});

type Settings = z.output<typeof settings>;

export const rccFmnist = defineExperiment<typeof settings, { beta: number }>({
  name: 'rcc-fmnist',
  description: 'PFR and ORC with the NERD-learned Q_Y and beta* of Fashion-MNIST (DCGAN generator) vs the NERD estimate and the one-shot guarantee, reconstructions as images (NERD paper Figs. 10, 11b, 17), one point per beta',
  settings,
  // quick: nerd-fmnist's quick training (600 steps, B = 128, M = 512, c_d = 32) at three β
  // of its range, 2^12 candidates for each of 24 test images; docs/rcc-fmnist.md has its
  // time. full: nerd-fmnist's full training at the β of its curve, 2^16 candidates, 1000
  // images (the paper does not state its N; its Gaussian figure uses 2^16 to 2^20).
  presets: {
    quick: {
      path: FASHION_MNIST.train, evalPath: FASHION_MNIST.test, betas: [-0.1, -0.2, -0.5],
      steps: 600, batch: 128, samples: 512, lr: 3e-3, decayFraction: 0.2, evalBatches: 16, evalSamples: 2048,
      dcganLatent: 128, capacity: 32, baImages: 1000, baSlopes: [-0.05, -0.1, -0.17, -0.3, -0.5], baIterations: 200,
      methods: ['pfr', 'orc'], candidates: 2 ** 12, chunk: 512, rccSamples: 24, shown: 8,
    },
    full: {
      path: FASHION_MNIST.train, evalPath: FASHION_MNIST.test, betas: [-0.05, -0.08, -0.15, -0.3, -0.6, -1.2],
      steps: 20_000, batch: 256, samples: 16_384, lr: 1e-3, decayFraction: 0.2, evalBatches: 40, evalSamples: 40_000,
      dcganLatent: 128, capacity: 32, baImages: 4000, baSlopes: [-0.03, -0.05, -0.07, -0.1, -0.13, -0.17, -0.22, -0.3, -0.5, -1], baIterations: 150,
      methods: ['pfr', 'orc'], candidates: 2 ** 16, chunk: 1024, rccSamples: 1000, shown: 10,
    },
  },
  distortion: 'squared error summed over the 784 pixels (scaled to [0, 1]), E ||X - Y||^2, as in the NERD paper (D_max = E ||X - mu||^2)',
  points(s) {
    const { train, held } = fmnistDatasets(s);
    if (s.betas.length === 0) throw new RangeError('betas: expected at least one multiplier');
    fmnistDcgan(train, s);  // the image size's error before any training
    if (s.rccSamples > held.count) throw new RangeError(`rccSamples: ${s.rccSamples} images asked, evalPath holds ${held.count}`);
    if (s.shown > s.rccSamples) throw new RangeError(`shown: at most rccSamples = ${s.rccSamples} images, got ${s.shown}`);
    return s.betas.map((beta) => ({ series: 'nerd', params: { beta }, steps: s.steps }));
  },
  build(point, ctx): Trainable {
    const s = ctx.settings, { train, held } = fmnistDatasets(s);
    const model = fmnistNerd(ctx, { beta: point.params.beta }, fmnistDcgan(train, s));
    const nerd = fmnistNerdTrainable(point, ctx, model);
    const methods = [...new Set(s.methods)] as RccMethod[];
    const options = { candidates: s.candidates, seed: ctx.modelSeed };
    let coded: { channel: GeneratorRcc['channel']; decoded: Float32Array[] } | null = null;
    return {
      ...nerd,
      async evaluate() {
        const e = await nerd.evaluate();
        const channel = { beta: Number(e.details!.beta), rateBits: e.rate_estimate_bits };
        const x = held.rows(0, s.rccSamples, ctx.device), details: Record<string, number | boolean> = {};
        const decoded = methods.map((method) => {
          const m = measureRcc(GeneratorRcc.fromNerd(model, { beta: channel.beta, rate_bits: channel.rateBits }, { method, ...options, chunk: s.chunk }), x);
          Object.assign(details, { [`${method}_rate_bits`]: m.rate_bits, [`${method}_distortion`]: m.distortion, [`${method}_distortion_standard_error`]: m.distortion_standard_error });
          return m.decoded;
        });
        coded = { channel, decoded };
        return { ...e, details: { ...e.details, ...details, guarantee_bits: rccRateGuarantee(channel.rateBits), rcc_samples: s.rccSamples, candidates: s.candidates } };
      },
      model() {
        if (coded === null) throw new Error('model: evaluate() first (the file stores the evaluated β* and C)');
        return rccModelTensors(model, { channel: coded.channel, methods, ...options });
      },
      figures() {
        if (coded === null) throw new Error('figures: evaluate() first');
        const n = s.shown, m = train.dim, source = held.rows(0, n).toArray() as Float32Array;
        const pixels = new Float32Array(m * n * (1 + methods.length));
        pixels.set(source);
        coded.decoded.forEach((y, i) => pixels.set(y.subarray(0, n * m), (i + 1) * n * m));
        const title = `${point.series} ${formatParams(point.params)}: test images (top) and their NERD-RCC reconstructions by ${methods.join(', ').toUpperCase()} (rows below)`;
        return [...nerd.figures!(), imageGridFigure('reconstructions', title, pixels, train.height, train.width, n)];
      },
    };
  },
  bounds: fmnistBounds,
  plots: [{ name: 'rd', x: 'distortion', y: 'rate_bits' }],
  figures: ({ results }) => [rccFigure(results)],
});

/**
 * Fig. 17 of the paper from a finished run: the NERD estimate (series `nerd`), each method's
 * measured rate at its decoded distortion, the guarantee at NERD's estimate, and every other
 * series of the run (the `dnn` slot) as measured; the run's bounds stay dashed beside them.
 */
export function rccFigure(results: Results): Figure {
  const nerd = results.series.find((s) => s.name === 'nerd')?.points ?? [];
  const settings = results.settings as Partial<Settings>;
  const at = (p: ResultPoint, rate: string, distortion: string) => ({ ...p, rate_bits: p[rate] as number, distortion: p[distortion] as number }) as ResultPoint;
  const series = [
    { name: 'NERD estimate', points: nerd },
    ...(settings.methods ?? METHODS).map((m) => ({ name: `NERD-RCC ${m.toUpperCase()} (measured)`, points: nerd.map((p) => at(p, `${m}_rate_bits`, `${m}_distortion`)) })),
    ...results.series.filter((s) => s.name !== 'nerd'),
  ];
  const guarantee = { name: 'R + log2(R+1) + 5 at the NERD estimate (the guarantee)', points: nerd.map((p) => ({ rate_bits: p.guarantee_bits as number, distortion: p.distortion })) };
  const spec = plotSpec({ ...results, series, bounds: [guarantee, ...results.bounds] } as Results, {
    name: 'rcc', title: 'rcc-fmnist: NERD-RCC on Fashion-MNIST (NERD paper Fig. 17)', x: 'distortion', y: 'rate_bits',
  });
  return { name: 'rcc', spec };
}
