/**
 * `sandwich-gaussian`: R(D) of a rotated Gaussian vector sandwiched between Yang & Mandt's
 * lower bound (lib/models/rdLowerBound.ts; series `lower bound`, kind `lower`) and NERD's
 * estimate (series `nerd`, kind `upper estimate`), against reverse water-filling, where R(D)
 * is known. The source is the first `dim` components of a named spectrum (default the NERD
 * paper's Fig. 2 law σ²_k = 4 e^{−k/16}: m = 2, 4 or 20 with `--set dim=`), rotated by a random
 * orthogonal V.
 *
 * At each of `rates` (bits) the target is the water-filling D(R); NERD trains a generator at
 * that D, and the lower bound trains u at the slope of R(D) there, λ = 1/(2θ) nats per unit
 * distortion (θ the water level), so its line is tangent to R(D) at D when u is optimal and
 * the point's rate is the line at D. The report's sandwich table gives NERD's rate minus the
 * best line at NERD's measured D.
 *
 * A line's intercept R(D') + λD' (nats, at its tangent point D') can never be estimated above
 * ln k from batches of k (rdLowerBound.ts), and the k-sample bias grows as it nears that; in
 * m dimensions λD' ≈ m/2 nats alone, so at m = 20 the tangent line is out of reach of any k a
 * CPU affords. Where the tangent line's intercept exceeds `lbInterceptCap` · ln(lbEvalBatch),
 * the point's λ is the largest slope whose line stays under it instead: a line tangent at a
 * larger D', still a bound at D, below R(D) by more.
 */
import { widthsSetting } from '../runner/settings.js';
import { z } from 'zod';
import { gaussianDistortionRate, gaussianWaterLevel } from '../bounds/index.js';
import { Nerd } from '../models/nerd.js';
import type { Trainable } from '../runner/types.js';
import { defineExperiment } from '../runner/types.js';
import { GAUSSIAN_SPECTRA, gaussian, gaussianSpectrum, type GaussianSpectrumName } from '../sources/index.js';
import { distortionRateCurve } from './boundCurves.js';
import { lowerBoundSettings, lowerBoundTrainable } from './lowerBoundTrainable.js';
import { nerdTrainable, nerdTrainingSettings } from './nerdTrainable.js';

const spectra = Object.keys(GAUSSIAN_SPECTRA) as [GaussianSpectrumName, ...GaussianSpectrumName[]];

const settings = z.object({
  spectrum: z.enum(spectra),
  /** The source's dimension m: the spectrum's first `dim` variances. */
  dim: z.number().int().positive(),
  /** Seed of the random orthogonal V in Σ = V diag(σ²) V^T. */
  rotationSeed: z.number().int().nonnegative(),
  /** Water-filling rates (bits) whose distortions D(R) are the points. */
  rates: z.array(z.number().positive()).min(1),
  ...nerdTrainingSettings,
  /** Hidden widths of NERD's generator. */
  hidden: widthsSetting,
  ...lowerBoundSettings,
  /** The largest intercept a line may have, as a fraction of ln(lbEvalBatch) (see the module comment). */
  lbInterceptCap: z.number().positive().max(1),
});
type Settings = z.output<typeof settings>;

/** The intercept of water-filling's tangent line of slope λ: min_D' R(D') + λD', nats (at θ = 1/(2λ)). */
function waterFillingIntercept(variances: readonly number[], lambda: number): number {
  const theta = 1 / (2 * lambda);
  return variances.reduce((a, v) => a + (v > theta ? 0.5 * Math.log(v / theta) : 0) + lambda * Math.min(theta, v), 0);
}

/** The lower bound's λ at D: the slope of R(D) there, or the largest λ whose intercept stays at most `cap` nats. */
export function lowerBoundSlope(variances: readonly number[], distortion: number, cap: number): number {
  const tangent = 1 / (2 * gaussianWaterLevel(variances, distortion));
  if (waterFillingIntercept(variances, tangent) <= cap) return tangent;
  // the intercept rises from 0 at λ = 0: bisect for the λ where it reaches the cap
  let lo = 0, hi = tangent;
  for (let i = 0; i < 100; ++i) {
    const mid = (lo + hi) / 2;
    if (waterFillingIntercept(variances, mid) <= cap) lo = mid;
    else hi = mid;
  }
  return lo;
}

