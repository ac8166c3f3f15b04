import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ConvNet, dcganGenerator, GeneratorRcc, ImageSource, Nerd, Rng, tensor } from '../lib/index.js';
import { mulberry32 } from './reference/prng.js';

const close = (a: ArrayLike<number>, b: ArrayLike<number>, tol: number, what: string) => {
  assert.is(a.length, b.length, what);
  for (let i = 0; i < a.length; ++i) if (!(Math.abs(a[i] - b[i]) <= tol * (1 + Math.abs(b[i])))) assert.unreachable(`${what}[${i}]: ${a[i]} vs ${b[i]}`);
};

test('dcganGenerator crop: the centre of the 32 x 32 output, forward and parameter gradients', () => {
  const latent = 7, c = 3, B = 5, crop = 2, side = 32 - 2 * crop;
  const full = new ConvNet(dcganGenerator({ latent, capacity: c }), { seed: 11 });
  const cropped = new ConvNet(dcganGenerator({ latent, capacity: c, crop }), { params: full.params.toArray() as Float32Array });
  assert.equal(cropped.outputShape, [side, side, 1]);
  const r = mulberry32(5), z = tensor(Float32Array.from({ length: B * latent }, () => 2 * r() - 1), [B, latent]);
  const yf = full.forward(z).toArray(), yc = cropped.forward(z).toArray();
  const centre = (img: ArrayLike<number>, b: number, i: number, j: number) => img[(b * 32 + i + crop) * 32 + j + crop];
  const want = Float32Array.from({ length: B * side * side }, (_, k) => centre(yf, Math.floor(k / (side * side)), Math.floor(k / side) % side, k % side));
  close(yc, want, 1e-6, 'cropped output');
  // the cropped net's gradient is the full net's with dy zero on the border
  const dyc = Float32Array.from({ length: B * side * side }, () => 2 * r() - 1), dyf = new Float32Array(B * 32 * 32);
  dyc.forEach((v, k) => (dyf[(Math.floor(k / (side * side)) * 32 + Math.floor(k / side) % side + crop) * 32 + (k % side) + crop] = v));
  cropped.backward(tensor(dyc, [B, side, side, 1]), { inputGrad: false });
  full.backward(tensor(dyf, [B, 32, 32, 1]), { inputGrad: false });
  close(cropped.grad.toArray(), full.grad.toArray() as Float32Array, 1e-4, 'parameter gradient');
  assert.throws(() => dcganGenerator({ crop: 16 }), /options.crop/);
});

test('Nerd with a ConvNet of linear layers trains exactly as with the same MLP', () => {
  const dim = 6, r = mulberry32(9), x = tensor(Float32Array.from({ length: 40 * dim }, () => r()), [40, dim]);
  const mlp = new Nerd({ dim, latent: 3, hidden: [9], outputActivation: 'sigmoid', samples: 33, target: { distortion: 0.3 } }, { seed: 4, lr: 1e-2 });
  const convNet = { input: [3], layers: [{ type: 'linear' as const, outputs: 9, activation: 'relu' as const }, { type: 'linear' as const, outputs: dim, activation: 'sigmoid' as const }] };
  const conv = new Nerd({ dim, convNet, samples: 33, target: { distortion: 0.3 } }, { params: mlp.generator.params.toArray() as Float32Array, lr: 1e-2 });
  assert.ok(conv.generator instanceof ConvNet);
  assert.is(conv.latent, 3);
  const ra = new Rng(1), rb = new Rng(1);
  for (let i = 0; i < 20; ++i) {
    mlp.step(x, ra);
    conv.step(x, rb);
  }
  close(conv.generator.params.toArray(), mlp.generator.params.toArray() as Float32Array, 1e-5, 'params after 20 steps');
  const a = mlp.metrics(), b = conv.metrics();
  close([b.rate_bits, b.distortion, b.beta], [a.rate_bits, a.distortion, a.beta], 1e-4, 'metrics');
});

