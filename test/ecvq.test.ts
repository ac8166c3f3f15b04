import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { native } from '../lib/native.js';
import { empty, tensor, type MlpConfig } from '../lib/index.js';
import { mlpSpec } from '../lib/nn/mlp.js';
import { referenceEcvqBits, referenceEcvqEncode, referenceRowBits } from './reference/ecvq.js';
import { maxRelError, randomArray } from './reference/prng.js';

function problem(config: MlpConfig, K: number, B: number, S: number, seed: number) {
  const spec = mlpSpec(config);
  const m = config.inputs - K, n = config.outputs;
  let P = 0;
  for (let l = 0; l + 1 < spec.sizes.length; ++l) P += spec.sizes[l] * spec.sizes[l + 1] + spec.sizes[l + 1];
  return {
    spec, K, B, S, m, n,
    params: randomArray(P, seed, -0.8, 0.8),
    logits: randomArray(K, seed + 1, -2, 2),
    x: randomArray(B * n, seed + 2, -1.5, 1.5),
    ys: randomArray(B * S * m, seed + 3, -2, 2),
  };
}

const CASES = [
  problem({ inputs: 5 + 1, hidden: [9, 11], outputs: 1, activation: 'leaky_relu' }, 5, 7, 3, 1),
  problem({ inputs: 13 + 2, hidden: [17], outputs: 3, activation: 'tanh' }, 13, 19, 5, 2),
  problem({ inputs: 3 + 1, hidden: [], outputs: 2 }, 3, 11, 1, 3),
];

test('ecvqEncode matches the float64 reference: indices equal, distortions close', () => {
  for (const c of CASES) {
    const lambda = 3.7;
    const index = empty([c.B], 'int32'), dist = empty([c.B, c.K]);
    native.ecvqEncode(c.spec, tensor(c.params), tensor(c.logits), tensor(c.x, [c.B, c.n]), tensor(c.ys, [c.B, c.S, c.m]), lambda, index, dist);
    const ref = referenceEcvqEncode(c.spec, c.params, c.logits, c.x, c.ys, c.B, c.S, lambda);
    assert.ok(maxRelError(dist.toArray(), ref.dist) < 1e-5, `dist error ${maxRelError(dist.toArray(), ref.dist)}`);
    assert.equal(Array.from(index.toArray()), Array.from(ref.index));
    // the inputs make the choice non-trivial: more than one codeword wins somewhere
    if (c.B > 10) assert.ok(new Set(ref.index).size > 1);
  }
});

test('ecvqRate: bits and the gradient match the float64 reference and finite differences', () => {
  const K = 7, B = 23;
  const logits = randomArray(K, 5, -1.5, 1.5);
  const idx = Int32Array.from(randomArray(B, 6, 0, K), Math.floor);
  const grad = empty([K]), bits = empty([1]);
  native.ecvqRate(tensor(logits), tensor(idx), 0.5, grad, bits);
  const want = referenceEcvqBits(logits, idx);
  assert.ok(Math.abs(bits.toArray()[0] - want) < 1e-5 * want);
  const g = grad.toArray(), h = 1e-6;
  for (let k = 0; k < K; ++k) {
    const up = Float64Array.from(logits), down = Float64Array.from(logits);
    up[k] += h;
    down[k] -= h;
    const fd = (0.5 * (referenceEcvqBits(up, idx) - referenceEcvqBits(down, idx))) / (2 * h);
    assert.ok(Math.abs(g[k] - fd) < 1e-4 * (1 + Math.abs(fd)), `k=${k}: ${g[k]} vs ${fd}`);
  }
});

