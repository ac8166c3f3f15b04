/**
 * Philox4x32-10 random draws addressed by (seed, stream, counter): the same numbers on the
 * CPU and on CUDA, repeatable from the seed, and any slice can be regenerated on its own
 * (element i of a fill uses counter + i/4, or counter + i/2 for normals).
 */
import { native } from './native.js';
import type { Distribution, U64 } from './native.js';
import type { Tensor } from './tensor.js';

export type { Distribution };

/** Fills `out` in place with draws from `dist`. */
export function fillRandom(out: Tensor, dist: Distribution, seed: U64, stream: U64 = 0, counter: U64 = 0): Tensor {
  native.rngFill(out, dist, seed, stream, counter);
  return out;
}

/**
 * A stream of Philox draws for one purpose: each call advances the counter past the
 * blocks it used, so consecutive fills never overlap.
 */
export class Rng {
  private counter = 0n;
  constructor(readonly seed: U64, readonly stream: U64 = 0) {}

  fill(out: Tensor, dist: Distribution): Tensor {
    native.rngFill(out, dist, this.seed, this.stream, this.reserve(out.size, dist));
    return out;
  }

  /**
   * The counter at which a fill of `elements` draws of `dist` starts, advancing the stream
   * past it: for kernels that draw Philox numbers themselves (e.g. uniform noise).
   */
  reserve(elements: number, dist: Distribution): bigint {
    const start = this.counter;
    // normals use a block per two elements, the others a block per four
    const perBlock = dist === 'normal' ? 2n : 4n;
    this.counter += (BigInt(elements) + perBlock - 1n) / perBlock;
    return start;
  }

  /** Where the stream is, to save in a checkpoint. */
  get position(): bigint {
    return this.counter;
  }
  set position(c: bigint) {
    if (c < 0n) throw new RangeError('position: expected a non-negative counter');
    this.counter = c;
  }
}

/**
 * The seed of the model at position `pointIndex` of a sweep run with `seed` (or of another
 * per-point object, e.g. a shared generator's index): one formula for the runner and
 * `estimateRD`, so a point's model is initialised alike wherever it is trained.
 */
export function pointSeed(seed: number, pointIndex: number): number {
  return seed * 1000 + pointIndex;
}
