/**
 * Source / side-information pairs for Wyner–Ziv compression (the decoder sees Y, the
 * encoder only X), sampled natively (native/core/pair_draw.h) with Philox addressing:
 * - X = Y + N, Y ~ N(0, σ²_Y), N ~ N(0, σ²_N) — the quadratic-Gaussian setup of Özyılkan,
 *   Ballé & Erkip (ISIT 2023; JSAIT 2024, Sec. IV-A) with σ²_Y = 1, σ²_N = 0.1;
 * - Y = X + N, X ~ N(0, σ²_X), N ~ N(0, σ²_N) (JSAIT 2024, σ²_N = 0.01);
 * - Y = sign(X), X ~ N(0, σ²_X): one bit of side information.
 * Each also draws the exact posterior p(y | x), which the ECVQ encoder averages over.
 */
import { native } from '../native.js';
import type { PairKindName } from '../native.js';
import { sideInfoIsSourcePlusNoise, sourceIsSideInfoPlusNoise, type GaussianPairVariances } from '../bounds/wynerZiv.js';
import { requireRng, type Rng } from '../rng.js';
import { empty, requireMatrix, requireTensor, tensor, type DeviceName, type Tensor } from '../tensor.js';
import { normalNodes } from './posteriorNodes.js';
import { optionalObject, requireInteger, requirePositive } from '../validate.js';
import { checkSample } from './types.js';

export type { PairKindName };

/** The built-in pairs as data (what a model file stores to rebuild its encoder's posterior). */
export type PairSpec =
  | { kind: 'x=y+n'; sideInfoVariance: number; noiseVariance: number }
  | { kind: 'y=x+n'; sourceVariance: number; noiseVariance: number }
  | { kind: 'sign'; sourceVariance: number };

/** A batch of pairs: x [n, dim] at the encoder, y [n, sideDim] at the decoder. */
export interface PairBatch {
  x: Tensor;
  y: Tensor;
}

/**
 * A source with side information. Bring your own by implementing it: `sample` must address
 * every draw through `rng`; `posterior` draws Y ~ p(y | x) for an encoder that averages over
 * the side information (return null where p(y | x) is unknown).
 */
export interface PairSource {
  readonly name: string;
  /** Elements of x per sample. */
  readonly dim: number;
  /** Elements of y per sample. */
  readonly sideDim: number;
  /** The built-in pair's description, or null for a user's own. */
  readonly spec: PairSpec | null;
  /** σ²_X where X is Gaussian (it sets R(D) without side information), else null. */
  readonly sourceVariance: number | null;
  /** σ²_X and σ²_{X|Y} where (X, Y) are jointly Gaussian (they set the bounds), else null. */
  readonly variances: GaussianPairVariances | null;
  sample(n: number, rng: Rng, device?: DeviceName): PairBatch;
  /** ys [B, samples, sideDim]: `samples` draws of p(y | x) for each row of x [B, dim]. */
  posterior(x: Tensor, samples: number, rng: Rng): Tensor | null;
  /**
   * ys [B, samples, sideDim]: `samples` equally weighted deterministic nodes of p(y | x) for
   * each row of x (an expectation over p(y | x) without Monte Carlo noise), or null where
   * the pair has none. Optional.
   */
  posteriorNodes?(x: Tensor, samples: number): Tensor | null;
}



class NativePair implements PairSource {
  readonly dim = 1;
  readonly sideDim = 1;
  readonly name: string;
  readonly sourceVariance: number;
  constructor(readonly spec: PairSpec, private readonly v0: number, private readonly v1: number, readonly variances: GaussianPairVariances | null) {
    this.name = spec.kind;
    // every built-in pair has a Gaussian X: σ²_Y + σ²_N for x=y+n, v0 otherwise
    this.sourceVariance = variances?.sourceVariance ?? v0;
  }

  private get kind(): PairKindName {
    return this.spec.kind;
  }