test('Nerd with an image generator: at β near 0 Q_Y learns the mean image (D = D_max); a steeper β buys rate', () => {
  // 8 x 8 images: a bright 3 x 3 square at a random place, plus noise
  const r = mulberry32(3), n = 200, px = new Float32Array(n * 64);
  for (let i = 0; i < n; ++i) {
    const y0 = Math.floor(6 * r()), x0 = Math.floor(6 * r());
    for (let p = 0; p < 64; ++p) px[i * 64 + p] = 0.1 * r() + (Math.abs(Math.floor(p / 8) - y0 - 1) <= 1 && Math.abs((p % 8) - x0 - 1) <= 1 ? 0.85 : 0);
  }
  const images = new ImageSource('squares', px, 8, 8);
  const convNet = {
    input: [8],
    layers: [
      { type: 'linear' as const, outputs: 2 * 2 * 16, activation: 'relu' as const },
      { type: 'reshape' as const, shape: [2, 2, 16] },
      { type: 'convTranspose' as const, channels: 8, kernel: 4, stride: 2, padding: 1, activation: 'relu' as const },
      { type: 'convTranspose' as const, channels: 1, kernel: 4, stride: 2, padding: 1, activation: 'sigmoid' as const },
    ],
  };
  const run = (beta: number) => {
    const model = new Nerd({ dim: 64, convNet, samples: 128, target: { beta } }, { seed: 2, lr: 1e-2 });
    const data = new Rng(5), noise = new Rng(6);
    for (let i = 0; i < 400; ++i) model.step(images.sample(64, data).x, noise, i < 320 ? 1e-2 : 1e-3);
    const held = new Rng(7);
    return model.evaluate(Array.from({ length: 8 }, () => images.sample(128, held).x), new Rng(8), 512);
  };
  const zero = run(-1e-3);
  assert.ok(zero.rate_bits < 0.01, `zero-rate point: rate ${zero.rate_bits}`);
  assert.ok(Math.abs(zero.distortion / images.variance - 1) < 0.03, `zero-rate D ${zero.distortion}, D_max ${images.variance}`);
  const steep = run(-2);
  assert.ok(steep.rate_bits > 0.5 && steep.distortion < 0.8 * images.variance, JSON.stringify(steep));
});

test('a ConvNet generator: config errors name the field; GeneratorRcc takes it (m = its 784 output values)', () => {
  const convNet = dcganGenerator({ latent: 4, capacity: 1, crop: 2 });
  const base = { dim: 784, samples: 8, target: { beta: -1 } };
  assert.throws(() => new Nerd({ ...base, convNet, hidden: [8] }), (e: Error) => e instanceof TypeError && /^config.hidden: .*config.convNet/.test(e.message));
  assert.throws(() => new Nerd({ ...base, convNet, latent: 4 }), /^config.latent/);
  assert.throws(() => new Nerd({ ...base, dim: 1024, convNet }), /^config.convNet: its output \[28, 28, 1\] holds 784 values, config.dim is 1024/);
  assert.throws(() => new Nerd({ ...base, convNet: { input: [2, 2, 1], layers: [{ type: 'reshape', shape: [4] }, { type: 'linear', outputs: 784 }] } }), /^config.convNet.input: .*\[latent\]/);
  assert.throws(() => new Nerd({ ...base, convNet: { ...convNet, layers: [{ type: 'linear', outputs: 0 }] } }), /^config.convNet.layers\[0\].outputs/);
  const model = new Nerd({ ...base, convNet });
  assert.is(model.sampleQY(new Rng(1)).shape.join(), '8,784');
  const rcc = GeneratorRcc.fromNerd(model, { beta: -1, rate_bits: 1 }, { method: 'pfr', candidates: 16, seed: 1 });
  assert.equal([rcc.latent, rcc.outputs], [4, 784]);
});

test.run();
