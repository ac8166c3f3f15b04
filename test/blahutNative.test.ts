import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { blahutArimoto, blahutArimotoNative, gaussianScalarRateDistortion } from '../lib/index.js';
import { native } from '../lib/native.js';
import { empty, tensor } from '../lib/tensor.js';
import { randomArray } from './reference/prng.js';

const h2 = (p: number) => -p * Math.log2(p) - (1 - p) * Math.log2(1 - p);
const close = (a: number, b: number, tol: number, msg: string) => assert.ok(Math.abs(a - b) <= tol, `${msg}: ${a} vs ${b} (tol ${tol})`);

test('binary source, Hamming distortion: R(D) = h(p) − h(D) to 1e-6', () => {
  const p = Float32Array.from([0.3, 0.7]);
  for (const s of [-1.3, -2.2, -4]) {
    const r = blahutArimotoNative(p, Float32Array.from([0, 1, 1, 0]), s);
    close(r.distortion, 1 / (1 + Math.exp(-s)), 1e-6, `D at s=${s}`);
    close(r.rate_bits, h2(p[0]) - h2(r.distortion), 1e-6, `R at s=${s}`);
  }
});

test('matches the float64 reference on random sources at odd sizes', () => {
  for (const [nx, ny, seed] of [[13, 7, 1], [1, 5, 2], [31, 1, 3], [57, 43, 4]]) {
    const w = randomArray(nx, seed, 0.05, 1), total = w.reduce((a, b) => a + b, 0);
    const p = Array.from(w, (v) => Math.fround(v / total));
    const pSum = p.reduce((a, b) => a + b, 0);
    const p64 = p.map((v) => v / pSum);
    const d = randomArray(nx * ny, seed + 10, 0.1, 3);
    const rows = Array.from({ length: nx }, (_, x) => Array.from(d.subarray(x * ny, (x + 1) * ny)));
    const s = -1.7;
    const ref = blahutArimoto(p64, rows, s, { tolerance: 1e-11 });
    const got = blahutArimotoNative(p, d, s, { tolerance: 1e-11 });
    close(got.rate_bits, ref.rate_bits, 1e-6, `rate nx=${nx} ny=${ny}`);
    close(got.distortion, ref.distortion, 1e-6 * (1 + ref.distortion), `D nx=${nx} ny=${ny}`);
    got.q.forEach((v, y) => close(v, ref.q[y], 1e-6, `q[${y}] nx=${nx} ny=${ny}`));
  }
});

test('discretized Gaussian: the reference to 1e-6, ½ log2(σ²/D) to the discretization error', () => {
  const sigma2 = 1.7, step = 0.1 * Math.sqrt(sigma2), xs: number[] = [];
  for (let x = -5 * Math.sqrt(sigma2); x <= 5 * Math.sqrt(sigma2) + 1e-12; x += step) xs.push(x);
  const w = xs.map((x) => Math.exp((-x * x) / (2 * sigma2))), z = w.reduce((a, b) => a + b, 0);
  const p = Float32Array.from(w, (v) => v / z);
  const p64 = Array.from(p), ps = p64.reduce((a, b) => a + b, 0);
  const dm = Float32Array.from(xs.flatMap((x) => xs.map((y) => (x - y) ** 2)));
  const rows = xs.map((_, i) => Array.from(dm.subarray(i * xs.length, (i + 1) * xs.length)));
  for (const D of [0.15, 0.6]) {
    const opts = { tolerance: 1e-9, maxIterations: 5000 };
    const got = blahutArimotoNative(p, dm, -1 / (2 * D), opts);
    const ref = blahutArimoto(p64.map((v) => v / ps), rows, -1 / (2 * D), opts);
    close(got.rate_bits, ref.rate_bits, 1e-6, `rate vs reference at D=${D}`);
    close(got.distortion, ref.distortion, 1e-6, `D vs reference at D=${D}`);
    close(got.rate_bits, gaussianScalarRateDistortion(sigma2, got.distortion), 1e-4, `R vs closed form at D=${D}`);
  }
});

test('bad arguments throw naming the argument', () => {
  const d = tensor([0, 1, 1, 0], [2, 2]), q = empty([2]), out = empty([3]);
  const err = (fn: () => void, re: RegExp) => assert.throws(fn, (e: Error) => e instanceof RangeError && re.test(e.message), re.source);
  err(() => native.blahutArimoto(tensor([0.5, 0.6]), d, -1, q, out), /^p: expected probabilities summing to 1/);
  err(() => native.blahutArimoto(tensor([-0.5, 1.5]), d, -1, q, out), /^p\[0\]: expected a probability/);
  err(() => native.blahutArimoto(tensor([0.5, 0.5]), d, 0.5, q, out), /^slope/);
  err(() => native.blahutArimoto(tensor([0.5, 0.5]), tensor([0, NaN, 1, 0], [2, 2]), -1, q, out), /^d: expected finite/);
  err(() => native.blahutArimoto(tensor([0.5, 0.5]), tensor([0, 1, 1], [1, 3]), -1, q, out), /^d: expected shape/);
  err(() => native.blahutArimoto(tensor([0.5, 0.5]), d, -1, empty([3]), out), /^q: expected shape/);
  err(() => native.blahutArimoto(tensor([0.5, 0.5]), d, -1, q, out, 0), /^tolerance/);
  err(() => native.blahutArimoto(tensor([0.5, 0.5]), d, -1, q, out, 1e-9, 0), /maxIterations/);
  err(() => blahutArimotoNative([0.5, 0.5], Float32Array.from([0, 1, 1]), -1), /^distortion: expected nx \* ny/);
});

test.run();
