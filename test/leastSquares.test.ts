import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ridgeLeastSquares } from '../lib/nn/leastSquares.js';
import { Mlp, tensor } from '../lib/index.js';
import { randomArray } from './reference/prng.js';

test('ridgeLeastSquares recovers the coefficients of exact linear data at odd sizes', () => {
  for (const [rows, k, n] of [[301, 7, 5], [64, 13, 1], [1000, 3, 17]]) {
    const a = randomArray(rows * k, rows + k, -2, 2), w = randomArray(k * n, k + n, -1.5, 1.5);
    const b = new Float64Array(rows * n);
    for (let r = 0; r < rows; ++r) for (let t = 0; t < n; ++t) for (let i = 0; i < k; ++i) b[r * n + t] += a[r * k + i] * w[i * n + t];
    const got = ridgeLeastSquares(a, b, rows, k, n, 0);
    for (let i = 0; i < k * n; ++i) assert.ok(Math.abs(got[i] - w[i]) < 1e-9, `[${rows}, ${k}, ${n}] w[${i}] ${got[i]} vs ${w[i]}`);
  }
});

test('ridgeLeastSquares minimises the squared error: any perturbation of the solution costs more', () => {
  const rows = 211, k = 6, n = 3;
  const a = randomArray(rows * k, 3, -1, 1), b = randomArray(rows * n, 4, -1, 1);
  const w = ridgeLeastSquares(a, b, rows, k, n, 0);
  const sse = (v: Float64Array) => {
    let s = 0;
    for (let r = 0; r < rows; ++r) for (let t = 0; t < n; ++t) {
      let p = 0;
      for (let i = 0; i < k; ++i) p += a[r * k + i] * v[i * n + t];
      s += (b[r * n + t] - p) ** 2;
    }
    return s;
  };
  const best = sse(w);
  const step = randomArray(k * n, 5, -1e-3, 1e-3);
  assert.ok(sse(w.map((v, i) => v + step[i])) > best);
  assert.ok(sse(w.map((v, i) => v - step[i])) > best);
});

test('Mlp.refitOutputLayer solves the output layer: the fitted net reproduces a target built from its own features', () => {
  const net = new Mlp({ inputs: 3, hidden: [9, 11], outputs: 5, activation: 'leaky_relu' }, { seed: 7 });
  const x = tensor(randomArray(257 * 3, 8, -1, 1), [257, 3]);
  // a target the output layer can represent exactly: another net with the same hidden layers
  const other = Float32Array.from(net.params.toArray());
  const tail = 12 * 5;
  other.set(randomArray(tail, 9, -1, 1), other.length - tail);
  const target = new Mlp(net.config, { params: other }).forward(x);
  const targetHost = Float32Array.from(target.toArray());
  net.refitOutputLayer(x, tensor(targetHost, [257, 5]));
  const got = net.forward(x).toArray();
  for (let i = 0; i < got.length; ++i) assert.ok(Math.abs(got[i] - targetHost[i]) < 1e-4, `output ${i}: ${got[i]} vs ${targetHost[i]}`);
  assert.throws(() => net.refitOutputLayer(x, tensor(targetHost.subarray(0, 256 * 5), [256, 5])), /target: expected shape \[257, 5\]/);
  assert.throws(() => new Mlp({ inputs: 3, hidden: [], outputs: 2 }).refitOutputLayer(x, tensor(new Float32Array(514).fill(0.5), [257, 2])), /no hidden layer/);
  assert.throws(() => new Mlp({ inputs: 3, hidden: [4], outputs: 2, outputActivation: 'tanh' }).refitOutputLayer(x, tensor(new Float32Array(514).fill(0.5), [257, 2])), /identity/);
  assert.throws(() => ridgeLeastSquares([1, 2], [1], 2, 1, 1), /ridgeLeastSquares/);
  assert.throws(() => ridgeLeastSquares([1, 2], [1, 2], 2, 1, 1, -1), /ridge/);
});

test.run();