function variances(s: Settings): number[] {
  const v = gaussianSpectrum(s.spectrum);
  if (s.dim > v.length) throw new RangeError(`dim: expected at most ${v.length} (the ${s.spectrum} spectrum's dimension), got ${s.dim}`);
  return v.slice(0, s.dim);
}

/** A point: the water-filling D(R) at one rate, and for the lower bound its λ (the slope 1/(2θ) there, or capped). */
type SandwichGaussianParams = { target_distortion: number; lambda?: number };

/** The series and what each is: a lower bound on R(D), or an estimate of it from above. */
export const SANDWICH_SERIES = { lower: 'lower bound', upper: 'nerd' } as const;

/** The kinds of the two series, for results.json and the report's sandwich width. */
export const SANDWICH_KINDS = { [SANDWICH_SERIES.lower]: 'lower', [SANDWICH_SERIES.upper]: 'upper estimate' } as const;

export const sandwichGaussian = defineExperiment<typeof settings, SandwichGaussianParams>({
  name: 'sandwich-gaussian',
  description: 'Sandwich bounds on R(D) of a rotated Gaussian: Yang & Mandt lower bound and NERD estimate vs reverse water-filling (m = --set dim)',
  settings,
  seriesKinds: SANDWICH_KINDS,
  presets: {
    quick: {
      spectrum: 'paper-fig2', dim: 2, rotationSeed: 1, rates: [1, 2, 3, 4],
      steps: 1500, batch: 512, samples: 4096, lr: 1e-2, decayFraction: 0.2, hidden: [64, 64], evalBatches: 4, evalSamples: 32768,
      lbSteps: 800, lbBatch: 1024, lbLr: 3e-3, lbDecayFraction: 0.2, lbHidden: [32, 32], lbStarts: 8, lbScreen: 256, lbIterations: 50,
      lbEvalBatch: 4096, lbEvalBatches: 8, lbEvalStarts: 16, lbInterceptCap: 0.7,
    },
    // m = 2 at 1–4 bits with the sandwich under 0.3 bit (docs/sandwich.md): NERD trained 3000 steps and the
    // lower lines estimated on batches of 32768 (the k-sample bias shrinks with k)
    full: {
      spectrum: 'paper-fig2', dim: 2, rotationSeed: 1, rates: [1, 2, 3, 4],
      steps: 3000, batch: 512, samples: 4096, lr: 1e-2, decayFraction: 0.2, hidden: [64, 64], evalBatches: 4, evalSamples: 32768,
      lbSteps: 1600, lbBatch: 4096, lbLr: 3e-3, lbDecayFraction: 0.2, lbHidden: [32, 32], lbStarts: 8, lbScreen: 4096, lbIterations: 50,
      lbEvalBatch: 32768, lbEvalBatches: 8, lbEvalStarts: 32, lbInterceptCap: 0.7,
    },
  },
  distortion: 'squared Euclidean error per sample summed over the m dimensions, E ||X - Y||^2',
  points(s) {
    const v = variances(s);
    const targets = s.rates.map((r) => gaussianDistortionRate(v, r)), cap = s.lbInterceptCap * Math.log(s.lbEvalBatch);
    return [
      ...targets.map((d) => ({ series: SANDWICH_SERIES.lower, params: { target_distortion: d, lambda: lowerBoundSlope(v, d, cap) }, steps: s.lbSteps })),
      ...targets.map((d) => ({ series: SANDWICH_SERIES.upper, params: { target_distortion: d }, steps: s.steps })),
    ];
  },
  build(point, ctx): Trainable {
    const s = ctx.settings;
    const source = gaussian(variances(s), { rotationSeed: s.rotationSeed });
    const { target_distortion: d, lambda } = point.params;
    if (point.series === SANDWICH_SERIES.lower)
      return lowerBoundTrainable({ lambda: lambda!, distortion: d, settings: s, context: ctx, train: source, held: source });
    const model = new Nerd({ dim: source.dim, hidden: s.hidden, samples: s.samples, target: { distortion: d } }, { seed: ctx.modelSeed, device: ctx.device, lr: s.lr });
    return nerdTrainable({ model, settings: s, context: ctx, train: source, held: source, details: () => ({}) });
  },
  bounds(s) {
    const v = variances(s);
    return [distortionRateCurve('R(D) water-filling', Math.max(...s.rates) + 1, (r) => gaussianDistortionRate(v, r), 161)];
  },
  plots: [{ name: 'rd', x: 'distortion', y: 'rate_bits' }],
});