test('ecvqRate with logits [B, K] (a conditional model): the fused softmax cross-entropy and its gradient match the reference', () => {
  const K = 6, B = 13, scale = 0.7;
  const logits = randomArray(B * K, 8, -2, 2);
  const idx = Int32Array.from(randomArray(B, 9, 0, K), Math.floor);
  const grad = empty([B, K]), bits = empty([1]);
  native.ecvqRate(tensor(logits, [B, K]), tensor(idx), scale, grad, bits);
  const want = referenceRowBits(logits, K, idx);
  assert.ok(Math.abs(bits.toArray()[0] - want) < 1e-5 * want, `${bits.toArray()[0]} vs ${want}`);
  const g = grad.toArray(), h = 1e-6;
  for (let i = 0; i < B * K; ++i) {
    const up = Float64Array.from(logits), down = Float64Array.from(logits);
    up[i] += h;
    down[i] -= h;
    const fd = (scale * (referenceRowBits(up, K, idx) - referenceRowBits(down, K, idx))) / (2 * h);
    assert.ok(Math.abs(g[i] - fd) < 1e-4 * (1 + Math.abs(fd)), `i=${i}: ${g[i]} vs ${fd}`);
  }
  assert.throws(() => native.ecvqRate(empty([B + 1, K]), tensor(idx), 1, empty([B + 1, K]), empty([1])), /logits/);
  assert.throws(() => native.ecvqRate(empty([B, K]), tensor(idx), 1, empty([K]), empty([1])), /grad/);
  assert.throws(() => native.ecvqRate(empty([1, B, K]), tensor(idx), 1, empty([1, B, K]), empty([1])), /logits: expected \[K\]/);
  idx[4] = K;
  assert.throws(() => native.ecvqRate(tensor(logits, [B, K]), tensor(idx), 1, grad, bits), /index: element 4/);
});

test('ecvqDecoderInput writes concat(one-hot(index), y) for every side-information sample', () => {
  const K = 4, B = 3, S = 2, m = 2;
  const ys = randomArray(B * S * m, 7);
  const out = empty([B * S, K + m]);
  native.ecvqDecoderInput(K, tensor(Int32Array.from([2, 0, 3])), tensor(ys, [B, S, m]), out);
  const o = out.toArray();
  for (let r = 0; r < B * S; ++r) {
    const k = [2, 0, 3][Math.floor(r / S)];
    for (let c = 0; c < K; ++c) assert.is(o[r * (K + m) + c], c === k ? 1 : 0);
    for (let j = 0; j < m; ++j) assert.is(o[r * (K + m) + K + j], ys[r * m + j]);
  }
});

test('bad ecvq arguments are rejected by name', () => {
  const c = CASES[0];
  const args = () => [c.spec, tensor(c.params), tensor(c.logits), tensor(c.x, [c.B, c.n]), tensor(c.ys, [c.B, c.S, c.m]), 1, empty([c.B], 'int32'), empty([c.B, c.K])] as const;
  const call = (i: number, v: unknown) => {
    const a: unknown[] = [...args()];
    a[i] = v;
    return () => (native.ecvqEncode as (...x: unknown[]) => void)(...a);
  };
  assert.throws(call(2, tensor(randomArray(6, 1))), /spec\.sizes\[0\]/);
  assert.throws(call(3, tensor(c.x, [c.B, 1, 1])), /x:/);
  assert.throws(call(4, tensor(c.ys, [c.B, c.S * c.m])), /ys:/);
  assert.throws(call(5, -1), /lambda/);
  assert.throws(call(5, NaN), /lambda/);
  assert.throws(call(6, empty([c.B], 'float32')), /index/);
  assert.throws(call(7, empty([c.B, c.K + 1])), /dist/);
  assert.throws(call(1, tensor(c.params.map((v, i) => (i === 3 ? NaN : v)))), /non-finite/);
  assert.throws(() => native.ecvqRate(tensor(c.logits), tensor(Int32Array.from([0, 5])), 1, empty([c.K]), empty([1])), /index: element 1 is 5/);
  assert.throws(() => native.ecvqRate(empty([0]), tensor(Int32Array.from([0])), 1, empty([0]), empty([1])), /logits/);
  assert.throws(() => native.ecvqDecoderInput(2, tensor(Int32Array.from([-1])), tensor([1], [1, 1, 1]), empty([1, 3])), /index: element 0 is -1/);
  assert.throws(() => native.ecvqDecoderInput(2, tensor(Int32Array.from([0])), tensor([1], [1, 1, 1]), empty([1, 4])), /out/);
});

test.run();
