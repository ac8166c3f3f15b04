import type { Rng } from '../rng.js';
import type { DeviceName, Tensor } from '../tensor.js';

/** A batch drawn from a source: x [n, dim], and the latent U [n] of a one-parameter source. */
export interface SourceBatch {
  x: Tensor;
  u?: Tensor;
}

/**
 * A source rdlab can sample: every draw is addressed through `rng` (seed, stream, counter),
 * so a batch is repeatable from the seed and identical on CPU and CUDA.
 */
export interface Source {
  /** Short name, e.g. 'sawbridge'. */
  readonly name: string;
  /** Elements per sample (time points of a process, coordinates of a vector). */
  readonly dim: number;
  /**
   * How squared errors over a sample's elements are reduced to its distortion: 'mean' for
   * processes (the time integral of the squared error), 'sum' for vectors (squared
   * Euclidean error per sample).
   */
  readonly reduction: 'mean' | 'sum';
  /** The zero-rate distortion E d(X, E X) under that convention (the source's total variance, or its time average). */
  readonly variance: number;
  sample(n: number, rng: Rng, device?: DeviceName): SourceBatch;
}
