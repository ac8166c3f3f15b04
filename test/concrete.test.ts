import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Concrete, Rng, tensor, xEqualsYPlusNoise } from '../lib/index.js';
import { native } from '../lib/native.js';
import { empty } from '../lib/tensor.js';
import { referenceConcreteRate } from './reference/concrete.js';
import { referenceRowBits } from './reference/ecvq.js';
import { randomArray } from './reference/prng.js';

function checkConcreteRate(B: number, K: number, xiRows: number, seed: number) {
  const scale = 0.3, xiShape = xiRows ? [B, K] : [K];
  const alpha = randomArray(B * K, seed, -3, 3), xi = randomArray(xiRows * K || K, seed + 1, -1, 1);
  const dAlpha = empty([B, K]), dXi = empty(xiShape), total = empty([1]);
  native.concreteRate(tensor(alpha, [B, K]), tensor(xi, xiShape), scale, dAlpha, dXi, total);
  const want = referenceConcreteRate(alpha, xi, B, K);
  assert.ok(Math.abs(total.toArray()[0] - want) < 1e-5 * (1 + want), `${total.toArray()[0]} vs ${want}`);
  const h = 1e-6;
  const fd = (f: (d: number) => number) => (scale * (f(h) - f(-h))) / (2 * h);
  const ga = dAlpha.toArray(), gx = dXi.toArray();
  for (let i = 0; i < B * K; ++i) {
    const g = fd((d) => referenceConcreteRate(Float64Array.from(alpha).map((v, j) => (j === i ? v + d : v)), xi, B, K));
    assert.ok(Math.abs(ga[i] - g) < 1e-4 * (1 + Math.abs(g)), `dalpha[${i}] ${ga[i]} vs ${g}`);
  }
  for (let k = 0; k < xi.length; ++k) {
    const g = fd((d) => referenceConcreteRate(alpha, Float64Array.from(xi).map((v, j) => (j === k ? v + d : v)), B, K));
    assert.ok(Math.abs(gx[k] - g) < 1e-4 * (1 + Math.abs(g)), `dxi[${k}] ${gx[k]} vs ${g}`);
  }
}

test('concreteRate, marginal ξ [K]: the KL in bits and both gradients match the float64 reference and finite differences', () => {
  checkConcreteRate(9, 7, 0, 1);
});

test('concreteRate, conditional ξ [B, K] (one q_ζ(·|y_b) per row): KL and gradients match the reference', () => {
  checkConcreteRate(11, 5, 11, 3);
  assert.throws(() => native.concreteRate(empty([3, 4]), empty([2, 4]), 1, empty([3, 4]), empty([2, 4]), empty([1])), /xi/);
  assert.throws(() => native.concreteRate(empty([3, 4]), empty([3, 4]), 1, empty([3, 4]), empty([4]), empty([1])), /dxi/);
});

test('concatColumns and splitColumns are exact inverses', () => {
  const a = randomArray(5 * 3, 3), b = randomArray(5 * 2, 4);
  const out = empty([5, 5]);
  native.concatColumns(tensor(a, [5, 3]), tensor(b, [5, 2]), out);
  const o = out.toArray();
  for (let r = 0; r < 5; ++r) {
    assert.equal(Array.from(o.subarray(r * 5, r * 5 + 3)), Array.from(a.subarray(r * 3, r * 3 + 3)));
    assert.equal(Array.from(o.subarray(r * 5 + 3, r * 5 + 5)), Array.from(b.subarray(r * 2, r * 2 + 2)));
  }
  const a2 = empty([5, 3]), b2 = empty([5, 2]);
  native.splitColumns(out, a2, b2);
  assert.equal(Array.from(a2.toArray()), Array.from(a));
  assert.equal(Array.from(b2.toArray()), Array.from(b));
  assert.throws(() => native.concatColumns(tensor(a, [5, 3]), tensor(b, [5, 2]), empty([5, 4])), /out/);
  assert.throws(() => native.splitColumns(out, null, null), /a, b/);
  assert.throws(() => native.concreteRate(tensor(a, [5, 3]), tensor([1, 2]), 1, empty([5, 3]), empty([2]), empty([1])), /xi/);
});

/** 300 steps at batch 128 with the temperature annealed 0.995^i down to 0.2; the metrics must be finite. */
function trainShort(model: Concrete, src: ReturnType<typeof xEqualsYPlusNoise>): void {
  const data = new Rng(3, 1), noise = new Rng(3, 2);
  for (let i = 0; i < 300; ++i) {
    const { x, y } = src.sample(128, data);
    model.step(x, y, Math.max(0.2, 0.995 ** i), noise);
  }
  const m = model.metrics();
  assert.ok(Number.isFinite(m.loss) && m.rate >= 0 && m.distortion > 0, JSON.stringify(m));
}

