import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Ecvq, Rng, tensor, xEqualsYPlusNoise } from '../lib/index.js';

const src = xEqualsYPlusNoise();

function train(steps: number, lambda = 30) {
  const model = new Ecvq({ codewords: 8, hidden: [16, 16], lambda, sideSamples: 4 }, { seed: 2, lr: 5e-3 });
  const data = new Rng(7, 1), post = new Rng(7, 2);
  const anchors = src.sample(8, new Rng(7, 3)).x, anchorIndex = tensor(Int32Array.from([3, 0, 7, 1, 1, 5, 2, 6]));
  for (let i = 0; i < steps; ++i) {
    if (i < steps / 5) model.warmupStep(anchorIndex, anchors, src.posterior(anchors, 1, post)!.view(0, [8, 1]));
    else {
      const { x, y } = src.sample(128, data);
      model.step(x, y, src.posterior(x, 4, post)!);
    }
  }
  return model;
}

test('a short ECVQ run codes real bitstreams at the rate it estimates and decodes with the side information', () => {
  const model = train(300);
  const m = model.metrics();
  assert.ok(Number.isFinite(m.loss) && m.rate > 0 && m.rate <= 3 && m.distortion > 0);
  const held = new Rng(7, 9);
  const { x, y } = src.sample(4000, held);
  const ys = src.posterior(x, 4, held)!;
  const e = model.evaluate(x, y, ys);
  // better than sending nothing (σ²_X = 1.1), and the stream costs the estimate plus the rANS flush
  assert.ok(e.distortion < 0.5, `distortion ${e.distortion}`);
  assert.ok(Math.abs(e.rate_bits - e.rate_estimate_bits) < 64 / 4000 + 1e-3, `${e.rate_bits} vs ${e.rate_estimate_bits}`);
  // decompress(compress(x)) is g(u, y) with u the encoder's indices
  const stream = model.compress(x, ys);
  const u = tensor(Int32Array.from(model.encode(x, ys).toArray() as Int32Array), [4000]);
  assert.equal(Array.from(model.decompress(stream, y).toArray()), Array.from(model.decode(u, y).toArray()));
});

test('state() and load() restore ECVQ training exactly', () => {
  const cfg = { codewords: 5, hidden: [8], lambda: 10, sideSamples: 3 };
  const a = new Ecvq(cfg, { seed: 1 }), b = new Ecvq(cfg, { seed: 2 });
  const { x, y } = src.sample(64, new Rng(1));
  const ys = src.posterior(x, 3, new Rng(2))!;
  a.step(x, y, ys);
  b.load(a.state());
  a.step(x, y, ys);
  b.step(x, y, ys);
  assert.equal(Array.from(b.decoder.params.toArray()), Array.from(a.decoder.params.toArray()));
  assert.equal(Array.from(b.logits.toArray()), Array.from(a.logits.toArray()));
});

test('bad ECVQ configs and inputs are rejected by name', () => {
  assert.throws(() => new Ecvq({ codewords: 1, hidden: [4], lambda: 1, sideSamples: 1 }), /config\.codewords/);
  assert.throws(() => new Ecvq({ codewords: 4, hidden: [4], lambda: -1, sideSamples: 1 }), /config\.lambda/);
  assert.throws(() => new Ecvq({ codewords: 4, hidden: [4], lambda: 1, sideSamples: 0 }), /config\.sideSamples/);
  const m = new Ecvq({ codewords: 4, hidden: [4], lambda: 1, sideSamples: 2 });
  assert.throws(() => m.encode(tensor([1, 2], [1, 2]), tensor([1, 2], [1, 2, 1])), /x: expected shape/);
  assert.throws(() => m.decode(tensor(Int32Array.from([0])), tensor([1, 2], [2, 1])), /y: expected shape/);
  assert.throws(() => m.metrics(), /no training step/);
});

test.run();
