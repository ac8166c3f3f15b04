import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Mlp, tensor, type Activation, type MlpConfig } from '../lib/index.js';
import { referenceMlp } from './reference/mlp.js';
import { maxRelError, randomArray } from './reference/prng.js';

const ACTS: Activation[] = ['identity', 'relu', 'leaky_relu', 'softplus', 'tanh', 'sigmoid'];

function check(config: MlpConfig, batch: number, seed: number) {
  const net = new Mlp(config, { seed });
  const x = randomArray(batch * config.inputs, seed + 1, -2, 2);
  const dy = randomArray(batch * config.outputs, seed + 2);
  const params = net.params.toArray() as Float32Array;
  const ref = referenceMlp(net.spec, params, x, batch, dy);
  const y = net.forward(tensor(x, [batch, config.inputs]));
  assert.ok(maxRelError(y.toArray(), ref.y) < 1e-4, `forward ${JSON.stringify(config)} rel err ${maxRelError(y.toArray(), ref.y)}`);
  const dx = net.backward(tensor(dy, [batch, config.outputs]))!;
  const eg = maxRelError(net.grad.toArray(), ref.grad), ex = maxRelError(dx.toArray(), ref.dx);
  assert.ok(eg < 1e-4, `param grad ${JSON.stringify(config)} rel err ${eg}`);
  assert.ok(ex < 1e-4, `input grad ${JSON.stringify(config)} rel err ${ex}`);
}

test('forward and backward match the float64 reference for every activation at odd sizes', () => {
  let seed = 10;
  for (const activation of ACTS)
    for (const outputActivation of ['identity', activation] as Activation[])
      check({ inputs: 3, hidden: [7, 5], outputs: 2, activation, outputActivation, leakySlope: 0.07 }, 13, seed++);
});

test('matches the reference at the shapes the experiments use (narrow inputs, wide hidden, odd batches)', () => {
  check({ inputs: 1, hidden: [17], outputs: 1, activation: 'leaky_relu' }, 33, 1);
  check({ inputs: 2, hidden: [100, 100], outputs: 64, activation: 'relu' }, 37, 2);
  check({ inputs: 20, hidden: [33], outputs: 19, activation: 'softplus' }, 1025, 3);
  check({ inputs: 11, hidden: [], outputs: 9, activation: 'tanh', outputActivation: 'sigmoid' }, 1, 4);
});

test('gradient matches central finite differences of the loss sum(dy * y)', () => {
  const config: MlpConfig = { inputs: 4, hidden: [6], outputs: 3, activation: 'tanh', outputActivation: 'softplus' };
  const batch = 5;
  const net = new Mlp(config, { seed: 7 });
  const x = tensor(randomArray(batch * 4, 8), [batch, 4]);
  const dyArr = randomArray(batch * 3, 9);
  net.forward(x);
  net.backward(tensor(dyArr, [batch, 3]));
  const grad = net.grad.toArray();
  const p0 = net.params.toArray() as Float32Array;
  const loss = (p: Float32Array) => {
    const probe = new Mlp(config, { params: p });
    const y = probe.forward(x).toArray();
    let s = 0;
    for (let i = 0; i < y.length; ++i) s += dyArr[i] * y[i];
    return s;
  };
  const h = 1e-2;
  for (const i of [0, 5, 13, 24, p0.length - 1]) {
    const plus = Float32Array.from(p0), minus = Float32Array.from(p0);
    plus[i] += h;
    minus[i] -= h;
    const fd = (loss(plus) - loss(minus)) / (2 * h);
    // O(h^2) truncation plus float32 rounding of the loss: 2e-3 absolute is well above both here
    assert.ok(Math.abs(fd - grad[i]) < 2e-3 + 1e-2 * Math.abs(fd), `param ${i}: fd ${fd} vs analytic ${grad[i]}`);
  }
});

test('accumulate adds gradients of a second backward pass', () => {
  const config: MlpConfig = { inputs: 3, hidden: [5], outputs: 2 };
  const net = new Mlp(config, { seed: 3 });
  const x = tensor(randomArray(9 * 3, 4), [9, 3]);
  const dy = randomArray(9 * 2, 5);
  net.forward(x);
  net.backward(tensor(dy, [9, 2]));
  const once = net.grad.toArray();
  net.forward(x);
  net.backward(tensor(dy, [9, 2]), { accumulate: true });
  const twice = net.grad.toArray();
  assert.ok(maxRelError(twice, once.map((g) => 2 * g)) < 1e-5);
});

