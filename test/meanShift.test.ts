/**
 * The native meanShift against a float64 reference (test/reference/meanShift.ts): one step at
 * odd sizes and scales of lambda, convergence to the reference's mode, closed-form cases,
 * the async form and bad input.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { empty, tensor } from '../lib/index.js';
import { native } from '../lib/native.js';
import { mixtureValue, refMeanShift } from './reference/meanShift.js';
import { mulberry32, randomArray } from './reference/prng.js';

const maxAbs = (v: Float32Array) => v.reduce((s, t) => Math.max(s, Math.abs(t)), 0);

/** s starts drawn among the k centres (as logSupPartition starts), perturbed by up to `jitter`. */
function startsAmong(x: Float32Array, k: number, m: number, s: number, seed: number, jitter: number): Float32Array {
  const rand = mulberry32(seed), y = new Float32Array(s * m);
  for (let j = 0; j < s; ++j) {
    const c = Math.floor(rand() * k);
    for (let e = 0; e < m; ++e) y[j * m + e] = x[c * m + e] + jitter * (2 * rand() - 1);
  }
  return y;
}

// [s, k, m, λ]: odd sizes around the CPU's 512-row blocks and 16-lane loops; the last splits
// the starts into two groups of the CPU's 2^22-float distance matrix
const oneStepCases: [number, number, number, number][] = [
  [1, 1, 1, 0.7], [3, 17, 2, 3.7], [37, 1023, 2, 0.05], [5, 257, 2, 40], [7, 4099, 3, 1.3], [13, 301, 20, 0.21], [3, 129, 784, 0.013],
  [61, 70001, 1, 2.2],
];

test('meanShift: one step matches the float64 mean Σ w_i x_i at odd sizes and scales of lambda', () => {
  let seed = 300;
  for (const [s, k, m, lambda] of oneStepCases) {
    const x = randomArray(k * m, ++seed, -2, 2), a = randomArray(k, ++seed, -3, 2), y0 = randomArray(s * m, ++seed, -1.5, 1.5);
    const y = tensor(y0, [s, m]), iterations = empty([s], 'int32');
    native.meanShift(tensor(x, [k, m]), tensor(a, [k]), lambda, y, iterations, 1, 0);
    const got = y.toArray() as Float32Array;
    assert.equal(Array.from(iterations.toArray()), Array(s).fill(1));
    // each exponent a_i − λ d_i is off by λ times the GEMM form's distance error (a few ulps of
    // the norms) and a few ulps of itself; a weight by twice that, relatively, which moves the
    // mean by at most that times the spread of the centres; the float32 sums over k by ~√k ulps
    const r = Math.max(maxAbs(x), maxAbs(y0)), norms = 2 * m * r * r;
    const delta = lambda * 8 * 2 ** -24 * Math.sqrt(m) * norms + 8 * 2 ** -24 * (3 + lambda * norms);
    const tol = 4 * delta * 2 * r + 8 * Math.sqrt(k) * 2 ** -24 * r;
    for (let j = 0; j < s; ++j) {
      const want = Float64Array.from(y0.subarray(j * m, (j + 1) * m));
      refMeanShift(x, a, lambda, m, want, 1, 0);
      for (let c = 0; c < m; ++c)
        assert.ok(Math.abs(got[j * m + c] - want[c]) <= tol, `s=${s} k=${k} m=${m} λ=${lambda} start ${j} [${c}]: ${got[j * m + c]} vs ${want[c]} (tol ${tol})`);
    }
  }
});

test('meanShift: converges to the float64 iteration\'s mode, and F never falls', () => {
  let seed = 400;
  for (const [s, k, m, lambda] of [[9, 211, 1, 3.1], [17, 1031, 2, 2.2], [5, 333, 5, 0.7], [3, 97, 20, 0.3]] as const) {
    const x = randomArray(k * m, ++seed, -2, 2), a = randomArray(k, ++seed, -1, 1), y0 = startsAmong(x, k, m, s, ++seed, 0.05);
    const y = tensor(y0, [s, m]), iterations = empty([s], 'int32');
    native.meanShift(tensor(x, [k, m]), tensor(a, [k]), lambda, y, iterations, 2000, 1e-9);
    const got = y.toArray() as Float32Array, its = iterations.toArray() as Int32Array;
    for (let j = 0; j < s; ++j) {
      const start = Float64Array.from(y0.subarray(j * m, (j + 1) * m)), want = Float64Array.from(start);
      refMeanShift(x, a, lambda, m, want, 100_000, 1e-15);
      const yj = got.subarray(j * m, (j + 1) * m);
      assert.ok(its[j] >= 2 && its[j] < 2000, `start ${j}: ${its[j]} iterations`);
      const f = mixtureValue(x, a, lambda, m, yj), fWant = mixtureValue(x, a, lambda, m, want);
      assert.ok(f >= mixtureValue(x, a, lambda, m, start) - 1e-6, `k=${k} m=${m} start ${j}: F fell`);
      // stopped where a step gains under float32 round-off: within ~1e-6 nats of the mode's F
      assert.ok(Math.abs(f - fWant) < 1e-5, `k=${k} m=${m} start ${j}: F ${f} vs the reference mode's ${fWant}`);
      assert.ok(Math.hypot(...Array.from(yj, (v, c) => v - want[c])) < 0.05, `k=${k} m=${m} start ${j}: another mode`);
    }
  }
});

