/**
 * Philox4x32-10 random draws addressed by (seed, stream, counter): the same numbers on the
 * CPU and on CUDA, repeatable from the seed, and any slice can be regenerated on its own
 * (element i of a fill uses counter + i/4, or counter + i/2 for normals).
 */
import { native } from './native.js';
import type { Distribution, U64 } from './native.js';
import { requireTensor, type Tensor } from './tensor.js';
import { describeValue, requireInteger, requireOneOf } from './validate.js';

export type { Distribution };

const DISTRIBUTIONS: readonly Distribution[] = ['uniform', 'normal', 'exponential', 'gumbel'];

/** Throws unless `value` is a non-negative integer below 2^64 (a number or a bigint): a seed, stream or counter. */
function requireU64(name: string, value: unknown): U64 {
  if (typeof value === 'bigint') {
    if (value < 0n || value >= 1n << 64n) throw new RangeError(`${name}: expected an integer in [0, 2^64), got ${value}`);
    return value;
  }
  return requireInteger(name, value, 0);
}

/** `value` itself when it is an {@link Rng}; otherwise a TypeError naming the argument. */
export function requireRng(name: string, value: unknown): Rng {
  if (!(value instanceof Rng)) throw new TypeError(`${name}: expected an Rng, got ${describeValue(value)}`);
  return value;
}

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
  constructor(readonly seed: U64, readonly stream: U64 = 0) {
    requireU64('seed', seed);
    requireU64('stream', stream);
  }

  fill(out: Tensor, dist: Distribution): Tensor {
    requireTensor('out', out);
    native.rngFill(out, dist, this.seed, this.stream, this.reserve(out.size, dist));
    return out;
  }

  /**
   * The counter at which a fill of `elements` draws of `dist` starts, advancing the stream
   * past it: for kernels that draw Philox numbers themselves (e.g. uniform noise).
   */
  reserve(elements: number, dist: Distribution): bigint {
    requireInteger('elements', elements, 0);
    requireOneOf('dist', dist, DISTRIBUTIONS);
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
    if (typeof c !== 'bigint' || c < 0n) throw new RangeError(`position: expected a non-negative bigint counter, got ${describeValue(c)}`);
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
