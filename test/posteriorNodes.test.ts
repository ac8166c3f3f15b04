import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Rng, xEqualsYPlusNoise, yEqualsXPlusNoise, signSideInformation } from '../lib/index.js';
import { normalNodes, normalQuantile } from '../lib/sources/posteriorNodes.js';
import { tensor } from '../lib/tensor.js';
import { Ecvq, ecvqSideSamples } from '../lib/models/wz/ecvq.js';

/** Φ(z) by Simpson's rule on [0, |z|] of the density (float64, 2,000 panels). */
function normalCdf(z: number): number {
  const n = 2000, h = Math.abs(z) / n, f = (t: number) => Math.exp(-t * t / 2) / Math.sqrt(2 * Math.PI);
  let s = f(0) + f(Math.abs(z));
  for (let i = 1; i < n; ++i) s += (i % 2 ? 4 : 2) * f(i * h);
  const half = (s * h) / 3;
  return z < 0 ? 0.5 - half : 0.5 + half;
}

test('normalQuantile inverts Φ across the centre and both tails, with known values', () => {
  assert.ok(Math.abs(normalQuantile(0.975) - 1.959963984540054) < 1e-8);
  assert.ok(Math.abs(normalQuantile(0.5)) < 1e-12);
  for (const p of [1e-9, 3.7e-5, 0.0113, 0.02425, 0.0243, 0.137, 0.4999, 0.61, 0.9757, 0.9991, 1 - 2.3e-7]) {
    const z = normalQuantile(p);
    const back = normalCdf(z);
    assert.ok(Math.abs(back - p) < 1e-9 + 1e-7 * Math.min(p, 1 - p), `p ${p}: Φ(${z}) = ${back}`);
    assert.ok(Math.abs(normalQuantile(1 - p) + z) < 1e-7 * (1 + Math.abs(z)), `symmetry at ${p}`);
  }
  for (const bad of [0, 1, -0.2, 1.5, Number.NaN]) assert.throws(() => normalQuantile(bad), (e: Error) => e instanceof RangeError && /p: expected a probability/.test(e.message));
});

test('normalNodes: mean 0, E z² and E z⁴ approach 1 and 3 as the midpoint rule in probability does', () => {
  for (const S of [1, 7, 16, 33]) {
    const z = normalNodes(S);
    const m1 = z.reduce((a, v) => a + v, 0) / S, m2 = z.reduce((a, v) => a + v * v, 0) / S;
    assert.ok(Math.abs(m1) < 1e-12, `S ${S} mean ${m1}`);
    for (let i = 1; i < S; ++i) assert.ok(z[i] > z[i - 1]);
    // the nodes under-disperse (the tails beyond the last node are cut off): E z² < 1, closing with S
    if (S > 1) assert.ok(m2 < 1 && m2 > 1 - 2.2 / S, `S ${S} E z² ${m2}`);
  }
  assert.throws(() => normalNodes(0), RangeError);
});

test('posteriorNodes: gain·x + sd·Φ⁻¹((i+½)/S) for the Gaussian pairs, sign(x) for the sign pair', () => {
  const xs = Float32Array.from([-1.3, 0.2, 2.7, -0.05, 0.9]);
  const x = tensor(xs, [5, 1]);
  const S = 9, z = normalNodes(S);
  const cases = [
    { src: xEqualsYPlusNoise({ sideInfoVariance: 2, noiseVariance: 0.3 }), gain: 2 / 2.3, sd: Math.sqrt(0.6 / 2.3) },
    { src: yEqualsXPlusNoise({ sourceVariance: 0.5, noiseVariance: 0.07 }), gain: 1, sd: Math.sqrt(0.07) },
  ];
  for (const { src, gain, sd } of cases) {
    const ys = src.posteriorNodes!(x, S)!;
    assert.equal(ys.shape, [5, S, 1]);
    const v = ys.toArray();
    for (let b = 0; b < 5; ++b)
      for (let i = 0; i < S; ++i) assert.ok(Math.abs(v[b * S + i] - (gain * xs[b] + sd * z[i])) < 1e-5, `${src.name} [${b}, ${i}]`);
  }
  const sign = signSideInformation().posteriorNodes!(x, 3)!.toArray();
  assert.equal(Array.from(sign), [-1, -1, -1, 1, 1, 1, 1, 1, 1, -1, -1, -1, 1, 1, 1]);
});

test('ecvqSideSamples: the pair\'s nodes for posterior \'nodes\', its draws otherwise; a pair without them is a RangeError', () => {
  const src = xEqualsYPlusNoise(), x = tensor(Float32Array.from([0.4, -1.1, 2.2]), [3, 1]);
  const config = { codewords: 4, hidden: [8], lambda: 10, sideSamples: 5 };
  assert.equal(Array.from(ecvqSideSamples(src, { ...config, posterior: 'nodes' }, x, new Rng(1)).toArray()), Array.from(src.posteriorNodes!(x, 5)!.toArray()));
  assert.equal(Array.from(ecvqSideSamples(src, config, x, new Rng(1)).toArray()), Array.from(src.posterior(x, 5, new Rng(1))!.toArray()));
  const noNodes = { ...src, name: 'mine', posterior: () => null, posteriorNodes: undefined };
  assert.throws(() => ecvqSideSamples(noNodes, { ...config, posterior: 'nodes' }, x, new Rng(1)), (e: Error) => e instanceof RangeError && /mine has no posterior nodes/.test(e.message));
  assert.throws(() => new Ecvq({ ...config, posterior: 'mean' as never }), (e: Error) => e instanceof RangeError && /config.posterior/.test(e.message));
});

test.run();
