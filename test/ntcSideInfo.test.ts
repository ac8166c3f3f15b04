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

test('NTC side information is checked by name', () => {
  const model = new Ntc(cfg);
  const x = tensor([0.5, -1], [2, 1]);
  assert.throws(() => model.step(x, new Rng(1)), /side: expected side information of shape \[2, 1\], got none/);
  assert.throws(() => model.reconstruct(x, tensor([1, 2, 3, 4], [2, 2])), /side: expected/);
  assert.throws(() => new Ntc({ ...cfg, sideInputs: 0 }).reconstruct(x, x), /side: this model takes no side information/);
  assert.throws(() => new Ntc({ ...cfg, sideInputs: -1 }), /config\.sideInputs/);
});

test.run();