test('meanShift: a lone centre is reached in one step; an all-underflow start stays put', () => {
  const y = tensor([0.5, -1.25, 3], [1, 3]), iterations = empty([1], 'int32');
  native.meanShift(tensor([1.5, 0.75, -2], [1, 3]), tensor([-0.3], [1]), 2, y, iterations, 50, 0);
  assert.equal(Array.from(y.toArray()), [1.5, 0.75, -2]);
  // F rises from the start to the centre, then (at the centre) by nothing
  assert.ok((iterations.toArray() as Int32Array)[0] <= 3);
  const far = tensor([1e19], [1, 1]);
  native.meanShift(tensor([0, -1e19], [2, 1]), tensor([0, 0], [2]), 1e10, far, iterations, 50, 0);
  assert.equal(Array.from(far.toArray()), [Math.fround(1e19)]);
  assert.equal(Array.from(iterations.toArray()), [1]);
});

test('meanShiftAsync gives the synchronous result', async () => {
  const x = tensor(randomArray(211 * 3, 8, -2, 2), [211, 3]), a = tensor(randomArray(211, 9), [211]);
  const y0 = randomArray(19 * 3, 7, -2, 2), sync = tensor(y0, [19, 3]), async = tensor(y0, [19, 3]);
  const its = empty([19], 'int32'), itsAsync = empty([19], 'int32');
  native.meanShift(x, a, 0.9, sync, its, 40, 1e-9);
  await native.meanShiftAsync(x, a, 0.9, async, itsAsync, 40, 1e-9);
  assert.equal(Array.from(async.toArray()), Array.from(sync.toArray()));
  assert.equal(Array.from(itsAsync.toArray()), Array.from(its.toArray()));
});

test('meanShift refuses bad input by name', () => {
  const x = tensor(randomArray(10, 2), [5, 2]), a = tensor(randomArray(5, 3), [5]), y = tensor(randomArray(6, 1), [3, 2]);
  const its = empty([3], 'int32');
  assert.throws(() => native.meanShift(tensor(randomArray(10, 2), [10]), a, 1, y, its, 5, 0), /x/);
  assert.throws(() => native.meanShift(x, tensor(randomArray(4, 3), [4]), 1, y, its, 5, 0), /^a/);
  assert.throws(() => native.meanShift(x, a, 0, y, its, 5, 0), /lambda: expected a positive/);
  assert.throws(() => native.meanShift(x, a, 1, x, empty([5], 'int32'), 5, 0), /y, iterations: must not share memory with x or a/);
  assert.throws(() => native.meanShift(x, a, -1, y, its, 5, 0), /lambda/);
  assert.throws(() => native.meanShift(x, a, 1, tensor(randomArray(6, 1), [2, 3]), its, 5, 0), /^y/);
  assert.throws(() => native.meanShift(x, a, 1, y, empty([3]), 5, 0), /iterations/);
  assert.throws(() => native.meanShift(x, a, 1, y, empty([2], 'int32'), 5, 0), /iterations/);
  assert.throws(() => native.meanShift(x, a, 1, y, its, 0, 0), /maxIterations/);
  assert.throws(() => native.meanShift(x, a, 1, y, its, 2.5, 0), /maxIterations/);
  assert.throws(() => native.meanShift(x, a, 1, y, its, 5, -1), /tolerance: expected a number >= 0/);
  assert.throws(() => native.meanShift(x, a, 1, y, its, 5, NaN), /tolerance/);
  const bad = randomArray(6, 4);
  bad[3] = NaN;
  assert.throws(() => native.meanShift(x, a, 1, tensor(bad, [3, 2]), its, 5, 0), /^y: expected finite values, element 3/);
  const badA = randomArray(5, 5);
  badA[2] = Infinity;
  assert.throws(() => native.meanShift(x, tensor(badA, [5]), 1, y, its, 5, 0), /^a: expected finite/);
});

test.run();
