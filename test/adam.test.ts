import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Adam, mseLoss, tensor, item, Mlp } from '../lib/index.js';
import { referenceAdam } from './reference/adam.js';
import { maxRelError, randomArray } from './reference/prng.js';

test('Adam matches the float64 reference over several steps, with weight decay', () => {
  // 70001: several parallel chunks, and a length that is no multiple of a vector
  for (const n of [1037, 70001]) {
    const p0 = randomArray(n, 1);
    const grads = [2, 3, 4, 5, 6].map((s) => randomArray(n, s, -3, 3));
    const config = { lr: 0.01, beta1: 0.8, beta2: 0.95, eps: 1e-6, weightDecay: 0.1 };
    const params = tensor(p0);
    const opt = new Adam(params, config);
    for (const g of grads) opt.step(tensor(g));
    const ref = referenceAdam(Float64Array.from(p0), grads, config);
    assert.ok(maxRelError(params.toArray(), ref) < 1e-5, `adam n=${n} rel err ${maxRelError(params.toArray(), ref)}`);
    assert.is(opt.steps, 5);
  }
});

test('Adam rejects bad hyper-parameters by name', () => {
  assert.throws(() => new Adam(tensor([1, 2]), { lr: 0 }), /config\.lr/);
  assert.throws(() => new Adam(tensor([1, 2]), { lr: 1e-3, beta1: 1.5 }), /config\.beta1/);
  const ok = new Adam(tensor([1, 2]), { lr: 1e-3 });
  assert.throws(() => ok.step(tensor([1, 2, 3])), /grad: expected 2 elements/);
  assert.throws(() => ok.step(tensor([1, 2]), Number.NaN), /options\.lr/);
});

test('mse loss and gradient match a float64 computation', () => {
  const a = randomArray(999, 11), b = randomArray(999, 12);
  const grad = tensor(new Float32Array(999).fill(7));
  const loss = item(mseLoss(tensor(a), tensor(b), grad));
  let s = 0;
  for (let i = 0; i < 999; ++i) s += (a[i] - b[i]) ** 2;
  assert.ok(Math.abs(loss - s / 999) < 1e-6 * (s / 999));
  const g = grad.toArray();
  for (let i = 0; i < 999; i += 97) assert.ok(Math.abs(g[i] - (2 * (a[i] - b[i])) / 999) < 1e-7);
  mseLoss(tensor(a), tensor(b), grad, undefined, -2.5);
  const gs = grad.toArray();
  for (let i = 0; i < 999; i += 97) assert.ok(Math.abs(gs[i] + (5 * (a[i] - b[i])) / 999) < 1e-6);
});

test('mse over several parallel chunks matches a float64 sum, with and without a gradient', () => {
  const n = 300_007; // five chunks of 2^16, the last partial
  const a = randomArray(n, 13, -3, 3), b = randomArray(n, 14, -3, 3);
  let s = 0;
  for (let i = 0; i < n; ++i) s += (a[i] - b[i]) ** 2;
  const grad = tensor(new Float32Array(n).fill(7));
  assert.ok(Math.abs(item(mseLoss(tensor(a), tensor(b), grad)) - s / n) < 1e-6 * (s / n));
  assert.ok(Math.abs(item(mseLoss(tensor(a), tensor(b))) - s / n) < 1e-6 * (s / n));
  const g = grad.toArray();
  for (let i = 0; i < n; i += 9973) assert.ok(Math.abs(g[i] - (2 * (a[i] - b[i])) / n) < 1e-6 * Math.abs(2 / n) * 6);
});

test('Adam stores moments that fall below the smallest normal float as zero, and only those', () => {
  // A parameter whose gradient is exactly zero keeps decaying its first moment: from
  // 1.5 FLT_MIN it would go subnormal at the next step (beta1 = 0.5).
  const tiny = 1.1754943508222875e-38; // FLT_MIN
  const params = tensor([1, 2, 3]);
  const opt = new Adam(params, { lr: 1e-3, beta1: 0.5, beta2: 0.5 });
  opt.m.copyFrom(tensor([1.5 * tiny, 8 * tiny, 0.25]));
  opt.v.copyFrom(tensor([1.5 * tiny, 8 * tiny, 0.5]));
  opt.step(tensor([0, 0, 0]));
  const m = opt.m.toArray(), v = opt.v.toArray();
  assert.equal([m[0], v[0]], [0, 0]); // 0.75 FLT_MIN would have been subnormal
  assert.ok(Math.abs(m[1] - 4 * tiny) < 1e-45 && Math.abs(v[1] - 4 * tiny) < 1e-45); // still normal: kept
  assert.ok(Math.abs(m[2] - 0.125) < 1e-7 && Math.abs(v[2] - 0.25) < 1e-7);
  for (const x of params.toArray()) assert.ok(Number.isFinite(x));
});

test('a short training run fits a smooth function (loss falls by 10x)', () => {
  const batch = 256;
  const net = new Mlp({ inputs: 1, hidden: [32, 32], outputs: 1, activation: 'tanh' }, { seed: 1 });
  const opt = new Adam(net.params, { lr: 3e-3 });
  const xs = randomArray(batch, 2, -2, 2);
  const x = tensor(xs, [batch, 1]);
  const y = tensor(xs.map((v) => Math.sin(2 * v)), [batch, 1]);
  const grad = tensor(new Float32Array(batch), [batch, 1]);
  let first = 0, last = 0;
  for (let step = 0; step < 600; ++step) {
    const loss = mseLoss(net.forward(x), y, grad);
    if (step === 0) first = item(loss);
    if (step === 599) last = item(loss);
    net.backward(grad, { inputGrad: false });
    opt.step(net.grad);
  }
  assert.ok(last < first / 10, `loss ${first} -> ${last}`);
});

test.run();
