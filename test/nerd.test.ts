import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { empty, item, tensor } from '../lib/index.js';
import { native } from '../lib/native.js';
import { maxRelError, randomArray } from './reference/prng.js';
import { refDistortion, refDistortionAt, refRate, refRateGrad, refSolveBeta } from './reference/nerd.js';

/** Data x [B, n] and samples y [M, n] (y offset so that no distortion is tiny). */
function batch(B: number, M: number, n: number, seed: number) {
  const x = randomArray(B * n, seed, -2, 2), y = randomArray(M * n, seed + 1, -1.5, 1.7);
  return { x, y, xt: tensor(x, [B, n]), yt: tensor(y, [M, n]) };
}

function nativeD(xt: ReturnType<typeof tensor>, yt: ReturnType<typeof tensor>, p?: number) {
  const d = empty([xt.shape[0], yt.shape[0]]);
  native.nerdDistortion(xt, yt, d, p);
  return d;
}

/** The general-p exponents the tests run (p = 2 is the squared-error fast path). */
const PS = [1, 1.5, 3];

const SIZES: [number, number, number][] = [[13, 37, 5], [1, 1, 1], [3, 1, 2], [1, 29, 3], [67, 301, 20], [33, 129, 784]];

test('distortion matrix matches the float64 reference at odd sizes', () => {
  SIZES.forEach(([B, M, n], s) => {
    const { x, y, xt, yt } = batch(B, M, n, 10 + s);
    const err = maxRelError(nativeD(xt, yt).toArray(), refDistortion(x, y, B, M, n));
    assert.ok(err < 1e-5, `B=${B} M=${M} n=${n}: rel err ${err}`);
  });
});

test('||x − y||_p² matrix matches the float64 reference at odd sizes (p = 1, 1.5, 3)', () => {
  for (const p of PS)
    SIZES.forEach(([B, M, n], s) => {
      const { x, y, xt, yt } = batch(B, M, n, 110 + s);
      const err = maxRelError(nativeD(xt, yt, p).toArray(), refDistortion(x, y, B, M, n, p));
      assert.ok(err < 1e-5, `p=${p} B=${B} M=${M} n=${n}: rel err ${err}`);
    });
});

test('||x − y||_p² neither overflows nor underflows where |x − y|^p would (p = 1, 1.5, 3, 12, differences ~1e4 and ~1e-4, ~1e13 and ~1e-13)', () => {
  const [B, M, n] = [7, 9, 5];
  for (const p of [...PS, 12])
    for (const scale of [1e4, 1e-4, 1e13, 1e-13]) {
      const x = randomArray(B * n, 120, -2, 2).map((v) => v * scale), y = randomArray(M * n, 121, -1.5, 1.7).map((v) => v * scale);
      const d = nativeD(tensor(x, [B, n]), tensor(y, [M, n]), p).toArray();
      const err = maxRelError(d, refDistortion(x, y, B, M, n, p));
      assert.ok(err < 1e-5, `p=${p} scale ${scale}: rel err ${err}`);
    }
});

test('β* matches bisection of the reference stationarity condition', () => {
  SIZES.filter(([, M]) => M > 1).forEach(([B, M, n], s) => {
    const { x, y, xt, yt } = batch(B, M, n, 20 + s);
    const dRef = refDistortion(x, y, B, M, n), d = nativeD(xt, yt);
    const lo = refDistortionAt(dRef, B, M, -1e6), hi = refDistortionAt(dRef, B, M, 0);
    for (const f of [0.05, 0.4, 0.9]) {
      const target = lo + f * (hi - lo);
      const beta = tensor([0]);
      native.nerdSolveBeta(d, target, beta);
      const want = refSolveBeta(dRef, B, M, target);
      const got = item(beta);
      assert.ok(Math.abs(got - want) <= 1e-4 * Math.abs(want), `B=${B} M=${M} n=${n} f=${f}: β ${got} vs ${want}`);
      const out = empty([2]);
      native.nerdObjective(xt, yt, d, beta, out, null);
      const [rate, dist] = out.toArray();
      assert.ok(Math.abs(dist - target) <= 2e-5 * target, `D(β*) ${dist} vs target ${target}`);
      const r = refRate(dRef, B, M, want, target);
      assert.ok(Math.abs(rate - r) <= 1e-4 * (1 + r), `rate ${rate} vs ${r}`);
    }
  });
});

test('a warm start converges to the same β*', () => {
  const [B, M, n] = [31, 211, 7];
  const { xt, yt } = batch(B, M, n, 40);
  const d = nativeD(xt, yt);
  const cold = tensor([0]), warm = tensor([-1e-3]), near = tensor([-0.9]);
  for (const b of [cold, warm, near]) native.nerdSolveBeta(d, 9.5, b, 1e-7);
  assert.ok(Math.abs(item(warm) - item(cold)) <= 1e-5 * Math.abs(item(cold)), `${item(warm)} vs ${item(cold)}`);
  assert.ok(Math.abs(item(near) - item(cold)) <= 1e-5 * Math.abs(item(cold)), `${item(near)} vs ${item(cold)}`);
});

