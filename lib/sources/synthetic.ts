/**
 * The synthetic sources whose optimal compression is known, sampled natively
 * (native/core/source_draw.h holds the formulas):
 * - Gaussian with any variance spectrum, optionally rotated by a random orthogonal matrix;
 * - Laplace (i.i.d., scale b per element);
 * - sawbridge X(t) = t - 1(t >= U) (Wagner & Balle 2021), ramp Y(t) = ((t + U) mod 1) - 1/2,
 *   circle (cos 2 pi U, sin 2 pi U) (Bhadane et al. 2022), with U ~ Unif[0, 1).
 * Processes are sampled at the n cell midpoints t_j = (j + 1/2)/n of [0, 1], so the mean
 * squared error over the n points is the midpoint rule for the integral over t.
 */
import { native } from '../native.js';
import type { Rng } from '../rng.js';
import { keep } from '../scope.js';
import { empty, tensor, type DeviceName, type Tensor } from '../tensor.js';
import { batchTensor, checkSample, MAX_POINTS, type Source, type SourceBatch } from './types.js';
import { optionalObject, requireInteger, requirePositiveArray } from '../validate.js';


/** A one-parameter process (sawbridge, ramp) or the circle. */
class LatentSource implements Source {
  readonly reduction: 'mean' | 'sum';
  constructor(readonly name: 'sawbridge' | 'ramp' | 'circle', readonly dim: number, readonly variance: number) {
    this.reduction = name === 'circle' ? 'sum' : 'mean';
  }

  sample(n: number, rng: Rng, device: DeviceName = 'cpu', into?: SourceBatch): SourceBatch {
    checkSample(n, rng, into);
    const x = batchTensor(into?.x, [n, this.dim], device, 'into.x'), u = batchTensor(into?.u, [n], device, 'into.u');
    native.sourceSample(this.name, x, u, null, rng.seed, rng.stream, rng.reserve(n, 'uniform'));
    return { x, u };
  }
}

/**
 * The sawbridge on n time points. Its zero-rate distortion is the integral over t of
 * Var X(t) = t(1 - t), i.e. 1/6 (on the grid: the midpoint rule, 1/6 - 1/(12 n^2)).
 */
export function sawbridge(points = 1024): Source {
  requireInteger('points', points, 1, MAX_POINTS);
  let v = 0;
  for (let j = 0; j < points; ++j) { const t = (j + 0.5) / points; v += (t * (1 - t)) / points; }
  return new LatentSource('sawbridge', points, v);
}

/** The ramp on n time points: Y(t) is uniform on [-1/2, 1/2) for every t, so its variance is 1/12 per point. */
export function ramp(points = 1024): Source {
  requireInteger('points', points, 1, MAX_POINTS);
  return new LatentSource('ramp', points, 1 / 12);
}

/** Points uniform on the unit circle: E||X||^2 = 1 and E X = 0. */
export function circle(): Source {
  return new LatentSource('circle', 2, 1);
}

class ScaledSource implements Source {
  readonly reduction = 'sum';
  readonly dim: number;
  readonly variance: number;
  private readonly scales = new Map<DeviceName, Tensor>();
  private readonly rotations = new Map<DeviceName, Tensor>();

  constructor(
    readonly name: 'gaussian' | 'laplace',
    private readonly scale: Float32Array,
    perElementVariance: (s: number) => number,
    private readonly rotation: Float32Array | null,
  ) {
    this.dim = scale.length;
    this.variance = Array.from(scale).reduce((a, s) => a + perElementVariance(s), 0);
  }

  private onDevice(cache: Map<DeviceName, Tensor>, data: Float32Array, shape: number[], device: DeviceName): Tensor {
    let t = cache.get(device);
    if (!t) cache.set(device, (t = keep(tensor(data, shape, device))));  // outlives the caller's scope
    return t;
  }

  sample(n: number, rng: Rng, device: DeviceName = 'cpu', into?: SourceBatch): SourceBatch {
    checkSample(n, rng, into);
    const x = this.rotation ? empty([n, this.dim], 'float32', device) : batchTensor(into?.x, [n, this.dim], device, 'into.x');
    const draws = n * this.dim;
    const counter = rng.reserve(draws, this.name === 'gaussian' ? 'normal' : 'uniform');
    native.sourceSample(this.name, x, null, this.onDevice(this.scales, this.scale, [this.dim], device), rng.seed, rng.stream, counter);
    if (!this.rotation) return { x };
    // x Q^T as a one-layer linear map: the rotation is a matrix product like any other
    const q = this.onDevice(this.rotations, this.rotation, [this.dim * this.dim + this.dim], device);
    const out = batchTensor(into?.x, [n, this.dim], device, 'into.x');
    native.mlpForward({ sizes: [this.dim, this.dim], acts: ['identity'] }, q, x, [out]);
    return { x: out };
  }
}

function checkSpectrum(name: string, values: number[]): Float32Array {
  return Float32Array.from(requirePositiveArray(name, values));
}

/**
 * A random orthogonal matrix (Haar measure) from Gram–Schmidt on Gaussian columns, laid
 * out as the parameters of a [dim -> dim] linear layer (weights, then zero biases).
 */
function randomRotation(dim: number, seed: number): Float32Array {
  const g = empty([dim * dim], 'float32', 'cpu');
  native.rngFill(g, 'normal', seed, 0x726f74, 0);
  const a = Array.from(g.toArray());
  const q: number[][] = [];
  for (let c = 0; c < dim; ++c) {
    const v = a.slice(c * dim, (c + 1) * dim);
    for (const u of q) {
      const d = u.reduce((s, ui, i) => s + ui * v[i], 0);
      for (let i = 0; i < dim; ++i) v[i] -= d * u[i];
    }
    const norm = Math.sqrt(v.reduce((s, vi) => s + vi * vi, 0));
    q.push(v.map((vi) => vi / norm));
  }
  const params = new Float32Array(dim * dim + dim);
  for (let r = 0; r < dim; ++r) for (let c = 0; c < dim; ++c) params[r * dim + c] = q[c][r];
  return params;
}

/**
 * A Gaussian vector with independent components of the given variances, rotated by a
 * random orthogonal matrix when `rotationSeed` is set (R(D) is rotation invariant).
 * Variance per sample: the sum of the variances.
 */
export function gaussian(variances: number[] | number = 1, options: { rotationSeed?: number } = {}): Source {
  const v = checkSpectrum('variances', typeof variances === 'number' ? [variances] : variances);
  const scale = v.map(Math.sqrt);
  options = optionalObject('options', options);
  const rot = options.rotationSeed === undefined ? null : randomRotation(v.length, options.rotationSeed);
  return new ScaledSource('gaussian', scale, (s) => s * s, rot);
}

/** I.i.d. Laplace components with scale b (density e^{-|x|/b}/2b, variance 2b^2). */
export function laplace(scales: number[] | number = 1 / Math.SQRT2): Source {
  const b = checkSpectrum('scales', typeof scales === 'number' ? [scales] : scales);
  return new ScaledSource('laplace', b, (s) => 2 * s * s, null);
}
