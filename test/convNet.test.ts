import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Adam, ConvNet, dcganGenerator, empty, item, mseLoss, scope, tensor, type ConvNetConfig } from '../lib/index.js';
import { referenceConv, type RefConv } from './reference/conv.js';
import { referenceMlp } from './reference/mlp.js';
import { maxRelError, randomArray } from './reference/prng.js';

/** image -> conv -> transposed conv -> vector -> linear, odd sizes */
const config: ConvNetConfig = {
  input: [7, 6, 3],
  layers: [
    { type: 'conv', channels: 5, kernel: 3, stride: 2, padding: 1, activation: 'leaky_relu' },
    { type: 'convTranspose', channels: 4, kernel: [4, 3], stride: [2, 1], padding: [1, 1], outputPadding: [1, 0], activation: 'tanh' },
    { type: 'reshape', shape: [9 * 3 * 4] },
    { type: 'linear', outputs: 6, activation: 'sigmoid' },
  ],
  leakySlope: 0.05,
};

/** The network composed of the float64 references: output, parameter gradients (flat layout) and input gradient of sum(dy * y). */
function referenceNet(params: Float32Array, x: Float32Array, batch: number, dy: Float32Array) {
  const c1: RefConv = { batch, h: 7, w: 6, cin: 3, kh: 3, kw: 3, cout: 5, stride: [2, 2], padding: [1, 1], activation: 'leaky_relu', leakySlope: 0.05, transposed: false };
  const c2: RefConv = { batch, h: 4, w: 3, cin: 5, kh: 4, kw: 3, cout: 4, stride: [2, 1], padding: [1, 1], outputPadding: [1, 0], activation: 'tanh', transposed: true };
  const n1 = 3 * 3 * 3 * 5, n2 = 4 * 3 * 4 * 5, nl = 108 * 6;
  const o1 = 0, o2 = n1 + 5, o3 = o2 + n2 + 4;
  const w1 = params.subarray(o1, o1 + n1), b1 = params.subarray(o1 + n1, o2);
  const w2 = params.subarray(o2, o2 + n2), b2 = params.subarray(o2 + n2, o3);
  const lin = params.subarray(o3, o3 + nl + 6);
  const zeros = (n: number) => new Float64Array(n);
  const h1 = referenceConv(c1, x, w1, b1, zeros(batch * 4 * 3 * 5)).y;
  const h2 = referenceConv(c2, h1, w2, b2, zeros(batch * 9 * 3 * 4)).y;
  const top = referenceMlp({ sizes: [108, 6], acts: ['sigmoid'] }, lin, h2, batch, dy);
  const g2 = referenceConv(c2, h1, w2, b2, top.dx);
  const g1 = referenceConv(c1, x, w1, b1, g2.dx);
  const grad = Float64Array.from([...g1.dw, ...g1.db, ...g2.dw, ...g2.db, ...top.grad]);
  return { y: top.y, grad, dx: g1.dx };
}

test('forward and backward equal the composition of the float64 references', () => {
  const net = new ConvNet(config, { seed: 3 });
  assert.equal(net.outputShape, [6]);
  assert.is(net.params.size, 3 * 3 * 3 * 5 + 5 + 4 * 3 * 4 * 5 + 4 + 108 * 6 + 6);
  const batch = 5;
  const x = randomArray(batch * 7 * 6 * 3, 4, -2, 2), dy = randomArray(batch * 6, 5);
  const ref = referenceNet(net.params.toArray() as Float32Array, x, batch, dy);
  const y = net.forward(tensor(x, [batch, 7, 6, 3]));
  assert.equal(y.shape, [batch, 6]);
  assert.ok(maxRelError(y.toArray(), ref.y) < 1e-5, `y: ${maxRelError(y.toArray(), ref.y)}`);
  const dx = net.backward(tensor(dy, [batch, 6]))!;
  assert.equal(dx.shape, [batch, 7, 6, 3]);
  assert.ok(maxRelError(net.grad.toArray(), ref.grad) < 1e-5, `grad: ${maxRelError(net.grad.toArray(), ref.grad)}`);
  assert.ok(maxRelError(dx.toArray(), ref.dx) < 1e-5, `dx: ${maxRelError(dx.toArray(), ref.dx)}`);
  // accumulate: a second pass adds the same gradient; no input gradient asked for
  net.forward(tensor(x, [batch, 7, 6, 3]));
  assert.is(net.backward(tensor(dy, [batch, 6]), { accumulate: true, inputGrad: false }), null);
  assert.ok(maxRelError(net.grad.toArray(), ref.grad.map((v) => 2 * v)) < 1e-5);
});