test('ends of the search: zero rate above D(0); beneath the reach a finite β, D at the reach and a rate below log2 M', () => {
  const [B, M, n] = [17, 53, 4];
  const { x, y, xt, yt } = batch(B, M, n, 50);
  const dRef = refDistortion(x, y, B, M, n), d = nativeD(xt, yt);
  const beta = tensor([0]), out = empty([2]);
  native.nerdSolveBeta(d, 2 * refDistortionAt(dRef, B, M, 0), beta);
  assert.is(item(beta), 0);
  native.nerdObjective(xt, yt, d, beta, out, null);
  assert.ok(Math.abs(out.toArray()[0]) < 1e-6, `rate at β = 0: ${out.toArray()[0]}`);
  const reach = refDistortionAt(dRef, B, M, -1e9);
  native.nerdSolveBeta(d, 0.5 * reach, beta);
  // the search expands past the first guess −1/D and stops where D(β) stalls, at a finite β
  assert.ok(item(beta) < -4 / (0.5 * reach) && item(beta) > -1e6, `β beneath the reach: ${item(beta)}`);
  native.nerdObjective(xt, yt, d, beta, out, null);
  const [rate, dist] = out.toArray();
  assert.ok(Math.abs(dist - reach) < 1e-5 * reach, `D stops at the reach ${reach}: ${dist}`);
  assert.ok(rate <= Math.log2(M) + 1e-6 && rate > Math.log2(M) - 1, `rate ${rate} near log2 M = ${Math.log2(M)}`);
});

test('fixed-β objective and gradient match the float64 reference', () => {
  SIZES.forEach(([B, M, n], s) => {
    const { x, y, xt, yt } = batch(B, M, n, 60 + s);
    const d = nativeD(xt, yt), dRef = refDistortion(x, y, B, M, n);
    const b = -0.37 / (n / 3);
    const out = empty([2]), dy = empty([M, n]);
    native.nerdObjective(xt, yt, d, tensor([b]), out, dy, 0.5);
    const [rate, dist] = out.toArray();
    const D = refDistortionAt(dRef, B, M, b);
    assert.ok(Math.abs(dist - D) <= 1e-5 * D, `B=${B} M=${M} n=${n}: D ${dist} vs ${D}`);
    const r = refRate(dRef, B, M, b, D);
    assert.ok(Math.abs(rate - r) <= 1e-4 * (1 + r), `rate ${rate} vs ${r}`);
    const g = refRateGrad(x, y, B, M, n, b).map((v) => 0.5 * v);
    const err = maxRelError(dy.toArray(), g);
    assert.ok(err < 1e-4, `B=${B} M=${M} n=${n}: gradient rel err ${err}`);
  });
});

test('fixed-β objective and gradient at p = 1, 1.5, 3 match the float64 reference', () => {
  for (const p of PS)
    SIZES.forEach(([B, M, n], s) => {
      const { x, y, xt, yt } = batch(B, M, n, 130 + s);
      const d = nativeD(xt, yt, p), dRef = refDistortion(x, y, B, M, n, p);
      const b = -0.37 / (n / 3);
      const out = empty([2]), dy = empty([M, n]);
      native.nerdObjective(xt, yt, d, tensor([b]), out, dy, 0.5, p);
      const [rate, dist] = out.toArray();
      const D = refDistortionAt(dRef, B, M, b);
      assert.ok(Math.abs(dist - D) <= 1e-5 * D, `p=${p} B=${B} M=${M} n=${n}: D ${dist} vs ${D}`);
      const r = refRate(dRef, B, M, b, D);
      assert.ok(Math.abs(rate - r) <= 1e-4 * (1 + r), `p=${p}: rate ${rate} vs ${r}`);
      const g = refRateGrad(x, y, B, M, n, b, p).map((v) => 0.5 * v);
      const err = maxRelError(dy.toArray(), g);
      assert.ok(err < 1e-4, `p=${p} B=${B} M=${M} n=${n}: gradient rel err ${err}`);
    });
});

