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
  const opt = new Adam(tensor([1, 2]), { lr: 1e-3, beta1: 1.5 });
  assert.throws(() => opt.step(tensor([1, 2])), /options\.beta1/);
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
