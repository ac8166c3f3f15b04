/**
 * A set of images read from an IDX file (MNIST, Fashion-MNIST) as a {@link Source}: the
 * empirical distribution of its images, each a vector of height·width pixels scaled to
 * [0, 1] (unsigned bytes divided by 255, as the NERD paper takes X ⊂ [0, 1]^m, Sec. IV-C),
 * with distortion the squared error summed over the pixels, d(x, y) = ||x − y||², under
 * which the paper's D_max = E||X − μ||² is its zero-rate distortion.
 */
import { existsSync } from 'node:fs';
import { readIdxFile } from '../coding/idx.js';
import type { Rng } from '../rng.js';
import { empty, tensor, type DeviceName, type Tensor } from '../tensor.js';
import { batchTensor, checkSample, type Source, type SourceBatch } from './types.js';
import { describeValue, optionalObject, requireInteger, requireString } from '../validate.js';

/** Where Debian's `dataset-fashion-mnist` package installs Fashion-MNIST (gzip'ed IDX). */
export const FASHION_MNIST = {
  train: '/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz',
  test: '/usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz',
} as const;

/** Images as the rows of one array, pixels in [0, 1]. */
export class ImageSource implements Source {
  readonly reduction = 'sum';
  readonly dim: number;
  /** Number of images. */
  readonly count: number;
  /** The mean image μ (float64 sums, stored as float32). */
  readonly mean: Float32Array;
  /** D_max = (1/n) Σ_i ||x_i − μ||², the zero-rate distortion of the empirical distribution. */
  readonly variance: number;

  /**
   * @param pixels the images, row after row, each height·width values in [0, 1]
   */
  constructor(readonly name: string, readonly pixels: Float32Array, readonly height: number, readonly width: number) {
    requireString('name', name);
    if (!(pixels instanceof Float32Array)) throw new TypeError(`pixels: expected a Float32Array, got ${describeValue(pixels)}`);
    requireInteger('height', height, 1, 65536);
    requireInteger('width', width, 1, 65536);
    this.dim = height * width;
    if (!(this.dim >= 1) || pixels.length === 0 || pixels.length % this.dim !== 0)
      throw new RangeError(`pixels: expected a positive multiple of ${height}·${width} values, got ${pixels.length}`);
    this.count = pixels.length / this.dim;
    const sum = new Float64Array(this.dim);
    for (let i = 0; i < pixels.length; ++i) sum[i % this.dim] += pixels[i];
    const mu = sum.map((s) => s / this.count);
    let d = 0;
    for (let i = 0; i < pixels.length; ++i) d += (pixels[i] - mu[i % this.dim]) ** 2;
    this.mean = Float32Array.from(mu);
    this.variance = d / this.count;
  }

  /**
   * n images drawn uniformly with replacement. Each index takes two Philox uniforms from
   * `rng` (23 bits each, native/core/philox.h), so the draw is uniform to within n/2^46;
   * the draws and the gather run on the CPU and the batch is copied to `device` (into
   * `into.x` when given: the gather still allocates its host array).
   */
  sample(n: number, rng: Rng, device: DeviceName = 'cpu', into?: SourceBatch): SourceBatch {
    checkSample(n, rng, into);
    const u = rng.fill(empty([2 * n], 'float32', 'cpu'), 'uniform').toArray();
    const cell = 2 ** 23, out = new Float32Array(n * this.dim);
    for (let r = 0; r < n; ++r) {
      const k = Math.floor(u[2 * r] * cell) * cell + Math.floor(u[2 * r + 1] * cell);
      const i = Math.floor((k * this.count) / cell / cell);
      out.set(this.pixels.subarray(i * this.dim, (i + 1) * this.dim), r * this.dim);
    }
    const x = tensor(out, [n, this.dim], device);
    if (into === undefined) return { x };
    batchTensor(into.x, [n, this.dim], device, 'into.x').copyFrom(x);
    return into;
  }

  /** Images start … start + n − 1, in file order, as a [n, dim] tensor. */
  rows(start: number, n: number, device: DeviceName = 'cpu'): Tensor {
    if (!Number.isInteger(start) || !Number.isInteger(n) || start < 0 || n < 1 || start + n > this.count)
      throw new RangeError(`rows: expected 0 <= start and 1 <= n with start + n <= ${this.count}, got start ${start}, n ${n}`);
    return tensor(this.pixels.slice(start * this.dim, (start + n) * this.dim), [n, this.dim], device);
  }
}

/**
 * The images of the IDX file at `path` (plain or .gz; default: Debian's Fashion-MNIST
 * training set), shape [n, height, width] (or [n, m]: height m, width 1). Unsigned bytes
 * are divided by 255; float32/float64 files must already lie in [0, 1]; signed types are
 * rejected. `limit` keeps the first images only.
 */
export function idxImages(path: string = FASHION_MNIST.train, options: { limit?: number } = {}): ImageSource {
  if (typeof path !== 'string' || path === '') throw new TypeError('path: expected the path of an IDX image file');
  if (!existsSync(path))
    throw new Error(`images: ${path} does not exist. Debian's 'apt-get install dataset-fashion-mnist' installs Fashion-MNIST in ` +
      `/usr/share/datasets/fashion-mnist/; or give the path of another IDX image file (plain or .gz)`);
  const idx = readIdxFile(path);
  if (idx.shape.length < 2 || idx.shape.length > 3 || idx.shape[0] < 1 || idx.shape.slice(1).some((s) => s < 1))
    throw new RangeError(`images: ${path} holds an array of shape (${idx.shape.join(', ')}); expected (images, height, width) or (images, pixels)`);
  const [n, height, width = 1] = idx.shape;
  options = optionalObject('options', options);
  const limit = options.limit ?? n;
  if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`limit: expected a positive integer, got ${String(options.limit)}`);
  const m = height * width, keep = Math.min(n, limit) * m;
  let pixels: Float32Array;
  if (idx.type === 'ubyte') {
    pixels = new Float32Array(keep);
    for (let i = 0; i < keep; ++i) pixels[i] = idx.data[i] / 255;
  } else if (idx.type === 'float32' || idx.type === 'float64') {
    pixels = Float32Array.from(idx.data.subarray(0, keep));
    const bad = pixels.findIndex((v) => !(v >= 0 && v <= 1));
    if (bad >= 0) throw new RangeError(`images: ${path}: pixel ${bad} is ${pixels[bad]}; ${idx.type} images must lie in [0, 1]`);
  } else throw new RangeError(`images: ${path} holds ${idx.type} elements; expected unsigned bytes (0..255) or floats in [0, 1]`);
  return new ImageSource(path.replace(/^.*\//, '').replace(/(-idx\d-ubyte)?(\.gz)?$/, ''), pixels, height, width);
}