test('the reference gradient matches float64 central differences of the reference rate (p = 2, 1, 1.5, 3)', () => {
  const [B, M, n] = [5, 7, 3];
  const { x, y } = batch(B, M, n, 70);
  const beta = -0.8, D = 3.1, h = 1e-6;
  for (const q of [2, ...PS]) {
    const rate = (yy: Float64Array) => refRate(refDistortion(x, yy, B, M, n, q), B, M, beta, D);
    const g = refRateGrad(x, y, B, M, n, beta, q);
    for (let k = 0; k < M * n; ++k) {
      const p = Float64Array.from(y), m = Float64Array.from(y);
      p[k] += h;
      m[k] -= h;
      const fd = (rate(p) - rate(m)) / (2 * h);
      assert.ok(Math.abs(fd - g[k]) < 1e-6 * (1 + Math.abs(fd)), `p=${q} y[${k}]: fd ${fd} vs ${g[k]}`);
    }
  }
});

test('native gradient matches central differences of the native objective (β, D fixed; p = 2, 1.5, 3)', () => {
  const [B, M, n] = [9, 11, 3];
  const { y, xt } = batch(B, M, n, 80);
  const beta = tensor([-0.6]), D = 2.5;
  for (const q of [2, 1.5, 3]) {
    const rateAt = (yy: Float32Array) => {
      const yt = tensor(yy, [M, n]), d = nativeD(xt, yt, q), out = empty([2]);
      native.nerdObjective(xt, yt, d, beta, out, null, 1, q);
      const [r, dist] = out.toArray();
      // the objective reports the rate at D(β); the fixed-D rate adds β (D − D(β)) / ln 2
      return r + (-0.6 * (D - dist)) / Math.LN2;
    };
    const yt = tensor(y, [M, n]), dy = empty([M, n]);
    native.nerdObjective(xt, yt, nativeD(xt, yt, q), beta, empty([2]), dy, 1, q);
    const g = dy.toArray();
    const h = 1e-2;
    for (let k = 0; k < M * n; ++k) {
      const p = Float32Array.from(y), m = Float32Array.from(y);
      p[k] += h;
      m[k] -= h;
      const fd = (rateAt(p) - rateAt(m)) / (2 * h);
      assert.ok(Math.abs(fd - g[k]) < 2e-3 + 1e-2 * Math.abs(fd), `p=${q} y[${k}]: fd ${fd} vs analytic ${g[k]}`);
    }
  }
});

test('bad arguments throw errors naming the argument', () => {
  const x = tensor(randomArray(12, 1), [4, 3]), y = tensor(randomArray(15, 2), [5, 3]), d = empty([4, 5]);
  const err = (fn: () => void, cls: ErrorConstructor, re: RegExp) =>
    assert.throws(fn, (e: Error) => e instanceof cls && re.test(e.message), re.source);
  err(() => native.nerdDistortion(x, tensor(randomArray(10, 3), [5, 2]), d), RangeError, /^y: expected shape \[-?\d*.*3\]/);
  err(() => native.nerdDistortion(x, y, empty([5, 4])), RangeError, /^d: expected shape/);
  err(() => native.nerdDistortion(x, y, empty([4, 5], 'int32')), TypeError, /^d: expected dtype float32/);
  err(() => native.nerdDistortion(x, 3 as never, d), TypeError, /^y: expected a Tensor/);
  err(() => native.nerdDistortion(x, y, d, 0.5), RangeError, /^p: expected a finite number >= 1/);
  err(() => native.nerdDistortion(x, y, d, Infinity), RangeError, /^p:/);
  err(() => native.nerdDistortion(x, y, d, 1e39), RangeError, /^p:/);
  err(() => native.nerdDistortion(x, y, d, '3' as never), TypeError, /^p:/);
  err(() => native.nerdObjective(x, y, d, tensor([-1]), empty([2]), null, 1, NaN), RangeError, /^p:/);
  err(() => native.nerdSolveBeta(d, 0, tensor([0])), RangeError, /^distortion: expected a positive/);
  err(() => native.nerdSolveBeta(d, NaN, tensor([0])), RangeError, /^distortion/);
  err(() => native.nerdSolveBeta(d, 1, tensor([0, 0])), RangeError, /^beta: expected 1 elements/);
  err(() => native.nerdSolveBeta(d, 1, tensor([0]), 0), RangeError, /^tolerance/);
  err(() => native.nerdObjective(x, y, d, tensor([0.5]), empty([2]), null), RangeError, /^beta: expected a finite value <= 0/);
  err(() => native.nerdObjective(x, y, d, tensor([-1]), empty([3]), null), RangeError, /^out: expected 2 elements/);
  err(() => native.nerdObjective(x, y, d, tensor([-1]), empty([2]), empty([4, 3])), RangeError, /^dy: expected shape/);
  err(() => native.nerdObjective(x, y, d, tensor([-1]), empty([2]), null, Infinity), RangeError, /^gradScale/);
  const bad = tensor(Float32Array.from(randomArray(20, 4)).fill(NaN, 3, 4), [4, 5]);
  err(() => native.nerdSolveBeta(bad, 1, tensor([0])), RangeError, /^d: holds non-finite/);
});

test.run();
