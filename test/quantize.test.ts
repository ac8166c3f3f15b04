import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { addUniformNoise, axpy, empty, fillRandom, round, Rng, tensor } from '../lib/index.js';
import { native } from '../lib/native.js';
import { referenceDraw } from './reference/philox.js';
import { maxRelError, randomArray } from './reference/prng.js';

test('uniform noise is y + (Philox uniform - 1/2), the reference draws, and advances the stream', () => {
  const n = 1031;
  const y = randomArray(n, 1, -20, 20);
  const rng = new Rng(42n, 3n);
  rng.position = 17n;
  const out = addUniformNoise(tensor(y, [n]), rng).toArray();
  for (const i of [0, 1, 2, 3, 4, 513, n - 1]) {
    const u = referenceDraw('uniform', 42n, 3n, 17n, i) - 0.5;
    assert.ok(Math.abs(out[i] - Math.fround(y[i] + Math.fround(u))) <= 1e-6 * Math.abs(y[i]), `element ${i}`);
  }
  for (let i = 0; i < n; ++i) assert.ok(out[i] - y[i] > -0.5 - 1e-5 && out[i] - y[i] < 0.5 + 1e-5, `noise ${i}: ${out[i] - y[i]}`);
  assert.is(rng.position, 17n + BigInt(Math.ceil(n / 4)));
  // the same numbers as a uniform fill at the same counter
  const u = fillRandom(empty([n]), 'uniform', 42n, 3n, 17n).toArray();
  const t = tensor(new Float32Array(n).fill(0.25), [n]);
  native.quantizeNoise(t, t, 42n, 3n, 17n);
  const noisy = t.toArray();
  for (let i = 0; i < n; ++i) assert.is(noisy[i], Math.fround(0.25 + Math.fround(u[i] - 0.5)));
  // a second call draws fresh noise
  const again = addUniformNoise(tensor(y, [n]), rng).toArray();
  assert.not.equal(Array.from(again), Array.from(out));
});

test('uniform noise has mean 0 and variance 1/12', () => {
  const n = 200003;
  const y = tensor(new Float32Array(n).fill(3.5), [n]);
  const d = addUniformNoise(y, new Rng(7)).toArray();
  let m = 0, v = 0;
  for (let i = 0; i < n; ++i) m += (d[i] - 3.5) / n;
  for (let i = 0; i < n; ++i) v += (d[i] - 3.5 - m) ** 2 / n;
  assert.ok(Math.abs(m) < 0.003, `mean ${m}`);
  assert.ok(Math.abs(v - 1 / 12) < 0.002, `variance ${v}`);
});

test('rounding is half to even, with a per-channel offset, in place or not', () => {
  const y = tensor([-2.5, -1.5, -0.5, 0.5, 1.5, 2.5, 0.49, -0.51, 7.3], [9]);
  assert.equal(Array.from(round(y).toArray()), [-2, -2, -0, 0, 2, 2, 0, -1, 7]);
  const B = 5, C = 3;
  const x = randomArray(B * C, 2, -9, 9);
  const m = Float32Array.from([0.25, -0.4, 0.1]);
  const r = round(tensor(x, [B, C]), tensor(m, [C])).toArray();
  for (let i = 0; i < B * C; ++i) {
    const c = i % C;
    assert.is(r[i], Math.fround(Math.round(Math.fround(x[i] - m[c])) + m[c]), `element ${i}`);
    assert.ok(Math.abs(r[i] - x[i]) <= 0.5 + 1e-6);
  }
  const t = tensor(x, [B, C]);
  round(t, tensor(m, [C]), t);
  assert.equal(Array.from(t.toArray()), Array.from(r));
});

test('axpy adds alpha x to y in place', () => {
  const n = 70001;
  const x = randomArray(n, 3), y = randomArray(n, 4);
  const t = tensor(y, [n]);
  axpy(-0.75, tensor(x, [n]), t);
  assert.ok(maxRelError(t.toArray(), y.map((v, i) => v - 0.75 * x[i])) < 1e-7);
});

test('bad arguments throw errors naming the argument', () => {
  const y = tensor(randomArray(6, 1), [2, 3]);
  assert.throws(() => native.quantizeNoise(y, tensor(randomArray(6, 1), [6]), 1, 0, 0), /out: expected shape \[2, 3\]/);
  assert.throws(() => native.quantizeNoise(y, y, -1, 0, 0), /seed/);
  assert.throws(() => native.quantizeNoise(y, empty([2, 3], 'int32'), 1, 0, 0), /out: expected dtype float32/);
  assert.throws(() => native.quantizeRound(y, tensor([0.5, 0.5]), y), /offset: expected shape \[3\]/);
  assert.throws(() => native.quantizeRound('y' as never, null, y), /y: expected a Tensor/);
  assert.throws(() => native.quantizeRound(y, null, tensor([0.5])), /out/);
  assert.throws(() => native.axpy(NaN, y, y), /alpha/);
  assert.throws(() => native.axpy(1e300, y, y), /alpha/);
  assert.throws(() => native.axpy(1, y, tensor(randomArray(6, 1), [3, 2])), /y: expected shape \[2, 3\]/);
});

test.run();
