import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { encodeSafetensors } from '../lib/coding/safetensors.js';
import { readNpy, writeNpy } from '../lib/coding/npy.js';
import { compressFile, ConvNet, convNtcTransforms, decompressFile, FASHION_MNIST, idxImages, ImageSource, loadNtcModel, Ntc, Rng, tensor, trainNtcCompressor, type NtcConfig } from '../lib/index.js';

// 12 × 8 images (not square: a swapped height and width would show), 5 filters, 3 latent channels at 3 × 2
const H = 12, W = 8, shape = { height: H, width: W, filters: 5, latentChannels: 3 };
const transforms = convNtcTransforms(shape);
const config = (lambda: number): NtcConfig => ({ ...transforms, inputs: H * W, lambda, reduction: 'sum', distortionProxy: 'noise' });

/** 53 random images in [0, 1] with some structure (a per-image brightness times a smooth ramp, plus noise). */
function images(seed: number, n = 53): ImageSource {
  const u = new Rng(seed).fill(tensor(new Float32Array(n * (H * W + 1)), [n * (H * W + 1)]), 'uniform').toArray();
  const px = new Float32Array(n * H * W);
  for (let i = 0; i < n; ++i)
    for (let r = 0; r < H; ++r)
      for (let c = 0; c < W; ++c) px[(i * H + r) * W + c] = 0.6 * u[i * (H * W + 1)] * ((r + c) / (H + W)) + 0.4 * u[i * (H * W + 1) + 1 + r * W + c];
  return new ImageSource('random', px, H, W);
}

test('convNtcTransforms: shapes of the one-shot compressor; the latent is the (h/4) × (w/4) × l grid', () => {
  assert.is(transforms.latents, 3 * 2 * 3);
  const model = new Ntc(config(50), { seed: 1 });
  const x = images(2).rows(0, 7);
  assert.equal(model.analysis.forward(x).shape, [7, 18]);
  assert.equal(model.reconstruct(model.latents(x)).shape, [7, H * W]);
  assert.is(convNtcTransforms({ height: 28, width: 28 }).latents, 7 * 7 * 8);
  assert.throws(() => convNtcTransforms({ height: 30, width: 28 }), /shape: height and width must be multiples of 4.*30 × 28/);
  assert.throws(() => convNtcTransforms({ height: 28, width: 28, filters: 0 }), /shape\.filters/);
});

/**
 * The training loss R + λD of one step at fixed noise, at the model's current parameters: at
 * lr 1e-30 Adam's update (at most lr per parameter) is below float32's resolution of them.
 */
function lossAt(model: Ntc, x: ReturnType<ImageSource['rows']>): number {
  model.step(x, new Rng(77, 3), 1e-30);
  return model.metrics().loss;
}

test('a ConvNet NTC step: the analysis and synthesis gradients match central differences of R + λD along a random direction', () => {
  const model = new Ntc(config(30), { seed: 3 });
  const x = images(4).rows(0, 9);
  for (const part of [model.analysis, model.synthesis]) {
    lossAt(model, x); // the gradient at θ
    const theta = Float32Array.from(part.params.toArray()), g = Float32Array.from(part.grad.toArray());
    const dir = new Rng(5).fill(tensor(new Float32Array(theta.length), [theta.length]), 'normal').toArray();
    let analytic = 0;
    for (let i = 0; i < theta.length; ++i) analytic += g[i] * dir[i];
    // the loss is a float32 sum over the batch (about 3e-3 of rounding noise): a smaller step drowns in it, a larger one in curvature
    const eps = 1e-2;
    const at = (s: number) => {
      part.params.copyFrom(tensor(theta.map((t, i) => t + s * eps * dir[i]), [theta.length]));
      return lossAt(model, x);
    };
    const numeric = (at(1) - at(-1)) / (2 * eps);
    part.params.copyFrom(tensor(theta, [theta.length]));
    assert.ok(Math.abs(numeric - analytic) <= 0.01 * Math.abs(analytic), `${part === model.analysis ? 'analysis' : 'synthesis'}: numeric ${numeric} vs analytic ${analytic}`);
  }
});

test('a ConvNet with a leading reshape: backward without the input gradient gives the same parameter gradients and null', () => {
  const net = new ConvNet(transforms.analysis.convNet, { seed: 9 });
  const x = images(6).rows(0, 5), dy = () => new Rng(8).fill(tensor(new Float32Array(5 * 18), [5, 18]), 'normal');
  net.forward(x);
  const dx = net.backward(dy());
  assert.equal(dx!.shape, [5, H * W]);
  const full = Array.from(net.grad.toArray());
  net.forward(x);
  assert.is(net.backward(dy(), { inputGrad: false }), null);
  assert.equal(Array.from(net.grad.toArray()), full);
});

