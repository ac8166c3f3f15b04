/**
 * A user's own (x, y) samples as a Wyner–Ziv pair source: two `.npy` files (x [n] or [n, d],
 * y [n] or [n, m]), or one [n, 2] file whose columns are x and y. Batches are drawn
 * uniformly with replacement through the seeded `Rng`, so a run is repeatable from its seed.
 * p(y | x) is unknown, so `posterior` returns null: compressors whose encoder averages over
 * it (variational ECVQ) cannot run on these pairs.
 */
import { readFileSync } from 'node:fs';
import { readNpy, type NpyArray } from '../coding/npy.js';
import type { Rng } from '../rng.js';
import { empty, tensor, type DeviceName, type Tensor } from '../tensor.js';
import type { PairBatch, PairSource } from './pairs.js';
import { checkSample } from './types.js';

/** Where the pairs are: `x` and `y` (paths or arrays), or `xy`, one [n, 2] array. */
export type NpyPairsOptions = { x: string | NpyArray; y: string | NpyArray } | { xy: string | NpyArray };

function load(name: string, v: unknown): NpyArray {
  if (typeof v === 'string') {
    let bytes: Uint8Array;
    try {
      bytes = new Uint8Array(readFileSync(v));
    } catch (e) {
      throw new RangeError(`${name}: cannot read '${v}': ${(e as Error).message}`);
    }
    try {
      return readNpy(bytes);
    } catch (e) {
      throw new RangeError(`${name} ('${v}'): ${(e as Error).message}`);
    }
  }
  if (typeof v === 'object' && v !== null && 'data' in v && 'shape' in v) return v as NpyArray;
  throw new TypeError(`${name}: expected a .npy path or an array { data, shape }, got ${typeof v}`);
}

/** The array as rows [n, width] of float32, checked for its rank, its emptiness and non-finite values. */
function rows(name: string, a: NpyArray): { data: Float32Array; n: number; width: number } {
  if (a.shape.length !== 1 && a.shape.length !== 2) throw new RangeError(`${name}: expected shape [n] or [n, d], got [${a.shape.join(', ')}]`);
  const n = a.shape[0], width = a.shape[1] ?? 1;
  if (!(n >= 1) || !(width >= 1)) throw new RangeError(`${name}: expected at least one sample of at least one element, got shape [${a.shape.join(', ')}]`);
  if (a.data.length !== n * width) throw new RangeError(`${name}: shape [${a.shape.join(', ')}] holds ${n * width} elements, data has ${a.data.length}`);
  const bad = a.data.findIndex((v) => !Number.isFinite(v));
  if (bad >= 0) throw new RangeError(`${name}: element ${bad} is ${a.data[bad]}; pairs must be finite`);
  return { data: a.data instanceof Float32Array ? a.data : Float32Array.from(a.data), n, width };
}

class NpyPairs implements PairSource {
  readonly spec = null;
  readonly sourceVariance = null;
  readonly variances = null;

  constructor(readonly name: string, private readonly x: Float32Array, private readonly y: Float32Array,
              readonly dim: number, readonly sideDim: number, readonly count: number) {}

  sample(n: number, rng: Rng, device: DeviceName = 'cpu'): PairBatch {
    checkSample(n, rng);
    const u = rng.fill(empty([n], 'float32', 'cpu'), 'uniform').toArray() as Float32Array;
    const x = new Float32Array(n * this.dim), y = new Float32Array(n * this.sideDim);
    for (let i = 0; i < n; ++i) {
      const r = Math.min(this.count - 1, Math.floor(u[i] * this.count));
      x.set(this.x.subarray(r * this.dim, (r + 1) * this.dim), i * this.dim);
      y.set(this.y.subarray(r * this.sideDim, (r + 1) * this.sideDim), i * this.sideDim);
    }
    return { x: tensor(x, [n, this.dim], device), y: tensor(y, [n, this.sideDim], device) };
  }

  posterior(): Tensor | null {
    return null;
  }
}

/**
 * Pairs from `.npy` files or arrays: `npyPairs({ x: 'x.npy', y: 'y.npy' })` or
 * `npyPairs({ xy: 'pairs.npy' })` ([n, 2]: column 0 is x, column 1 is y). float32 and
 * float64 files are read (and used as float32); a length mismatch, another dtype or rank,
 * or a non-finite value is a RangeError naming the file.
 */
export function npyPairs(options: NpyPairsOptions): PairSource {
  if (typeof options !== 'object' || options === null) throw new TypeError('options: expected { x, y } or { xy }');
  if ('xy' in options) {
    const xy = rows('xy', load('xy', options.xy));
    if (xy.width !== 2) throw new RangeError(`xy: expected shape [n, 2] (columns x and y), got [${xy.n}, ${xy.width}]`);
    const x = Float32Array.from({ length: xy.n }, (_, i) => xy.data[2 * i]), y = Float32Array.from({ length: xy.n }, (_, i) => xy.data[2 * i + 1]);
    return new NpyPairs(`npy pairs ${typeof options.xy === 'string' ? options.xy : ''}`.trim(), x, y, 1, 1, xy.n);
  }
  if (!('x' in options) || !('y' in options)) throw new TypeError('options: expected { x, y } or { xy }');
  const x = rows('x', load('x', options.x)), y = rows('y', load('y', options.y));
  if (x.n !== y.n) throw new RangeError(`x, y: x holds ${x.n} samples and y ${y.n}; pairs need the same number`);
  const names = typeof options.x === 'string' && typeof options.y === 'string' ? ` (${options.x}, ${options.y})` : '';
  return new NpyPairs(`npy pairs${names}`, x.data, y.data, x.width, y.width, x.n);
}
