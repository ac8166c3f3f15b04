/**
 * The convolution kernels against the float64 reference (test/reference/conv.ts) on fresh
 * random inputs: shared by test/conv.test.ts and the ISA child (test/isa/conv-cases.ts).
 */
import { conv2d, conv2dBackward, convTranspose2d, convTranspose2dBackward, empty, tensor, type Tensor } from '../lib/index.js';
import { referenceConv, refOutExtents, type RefConv } from './reference/conv.js';
import { maxRelError, randomArray } from './reference/prng.js';

export type ConvCase = Omit<RefConv, 'stride' | 'padding' | 'outputPadding'> & {
  stride?: [number, number]; padding?: [number, number]; outputPadding?: [number, number]; bias?: boolean;
};

export const fullCase = (c: ConvCase): RefConv => ({ stride: [1, 1], padding: [0, 0], ...c });
export const weightShape = (c: RefConv) => (c.transposed ? [c.kh, c.kw, c.cout, c.cin] : [c.kh, c.kw, c.cin, c.cout]);
export const convOptions = (c: RefConv) => ({ stride: c.stride, padding: c.padding, activation: c.activation, leakySlope: c.leakySlope, ...(c.transposed ? { outputPadding: c.outputPadding } : {}) });

export interface NativeConv { y: Tensor; x: Tensor; w: Tensor; b: Tensor | null }

export function forwardNative(c: RefConv, x: Float32Array, w: Float32Array, b: Float32Array | null): NativeConv {
  const xt = tensor(x, [c.batch, c.h, c.w, c.cin]), wt = tensor(w, weightShape(c)), bt = b ? tensor(b, [c.cout]) : null;
  const y = (c.transposed ? convTranspose2d : conv2d)(xt, wt, bt, convOptions(c));
  return { y, x: xt, w: wt, b: bt };
}

export interface ConvErrors {
  /** Normwise relative errors of the forward output and the gradients. */
  y: number; dx: number; dweight: number; dbias: number;
  /** The same after a second backward pass with accumulate (twice the gradients; dx not asked for). */
  dweightTwice: number; dbiasTwice: number;
  /** Whether the backward left dy as it was. */
  dyUntouched: boolean;
  shape: number[];
}

export function convErrors(cs: ConvCase, seed: number): ConvErrors {
  const c = fullCase(cs);
  const x = randomArray(c.batch * c.h * c.w * c.cin, seed, -2, 2), w = randomArray(c.kh * c.kw * c.cin * c.cout, seed + 1, -0.5, 0.5);
  const b = cs.bias === false ? null : randomArray(c.cout, seed + 2);
  const [oh, ow] = refOutExtents(c);
  const dy = randomArray(c.batch * oh * ow * c.cout, seed + 3);
  const ref = referenceConv(c, x, w, b, dy);
  const n = forwardNative(c, x, w, b);
  const dx = empty(n.x.shape), dw = empty(n.w.shape), db = empty([c.cout]);
  const dyt = tensor(dy, n.y.shape);
  const bwd = c.transposed ? convTranspose2dBackward : conv2dBackward;
  bwd(n.x, n.w, n.y, dyt, { dx, dweight: dw, dbias: db }, convOptions(c));
  const once = { dx: maxRelError(dx.toArray(), ref.dx), dweight: maxRelError(dw.toArray(), ref.dw), dbias: maxRelError(db.toArray(), ref.db) };
  bwd(n.x, n.w, n.y, dyt, { dweight: dw, dbias: db, accumulate: true }, convOptions(c));
  return {
    y: maxRelError(n.y.toArray(), ref.y),
    ...once,
    dweightTwice: maxRelError(dw.toArray(), ref.dw.map((v) => 2 * v)),
    dbiasTwice: maxRelError(db.toArray(), ref.db.map((v) => 2 * v)),
    dyUntouched: dyt.toArray().every((v, i) => Object.is(v, dy[i])),
    shape: n.y.shape,
  };
}
