/**
 * Inputs far outside what a model was trained on: what compression does with them.
 *
 * - Non-finite values are refused (the models' compress, naming the first bad element).
 * - A value whose latent quantizes outside int32, the entropy coder's range, is refused by
 *   ContinuousEntropyModel.symbols, naming the sample and latent.
 * - Otherwise a far value is coded, but decodes to about the edge of the model's range. A
 *   streaming compressor keeps the {@link CHECKED_ROWS} largest-magnitude samples it sees
 *   ({@link LargestRows}: bounded memory whatever the input's size) and, at the end, codes and
 *   decodes them: relative distortion ‖x − x̂‖² / ‖x‖² above 1/2 gives a warning with the
 *   measured value (code {@link OUT_OF_RANGE_WARNING}); the file is still written. At very low
 *   rates a model's own training data can approach that ratio, so it only warns.
 */
import { tensor, type Tensor } from '../tensor.js';

/** Samples checked: the largest in magnitude. */
export const CHECKED_ROWS = 1024;

/** The code of the warning (process.emitWarning) about inputs outside the model's range. */
export const OUT_OF_RANGE_WARNING = 'RDLAB_OUT_OF_RANGE';

/** The `keep` rows of largest squared norm among all rows added, in bounded memory (2 × keep rows). */
export class LargestRows {
  private norms: Float64Array;
  private rows: Float32Array;
  private count = 0;
  /** Rows of norm at most this are not kept (the keep-th largest norm after a prune). */
  private floor = -Infinity;

  constructor(readonly width: number, readonly keep = CHECKED_ROWS) {
    this.norms = new Float64Array(2 * keep);
    this.rows = new Float32Array(2 * keep * width);
  }

  /** Adds the `n` rows of `x` [n, width]. */
  add(x: Float32Array, n: number): void {
    const w = this.width;
    for (let i = 0; i < n; ++i) {
      let s = 0;
      for (let j = 0; j < w; ++j) s += x[i * w + j] ** 2;
      if (s <= this.floor) continue;
      if (this.count === this.norms.length) this.prune();
      this.norms[this.count] = s;
      this.rows.set(x.subarray(i * w, (i + 1) * w), this.count * w);
      this.count++;
    }
  }

  /** Keeps the `keep` largest. */
  private prune(): void {
    const order = this.order().slice(0, this.keep);
    const norms = new Float64Array(this.norms.length), rows = new Float32Array(this.rows.length), w = this.width;
    order.forEach((r, k) => { norms[k] = this.norms[r]; rows.set(this.rows.subarray(r * w, (r + 1) * w), k * w); });
    this.norms = norms;
    this.rows = rows;
    this.count = order.length;
    this.floor = norms[order.length - 1];
  }

  private order(): number[] {
    return Array.from({ length: this.count }, (_, i) => i).sort((a, b) => this.norms[b] - this.norms[a]);
  }

  /** The kept rows, largest first: [k, width] values and the largest norm. */
  largest(): { x: Float32Array; rows: number; maxNorm: number } {
    const order = this.order().slice(0, this.keep), w = this.width;
    const x = new Float32Array(order.length * w);
    order.forEach((r, k) => x.set(this.rows.subarray(r * w, (r + 1) * w), k * w));
    return { x, rows: order.length, maxNorm: order.length > 0 ? Math.sqrt(this.norms[order[0]]) : 0 };
  }
}

/**
 * The warning for `largest`'s rows, coded and decoded by `roundTrip` (x [k, width] to x̂ of the
 * same shape), or null when their relative distortion is at most 1/2.
 */
export function outOfRangeWarning(largest: LargestRows, roundTrip: (x: Tensor) => Tensor): string | null {
  const { x, rows, maxNorm } = largest.largest();
  if (rows === 0) return null;
  const xHat = roundTrip(tensor(x, [rows, largest.width])).toArray();
  let err = 0, energy = 0;
  for (let i = 0; i < x.length; ++i) { err += (x[i] - xHat[i]) ** 2; energy += x[i] ** 2; }
  const relative = energy > 0 ? err / energy : 0;
  if (!(relative > 0.5)) return null;
  return `the ${rows} largest samples (norm up to ${maxNorm.toPrecision(3)}) decode with relative distortion ${relative.toPrecision(3)} (||x - x̂||² / ||x||²); the input lies outside what the model was trained on`;
}