test('named parameters are views of the flat vector with [in, out] weights', () => {
  const net = new Mlp({ inputs: 3, hidden: [4], outputs: 2 }, { seed: 1 });
  const named = net.namedParameters();
  assert.equal(Object.keys(named), ['layers.0.weight', 'layers.0.bias', 'layers.1.weight', 'layers.1.bias']);
  assert.equal(named['layers.0.weight'].shape, [3, 4]);
  assert.equal(named['layers.1.bias'].shape, [2]);
  const flat = net.params.toArray();
  assert.equal(Array.from(named['layers.1.weight'].toArray()), Array.from(flat.slice(16, 24)));
});

test('initialisation is repeatable from the seed and scaled by fan-in/fan-out', () => {
  const a = new Mlp({ inputs: 50, hidden: [80], outputs: 3, activation: 'tanh' }, { seed: 5 }).params.toArray();
  const b = new Mlp({ inputs: 50, hidden: [80], outputs: 3, activation: 'tanh' }, { seed: 5 }).params.toArray();
  const c = new Mlp({ inputs: 50, hidden: [80], outputs: 3, activation: 'tanh' }, { seed: 6 }).params.toArray();
  assert.equal(Array.from(a), Array.from(b));
  assert.not.equal(Array.from(a), Array.from(c));
  const bound = Math.sqrt(6 / 130);
  const w0 = a.slice(0, 4000);
  assert.ok(w0.every((w) => Math.abs(w) <= bound));
  let meanSq = 0;
  for (const w of w0) meanSq += (w * w) / w0.length;
  assert.ok(Math.abs(meanSq - bound * bound / 3) < 0.1 * bound * bound / 3, `glorot variance ${meanSq}`);
});

test('inputInitScale multiplies the first layer\'s initial weights and nothing else', () => {
  for (const activation of ['leaky_relu', 'tanh'] as const) {
    const cfg = { inputs: 3, hidden: [17, 9], outputs: 5, activation };
    const base = new Mlp(cfg, { seed: 11 }).namedParameters(), scaled = new Mlp({ ...cfg, inputInitScale: 0.125 }, { seed: 11 }).namedParameters();
    const w = base['layers.0.weight'].toArray(), ws = scaled['layers.0.weight'].toArray();
    for (let i = 0; i < w.length; ++i) assert.ok(Math.abs(ws[i] - 0.125 * w[i]) <= 1e-7 * Math.abs(w[i]), `${activation} weight ${i}: ${ws[i]} vs ${w[i]} / 8`);
    for (const name of ['layers.0.bias', 'layers.1.weight', 'layers.1.bias', 'layers.2.weight', 'layers.2.bias'])
      assert.equal(Array.from(scaled[name].toArray()), Array.from(base[name].toArray()), `${activation} ${name}`);
  }
  for (const bad of [0, -1, Number.NaN, Infinity]) assert.throws(() => new Mlp({ inputs: 2, hidden: [3], outputs: 1, inputInitScale: bad }), /config\.inputInitScale/);
});

test('bad configs and inputs throw errors naming the argument', () => {
  assert.throws(() => new Mlp({ inputs: 0, hidden: [3], outputs: 1 }), /config\.inputs/);
  assert.throws(() => new Mlp({ inputs: 2, hidden: [3.5], outputs: 1 }), /config\.hidden\[0\]/);
  assert.throws(() => new Mlp({ inputs: 2, hidden: [3], outputs: 1, activation: 'gelu' as Activation }), /config\.activation/);
  const net = new Mlp({ inputs: 2, hidden: [3], outputs: 1 });
  assert.throws(() => net.forward(tensor(randomArray(6, 1), [2, 3])), /x: expected shape \[\*, 2\]/);
  assert.throws(() => net.backward(tensor([1], [1, 1])), /forward\(\) first/);
  net.forward(tensor(randomArray(4, 1), [2, 2]));
  assert.throws(() => net.backward(tensor([1, 2, 3], [3, 1])), /dy: expected shape \[2, 1\]/);
});

test.run();
