import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { blahutArimoto, gaussianScalarRateDistortion } from '../../lib/bounds/index.js';

const h2 = (p: number) => -p * Math.log2(p) - (1 - p) * Math.log2(1 - p);
const close = (a: number, b: number, tol: number, msg: string) =>
  assert.ok(Math.abs(a - b) <= tol, `${msg}: ${a} vs ${b} (tol ${tol})`);

test('binary source, Hamming distortion: R(D) = h(p) − h(D)', () => {
  const hamming = [[0, 1], [1, 0]];
  for (const s of [-1.3, -2.2, -4]) {
    const r = blahutArimoto([0.3, 0.7], hamming, s);
    // On the curve, the test channel has D = 1/(1 + e^{-s}) (slope s in nats).
    close(r.distortion, 1 / (1 + Math.exp(-s)), 1e-9, `D at s=${s}`);
    close(r.rate_bits, h2(0.3) - h2(r.distortion), 1e-6, `R at s=${s}`);
  }
});

test('finely discretized Gaussian approaches ½ log2(σ²/D)', () => {
  // Grid of step 0.1σ on [−5σ, 5σ]: the discretized source is a different
  // (discrete) source and the reproduction alphabet is the same grid, so the
  // match is only up to discretization and truncation error (observed
  // ~1e-5 bits here), hence 1e-4 rather than the 1e-6 of the binary case.
  const sigma2 = 1.7;
  const step = 0.1 * Math.sqrt(sigma2);
  const xs: number[] = [];
  for (let x = -5 * Math.sqrt(sigma2); x <= 5 * Math.sqrt(sigma2) + 1e-12; x += step) xs.push(x);
  const w = xs.map((x) => Math.exp((-x * x) / (2 * sigma2)));
  const z = w.reduce((a, b) => a + b, 0);
  const p = w.map((v) => v / z);
  const d = xs.map((x) => xs.map((y) => (x - y) ** 2));
  for (const D of [0.15, 0.6]) {
    const r = blahutArimoto(p, d, -1 / (2 * D), { tolerance: 1e-7, maxIterations: 3000 });
    assert.ok(r.iterations < 3000, 'converged');
    close(r.distortion, D, 1e-4 * D, `D at target ${D}`);
    close(r.rate_bits, gaussianScalarRateDistortion(sigma2, r.distortion), 1e-4, `R at D=${D}`);
  }
});

test('bad arguments throw naming the argument', () => {
  const d = [[0, 1], [1, 0]];
  assert.throws(() => blahutArimoto([0.5, 0.6], d, -1), (e: Error) => e instanceof RangeError && /p must sum/.test(e.message));
  assert.throws(() => blahutArimoto([0.5, 0.5], d, 0.5), (e: Error) => e instanceof RangeError && /slope/.test(e.message));
  assert.throws(() => blahutArimoto([0.5, 0.5], [[0, 1]], -1), (e: Error) => e instanceof TypeError && /distortion/.test(e.message));
  assert.throws(() => blahutArimoto([0.5, 0.5], [[0, NaN], [1, 0]], -1), (e: Error) => /distortion\[0\]\[1\]/.test(e.message));
  assert.throws(() => blahutArimoto([0.5, 0.5], d, -1, { maxIterations: 0 }), (e: Error) => /maxIterations/.test(e.message));
});

test.run();
