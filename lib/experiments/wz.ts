/**
 * Learned Wyner–Ziv compressors on the quadratic-Gaussian pair X = Y + N (Özyılkan, Ballé &
 * Erkip, "Learned Wyner–Ziv compressors recover binning", ISIT 2023, and "Neural distributed
 * compressor discovers binning", JSAIT 2024; §3 of "Breaking smoothness"): variational ECVQ
 * (the exhaustive argmin encoder, a decoder g(u, y), p_ξ = softmax(ξ)), the Concrete
 * compressor (an encoder network trained through Gumbel-softmax) with the marginal entropy
 * model q_ξ(u) (`concrete`, L_m of the binning slides) and with the conditional q_ζ(u | y)
 * (`concrete-conditional`, L_c), and NTC with side information (u = round(f(x)),
 * x̂ = g(u, y)), one model per λ, measured with real rANS bitstreams on held-out pairs — except
 * `concrete-conditional`, whose rate is the Slepian–Wolf rate −E log2 q_ζ(U|Y) it estimates
 * (rate_kind 'slepian-wolf-estimate', marked in the table and the plot) — against the Wyner–Ziv
 * bound and R(D) without side information, and drawn as the papers' binning figure.
 */
import { widthsSetting } from '../runner/settings.js';
import { z } from 'zod';
import { gaussianDistortionRate, wynerZivDistortionRate } from '../bounds/index.js';
import { npyPairs } from '../sources/npyPairs.js';
import { pairFromSpec, type PairSource } from '../sources/pairs.js';
import { MAX_SAMPLES } from '../sources/types.js';
import type { Bound } from '../runner/types.js';
import { defineExperiment } from '../runner/types.js';
import { distortionRateCurve } from './boundCurves.js';
import { calibrationSettings } from './ntcCalibration.js';
import { buildConcrete, buildEcvq, buildNtcSideInfo, type WzParams } from './wzTrainables.js';

const settings = z.object({
  steps: z.number().int().positive(),
  /** Fraction of the steps spent warming the decoder up on K anchors before the argmin encoder is switched on. */
  warmupFraction: z.number().min(0).max(1),
  batch: z.number().int().positive().max(MAX_SAMPLES),
  lr: z.number().positive(),
  /** The learning rate drops by 10x for the last `decayFraction` of the steps. */
  decayFraction: z.number().min(0).max(1),
  lambdas: z.array(z.number().positive()).min(1),
  codewords: z.number().int().min(2),
  /** Warm-up anchors per codeword (JSAIT code: 2 for the Gaussian pairs, 1 for the sign pair). */
  anchorRepeats: z.number().int().positive(),
  sideSamples: z.number().int().positive(),
  hidden: widthsSetting,
  /** The Concrete temperature anneals exponentially from temperatureStart to temperatureEnd over the steps. */
  temperatureStart: z.number().positive(),
  temperatureEnd: z.number().positive(),
  /**
   * The source / side-information pair, e.g. --set 'pair={"kind":"x=y+n","sideInfoVariance":1,"noiseVariance":0.05}',
   * or a user's own samples: --set 'pair={"kind":"npy","x":"x.npy","y":"y.npy"}' (or {"kind":"npy","xy":"pairs.npy"}, [n, 2]).
   */
  pair: z.union([
    z.discriminatedUnion('kind', [
      z.object({ kind: z.literal('x=y+n'), sideInfoVariance: z.number().positive(), noiseVariance: z.number().positive() }),
      z.object({ kind: z.literal('y=x+n'), sourceVariance: z.number().positive(), noiseVariance: z.number().positive() }),
      z.object({ kind: z.literal('sign'), sourceVariance: z.number().positive() }),
    ]),
    z.union([z.strictObject({ kind: z.literal('npy'), x: z.string().min(1), y: z.string().min(1) }), z.strictObject({ kind: z.literal('npy'), xy: z.string().min(1) })]),
  ]),
  evalSamples: z.number().int().positive().max(MAX_SAMPLES),
  /** What the ECVQ encoder averages over: 'draws' of p(y|x) (the JSAIT code) or the pair's deterministic 'nodes'. */
  posterior: z.enum(['draws', 'nodes']).default('draws'),
  /** The ECVQ warm-up anchors: 'random' (the JSAIT code) or 'binned' (a binned scalar quantizer; jointly Gaussian pairs). */
  init: z.enum(['random', 'binned']).default('random'),
  /** The calibration of NTC with side information after training, as the point-to-point NTC's (docs/ntc.md). */
  ...calibrationSettings,
});
type Settings = z.output<typeof settings>;

