import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { conv2d, conv2dBackward, convTranspose2d, convTranspose2dBackward, empty, tensor, type Activation } from '../lib/index.js';
import { convOptions, convErrors, forwardNative, fullCase, type ConvCase } from './convCase.js';
import { refOutExtents } from './reference/conv.js';
import { mulberry32, randomArray } from './reference/prng.js';

/** The kernels against the float64 reference: forward to `tol`, gradients (once and accumulated) to 4 tol. */
function check(cs: ConvCase, seed: number, tol = 2e-6): void {
  const c = fullCase(cs), e = convErrors(cs, seed), name = JSON.stringify(cs);
  assert.equal(e.shape, [c.batch, ...refOutExtents(c), c.cout], name);
  assert.ok(e.y < tol, `forward ${name}: rel err ${e.y}`);
  for (const k of ['dx', 'dweight', 'dbias', 'dweightTwice', 'dbiasTwice'] as const) assert.ok(e[k] < 4 * tol, `${k} ${name}: rel err ${e[k]}`);
  assert.ok(e.dyUntouched, `dy was written ${name}`);
}

const ACTS: Activation[] = ['identity', 'relu', 'leaky_relu', 'softplus', 'tanh', 'sigmoid'];

test('conv2d forward and backward match the float64 reference at odd sizes, strides and paddings', () => {
  let seed = 10;
  for (const activation of ACTS) check({ batch: 3, h: 7, w: 6, cin: 5, kh: 3, kw: 3, cout: 9, padding: [1, 1], activation, leakySlope: 0.07, transposed: false }, seed++);
  check({ batch: 2, h: 9, w: 11, cin: 3, kh: 4, kw: 4, cout: 17, stride: [2, 2], padding: [1, 1], transposed: false }, seed++);
  check({ batch: 1, h: 13, w: 8, cin: 7, kh: 5, kw: 2, cout: 4, stride: [3, 2], padding: [2, 0], activation: 'relu', transposed: false }, seed++);
  check({ batch: 5, h: 5, w: 5, cin: 1, kh: 1, kw: 1, cout: 1, transposed: false, bias: false }, seed++);
  check({ batch: 2, h: 6, w: 7, cin: 2, kh: 3, kw: 2, cout: 33, stride: [1, 3], padding: [3, 2], activation: 'tanh', transposed: false }, seed++);
  // the kernel as large as the padded input: a 1 x 1 output
  check({ batch: 3, h: 4, w: 3, cin: 6, kh: 6, kw: 5, cout: 5, padding: [1, 1], transposed: false, bias: false }, seed++);
});

test('convTranspose2d forward and backward match the float64 reference (PyTorch\'s definition) with output padding', () => {
  let seed = 50;
  for (const activation of ACTS) check({ batch: 3, h: 4, w: 5, cin: 6, kh: 4, kw: 4, cout: 7, stride: [2, 2], padding: [1, 1], activation, leakySlope: 0.07, transposed: true }, seed++);
  check({ batch: 2, h: 5, w: 3, cin: 3, kh: 3, kw: 3, cout: 11, stride: [2, 2], padding: [1, 1], outputPadding: [1, 1], transposed: true }, seed++);
  check({ batch: 1, h: 3, w: 4, cin: 9, kh: 5, kw: 3, cout: 2, stride: [3, 2], padding: [2, 0], outputPadding: [2, 1], activation: 'sigmoid', transposed: true }, seed++);
  check({ batch: 4, h: 1, w: 1, cin: 13, kh: 2, kw: 2, cout: 19, transposed: true, bias: false }, seed++);
  // one input channel (a narrow input-gradient product) and a stride larger than the kernel (gaps)
  check({ batch: 2, h: 5, w: 6, cin: 1, kh: 2, kw: 3, cout: 5, stride: [3, 4], padding: [0, 1], outputPadding: [2, 3], activation: 'leaky_relu', transposed: true }, seed++);
  check({ batch: 3, h: 6, w: 5, cin: 2, kh: 3, kw: 3, cout: 1, padding: [1, 1], transposed: true }, seed++);
});

test('batches larger than one pass of the im2col matrix (several passes, gradients summed across them)', () => {
  // conv: 62 x 62 outputs, im2col width 144 (565k floats an image with the output gradient, 7 images a pass of 2^22): 9 take two passes
  check({ batch: 9, h: 64, w: 64, cin: 16, kh: 3, kw: 3, cout: 3, activation: 'softplus', transposed: false }, 90, 1e-5);
  // transposed: 32 x 32 inputs, width 144, 64 x 64 x 16 outputs (213k floats an image): 19 images a pass; 30 take two
  check({ batch: 30, h: 32, w: 32, cin: 3, kh: 3, kw: 3, cout: 16, stride: [2, 2], padding: [1, 1], outputPadding: [1, 1], activation: 'relu', transposed: true }, 91, 1e-5);
});

test('the batch is not bounded by the extent limit (70,000 images)', () => {
  const n = 70_000, x = randomArray(n, 70), w = randomArray(2, 71), b = randomArray(2, 72);
  const y = conv2d(tensor(x, [n, 1, 1, 1]), tensor(w, [1, 1, 1, 2]), tensor(b, [2])).toArray();
  let err = 0;
  for (let i = 0; i < n; ++i) for (let j = 0; j < 2; ++j) err = Math.max(err, Math.abs(y[2 * i + j] - (x[i] * w[j] + b[j])));
  assert.ok(err < 1e-6, `max abs error ${err}`);
});

