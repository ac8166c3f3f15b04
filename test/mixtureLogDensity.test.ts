/**
 * mixtureLogDensity against a float64 reference: out[j] = log Σ_i exp(a_i − λ||x_i − y_j||²).
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { empty, tensor } from '../lib/index.js';
import { native } from '../lib/native.js';
import { randomArray } from './reference/prng.js';

/** log Σ_i exp(a_i − λ||x_i − y_j||²) for every row y_j, in float64 from the float32 inputs. */
function refMixture(y: Float32Array, x: Float32Array, a: Float32Array, lambda: number, m: number): Float64Array {
  const s = y.length / m, k = a.length, out = new Float64Array(s), t = new Float64Array(k);
  for (let j = 0; j < s; ++j) {
    let max = -Infinity;
    for (let i = 0; i < k; ++i) {
      let d = 0;
      for (let c = 0; c < m; ++c) d += (x[i * m + c] - y[j * m + c]) ** 2;
      t[i] = a[i] - lambda * d;
      max = Math.max(max, t[i]);
    }
    let sum = 0;
    for (let i = 0; i < k; ++i) sum += Math.exp(t[i] - max);
    out[j] = max + Math.log(sum);
  }
  return out;
}

function maxSquaredNorm(v: Float32Array, m: number): number {
  let best = 0;
  for (let r = 0; r < v.length / m; ++r) {
    let n = 0;
    for (let c = 0; c < m; ++c) n += v[r * m + c] ** 2;
    best = Math.max(best, n);
  }
  return best;
}

// Odd sizes around the CPU kernel's 16 partial-sum lanes; λ from nearly flat to every term but a few below e^-87.
const cases: [number, number, number, number][] = [
  [1, 1, 1, 0.7], [3, 17, 2, 3.7], [37, 1023, 2, 0.05], [41, 257, 2, 40], [5, 4099, 3, 1.3], [13, 301, 20, 0.21], [7, 129, 784, 0.013],
];

test('mixtureLogDensity matches the float64 reference at odd sizes and scales of lambda', () => {
  let seed = 100;
  for (const [s, k, m, lambda] of cases) {
    const y = randomArray(s * m, ++seed, -2, 2), x = randomArray(k * m, ++seed, -2, 2), a = randomArray(k, ++seed, -3, 2);
    const out = empty([s]);
    native.mixtureLogDensity(tensor(y, [s, m]), tensor(x, [k, m]), tensor(a, [k]), lambda, out);
    const got = out.toArray() as Float32Array, want = refMixture(y, x, a, lambda, m);
    // float32 distances by ||x||² + ||y||² − 2 x·y: an absolute error of a few ulps of the
    // norms, times λ; the log-sum-exp itself to a few float32 ulps of its value
    const distErr = 8 * 2 ** -24 * Math.sqrt(m) * (maxSquaredNorm(x, m) + maxSquaredNorm(y, m));
    for (let j = 0; j < s; ++j) {
      const tol = 4 * 2 ** -24 * Math.abs(want[j]) + 1e-6 + lambda * distErr;
      assert.ok(Math.abs(got[j] - want[j]) <= tol, `s=${s} k=${k} m=${m} λ=${lambda} row ${j}: ${got[j]} vs ${want[j]} (tol ${tol})`);
    }
  }
});

test('mixtureLogDensity: a lone centre gives a_1 − λ||x_1 − y||² exactly enough; −Infinity when every term overflows', () => {
  const out = empty([2]);
  native.mixtureLogDensity(tensor([0.5, -1.25, 3, 2], [2, 2]), tensor([1.5, 0.75], [1, 2]), tensor([-0.3], [1]), 2, out);
  const got = out.toArray() as Float32Array;
  assert.ok(Math.abs(got[0] - (-0.3 - 2 * (1 + 4))) < 1e-5, `${got[0]}`);
  assert.ok(Math.abs(got[1] - (-0.3 - 2 * (2.25 + 1.5625))) < 1e-5, `${got[1]}`);
  native.mixtureLogDensity(tensor([1e19], [1, 1]), tensor([0, -1e19], [2, 1]), tensor([0, 0], [2]), 1e10, out.view(0, [1]));
  assert.is((out.toArray() as Float32Array)[0], -Infinity);
});

test('mixtureLogDensityAsync gives the synchronous result', async () => {
  const y = tensor(randomArray(19 * 3, 7, -2, 2), [19, 3]), x = tensor(randomArray(211 * 3, 8, -2, 2), [211, 3]);
  const a = tensor(randomArray(211, 9), [211]), sync = empty([19]), async = empty([19]);
  native.mixtureLogDensity(y, x, a, 0.9, sync);
  await native.mixtureLogDensityAsync(y, x, a, 0.9, async);
  assert.equal(Array.from(async.toArray()), Array.from(sync.toArray()));
});

test('mixtureLogDensity refuses bad input by name', () => {
  const y = tensor(randomArray(6, 1), [3, 2]), x = tensor(randomArray(10, 2), [5, 2]), a = tensor(randomArray(5, 3), [5]);
  const out = empty([3]);
  const refuses = (fn: () => void, kind: typeof RangeError, pattern: RegExp) =>
    assert.throws(fn, (e: Error) => e instanceof kind && pattern.test(e.message), String(pattern));
  refuses(() => native.mixtureLogDensity(y, tensor(randomArray(15, 4), [5, 3]), a, 1, out), RangeError, /^x: expected shape/);
  refuses(() => native.mixtureLogDensity(y, x, tensor(randomArray(4, 4), [4]), 1, out), RangeError, /^a: expected shape/);
  refuses(() => native.mixtureLogDensity(y, x, a, 1, empty([4])), RangeError, /^out: expected shape/);
  refuses(() => native.mixtureLogDensity(tensor(new Int32Array(6), [3, 2]), x, a, 1, out), TypeError, /^y: expected dtype float32/);
  refuses(() => native.mixtureLogDensity(tensor(randomArray(6, 5), [6]), x, a, 1, out), RangeError, /^y: expected shape/);
  refuses(() => native.mixtureLogDensity(empty([0, 2]), x, a, 1, empty([0])), RangeError, /^y: expected at least one point/);
  for (const lambda of [0, -1, NaN, Infinity, 1e39])
    assert.throws(() => native.mixtureLogDensity(y, x, a, lambda, out), (e: Error) => e instanceof RangeError || e instanceof TypeError, `lambda ${lambda}`);
  refuses(() => native.mixtureLogDensity(y, x, a, 0, out), RangeError, /^lambda: expected a positive/);
  for (const [name, bad] of [['y', 4], ['x', 7], ['a', 2]] as const) {
    const arrays = { y: randomArray(6, 1), x: randomArray(10, 2), a: randomArray(5, 3) };
    arrays[name][bad] = name === 'x' ? Infinity : NaN;
    refuses(() => native.mixtureLogDensity(tensor(arrays.y, [3, 2]), tensor(arrays.x, [5, 2]), tensor(arrays.a, [5]), 1, out),
      RangeError, new RegExp(`^${name}: expected finite values, element ${bad} is not`));
  }
});

test.run();