/** The pair the settings name: a built-in one, or the user's `.npy` samples. */
function pairOf(s: Settings): PairSource {
  return s.pair.kind === 'npy' ? npyPairs(s.pair) : pairFromSpec(s.pair);
}

/**
 * The series a run trains: all of them, except ECVQ on `.npy` pairs, whose encoder needs
 * draws of p(y | x), unknown for a user's samples.
 */
function seriesFor(s: Settings): string[] {
  return Object.keys(BUILDERS).filter((series) => series !== 'ecvq' || s.pair.kind !== 'npy');
}

/**
 * The series, in the order results are reported (`concrete-conditional` last, so that the
 * others keep their sweep positions, which seed their initialisation).
 */
const BUILDERS: Record<string, typeof buildEcvq> = {
  ecvq: buildEcvq,
  concrete: buildConcrete,
  'ntc-si': buildNtcSideInfo,
  'concrete-conditional': (source, point, ctx) => buildConcrete(source, point, ctx, 'conditional'),
};

/**
 * Presets from the public JSAIT 2024 code: K = 32, batch 512, 200k steps with the first 30k
 * a decoder warm-up on 2K random (x, codeword) anchors, Adam 1e-3 decayed ×0.1 at 70%,
 * decoder Dense(100)–leaky ReLU–Dense(100)–leaky ReLU–Dense(1) on concat(one-hot(k), y), 16
 * side-information samples; Concrete and NTC share the steps, batch, rate and widths.
 * `quick` scales it to minutes on 2 cores: 10k steps of batch 256, 8 samples, widths 64,
 * learning rate 2e-3, and K = 8: in short runs K = 16 or 32 stayed at a scalar quantizer
 * that ignores y (worse than R(D) without side information), while K = 8 — too few
 * codewords to cover the source without reusing them — bins. With the Concrete q_ξ
 * refitted to its argmax, K = 32 beats R(D) without side information too, but not K = 8
 * (docs/wyner-ziv.md: temperature, learning rate and logit init were tried). The Concrete temperature
 * schedule (1 → 0.1, exponential) is ours: the shared papers do not state the ISIT one.
 * `medium` (under 30 minutes on 2 cores, issue #20) doubles quick's steps at K = 16 with the
 * ECVQ settings that measured best there (docs/wyner-ziv.md): the posterior's deterministic
 * nodes, a decoder warm-up on a binned scalar quantizer's centres for 40% of the steps.
 */
const common = {
  quick: { steps: 10_000, warmupFraction: 0.15, batch: 256, lr: 2e-3, decayFraction: 0.3, codewords: 8, anchorRepeats: 2, sideSamples: 8, hidden: [64, 64], temperatureStart: 1, temperatureEnd: 0.1, evalSamples: 20_000 },
  medium: { steps: 20_000, warmupFraction: 0.4, batch: 256, lr: 2e-3, decayFraction: 0.3, codewords: 16, anchorRepeats: 2, sideSamples: 8, hidden: [64, 64], temperatureStart: 1, temperatureEnd: 0.1, evalSamples: 100_000, posterior: 'nodes', init: 'binned' },
  full: { steps: 200_000, warmupFraction: 0.15, batch: 512, lr: 1e-3, decayFraction: 0.3, codewords: 32, anchorRepeats: 2, sideSamples: 16, hidden: [100, 100], temperatureStart: 1, temperatureEnd: 0.1, evalSamples: 1_000_000 },
};

/**
 * The Wyner–Ziv bound σ²_{X|Y} 2^(−2R) where (X, Y) are jointly Gaussian (primary: the
 * table's gap), and R(D) without side information σ²_X 2^(−2R) for a Gaussian X — for the
 * sign pair the only curve, a reference any use of the side information should beat.
 */
function bounds(s: Settings): Bound[] {
  const pair = pairOf(s), v = pair.variances, vx = pair.sourceVariance;
  const out: Bound[] = [];
  if (v) out.push(distortionRateCurve('wyner-ziv', 6, (r) => wynerZivDistortionRate(v.conditionalVariance, r)));
  // the papers' reference line: the Wyner–Ziv bound times πe/6 (1.53 dB), the space-filling
  // loss of entropy-coded scalar quantization at high rate — with ideal Slepian–Wolf coding
  if (v) out.push(distortionRateCurve('wyner-ziv + 1.53 dB', 6, (r) => ((Math.PI * Math.E) / 6) * wynerZivDistortionRate(v.conditionalVariance, r)));
  if (vx !== null) out.push(distortionRateCurve('R(D) without side information', 6, (r) => gaussianDistortionRate([vx], r)));
  return out;
}