test('the async forms give the same results', async () => {
  const net = new ConvNet(config, { seed: 3 });
  const x = tensor(randomArray(2 * 7 * 6 * 3, 6), [2, 7, 6, 3]), dy = randomArray(2 * 6, 7);
  const y = net.forward(x).toArray(), dx = net.backward(tensor(dy, [2, 6]))!.toArray(), grad = net.grad.toArray();
  assert.equal((await net.forwardAsync(x)).toArray(), y);
  assert.equal((await net.backwardAsync(tensor(dy, [2, 6])))!.toArray(), dx);
  assert.equal(net.grad.toArray(), grad);
});

test('a DCGAN-like generator (linear, reshape, transposed convolutions) fits a batch of images with Adam', () => {
  const gen = new ConvNet({
    input: [8],
    layers: [
      { type: 'linear', outputs: 2 * 2 * 16, activation: 'relu' },
      { type: 'reshape', shape: [2, 2, 16] },
      { type: 'convTranspose', channels: 8, kernel: 4, stride: 2, padding: 1, activation: 'relu' },
      { type: 'convTranspose', channels: 1, kernel: 4, stride: 2, padding: 1, activation: 'sigmoid' },
    ],
  }, { seed: 11 });
  assert.equal(gen.outputShape, [8, 8, 1]);
  const batch = 16;
  const z = tensor(randomArray(batch * 8, 12), [batch, 8]), target = tensor(randomArray(batch * 64, 13, 0, 1), [batch, 8, 8, 1]);
  const adam = new Adam(gen.params, { lr: 1e-2 });
  const grad = empty([batch, 8, 8, 1]), loss = empty([1]);
  const losses: number[] = [];
  for (let step = 0; step < 60; ++step) {
    losses.push(item(mseLoss(gen.forward(z), target, grad, loss)));
    gen.backward(grad, { inputGrad: false });
    adam.step(gen.grad);
  }
  assert.ok(losses[59] < 0.6 * losses[0], `loss ${losses[0]} -> ${losses[59]}`);
});

test('the config is checked, each error naming its field', () => {
  const bad = (c: unknown, re: RegExp) => assert.throws(() => new ConvNet(c as ConvNetConfig), re);
  bad(null, /config: expected an object/);
  bad({ input: [4, 4], layers: [] }, /config\.input: expected \[features\] or \[height, width, channels\]/);
  bad({ input: [4, 4, 0], layers: [] }, /config\.input\[2\]/);
  bad({ input: [4], layers: [] }, /config\.layers: expected a non-empty array/);
  bad({ input: [4], layers: [{ type: 'pool' }] }, /config\.layers\[0\]\.type/);
  bad({ input: [4], layers: [{ type: 'conv', channels: 2, kernel: 3 }] }, /config\.layers\[0\]: a conv layer takes images; its input is \[4\]/);
  bad({ input: [4, 4, 1], layers: [{ type: 'linear', outputs: 2 }] }, /config\.layers\[0\]: a linear layer takes vectors/);
  bad({ input: [4, 4, 1], layers: [{ type: 'conv', channels: 0, kernel: 3 }] }, /config\.layers\[0\]\.channels/);
  bad({ input: [4, 4, 1], layers: [{ type: 'conv', channels: 2, kernel: [3] }] }, /config\.layers\[0\]\.kernel/);
  bad({ input: [4, 4, 1], layers: [{ type: 'conv', channels: 2, kernel: 3, stride: 0 }] }, /config\.layers\[0\]\.stride/);
  bad({ input: [4, 4, 1], layers: [{ type: 'conv', channels: 2, kernel: 3, outputPadding: 1 }] }, /config\.layers\[0\]\.outputPadding: applies to convTranspose2d only/);
  bad({ input: [4, 4, 1], layers: [{ type: 'convTranspose', channels: 2, kernel: 3, stride: 2, outputPadding: 2 }] }, /config\.layers\[0\]\.outputPadding: expected values below the stride/);
  bad({ input: [4, 4, 1], layers: [{ type: 'conv', channels: 2, kernel: 9 }] }, /config\.layers\[0\]: its input \[4, 4, 1\]: an input of 4 x 4 with a 9 x 9 kernel/);
  bad({ input: [4, 4, 1], layers: [{ type: 'conv', channels: 2, kernel: 3, activation: 'gelu' }] }, /config\.layers\[0\]\.activation/);
  bad({ input: [4, 4, 1], layers: [{ type: 'reshape', shape: [15] }] }, /config\.layers\[0\]\.shape: \[15\] does not hold the 16 values of \[4, 4, 1\]/);
  bad({ input: [256, 256, 2], layers: [{ type: 'reshape', shape: [131072] }, { type: 'linear', outputs: 2 }] }, /config\.layers\[1\]: a linear layer takes at most 65536 inputs, got 131072/);
  // the input gradient is null when not asked for, whichever layer comes first
  const first = new ConvNet({ input: [16], layers: [{ type: 'reshape', shape: [4, 4, 1] }, { type: 'conv', channels: 2, kernel: 3 }] });
  first.forward(tensor(randomArray(32, 2), [2, 16]));
  assert.is(first.backward(tensor(randomArray(16, 3), [2, 2, 2, 2]), { inputGrad: false }), null);
  const net = new ConvNet({ input: [4, 4, 1], layers: [{ type: 'conv', channels: 2, kernel: 3 }] });
  assert.throws(() => net.forward(tensor(randomArray(16, 1), [1, 4, 4])), /x: expected shape \[batch, 4, 4, 1\], got \[1, 4, 4\]/);
  assert.throws(() => net.backward(tensor(randomArray(8, 1), [1, 2, 2, 2])), /backward: call forward\(\) first/);
  net.forward(tensor(randomArray(16, 1), [1, 4, 4, 1]));
  assert.throws(() => net.backward(tensor(randomArray(8, 1), [2, 2, 2, 1])), /dy: expected shape \[1, 2, 2, 2\]/);
  assert.throws(() => new ConvNet({ input: [4], layers: [{ type: 'linear', outputs: 2 }] }, { params: new Float32Array(3) }), /options\.params: expected 10 parameters/);
});

