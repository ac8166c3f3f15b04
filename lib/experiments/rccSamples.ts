/**
 * `rcc-samples`: the measured rate and distortion of PFR and ORC against the number of
 * candidates N (NERD paper, Sec. VI-B, Fig. 14: PFR on a Gaussian source), with the exact
 * R(D)-achieving channel at one target D = D(`rate`) (lib/models/rcc.ts). With too few
 * candidates the search cannot reach the channel's typical index (about 2^R and beyond), so
 * the distortion rises above D; with more, the index code grows like log2 of the chosen
 * index, up to the guarantee. A point's parameter is `candidates` (N); `rate-vs-candidates`
 * plots rate and distortion against log2 N. Nothing is trained (0 steps); each point codes `samples` held-out samples, the same
 * ones at every N.
 */
import { z } from 'zod';
import { gaussianDistortionRate, rccRateGuarantee } from '../bounds/index.js';
import { GaussianRcc, gaussianRdChannel } from '../models/rcc.js';
import { gaussian, gaussianSpectrum } from '../sources/index.js';
import { MAX_SAMPLES } from '../sources/types.js';
import { RCC_STREAMS, measureRcc, rccBounds, spectra, untrained } from './rcc.js';
import { resultParams } from '../runner/params.js';
import type { Figure, FinishedRun } from '../runner/types.js';
import { defineExperiment } from '../runner/types.js';

const settings = z.object({
  spectrum: z.enum(spectra),
  /** The water-filling rate (bits) whose distortion D(R) is the target. */
  rate: z.number().positive(),
  methods: z.array(z.enum(['pfr', 'orc'])).min(1),
  /** log2 of the candidate counts N swept. */
  log2Candidates: z.array(z.number().int().min(0).max(30)).min(1),
  /** Held-out samples per point. */
  samples: z.number().int().min(2).max(MAX_SAMPLES),
});
type Settings = z.output<typeof settings>;

/** `rate-vs-candidates`: measured rate and distortion against log2 N, with R(D), the guarantee and D marked. */
function rateVsCandidates(run: FinishedRun<Settings>): Figure {
  const rows = run.results.series.flatMap((s) =>
    s.points.flatMap((p) => [
      { series: s.name, log2N: Math.log2(resultParams(p).candidates), quantity: 'rate (bits)', value: p.rate_bits },
      { series: s.name, log2N: Math.log2(resultParams(p).candidates), quantity: 'distortion', value: p.distortion },
    ]),
  );
  const v = gaussianSpectrum(run.settings.spectrum), R = run.settings.rate;
  const rules = [
    { quantity: 'rate (bits)', value: R, label: 'R(D)' },
    { quantity: 'rate (bits)', value: rccRateGuarantee(R), label: 'R + log2(R+1) + 5' },
    { quantity: 'distortion', value: gaussianDistortionRate(v, R), label: 'target D' },
  ];
  return {
    name: 'rate-vs-candidates',
    spec: {
      $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
      title: `RCC with the exact channel at R(D) = ${R} bits: rate and distortion vs number of candidates N`,
      background: 'white',
      data: { values: [...rows.map((r) => ({ ...r, label: null })), ...rules.map((r) => ({ ...r, series: null, log2N: null }))] },
      facet: { column: { field: 'quantity', type: 'nominal', title: null } },
      resolve: { scale: { y: 'independent' } },
      spec: {
        width: 320,
        height: 240,
        layer: [
          {
            transform: [{ filter: 'datum.series !== null' }],
            mark: { type: 'line', point: true },
            encoding: {
              x: { field: 'log2N', type: 'quantitative', title: 'log2 N' },
              y: { field: 'value', type: 'quantitative', title: null },
              color: { field: 'series', type: 'nominal', title: null },
            },
          },
          {
            transform: [{ filter: 'datum.series === null' }],
            mark: { type: 'rule', strokeDash: [4, 4] },
            encoding: { y: { field: 'value', type: 'quantitative' }, detail: { field: 'label', type: 'nominal' } },
          },
        ],
      },
    },
  };
}

export const rccSamples = defineExperiment<typeof settings, { candidates: number }>({
  name: 'rcc-samples',
  description: 'PFR and ORC rate and distortion vs the number of candidates N with the exact Gaussian channel (NERD paper Fig. 14), one point per N',
  settings,
  presets: {
    quick: { spectrum: 'paper-rcc', rate: 4, methods: ['pfr', 'orc'], log2Candidates: [2, 4, 6, 8, 10, 12, 14, 16, 18], samples: 300 },
    full: { spectrum: 'paper-rcc', rate: 4, methods: ['pfr', 'orc'], log2Candidates: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22], samples: 2000 },
  },
  distortion: "squared Euclidean error per sample summed over the m dimensions, E ||X - Y||^2 (the paper's R(D))",
  points: (s) => s.methods.flatMap((method) => s.log2Candidates.map((b) => ({ series: method, params: { candidates: 2 ** b }, steps: 0 }))),
  build(point, ctx) {
    const s = ctx.settings, v = gaussianSpectrum(s.spectrum), D = gaussianDistortionRate(v, s.rate);
    const channel = gaussianRdChannel(v, D), method = point.series as 'pfr' | 'orc', N = point.params.candidates;
    const rcc = new GaussianRcc(channel, { method, candidates: N, seed: ctx.modelSeed });
    return untrained(async () => {
      // the same held-out samples at every point
      const { rate_bits, distortion, distortion_standard_error } = measureRcc(rcc, gaussian(v).sample(s.samples, ctx.sharedRng(RCC_STREAMS.heldOut), ctx.device).x);
      return {
        rate_bits, rate_estimate_bits: channel.rateBits, distortion,
        details: { target_distortion: D, distortion_standard_error, beta: channel.beta, guarantee_bits: rccRateGuarantee(channel.rateBits) },
      };
    }, { 'rdlab.codec': 'rcc-gaussian', 'rcc.channel': JSON.stringify({ lambda: channel.lambda, method, candidates: N }) });
  },
  bounds: (s) => rccBounds(gaussianSpectrum(s.spectrum), s.rate + 3),
  plots: [{ name: 'rd', x: 'distortion', y: 'rate_bits' }],
  figures: (run) => [rateVsCandidates(run)],
});
