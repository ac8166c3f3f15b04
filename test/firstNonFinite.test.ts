import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { empty, tensor } from '../lib/index.js';
import { native } from '../lib/native.js';
import { refFirstNonFinite } from './reference/finite.js';
import { mulberry32, randomArray } from './reference/prng.js';

const bad = [NaN, Infinity, -Infinity];

// Odd sizes around the CPU kernel's 256-element blocks and its per-thread ranges (2^16).
const sizes = [1, 3, 255, 257, 1031, 65537, 200003];

test('firstNonFinite finds the first NaN/±Inf at random positions, as the reference, at odd sizes', () => {
  const pick = mulberry32(7);
  for (const n of sizes) {
    for (let trial = 0; trial < 4; ++trial) {
      const x = randomArray(n, n + trial, -1e30, 1e30);
      const count = trial === 0 ? 0 : 1 + Math.floor(pick() * 5);
      for (let k = 0; k < count; ++k) x[Math.floor(pick() * n)] = bad[Math.floor(pick() * bad.length)];
      const shape = n % 3 === 0 ? [3, n / 3] : [n];
      assert.is(native.firstNonFinite(tensor(x, shape)), refFirstNonFinite(x), `n=${n} trial ${trial}`);
    }
  }
});

test('firstNonFinite: every kind of bad value, at the first and the last element, and none in an empty tensor', () => {
  for (const v of bad) {
    const x = randomArray(777, 3);
    x[776] = v;
    assert.is(native.firstNonFinite(tensor(x)), 776, `${v} last`);
    x[0] = v;
    assert.is(native.firstNonFinite(tensor(x)), 0, `${v} first`);
  }
  // the largest finite float32 and the smallest subnormal are finite
  assert.is(native.firstNonFinite(tensor(Float32Array.from([3.4028234663852886e38, -3.4028234663852886e38, 1e-45]))), -1);
  assert.is(native.firstNonFinite(empty([0])), -1);
});

test('firstNonFinite refuses a non-float32 tensor by name', () => {
  assert.throws(() => native.firstNonFinite(tensor(new Int32Array([1, 2]))), (e: Error) => e instanceof TypeError && /x: expected dtype float32/.test(e.message));
});

test.run();