test('a short Concrete run trains, codes real bitstreams at its estimate, and decodes with y', () => {
  const src = xEqualsYPlusNoise();
  const model = new Concrete({ codewords: 6, hidden: [16, 16], lambda: 20 }, { seed: 4, lr: 5e-3 });
  trainShort(model, src);
  const { x, y } = src.sample(3000, new Rng(3, 9));
  const e = model.evaluate(x, y);
  assert.ok(e.distortion < 0.5, `distortion ${e.distortion}`);
  assert.ok(Math.abs(e.rate_bits - e.rate_estimate_bits) < 64 / 3000 + 1e-3, `${e.rate_bits} vs ${e.rate_estimate_bits}`);
  // refitting q_ξ to the argmax it codes: the estimate drops to the index's empirical entropy (+ the add-½ excess)
  const h = model.fitMarginal(x), fitted = model.evaluate(x, y);
  assert.ok(fitted.rate_estimate_bits <= e.rate_estimate_bits + 1e-6, `${fitted.rate_estimate_bits} > ${e.rate_estimate_bits}`);
  assert.ok(fitted.rate_estimate_bits >= h - 1e-6 && fitted.rate_estimate_bits - h < 6 / (2 * 3000 * Math.LN2) + 1e-3, `${fitted.rate_estimate_bits} vs H ${h}`);
  assert.ok(Math.abs(fitted.rate_bits - fitted.rate_estimate_bits) < 64 / 3000 + 1e-3);
  assert.is(fitted.distortion, e.distortion);
  const b = new Concrete({ codewords: 6, hidden: [16, 16], lambda: 20 }, { seed: 9 });
  b.load(model.state());
  assert.equal(Array.from(b.decompress(model.compress(x), y).toArray()), Array.from(model.decompress(model.compress(x), y).toArray()));
  assert.throws(() => new Concrete({ codewords: 6, hidden: [4], lambda: -2 }), /config\.lambda/);
});

test('a conditional Concrete model (L_c) trains q_ζ(u|y), reports its Slepian-Wolf estimate below H(U), and codes no bitstream', () => {
  const src = xEqualsYPlusNoise();
  const config = { codewords: 6, hidden: [16, 16], lambda: 20, entropyModel: 'conditional' as const };
  const model = new Concrete(config, { seed: 4, lr: 5e-3 });
  assert.ok(model.conditional !== null);
  trainShort(model, src);
  const n = 3000, { x, y } = src.sample(n, new Rng(3, 9));
  const e = model.evaluate(x, y);
  assert.is(e.rate_kind, 'slepian-wolf-estimate');
  assert.is(e.rate_bits, e.rate_estimate_bits);
  assert.ok(e.distortion < 0.5, `distortion ${e.distortion}`);
  // the estimate against −mean log2 softmax(h_ζ(y))[u] in float64, and against the index's own entropy H(U)
  const u = model.encode(x).toArray() as Int32Array, K = config.codewords;
  const beta = model.conditional!.forward(y).toArray();
  const sw = referenceRowBits(beta, K, u) / n;
  assert.ok(Math.abs(e.rate_bits - sw) < 1e-4 * (1 + sw), `${e.rate_bits} vs ${sw}`);
  const counts = new Array<number>(K).fill(0);
  for (const k of u) counts[k] += 1;
  const hU = counts.filter((c) => c > 0).reduce((h, c) => h - (c / n) * Math.log2(c / n), 0);
  assert.ok(sw < hU, `Slepian-Wolf estimate ${sw} should be below H(U) = ${hU}: q_ζ uses y`);
  assert.throws(() => model.compress(x), /Slepian-Wolf/);
  assert.throws(() => model.fitMarginal(x), /fitMarginal: .* conditional/);
  const state = model.state();
  assert.ok('conditional.params' in state && !('logits.params' in state), Object.keys(state).join(', '));
  const b = new Concrete(config, { seed: 9 });
  b.load(state);
  assert.equal(b.evaluate(x, y), e);
  const file = new Concrete(config, { params: { encoder: model.encoder.params.toArray() as Float32Array, decoder: model.decoder.params.toArray() as Float32Array, conditional: model.conditional!.params.toArray() as Float32Array } });
  assert.equal(file.evaluate(x, y), e);
  assert.throws(() => new Concrete({ ...config, entropyModel: 'joint' as 'marginal' }), /config\.entropyModel/);
});

test.run();