type Presets = Record<'quick' | 'medium' | 'full', Partial<z.input<typeof settings>>>;

function wzExperiment(name: string, description: string, presets: Presets) {
  return defineExperiment<typeof settings, WzParams>({
    name,
    description,
    settings,
    renamedSettings: { ntcCalibrationSamples: 'calibrationSamples' },
    presets: {
      quick: { ...common.quick, ...presets.quick } as z.input<typeof settings>,
      medium: { ...common.medium, ...presets.medium } as z.input<typeof settings>,
      full: { ...common.full, ...presets.full } as z.input<typeof settings>,
    },
    distortion: 'mean squared error per sample, E (X - X̂)², X scalar',
    points: (s) => seriesFor(s).flatMap((series) => s.lambdas.map((lambda) => ({ series, params: { lambda }, steps: s.steps }))),
    build: (point, ctx) => BUILDERS[point.series](pairOf(ctx.settings), point, ctx),
    bounds,
    plots: [{ name: 'rd', x: 'rate_bits', y: 'distortion_db' }],
  });
}

/** X = Y + N, σ²_Y = 1, σ²_N = 0.1 (JSAIT 2024, Sec. IV-A; "Breaking smoothness", Fig. 4). */
export const wzGaussian = wzExperiment(
  'wz-gaussian',
  'ECVQ, Concrete and NTC with decoder side information on X = Y + N vs the Wyner-Ziv bound and R(D) without side information',
  {
    quick: { lambdas: [25, 35, 50], pair: { kind: 'x=y+n', sideInfoVariance: 1, noiseVariance: 0.1 } },
    medium: { lambdas: [12, 25, 35, 50, 70], pair: { kind: 'x=y+n', sideInfoVariance: 1, noiseVariance: 0.1 } },
    full: { lambdas: [10, 30, 100, 300, 1000], pair: { kind: 'x=y+n', sideInfoVariance: 1, noiseVariance: 0.1 } },
  },
);

/** Y = X + N, σ²_X = 1, σ²_N = 0.01 (JSAIT 2024, Sec. IV-A): side information much better than in X = Y + N. */
export const wzGaussianYxn = wzExperiment(
  'wz-gaussian-yxn',
  'ECVQ, Concrete and NTC with decoder side information on Y = X + N vs the Wyner-Ziv bound and R(D) without side information',
  {
    quick: { lambdas: [500, 1000, 2000], pair: { kind: 'y=x+n', sourceVariance: 1, noiseVariance: 0.01 } },
    medium: { lambdas: [50, 100, 200, 500, 1000], pair: { kind: 'y=x+n', sourceVariance: 1, noiseVariance: 0.01 } },
    full: { lambdas: [100, 300, 1000, 3000, 10_000], pair: { kind: 'y=x+n', sourceVariance: 1, noiseVariance: 0.01 } },
  },
);

/**
 * Y = sign(X), X ~ N(0, 1): one bit of side information, not jointly Gaussian, so no
 * Wyner–Ziv bound in closed form; the curve is R(D) without side information (the JSAIT
 * paper's sign example uses a Laplacian X). p(y|x) is
 * deterministic: one side sample and one warm-up anchor per codeword (as the JSAIT code).
 */
export const wzSign = wzExperiment(
  'wz-sign',
  'ECVQ, Concrete and NTC with the sign of a Gaussian source as decoder side information',
  {
    quick: { lambdas: [5, 15, 50], sideSamples: 1, anchorRepeats: 1, pair: { kind: 'sign', sourceVariance: 1 } },
    // no binned start: the sign pair is not jointly Gaussian (binnedAnchors needs σ²_{X|Y})
    medium: { lambdas: [3, 5, 10, 15, 50], sideSamples: 1, anchorRepeats: 1, init: 'random', codewords: 8, pair: { kind: 'sign', sourceVariance: 1 } },
    full: { lambdas: [3, 10, 30, 100, 300], sideSamples: 1, anchorRepeats: 1, pair: { kind: 'sign', sourceVariance: 1 } },
  },
);
