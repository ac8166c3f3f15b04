import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { gumbelSoftmax, gumbelSoftmaxBackward, Rng, tensor } from '../lib/index.js';
import { native } from '../lib/native.js';
import { empty } from '../lib/tensor.js';
import { referenceGumbelSoftmax } from './reference/gumbel.js';
import { referenceDraw } from './reference/philox.js';
import { maxRelError, randomArray } from './reference/prng.js';

test('gumbelSoftmax matches the float64 reference on the same Philox Gumbel noise; hard index equal', () => {
  for (const [B, K, t] of [[37, 5, 0.7], [3, 33, 2.5], [101, 2, 0.05]] as const) {
    const logits = randomArray(B * K, B + K, -3, 3);
    const s = gumbelSoftmax(tensor(logits, [B, K]), t, new Rng(11n, 6n));
    const noise = Array.from({ length: B * K }, (_, i) => referenceDraw('gumbel', 11n, 6n, 0n, i));
    const ref = referenceGumbelSoftmax(logits, noise, B, K, t);
    assert.ok(maxRelError(s.u.toArray(), ref.u) < 1e-5, `B=${B} K=${K}: ${maxRelError(s.u.toArray(), ref.u)}`);
    assert.equal(Array.from(s.index.toArray()), Array.from(ref.index));
    // without noise: softmax(α/t) and argmax α
    const det = gumbelSoftmax(tensor(logits, [B, K]), t, null);
    const refDet = referenceGumbelSoftmax(logits, new Float64Array(B * K), B, K, t);
    assert.ok(maxRelError(det.u.toArray(), refDet.u) < 1e-5);
    assert.equal(Array.from(det.index.toArray()), Array.from(refDet.index));
  }
});

test('gumbelSoftmaxBackward is the gradient of Σ w ⊙ U (finite differences of the float64 reference)', () => {
  const B = 7, K = 6, t = 0.8;
  const logits = randomArray(B * K, 3, -2, 2), w = randomArray(B * K, 4, -1, 1);
  const noise = Array.from({ length: B * K }, (_, i) => referenceDraw('gumbel', 5n, 1n, 0n, i));
  const s = gumbelSoftmax(tensor(logits, [B, K]), t, new Rng(5n, 1n));
  const g = gumbelSoftmaxBackward(s.u, tensor(w, [B, K]), t).toArray();
  const loss = (l: Float64Array) => referenceGumbelSoftmax(l, noise, B, K, t).u.reduce((a, u, i) => a + u * w[i], 0);
  const h = 1e-6;
  for (let i = 0; i < B * K; ++i) {
    const up = Float64Array.from(logits), down = Float64Array.from(logits);
    up[i] += h;
    down[i] -= h;
    const fd = (loss(up) - loss(down)) / (2 * h);
    assert.ok(Math.abs(g[i] - fd) < 1e-4 * (1 + Math.abs(fd)), `i=${i}: ${g[i]} vs ${fd}`);
  }
});

test('bad gumbel arguments are rejected by name', () => {
  const l = tensor(randomArray(6, 1), [2, 3]);
  assert.throws(() => native.gumbelSoftmax(l, 0, true, empty([2, 3]), null, 1, 0, 0), /temperature/);
  assert.throws(() => native.gumbelSoftmax(l, NaN, true, empty([2, 3]), null, 1, 0, 0), /temperature/);
  assert.throws(() => native.gumbelSoftmax(l, 1, true, empty([3, 2]), null, 1, 0, 0), /u:/);
  assert.throws(() => native.gumbelSoftmax(l, 1, true, empty([2, 3]), empty([2]), 1, 0, 0), /index/);
  assert.throws(() => native.gumbelSoftmax(tensor([1, 2, 3]), 1, true, empty([3]), null, 1, 0, 0), /logits/);
  assert.throws(() => native.gumbelSoftmaxBackward(empty([2, 3]), empty([2, 4]), 1, empty([2, 3])), /du/);
  assert.throws(() => native.gumbelSoftmaxBackward(empty([2, 3]), empty([2, 3]), 1, empty([2])), /dlogits/);
});

test.run();