test('forward and backward may run in different scopes (a reshape\'s view is not carried between them)', () => {
  const cfg: ConvNetConfig = { input: [16], layers: [{ type: 'reshape', shape: [4, 4, 1] }, { type: 'conv', channels: 2, kernel: 3, activation: 'tanh' }, { type: 'reshape', shape: [8] }, { type: 'linear', outputs: 3 }] };
  const x = tensor(randomArray(32, 8), [2, 16]), dy = randomArray(6, 9);
  const one = new ConvNet(cfg, { seed: 2 });
  const y1 = one.forward(x).toArray(), dx1 = one.backward(tensor(dy, [2, 3]))!.toArray();
  const two = new ConvNet(cfg, { seed: 2 });
  const y2 = scope(() => two.forward(x).toArray());
  const dx2 = scope(() => two.backward(tensor(dy, [2, 3]))!.toArray());
  assert.equal(y2, y1);
  assert.equal(dx2, dx1);
  assert.equal(two.grad.toArray(), one.grad.toArray());
});

test('namedParameters are views of the flat parameters in the documented layout; flopsPerSample counts multiply-adds twice', () => {
  const net = new ConvNet(config, { seed: 3 });
  const named = net.namedParameters();
  assert.equal(Object.keys(named), ['layers.0.weight', 'layers.0.bias', 'layers.1.weight', 'layers.1.bias', 'layers.3.weight', 'layers.3.bias']);
  assert.equal(named['layers.0.weight'].shape, [3, 3, 3, 5]);
  assert.equal(named['layers.1.weight'].shape, [4, 3, 4, 5]);
  assert.equal(named['layers.3.weight'].shape, [108, 6]);
  assert.equal(Array.from(named['layers.1.weight'].toArray()), Array.from(net.params.toArray().subarray(140, 140 + 240)));
  // conv: 4 x 3 outputs x 135 weights; transposed: 4 x 3 inputs x 240 weights; linear 648
  assert.is(net.flopsPerSample(), 2 * (12 * 135 + 12 * 240 + 648));
});

test('dcganGenerator is Appendix C.A: 128 -> 8c x 2 x 2 -> four doubling transposed convolutions -> 32 x 32 in (0, 1)', () => {
  const gen = new ConvNet(dcganGenerator({ capacity: 4 }), { seed: 5 });
  assert.equal(gen.inputShape, [128]);
  assert.equal(gen.outputShape, [32, 32, 1]);
  const shapes = Object.fromEntries(Object.entries(gen.namedParameters()).map(([k, v]) => [k, v.shape]));
  assert.equal(shapes, {
    'layers.0.weight': [128, 128], 'layers.0.bias': [128],
    'layers.2.weight': [4, 4, 16, 32], 'layers.2.bias': [16],
    'layers.3.weight': [4, 4, 8, 16], 'layers.3.bias': [8],
    'layers.4.weight': [4, 4, 4, 8], 'layers.4.bias': [4],
    'layers.5.weight': [4, 4, 1, 4], 'layers.5.bias': [1],
  });
  const y = gen.forward(tensor(randomArray(3 * 128, 6, -2, 2), [3, 128]));
  assert.equal(y.shape, [3, 32, 32, 1]);
  assert.ok(Array.from(y.toArray()).every((v) => v > 0 && v < 1));
  assert.equal(new ConvNet(dcganGenerator({ latent: 10, capacity: 2, channels: 3 })).outputShape, [32, 32, 3]);
  assert.throws(() => dcganGenerator({ capacity: 0 }), /options\.capacity/);
});

test.run();