  sample(n: number, rng: Rng, device: DeviceName = 'cpu'): PairBatch {
    checkSample(n, rng);
    const x = empty([n, 1], 'float32', device), y = empty([n, 1], 'float32', device);
    native.pairSample(this.kind, x, y, this.v0, this.v1, rng.seed, rng.stream, rng.reserve(2 * n, 'normal'));
    return { x, y };
  }

  posterior(x: Tensor, samples: number, rng: Rng): Tensor {
    requireTensor('x', x);
    requireInteger('samples', samples, 1, 1 << 16);
    requireRng('rng', rng);
    const ys = empty([x.shape[0], samples, 1], 'float32', x.device);
    native.pairPosterior(this.kind, x, ys, this.v0, this.v1, rng.seed, rng.stream, rng.reserve(ys.size, 'normal'));
    return ys;
  }

  /**
   * The Gaussian posteriors' nodes gain·x + sd·Φ⁻¹((i + ½)/S) ({@link normalNodes}); the sign
   * pair's posterior is the point sign(x), repeated (exact enumeration).
   */
  posteriorNodes(x: Tensor, samples: number): Tensor {
    requireMatrix('x', x, 1);
    const nodes = Float32Array.from(normalNodes(samples));  // checks samples
    const ys = empty([x.shape[0], samples, 1], 'float32', x.device), z = tensor(nodes, [samples], x.device);
    try {
      native.pairPosteriorNodes(this.kind, x, z, ys, this.v0, this.v1);
    } finally {
      z.dispose();
    }
    return ys;
  }
}

/** X = Y + N with Y ~ N(0, σ²_Y), N ~ N(0, σ²_N): σ²_{X|Y} = σ²_N. Posterior Y | x ~ N(x σ²_Y/(σ²_Y+σ²_N), σ²_Y σ²_N/(σ²_Y+σ²_N)). */
export function xEqualsYPlusNoise(options: { sideInfoVariance?: number; noiseVariance?: number } = {}): PairSource {
  options = optionalObject('options', options);
  const vy = requirePositive('sideInfoVariance', options.sideInfoVariance ?? 1);
  const vn = requirePositive('noiseVariance', options.noiseVariance ?? 0.1);
  return new NativePair({ kind: 'x=y+n', sideInfoVariance: vy, noiseVariance: vn }, vy, vn, sourceIsSideInfoPlusNoise(vy, vn));
}

/** Y = X + N with X ~ N(0, σ²_X), N ~ N(0, σ²_N): σ²_{X|Y} = σ²_X σ²_N/(σ²_X+σ²_N). Posterior Y | x ~ N(x, σ²_N). */
export function yEqualsXPlusNoise(options: { sourceVariance?: number; noiseVariance?: number } = {}): PairSource {
  options = optionalObject('options', options);
  const vx = requirePositive('sourceVariance', options.sourceVariance ?? 1);
  const vn = requirePositive('noiseVariance', options.noiseVariance ?? 0.01);
  return new NativePair({ kind: 'y=x+n', sourceVariance: vx, noiseVariance: vn }, vx, vn, sideInfoIsSourcePlusNoise(vx, vn));
}

/** X ~ N(0, σ²_X) with Y = sign(X) at the decoder (sign(0) = +1); not jointly Gaussian, so no closed-form bounds here. */
export function signSideInformation(options: { sourceVariance?: number } = {}): PairSource {
  options = optionalObject('options', options);
  const vx = requirePositive('sourceVariance', options.sourceVariance ?? 1);
  return new NativePair({ kind: 'sign', sourceVariance: vx }, vx, 1, null);
}

/** The built-in pair a {@link PairSpec} describes (e.g. from a model file's metadata). */
export function pairFromSpec(spec: PairSpec): PairSource {
  switch (spec?.kind) {
    case 'x=y+n': return xEqualsYPlusNoise(spec);
    case 'y=x+n': return yEqualsXPlusNoise(spec);
    case 'sign': return signSideInformation(spec);
    default: throw new RangeError(`spec.kind: expected 'x=y+n', 'y=x+n' or 'sign', got ${String((spec as { kind?: unknown })?.kind)}`);
  }
}
