/**
 * `rcc-gaussian`: one-shot lossy compression of a Gaussian vector by PFR and ORC (NERD paper,
 * Sec. V-C) against R(D) and the guarantee R + log2(R + 1) + 5 (eq. (25)), with the exact
 * R(D)-achieving channel (Fig. 9; series `pfr`, `orc`) and with the NERD-learned Q_Y (Fig. 19;
 * series `pfr-nerd`, `orc-nerd`). Each target D is the water-filling D(R) at one of `rates`
 * (`nerdRates` for the NERD series): a point's parameters are that rate, `target_rate_bits`, and
 * its `target_distortion`. The exact channel is lib/models/rcc.ts's (Q_Y =
 * N(0, σ² − λ), β* = −1/(2λ)), nothing is trained (0 steps). A NERD point trains a generator
 * for `nerdSteps` steps at the target D, takes β* and the rate estimate C from its held-out
 * estimate, and codes with candidates G(z_i); both methods at one rate train the same
 * generator (seeded by the rate's index), so they compare on one Q_Y. The rate is the measured
 * length of the Huffman-coded Zipf indices of `samples` held-out samples; the distortion the
 * mean ||x − Y_K||² of the decoded reproductions (with its standard error in results.json).
 */
import { widthsSetting } from '../runner/settings.js';
import { z } from 'zod';
import { gaussianDistortionRate, rccRateGuarantee } from '../bounds/index.js';
import { Nerd } from '../models/nerd.js';
import { GaussianRcc, GeneratorRcc, gaussianRdChannel, type RccCodec, type RccSlope } from '../models/rcc.js';
import { rccModelTensors } from '../models/rccFile.js';
import { GAUSSIAN_SPECTRA, gaussian, gaussianSpectrum, type GaussianSpectrumName } from '../sources/index.js';
import type { Tensor } from '../tensor.js';
import { stepDecay } from '../nn/schedule.js';
import { MAX_SAMPLES } from '../sources/types.js';
import { pointSeed, purposeRng, streamPurposes } from '../runner/streams.js';
import type { Bound, PointEvaluation, Trainable } from '../runner/types.js';
import { defineExperiment } from '../runner/types.js';
import { distortionRateCurve } from './boundCurves.js';
import { NERD_STREAMS, nerdTraining } from './nerdTrainable.js';

export const spectra = Object.keys(GAUSSIAN_SPECTRA) as [GaussianSpectrumName, ...GaussianSpectrumName[]];

const settings = z.object({
  spectrum: z.enum(spectra),
  /** Water-filling rates (bits) whose distortions D(R) are the targets of the exact-channel series. */
  rates: z.array(z.number().positive()).min(1),
  methods: z.array(z.enum(['pfr', 'orc'])).min(1),
  /** Candidates per sample, N. */
  candidates: z.number().int().positive().max(2 ** 30),
  /** Held-out samples per point. */
  samples: z.number().int().min(2).max(MAX_SAMPLES),
  /** Target rates of the NERD-learned series (none: no NERD series). */
  nerdRates: z.array(z.number().positive()),
  /** NERD training: steps, source batch B, Q_Y samples M, learning rate (÷10 for the last fifth), hidden widths of G. */
  nerdSteps: z.number().int().positive(),
  nerdBatch: z.number().int().positive().max(MAX_SAMPLES),
  nerdSamples: z.number().int().positive().max(MAX_SAMPLES),
  nerdLr: z.number().positive(),
  nerdHidden: widthsSetting,
  /** Candidates per sample N of the NERD series (each costs a forward pass of G). */
  nerdCandidates: z.number().int().positive().max(2 ** 30),
});
const variances = (s: { spectrum: GaussianSpectrumName }) => gaussianSpectrum(s.spectrum);

/**
 * Codes x [S, m] with `codec` and decodes it: the measured bits per sample, the mean
 * ||x − Y_K||² of the decoded reproductions and its standard error, and the reproductions.
 */
export function measureRcc(codec: RccCodec, x: Tensor): { rate_bits: number; distortion: number; distortion_standard_error: number; decoded: Float32Array } {
  const [S, m] = x.shape, enc = codec.encode(x);
  const xs = x.toArray(), ys = codec.decode(enc, x.device).toArray();
  const per = Array.from({ length: S }, (_, i) => {
    let d = 0;
    for (let k = 0; k < m; ++k) d += (xs[i * m + k] - ys[i * m + k]) ** 2;
    return d;
  });
  const mean = per.reduce((a, b) => a + b, 0) / S;
  const se = Math.sqrt(per.reduce((a, b) => a + (b - mean) ** 2, 0) / (S - 1) / S);
  return { rate_bits: enc.bits / S, distortion: mean, distortion_standard_error: se, decoded: ys as Float32Array };
}

/** A point with nothing to train (0 steps): `evaluate` measures it. */
export function untrained(evaluate: () => Promise<PointEvaluation>, metadata: Record<string, string>): Trainable {
  return { step() {}, metrics: () => ({ loss: 0, rate: 0, distortion: 0 }), state: () => ({}), load() {}, evaluate, model: () => ({ tensors: {}, metadata }) };
}

/** R(D) and the guarantee over rates 0 … maxRate. */
export function rccBounds(v: number[], maxRate: number): Bound[] {
  const rd = distortionRateCurve('R(D)', maxRate, (r) => gaussianDistortionRate(v, r), 121);
  return [rd, { name: 'R + log2(R+1) + 5', points: rd.points.map((p) => ({ rate_bits: rccRateGuarantee(p.rate_bits), distortion: p.distortion })) }];
}

/** The held-out samples a point codes. */
export const RCC_STREAMS = streamPurposes({ heldOut: 0 });

