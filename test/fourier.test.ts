import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { FourierFeatures, empty, tensor } from '../lib/index.js';
import { native } from '../lib/native.js';
import { refFourier, refFourierGrad } from './reference/fourier.js';
import { maxRelError, randomArray } from './reference/prng.js';

function check(B: number, d: number, m: number, include: boolean, seed: number) {
  const y = randomArray(B * d, seed, -6, 6);
  const f = new FourierFeatures(d, { features: m, sigma: 1.7, includeLatent: include }, { seed });
  const a = f.freqs.toArray();
  const label = `B=${B} d=${d} m=${m} include=${include}`;
  const out = f.forward(tensor(y, [B, d]));
  assert.equal(out.shape, [B, m + (include ? d : 0)], label);
  // |a · y| reaches ~50 here: float32 phases carry ~50·2^-24 absolute error, hence 1e-5
  assert.ok(maxRelError(out.toArray(), refFourier(y, a, B, d, m, include)) < 1e-5, `forward ${label}`);
  const g = randomArray(B * out.shape[1], seed + 1, -1, 1);
  const dy = f.backward(tensor(g, out.shape)).toArray();
  const e = maxRelError(dy, refFourierGrad(y, a, g, B, d, m, include));
  assert.ok(e < 1e-5, `backward ${label}: rel err ${e}`);
}

test('forward and backward match the float64 reference at odd sizes', () => {
  check(13, 1, 7, false, 1);
  check(1, 1, 1, true, 2);
  check(1031, 3, 33, true, 3);
  check(257, 2, 64, false, 4);
  check(5, 9, 3, true, 5);
});

test('the reference gradient matches float64 central differences of the reference features', () => {
  const B = 3, d = 2, m = 5;
  const y = Float64Array.from(randomArray(B * d, 6, -3, 3));
  const a = Float64Array.from(randomArray(m * d, 7, -2, 2));
  for (const include of [false, true]) {
    const w = m + (include ? d : 0);
    const g = Float64Array.from(randomArray(B * w, 8, -1, 1));
    const loss = (yy: Float64Array) => refFourier(yy, a, B, d, m, include).reduce((s, v, i) => s + v * g[i], 0);
    const grad = refFourierGrad(y, a, g, B, d, m, include);
    const h = 1e-6;
    for (let i = 0; i < y.length; ++i) {
      const p = Float64Array.from(y), q = Float64Array.from(y);
      p[i] += h;
      q[i] -= h;
      const fd = (loss(p) - loss(q)) / (2 * h);
      assert.ok(Math.abs(fd - grad[i]) < 1e-7 * (1 + Math.abs(fd)), `y ${i} include=${include}: fd ${fd} vs ${grad[i]}`);
    }
  }
});

test('the native gradient matches central differences of the native features', () => {
  const B = 4, d = 2, m = 11;
  const f = new FourierFeatures(d, { features: m, sigma: 0.8, includeLatent: true }, { seed: 9 });
  const y = randomArray(B * d, 10, -2, 2);
  const g = randomArray(B * f.width, 11, -1, 1);
  const loss = (yy: Float32Array) => {
    const out = f.forward(tensor(yy, [B, d])).toArray();
    let s = 0;
    for (let i = 0; i < out.length; ++i) s += out[i] * g[i];
    return s;
  };
  f.forward(tensor(y, [B, d]));
  const dy = f.backward(tensor(g, [B, f.width])).toArray();
  const h = 1e-2;
  for (let i = 0; i < y.length; ++i) {
    const p = Float32Array.from(y), q = Float32Array.from(y);
    p[i] += h;
    q[i] -= h;
    const fd = (loss(p) - loss(q)) / (2 * h);
    // O(h² |a|³) truncation (|a| ≲ 2.5) plus float32 rounding of a sum of ~26 terms
    assert.ok(Math.abs(fd - dy[i]) < 2e-3 + 1e-2 * Math.abs(fd), `y ${i}: fd ${fd} vs analytic ${dy[i]}`);
  }
});

test('frequencies are σ times Philox normals, fixed by the seed; given frequencies are used as they are', () => {
  const cfg = { features: 1000, sigma: 3, includeLatent: false };
  const a = new FourierFeatures(1, cfg, { seed: 4 }).freqs.toArray();
  assert.equal(Array.from(new FourierFeatures(1, cfg, { seed: 4 }).freqs.toArray()), Array.from(a));
  assert.not.equal(Array.from(new FourierFeatures(1, cfg, { seed: 5 }).freqs.toArray()), Array.from(a));
  let v = 0;
  for (const x of a) v += (x * x) / a.length;
  assert.ok(Math.abs(Math.sqrt(v) - 3) < 0.3, `std ${Math.sqrt(v)}`);
  const given = randomArray(6, 12, -1, 1);
  assert.equal(Array.from(new FourierFeatures(2, { ...cfg, features: 3 }, { freqs: given }).freqs.toArray()), Array.from(given));
});

test('bad arguments throw errors naming the argument', () => {
  const y = tensor(randomArray(6, 1), [3, 2]), a = tensor(randomArray(10, 2), [5, 2]);
  assert.throws(() => native.fourierForward(y, a, true, empty([3, 5])), /out: expected shape \[3, 7\]/);
  assert.throws(() => native.fourierForward(y, tensor(randomArray(5, 2), [5, 1]), false, empty([3, 5])), /a: expected shape \[\*, 2\]/);
  assert.throws(() => native.fourierForward(tensor(randomArray(6, 1), [6]), a, false, empty([6, 5])), /y: expected shape/);
  assert.throws(() => native.fourierForward(y, a, 1 as never, empty([3, 5])), /includeLatent: expected a boolean/);
  assert.throws(() => native.fourierForward(y, empty([5, 2], 'int32'), false, empty([3, 5])), /a: expected dtype float32/);
  assert.throws(() => native.fourierForward(y, empty([0, 2]), false, empty([3, 0])), /a: expected at least one frequency/);
  assert.throws(() => native.fourierBackward(y, a, empty([3, 5]), true, empty([3, 2])), /g: expected shape \[3, 7\]/);
  assert.throws(() => native.fourierBackward(y, a, empty([3, 5]), false, empty([2, 3])), /dy: expected shape \[3, 2\]/);
  assert.throws(() => native.fourierBackward(y, a, 'g' as never, false, empty([3, 2])), /g: expected a Tensor/);
  assert.throws(() => new FourierFeatures(1, { features: 0, sigma: 1, includeLatent: true }), /config\.features/);
  assert.throws(() => new FourierFeatures(1, { features: 4, sigma: -1, includeLatent: true }), /config\.sigma/);
  assert.throws(() => new FourierFeatures(1, { features: 4, sigma: 1, includeLatent: 'yes' as never }), /config\.includeLatent/);
  assert.throws(() => new FourierFeatures(2, { features: 4, sigma: 1, includeLatent: true }, { freqs: new Float32Array(5) }), /options\.freqs/);
  assert.throws(() => new FourierFeatures(1, { features: 4, sigma: 1, includeLatent: true }).backward(y), /call forward/);
});

test.run();