test('the conv compressor: a few training steps, then compress → decompress gives g(ŷ) exactly; the model file reloads to the same codec and file codec', async () => {
  const model = new Ntc(config(40), { seed: 11, lr: 3e-3 });
  const src = images(12), data = new Rng(13), noise = new Rng(14);
  for (let i = 0; i < 20; ++i) model.step(src.sample(16, data).x, noise);
  const m = model.metrics();
  assert.ok(Number.isFinite(m.loss) && m.rate > 0 && m.distortion > 0);
  const x = images(15, 31).rows(0, 31);
  const stream = model.compress(x);
  const decoded = Array.from(model.decompress(stream).toArray());
  assert.equal(decoded, Array.from(model.reconstruct(model.latents(x)).toArray()));
  const e = model.evaluate(x);
  assert.is(e.rate_bits, (stream.bytes.length * 8) / 31);
  assert.ok(Number.isFinite(e.distortion) && e.distortion > 0);

  const { tensors, metadata } = model.modelTensors();
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'rdlab-convntc-')), 'model.safetensors');
  const host = Object.fromEntries(Object.entries(tensors).map(([k, v]) => [k, { shape: v.shape, data: v.toArray() as Float32Array }]));
  writeFileSync(file, encodeSafetensors({ tensors: host, metadata }));
  const loaded = loadNtcModel(file);
  assert.equal(loaded.config, model.config);
  assert.equal(Array.from(loaded.compress(x).bytes), Array.from(stream.bytes), 'the same bitstream');
  assert.equal(Array.from(loaded.decompress(stream).toArray()), decoded, 'the same reconstruction');
  assert.throws(() => model.refitDecoder(x), /refitDecoder: config\.synthesis is a ConvNet/);

  // the file codec (rdlab compress / decompress) with the conv model, in chunks that split the samples
  const npy = file.replace('model.safetensors', 'x.npy'), rdc = file.replace('model.safetensors', 'x.rdc'), back = file.replace('model.safetensors', 'back.npy');
  writeFileSync(npy, writeNpy({ data: x.toArray() as Float32Array, shape: [31, H * W] }));
  await compressFile(file, npy, rdc, { chunk: 10, onWarning: () => {} });
  await decompressFile(file, rdc, back);
  assert.equal(Array.from(readNpy(readFileSync(back)).data as Float32Array), decoded, 'the .rdc file decodes to the same reconstruction');
});

test('bad transform configs are named', () => {
  const cfg = config(10);
  const conv = transforms.analysis.convNet;
  const bad = (patch: Partial<NtcConfig>) => () => new Ntc({ ...cfg, ...patch } as NtcConfig);
  assert.throws(bad({ analysis: { ...transforms.analysis, hidden: [4] } as never }), /config\.analysis\.hidden: an MLP field beside config\.analysis\.convNet/);
  assert.throws(bad({ analysis: { convNet: { ...conv, input: [H, W, 1] } } }), /config\.analysis\.convNet\.input: expected \[96\]/);
  assert.throws(bad({ analysis: { convNet: { ...conv, layers: conv.layers.slice(0, 3) } } }), /config\.analysis\.convNet\.layers: the last layer gives \[3, 2, 3\], expected \[18\]/);
  assert.throws(bad({ synthesis: { convNet: { ...transforms.synthesis.convNet, layers: [{ type: 'reshape', shape: [3, 2, 3] }, { type: 'conv', channels: 0, kernel: 3 }] } } }),
    /config\.synthesis\.convNet\.layers\[1\]\.channels/);
  assert.throws(bad({ synthesis: { convNet: null as never } }), /config\.synthesis\.convNet/);
  assert.throws(bad({ analysis: {} as never }), /config\.analysis\.hidden: expected an array of widths \(or config\.analysis\.convNet/);
});

test('trainNtcCompressor: trains on an image array at each λ and measures held-out bitstreams; rate rises with λ', async () => {
  const train = images(21, 97), held = images(22, 40).rows(0, 40);
  const points = await trainNtcCompressor(train, held, { transforms, lambdas: [2, 200], steps: 300, batch: 16, lr: 1e-2, seed: 5 });
  assert.equal(points.map((p) => p.lambda), [2, 200]);
  for (const p of points) {
    assert.ok(Number.isFinite(p.rate_bits) && p.rate_bits > 0 && Number.isFinite(p.distortion), JSON.stringify(p));
    assert.is(p.rate_bits, (p.model.compress(held).bytes.length * 8) / 40);
  }
  assert.ok(points[1].rate_bits > points[0].rate_bits, `λ = 200: ${points[1].rate_bits} bits vs λ = 2: ${points[0].rate_bits}`);
  const refused = await trainNtcCompressor(train, held.view(0, [20, 192]), { transforms, lambdas: [1], steps: 1, batch: 4, lr: 1e-3, seed: 1 }).catch((e: Error) => e);
  assert.match(String(refused), /heldOut: expected shape \[n, 96\]/);
});

test('Fashion-MNIST: the 28 × 28 conv compressor trains a few steps on real images and its bitstream decodes to g(ŷ)', async () => {
  // Debian's dataset-fashion-mnist; a machine without it has nothing to check here
  if (!existsSync(FASHION_MNIST.train)) return console.log(`skipped: ${FASHION_MNIST.train} is not installed`);
  const train = idxImages(FASHION_MNIST.train, { limit: 300 }), held = idxImages(FASHION_MNIST.test, { limit: 24 }).rows(0, 24);
  const small = convNtcTransforms({ height: 28, width: 28, filters: 6, latentChannels: 2 });
  const [p] = await trainNtcCompressor(train, held, { transforms: small, lambdas: [1], steps: 8, batch: 8, lr: 1e-3, seed: 2 });
  assert.is(p.model.config.latents, 7 * 7 * 2);
  const stream = p.model.compress(held);
  assert.is(p.rate_bits, (stream.bytes.length * 8) / 24);
  assert.equal(Array.from(p.model.decompress(stream).toArray()), Array.from(p.model.reconstruct(p.model.latents(held)).toArray()));
  assert.ok(p.distortion > 0 && p.distortion < 784, `D ${p.distortion} per image over 784 pixels in [0, 1]`);
});

test.run();
