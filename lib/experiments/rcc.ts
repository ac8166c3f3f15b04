/**
 * `rcc-gaussian`: one-shot lossy compression of a Gaussian vector by PFR and ORC with the
 * exact R(D)-achieving channel (NERD paper, Sec. V-C, Fig. 9), against R(D) and the
 * guarantee R + log2(R + 1) + 5 (eq. (25)). Each target D is the water-filling D(R) at one
 * of `rates`; the channel is lib/models/rcc.ts's (Q_Y = N(0, σ² − λ), β* = −1/(2λ)). The
 * rate is the measured length of the Huffman-coded Zipf indices of `samples` held-out
 * samples; the distortion the mean ||x − Y_K||² of the decoded reproductions (with its
 * standard error in results.json). Nothing is trained: each point has 0 steps.
 */
import { z } from 'zod';
import { gaussianDistortionRate, rccRateGuarantee } from '../bounds/index.js';
import { GaussianRcc, gaussianRdChannel } from '../models/rcc.js';
import { Rng } from '../rng.js';
import { GAUSSIAN_SPECTRA, gaussian, gaussianSpectrum, type GaussianSpectrumName } from '../sources/index.js';
import { defineExperiment } from './types.js';

const spectra = Object.keys(GAUSSIAN_SPECTRA) as [GaussianSpectrumName, ...GaussianSpectrumName[]];

const settings = z.object({
  spectrum: z.enum(spectra),
  /** Water-filling rates (bits) whose distortions D(R) are the targets. */
  rates: z.array(z.number().positive()).min(1),
  methods: z.array(z.enum(['pfr', 'orc'])).min(1),
  /** Candidates per sample, N. */
  candidates: z.number().int().positive().max(2 ** 30),
  /** Held-out samples per point. */
  samples: z.number().int().min(2),
});
type Settings = z.output<typeof settings>;

const variances = (s: Settings) => gaussianSpectrum(s.spectrum);

export const rccGaussian = defineExperiment({
  name: 'rcc-gaussian',
  description: 'PFR and ORC with the exact Gaussian R(D) channel vs R(D) and the one-shot guarantee (NERD paper Fig. 9); lambda = target D',
  settings,
  presets: {
    quick: { spectrum: 'paper-rcc', rates: [1, 2, 3, 4, 5, 6], methods: ['pfr', 'orc'], candidates: 2 ** 18, samples: 300 },
    full: { spectrum: 'paper-rcc', rates: [0.5, 1, 2, 3, 4, 5, 6, 7, 8], methods: ['pfr', 'orc'], candidates: 2 ** 20, samples: 2000 },
  },
  distortion: "squared Euclidean error per sample summed over the m dimensions, E ||X - Y||^2 (the paper's R(D))",
  points: (s) => s.methods.flatMap((method) => s.rates.map((r) => ({ series: method, lambda: gaussianDistortionRate(variances(s), r), steps: 0 }))),
  build(point, ctx) {
    const s = ctx.settings, v = variances(s);
    const channel = gaussianRdChannel(v, point.lambda);
    const rcc = new GaussianRcc(channel, { method: point.series as 'pfr' | 'orc', candidates: s.candidates, seed: ctx.seed * 1000 + ctx.pointIndex });
    return {
      step() {},
      metrics: () => ({ loss: 0, rate: channel.rateBits, distortion: point.lambda }),
      state: () => ({}),
      load() {},
      async evaluate() {
        const x = gaussian(v).sample(s.samples, new Rng(ctx.seed, ctx.stream(0)), ctx.device).x;
        const enc = rcc.encode(x);
        const xs = x.toArray(), ys = rcc.decode(enc, ctx.device).toArray(), m = v.length;
        const per = Array.from({ length: s.samples }, (_, i) => {
          let d = 0;
          for (let k = 0; k < m; ++k) d += (xs[i * m + k] - ys[i * m + k]) ** 2;
          return d;
        });
        const mean = per.reduce((a, b) => a + b, 0) / s.samples;
        const se = Math.sqrt(per.reduce((a, b) => a + (b - mean) ** 2, 0) / (s.samples - 1) / s.samples);
        return {
          rate_bits: enc.bits / s.samples, rate_estimate_bits: channel.rateBits, distortion: mean,
          details: { target_distortion: point.lambda, distortion_standard_error: se, beta: channel.beta, guarantee_bits: rccRateGuarantee(channel.rateBits) },
        };
      },
      model: () => ({ tensors: {}, metadata: { 'rdlab.codec': 'rcc-gaussian', 'rcc.channel': JSON.stringify({ lambda: channel.lambda, method: point.series }) } }),
    };
  },
  bounds(s) {
    const v = variances(s), maxRate = Math.max(...s.rates) + 1;
    const grid = Array.from({ length: 121 }, (_, i) => (i / 120) * maxRate);
    return [
      { name: 'R(D)', points: grid.map((r) => ({ rate_bits: r, distortion: gaussianDistortionRate(v, r) })) },
      { name: 'R + log2(R+1) + 5', points: grid.map((r) => ({ rate_bits: rccRateGuarantee(r), distortion: gaussianDistortionRate(v, r) })) },
    ];
  },
  plots: [{ name: 'rd', x: 'distortion', y: 'rate_bits' }],
});