/** Central differences of L = sum(dy * y) in float64 over float32 forward passes, at a few random coordinates of x, the weight and the bias. */
function finiteDifferences(cs: ConvCase, seed: number): void {
  const c = fullCase(cs);
  const x = randomArray(c.batch * c.h * c.w * c.cin, seed, -1, 1), w = randomArray(c.kh * c.kw * c.cin * c.cout, seed + 1, -0.5, 0.5);
  const b = randomArray(c.cout, seed + 2);
  const [oh, ow] = refOutExtents(c);
  const dy = randomArray(c.batch * oh * ow * c.cout, seed + 3);
  const loss = (xs: Float32Array, ws: Float32Array, bs: Float32Array) => {
    const y = forwardNative(c, xs, ws, bs).y.toArray();
    let s = 0;
    for (let i = 0; i < y.length; ++i) s += dy[i] * y[i];
    return s;
  };
  const n = forwardNative(c, x, w, b);
  const dx = empty(n.x.shape), dw = empty(n.w.shape), db = empty([c.cout]);
  (c.transposed ? convTranspose2dBackward : conv2dBackward)(n.x, n.w, n.y, tensor(dy, n.y.shape), { dx, dweight: dw, dbias: db }, convOptions(c));
  const rnd = mulberry32(seed + 4), h = 1e-2;
  const grads = { x: dx.toArray(), w: dw.toArray(), b: db.toArray() };
  for (const which of ['x', 'w', 'b'] as const) {
    const base = { x, w, b }[which];
    const scale = Math.max(...Array.from(grads[which], Math.abs));
    for (let t = 0; t < 6; ++t) {
      const i = Math.floor(rnd() * base.length);
      const plus = Float32Array.from(base), minus = Float32Array.from(base);
      plus[i] += h;
      minus[i] -= h;
      const args = (v: Float32Array) => [which === 'x' ? v : x, which === 'w' ? v : w, which === 'b' ? v : b] as const;
      const fd = (loss(...args(plus)) - loss(...args(minus))) / (plus[i] - minus[i]);
      const err = Math.abs(fd - grads[which][i]) / scale;
      assert.ok(err < 5e-3, `${which}[${i}] of ${JSON.stringify(cs)}: finite difference ${fd}, backward ${grads[which][i]}`);
    }
  }
}

test('gradients agree with finite differences of the forward pass', () => {
  finiteDifferences({ batch: 2, h: 7, w: 5, cin: 3, kh: 3, kw: 3, cout: 4, stride: [2, 1], padding: [1, 1], activation: 'tanh', transposed: false }, 200);
  finiteDifferences({ batch: 2, h: 3, w: 4, cin: 5, kh: 4, kw: 3, cout: 3, stride: [2, 2], padding: [1, 0], outputPadding: [1, 1], activation: 'softplus', transposed: true }, 210);
  finiteDifferences({ batch: 1, h: 6, w: 6, cin: 2, kh: 2, kw: 2, cout: 3, stride: [2, 2], activation: 'sigmoid', transposed: false }, 220);
});

test('bad arguments are refused naming the argument', () => {
  const x = tensor(randomArray(2 * 5 * 5 * 3, 1), [2, 5, 5, 3]), w = tensor(randomArray(3 * 3 * 3 * 4, 2), [3, 3, 3, 4]);
  assert.throws(() => conv2d(tensor(randomArray(75, 1), [5, 5, 3]), w), /x: expected shape \[batch, height, width, channels\]/);
  assert.throws(() => conv2d(x, tensor(randomArray(36, 2), [3, 3, 4])), /weight: expected shape \[kh, kw, inChannels, outChannels\]/);
  assert.throws(() => conv2d(x, tensor(randomArray(36, 2), [3, 3, 1, 4])), /weight: expected 3 input channels/);
  assert.throws(() => conv2d(x, w, tensor(randomArray(3, 3), [3])), /bias: expected shape \[4\]/);
  assert.throws(() => conv2d(x, w, null, { stride: 0 }), /options\.stride: expected an integer in \[1, 65536\]/);
  assert.throws(() => conv2d(x, w, null, { padding: [1, -1] }), /options\.padding\[1\]/);
  assert.throws(() => conv2d(x, w, null, { outputPadding: 1 }), /options\.outputPadding: applies to convTranspose2d only/);
  assert.throws(() => convTranspose2d(x, tensor(randomArray(108, 2), [3, 3, 4, 3]), null, { stride: 2, outputPadding: 2 }), /options\.outputPadding: expected values below the stride \[2, 2\], got \[2, 2\]/);
  assert.throws(() => conv2d(x, w, null, { activation: 'gelu' as Activation }), /options\.activation/);
  assert.throws(() => conv2d(x, tensor(randomArray(7 * 7 * 3, 2), [7, 7, 3, 1])), /x: an input of 5 x 5 with a 7 x 7 kernel/);
  const y = conv2d(x, w);
  const dw = empty([3, 3, 3, 4]);
  assert.throws(() => conv2dBackward(x, w, y, tensor(randomArray(5, 1), [5]), { dweight: dw }), /dy: expected shape \[2, 3, 3, 4\]/);
  assert.throws(() => conv2dBackward(x, w, y, y, { dweight: empty([3, 3, 3, 5]) }), /dweight: expected shape \[3, 3, 3, 4\]/);
  assert.throws(() => conv2dBackward(x, w, y, y, { dweight: dw, dx: empty([2, 5, 5, 4]) }), /dx: expected shape \[2, 5, 5, 3\]/);
  assert.throws(() => conv2dBackward(x, w, y, y, null as never), /grads: expected an object/);
  assert.throws(() => conv2dBackward(x, w, y, y, { dweight: dw, accumulate: 1 as never }), /grads\.accumulate/);
});

test.run();