/** The series of rcc-gaussian: the coding method, and whether Q_Y is learned by NERD or is the exact channel's. */
const SERIES = {
  pfr: { method: 'pfr', learned: false },
  orc: { method: 'orc', learned: false },
  'pfr-nerd': { method: 'pfr', learned: true },
  'orc-nerd': { method: 'orc', learned: true },
} as const;

/** A point: the water-filling rate whose distortion D(R) is the target, and that target. */
type RccParams = { target_rate_bits: number; target_distortion: number };

export const rccGaussian = defineExperiment<typeof settings, RccParams>({
  name: 'rcc-gaussian',
  description: 'PFR and ORC with the exact Gaussian R(D) channel and with a NERD-learned Q_Y vs R(D) and the one-shot guarantee (NERD paper Figs. 9, 19), one point per target D',
  settings,
  presets: {
    quick: {
      spectrum: 'paper-rcc', rates: [1, 2, 3, 4, 5, 6], methods: ['pfr', 'orc'], candidates: 2 ** 18, samples: 300,
      nerdRates: [1, 3, 5], nerdSteps: 1200, nerdBatch: 256, nerdSamples: 2048, nerdLr: 1e-2, nerdHidden: [64, 64], nerdCandidates: 2 ** 15,
    },
    full: {
      spectrum: 'paper-rcc', rates: [0.5, 1, 2, 3, 4, 5, 6, 7, 8], methods: ['pfr', 'orc'], candidates: 2 ** 20, samples: 2000,
      nerdRates: [1, 2, 3, 4, 5, 6], nerdSteps: 5000, nerdBatch: 1024, nerdSamples: 8192, nerdLr: 1e-2, nerdHidden: [64, 64], nerdCandidates: 2 ** 20,
    },
  },
  distortion: "squared Euclidean error per sample summed over the m dimensions, E ||X - Y||^2 (the paper's R(D))",
  points: (s) => {
    const at = (r: number) => ({ target_rate_bits: r, target_distortion: gaussianDistortionRate(variances(s), r) });
    return [
      ...s.methods.flatMap((method) => s.rates.map((r) => ({ series: method, params: at(r), steps: 0 }))),
      ...s.methods.flatMap((method) => s.nerdRates.map((r) => ({ series: `${method}-nerd`, params: at(r), steps: s.nerdSteps }))),
    ];
  },
  build(point, ctx) {
    const s = ctx.settings, v = variances(s), { method, learned } = SERIES[point.series as keyof typeof SERIES];
    const D = point.params.target_distortion, source = gaussian(v);
    const heldOut = () => source.sample(s.samples, ctx.rng(RCC_STREAMS.heldOut), ctx.device).x;
    if (!learned) {
      const channel = gaussianRdChannel(v, D);
      const rcc = new GaussianRcc(channel, { method, candidates: s.candidates, seed: ctx.modelSeed });
      return untrained(async () => {
        const { rate_bits, distortion, distortion_standard_error } = measureRcc(rcc, heldOut());
        return {
          rate_bits, rate_estimate_bits: channel.rateBits, distortion,
          details: { distortion_standard_error, beta: channel.beta, guarantee_bits: rccRateGuarantee(channel.rateBits) },
        };
      }, { 'rdlab.codec': 'rcc-gaussian', 'rcc.channel': JSON.stringify({ lambda: channel.lambda, method }) });
    }
    // the rate's position in nerdRates seeds the generator and its data, so PFR and ORC share one Q_Y
    const nerdSeed = pointSeed(ctx.seed, s.nerdRates.indexOf(point.params.target_rate_bits));
    const model = new Nerd({ dim: v.length, hidden: s.nerdHidden, samples: s.nerdSamples, target: { distortion: D } }, { seed: nerdSeed, device: ctx.device, lr: s.nerdLr });
    const data = purposeRng(nerdSeed, NERD_STREAMS.data), noise = purposeRng(nerdSeed, NERD_STREAMS.noise);
    let channel: RccSlope | null = null;
    return {
      ...nerdTraining(model, (n) => source.sample(n, data, ctx.device).x, { batch: s.nerdBatch, lr: stepDecay(s.nerdLr, point.steps, 0.2) }, data, noise),
      async evaluate() {
        const held = purposeRng(nerdSeed, NERD_STREAMS.heldOut);
        const p = model.evaluate(Array.from({ length: 4 }, () => source.sample(s.nerdBatch, held, ctx.device).x), purposeRng(nerdSeed, NERD_STREAMS.qyHeldOut), 4 * s.nerdSamples);
        const rcc = GeneratorRcc.fromNerd(model, p, { method, candidates: s.nerdCandidates, seed: ctx.modelSeed });
        channel = rcc.channel;
        const { rate_bits, distortion, distortion_standard_error } = measureRcc(rcc, heldOut());
        return {
          rate_bits, rate_estimate_bits: p.rate_bits, distortion,
          details: {
            distortion_standard_error, beta: p.beta, nerd_distortion: p.distortion, saturated: p.saturated,
            guarantee_bits: rccRateGuarantee(p.rate_bits), exact_guarantee_bits: rccRateGuarantee(gaussianRdChannel(v, D).rateBits),
          },
        };
      },
      model() {
        if (channel === null) throw new Error('model: evaluate() first (the file stores the evaluated β* and C)');
        return rccModelTensors(model, { channel, methods: [method], candidates: s.nerdCandidates, seed: ctx.modelSeed });
      },
    };
  },
  bounds: (s) => rccBounds(variances(s), Math.max(...s.rates, ...s.nerdRates) + 1),
  plots: [{ name: 'rd', x: 'distortion', y: 'rate_bits' }],
});
