import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Ntc, Rng, tensor, xEqualsYPlusNoise } from '../lib/index.js';

const cfg = { inputs: 1, latents: 1, lambda: 30, reduction: 'sum' as const, analysis: { hidden: [16] }, synthesis: { hidden: [16] }, sideInputs: 1 };

test('NTC with side information uses y: it beats R(D) without side information after a short run', () => {
  const src = xEqualsYPlusNoise();
  const model = new Ntc(cfg, { seed: 3, lr: 3e-3 });
  const data = new Rng(4, 1), noise = new Rng(4, 2);
  for (let i = 0; i < 600; ++i) {
    const { x, y } = src.sample(256, data);
    model.step(x, noise, undefined, y);
  }
  const { x, y } = src.sample(5000, new Rng(4, 3));
  const e = model.evaluate(x, y);
  // without side information the best code at this rate has D = σ²_X 2^(-2R), σ²_X = 1.1
  assert.ok(e.distortion < 1.1 * 2 ** (-2 * e.rate_bits), `${JSON.stringify(e)}`);
  // decoding is g(round(f(x)), y): the same with the decoded latents
  const stream = model.compress(x);
  assert.equal(Array.from(model.decompress(stream, 'cpu', y).toArray()), Array.from(model.reconstruct(model.latents(x), y).toArray()));
});

test('with side information, fitOffsets and refitDecoder never raise what they minimise on their pairs, and the codec decodes with y', () => {
  const src = xEqualsYPlusNoise();
  const model = new Ntc({ ...cfg, lambda: 60, distortionProxy: 'noise' }, { seed: 7, lr: 3e-3 });
  const data = new Rng(8, 1), noise = new Rng(8, 2);
  for (let i = 0; i < 400; ++i) {
    const { x, y } = src.sample(256, data);
    model.step(x, noise, undefined, y);
  }
  const { x, y } = src.sample(4001, new Rng(8, 3));
  const xs = x.toArray();
  const mse = () => {
    const xh = model.reconstruct(model.latents(x), y).toArray();
    let se = 0;
    for (let i = 0; i < xs.length; ++i) se += (xs[i] - xh[i]) ** 2;
    return se / xs.length;
  };
  const lagrangian = () => (model.entropyModel.prior.forward(model.latents(x)).bits.toArray() as Float32Array).reduce((a, b) => a + b, 0) / 4001 + 60 * mse();
  const before = lagrangian();
  model.fitOffsets(x, y);
  const fitted = lagrangian();
  assert.ok(fitted <= before + 1e-4, `offsets: ${fitted} vs ${before}`);
  const unrefit = mse();
  model.refitDecoder(x, y);
  assert.ok(mse() <= unrefit * (1 + 1e-5), `refit: ${mse()} vs ${unrefit}`);
  assert.equal(Array.from(model.decompress(model.compress(x), 'cpu', y).toArray()), Array.from(model.reconstruct(model.latents(x), y).toArray()));
  assert.throws(() => model.refitDecoder(x, tensor([1, 2], [2, 1])), /side: expected side information of shape \[4001, 1\]/);
});

test('NTC side information is checked by name', () => {
  const model = new Ntc(cfg);
  const x = tensor([0.5, -1], [2, 1]);
  assert.throws(() => model.step(x, new Rng(1)), /side: expected side information of shape \[2, 1\], got none/);
  assert.throws(() => model.reconstruct(x, tensor([1, 2, 3, 4], [2, 2])), /side: expected/);
  assert.throws(() => new Ntc({ ...cfg, sideInputs: 0 }).reconstruct(x, x), /side: this model takes no side information/);
  assert.throws(() => new Ntc({ ...cfg, sideInputs: -1 }), /config\.sideInputs/);
});

test.run();
