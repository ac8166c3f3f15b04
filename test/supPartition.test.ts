import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { empty, logSupPartition, Rng, tensor } from '../lib/index.js';
import { mixtureValue } from './reference/meanShift.js';

/** F(y) = log (1/k) Σ_i exp(a_i − λ||x_i − y||²) in float64, directly. */
function refF(x: ArrayLike<number>, a: ArrayLike<number>, lambda: number, m: number, y: ArrayLike<number>): number {
  return mixtureValue(x, a, lambda, m, y) - Math.log(a.length);
}

function uniforms(rng: Rng, n: number): Float64Array {
  return Float64Array.from(rng.fill(empty([n]), 'uniform').toArray());
}

test('finds the mode between two centres, where screening the centres alone does not', () => {
  // F(y) = log ½(e^{−λ(y−1)²} + e^{−λ(y+1)²}) is unimodal for λ < 1/2: its sup is F(0) = −λ, while F(±1) = log ½(1 + e^{−4λ})
  const lambda = 0.25, r = logSupPartition(tensor([-1, 1], [2, 1]), [0, 0], lambda);
  assert.ok(Math.abs(r.logValue + lambda) < 1e-7, `log C ${r.logValue}`);
  assert.ok(Math.abs(r.y[0]) < 1e-3, `y ${r.y[0]}`);
  assert.ok(r.logValue > Math.log(0.5 * (1 + Math.exp(-4 * lambda))) + 0.1);
});

test('the centre of ±e_c in m = 5 dimensions: sup = −λ at y = 0', () => {
  const m = 5, x = new Float32Array(2 * m * m);
  for (let c = 0; c < m; ++c) (x[2 * c * m + c] = 1), (x[(2 * c + 1) * m + c] = -1);
  const r = logSupPartition(tensor(x, [2 * m, m]), new Float64Array(2 * m), 0.3, { starts: 2 * m });
  assert.ok(Math.abs(r.logValue + 0.3) < 1e-6, `log C ${r.logValue}`);
  assert.ok(Math.hypot(...r.y) < 2e-3, `y ${Array.from(r.y)}`);
});

test('a heavy lone centre beats a dense cluster: the global mode, not the densest', () => {
  const k = 21, m = 3, x = new Float32Array(k * m), a = new Float64Array(k);
  const rng = new Rng(5, 1), u = uniforms(rng, k * m);
  for (let i = 0; i < k - 1; ++i) for (let c = 0; c < m; ++c) x[i * m + c] = 0.2 * (u[i * m + c] - 0.5);
  x.set([4, -3, 5], (k - 1) * m);
  a[k - 1] = Math.log(40);
  const r = logSupPartition(tensor(x, [k, m]), a, 2, { starts: 1 });
  assert.ok(Math.hypot(r.y[0] - 4, r.y[1] + 3, r.y[2] - 5) < 1e-6, `y ${Array.from(r.y)}`);
  assert.ok(Math.abs(r.logValue - refF(x, a, 2, m, [4, -3, 5])) < 1e-9);
});

test('matches a dense grid on random 1-D and 2-D mixtures (every centre a start)', () => {
  const rng = new Rng(11, 2);
  for (const [k, m, lambda] of [[23, 1, 3.7], [31, 1, 0.9], [17, 2, 5.3], [13, 2, 1.1]]) {
    const x = Float32Array.from(uniforms(rng, k * m), (v) => 4 * v - 2);
    const a = Float64Array.from(uniforms(rng, k), (v) => 4 * v - 2);
    const r = logSupPartition(tensor(x, [k, m]), a, lambda, { starts: k });
    const n = m === 1 ? 50_001 : 401, h = 5 / (n - 1);
    let grid = -Infinity;
    if (m === 1) for (let g = 0; g < n; ++g) grid = Math.max(grid, refF(x, a, lambda, 1, [-2.5 + g * h]));
    else for (let g = 0; g < n; ++g) for (let q = 0; q < n; ++q) grid = Math.max(grid, refF(x, a, lambda, 2, [-2.5 + g * h, -2.5 + q * h]));
    assert.ok(r.logValue >= grid - 1e-6, `k ${k} m ${m}: search ${r.logValue} below the grid's ${grid}`);
    assert.ok(r.logValue - grid < (m === 1 ? 1e-6 : 1e-3), `k ${k} m ${m}: search ${r.logValue} far above the grid's ${grid}`);
    assert.ok(Math.abs(r.logValue - refF(x, a, lambda, m, r.y)) < 1e-6, 'the value is F at the returned point');
  }
});

test('the weights are ∂ log C_k / ∂a_i (central differences through the search)', () => {
  const k = 19, m = 2, lambda = 1.7, rng = new Rng(3, 4);
  const x = tensor(Float32Array.from(uniforms(rng, k * m), (v) => 3 * v), [k, m]);
  const a = Float64Array.from(uniforms(rng, k), (v) => v - 0.5);
  const search = { starts: k, tolerance: 1e-14, maxIterations: 5000 };
  const r = logSupPartition(x, a, lambda, search);
  assert.ok(Math.abs(r.weights.reduce((s, w) => s + w, 0) - 1) < 1e-12);
  // distances are float32 (F carries round-off of ~1e-6 nats), so the step is large and F smooth enough for it
  const h = 1e-2;
  for (let i = 0; i < k; ++i) {
    const ap = Float64Array.from(a), am = Float64Array.from(a);
    ap[i] += h;
    am[i] -= h;
    const fd = (logSupPartition(x, ap, lambda, search).logValue - logSupPartition(x, am, lambda, search).logValue) / (2 * h);
    assert.ok(Math.abs(fd - r.weights[i]) < 2e-4 + 1e-3 * r.weights[i], `i ${i}: finite difference ${fd} vs weight ${r.weights[i]}`);
  }
});

test('bad input throws naming the argument', () => {
  const x = tensor([0, 1, 2, 3], [2, 2]);
  assert.throws(() => logSupPartition(tensor([0, 1], [2]), [0, 0], 1), /^x: expected/);
  assert.throws(() => logSupPartition(x, [0], 1), /^logWeights: expected 2 values/);
  assert.throws(() => logSupPartition(x, [0, NaN], 1), /^logWeights\[1\]/);
  assert.throws(() => logSupPartition(x, [0, 0], 0), /^lambda: expected a positive number/);
  assert.throws(() => logSupPartition(x, [0, 0], 1, { starts: 0 }), /^search.starts/);
  assert.throws(() => logSupPartition(x, [0, 0], 1, { maxIterations: 1.5 }), /^search.maxIterations/);
  assert.throws(() => logSupPartition(x, [0, 0], 1, { screen: -2 }), /^search.screen/);
  assert.throws(() => logSupPartition(x, [0, 0], 1, { tolerance: -1 }), /^search.tolerance/);
});

test.run();
