import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { estimateLowerBoundLine, gaussian, gaussianRateDistortion, lowerBoundAt, RdLowerBound, Rng, tensor, trainingObjective } from '../lib/index.js';
import { gaussianBestIntercept, gaussianDualIntercept, gaussianLogPartition } from './reference/gaussianDual.js';

const batchesOf = (variance: number, k: number, count: number, rng: Rng) => Array.from({ length: count }, () => gaussian([variance]).sample(k, rng).x);

test('the closed-form reference: the best line at λ ≥ 1/(2σ²) touches R(D) at D = 1/(2λ)', () => {
  for (const [v, lambda] of [[1, 2], [2.5, 0.7], [0.3, 9]]) {
    const D = 1 / (2 * lambda);
    assert.ok(Math.abs(gaussianBestIntercept(v, lambda) - lambda * D - 0.5 * Math.log(v / D)) < 1e-12);
    // at a = 1/(2σ²) the partition is flat in y: the constraint is tight everywhere
    assert.ok(Math.abs(gaussianLogPartition(v, lambda, 1 / (2 * v), 3.3) - gaussianLogPartition(v, lambda, 1 / (2 * v), 0)) < 1e-12);
  }
});

test('1-D Gaussian, u_a = exp(−a x²): the estimate lies below ℓ(a) within its error and close to it', () => {
  const rng = new Rng(21, 0);
  for (const [v, lambda, a] of [[1, 2, 0.25], [1, 2, 0.4], [2, 0.6, 0.1]]) {
    const line = estimateLowerBoundLine((x) => Float64Array.from(x.toArray(), (t) => -a * t * t), lambda, batchesOf(v, 1024, 8, rng), { starts: 8 });
    const ell = gaussianDualIntercept(v, lambda, a);
    assert.ok(line.intercept_nats < ell + 3 * line.stderr_nats, `λ ${lambda} a ${a}: ${line.intercept_nats} ± ${line.stderr_nats} above ℓ = ${ell}`);
    assert.ok(line.intercept_nats > ell - 0.05, `λ ${lambda} a ${a}: ${line.intercept_nats} far below ℓ = ${ell}`);
    assert.ok(line.stderr_nats > 0 && line.stderr_nats < 0.05);
    assert.ok(lowerBoundAt(line, 1 / (2 * lambda)) <= gaussianRateDistortion([v], 1 / (2 * lambda)) + (3 * line.stderr_nats) / Math.LN2);
  }
});

test('1-D Gaussian: a trained u gives a line below R(D) at every D, within 0.25 bit of it at D = 1/(2λ)', () => {
  const lambda = 2, D = 0.25, rng = new Rng(4, 0);
  const model = new RdLowerBound({ dim: 1, lambda, hidden: [32, 32], search: { starts: 8, maxIterations: 100 } }, { seed: 1, lr: 3e-3 });
  for (let s = 0; s < 400; ++s) model.step(batchesOf(1, 256, 1, rng), s >= 320 ? 3e-4 : 3e-3);
  const line = model.estimate(batchesOf(1, 1024, 8, new Rng(4, 1)), { starts: 16 });
  const slack = (3 * line.stderr_nats) / Math.LN2;
  for (const d of [0.05, 0.1, 0.25, 0.5, 0.9, 1.2]) assert.ok(lowerBoundAt(line, d) <= gaussianRateDistortion([1], d) + slack, `D ${d}`);
  const r = gaussianRateDistortion([1], D), got = lowerBoundAt(line, D);
  assert.ok(got > r - 0.25, `bound ${got} bits vs R(D) ${r}`);
});

test('the training gradient is ∂/∂ log u of mean log u + log mean_j C_j (central differences)', () => {
  const k = 13, n = 3, m = 2, lambda = 1.3, rng = new Rng(8, 3);
  const x = gaussian([1, 0.5]).sample(n * k, rng).x;
  const logU = Float32Array.from(x.toArray().filter((_, i) => i % m === 0), (t) => -0.3 * t * t + 0.1 * t);
  const search = { starts: k, tolerance: 1e-14, maxIterations: 5000 };
  const { grad } = trainingObjective(x, logU, k, lambda, search);
  assert.ok(Math.abs(grad.reduce((s, g) => s + g, 0)) < 1e-6, 'a constant added to log u changes nothing');
  const h = 1e-2;
  for (let i = 0; i < n * k; ++i) {
    const up = Float32Array.from(logU), dn = Float32Array.from(logU);
    up[i] += h;
    dn[i] -= h;
    const fd = (trainingObjective(x, up, k, lambda, search).objective - trainingObjective(x, dn, k, lambda, search).objective) / (2 * h);
    assert.ok(Math.abs(fd - grad[i]) < 2e-4 + 1e-3 * Math.abs(grad[i]), `i ${i}: finite difference ${fd} vs ${grad[i]}`);
  }
});

test('bad input throws naming the argument', () => {
  const b = batchesOf(1, 8, 4, new Rng(1));
  assert.throws(() => estimateLowerBoundLine(() => new Float64Array(8), 0, b), /^lambda/);
  assert.throws(() => estimateLowerBoundLine(() => new Float64Array(8), 1, b.slice(0, 3)), /^batches: expected an even number/);
  assert.throws(() => new RdLowerBound({ dim: 1, lambda: -1 }), /^config.lambda/);
  const model = new RdLowerBound({ dim: 2, lambda: 1 });
  assert.throws(() => model.step(b), /^x: expected shape \[batch, 2\]/);
  assert.throws(() => model.step([]), /^batches: expected at least one/);
  assert.throws(() => trainingObjective(tensor([1, 2, 3], [3, 1]), new Float32Array(3), 2, 1), /^k: expected a divisor/);
  assert.throws(() => trainingObjective(tensor([1, 2], [2, 1]), new Float32Array(3), 1, 1), /^logU: expected 2 values/);
});

test.run();
