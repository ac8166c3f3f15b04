import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ecsqHighRateGapBits, ecsqHighRateGapDecibels, ecsqOptimalCurve, ecsqQuantizer, gaussianDistortionRate } from '../../lib/bounds/index.js';
import { mulberry32 } from '../reference/prng.js';

test('high-rate ECSQ gap: 0.2546 bits, 1.53 dB, consistent with 6.02 dB/bit', () => {
  assert.ok(Math.abs(ecsqHighRateGapBits - 0.2546) < 5e-5);
  assert.ok(Math.abs(ecsqHighRateGapDecibels - 1.533) < 5e-4);
  // 1 bit of rate is 20 log10 2 dB of distortion.
  assert.ok(Math.abs(ecsqHighRateGapDecibels - ecsqHighRateGapBits * 20 * Math.log10(2)) < 1e-12);
});

/** n unit-variance samples: Box–Muller normals or inverse-CDF Laplace (b = 1/√2). */
function samples(source: 'gaussian' | 'laplace', n: number, seed: number): Float64Array {
  const r = mulberry32(seed), out = new Float64Array(n);
  for (let i = 0; i < n; ++i) {
    const u = (r() + 0.5 / 2 ** 32), v = r();
    out[i] = source === 'gaussian'
      ? Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v)
      : (v < 0.5 ? 1 : -1) * -Math.SQRT1_2 * Math.log(u);
  }
  return out;
}

/** Monte-Carlo rate and distortion of the quantizer: cell index by thresholds, empirical centroids. */
function simulate(x: Float64Array, step: number, deadZone: number) {
  const cells = new Map<number, { n: number; s: number; s2: number }>();
  for (const v of x) {
    const k = Math.abs(v) < deadZone ? 0 : Math.sign(v) * (Math.floor((Math.abs(v) - deadZone) / step) + 1);
    const c = cells.get(k) ?? { n: 0, s: 0, s2: 0 };
    c.n += 1;
    c.s += v;
    c.s2 += v * v;
    cells.set(k, c);
  }
  let rate = 0, sse = 0;
  for (const c of cells.values()) {
    rate -= (c.n / x.length) * Math.log2(c.n / x.length);
    sse += c.s2 - (c.s * c.s) / c.n;
  }
  return { rate, distortion: sse / x.length };
}

test('rate and distortion of uniform-threshold quantizers match a Monte-Carlo simulation of them', () => {
  for (const source of ['gaussian', 'laplace'] as const) {
    const x = samples(source, 1_000_003, source === 'gaussian' ? 1 : 2);
    for (const [step, dz] of [[0.37, 0.185], [1.3, 0], [0.9, 1.1], [2.7, 2.0], [0.053, 0.03]]) {
      const exact = ecsqQuantizer(source, step, dz), mc = simulate(x, step, dz);
      const label = `${source} Δ=${step} t=${dz}: exact (${exact.rate_bits}, ${exact.distortion}) vs MC (${mc.rate}, ${mc.distortion})`;
      // MC standard errors at n = 1e6: ~1e-3 bit on H, ~0.2% on D (Laplace's heavier tail: ~0.3%)
      assert.ok(Math.abs(exact.rate_bits - mc.rate) < 5e-3, label);
      assert.ok(Math.abs(exact.distortion - mc.distortion) < 0.012 * exact.distortion, label);
    }
  }
});

test('at high rate a uniform quantizer sits the ECSQ gap above R(D) (Gaussian) and the Shannon lower bound (Laplace)', () => {
  const g = ecsqQuantizer('gaussian', 0.02, 0.01);
  assert.ok(Math.abs(g.distortion - 0.02 ** 2 / 12) < 1e-3 * g.distortion, `D ${g.distortion} vs Δ²/12`);
  assert.ok(Math.abs(g.rate_bits - 0.5 * Math.log2(1 / g.distortion) - ecsqHighRateGapBits) < 2e-3);
  const l = ecsqQuantizer('laplace', 0.02, 0.01);
  const slb = Math.log2(2 * Math.E * Math.SQRT1_2) - 0.5 * Math.log2(2 * Math.PI * Math.E * l.distortion);
  assert.ok(Math.abs(l.rate_bits - slb - ecsqHighRateGapBits) < 2e-3, `${l.rate_bits - slb}`);
});

test('the optimized curve: D = 1 at rate 0, non-increasing, above the D(R) bounds, and the dead zone pays off for Laplace at low rate', () => {
  for (const source of ['gaussian', 'laplace'] as const) {
    const curve = ecsqOptimalCurve(source, { maxRate: 6, points: 61 });
    assert.ok(Math.abs(curve[0].distortion - 1) < 1e-12);
    for (let i = 1; i < curve.length; ++i) {
      assert.ok(curve[i].distortion <= curve[i - 1].distortion, `${source} rises at ${curve[i].rate_bits}`);
      // no code beats the source's D(R): Gaussian D(R) = 2^-2R; for Laplace its Shannon lower bound 2^{2(h - R)}/(2πe)
      const h = Math.log2(2 * Math.E * Math.SQRT1_2), r = curve[i].rate_bits;
      const floor = source === 'gaussian' ? gaussianDistortionRate([1], r) : 2 ** (2 * (h - r)) / (2 * Math.PI * Math.E);
      assert.ok(curve[i].distortion > floor, `${source} beats its D(R) bound at ${r}`);
    }
  }
  // at 6 bits the Gaussian curve is the ECSQ gap (1.533 dB) above R(D)
  const hi = ecsqOptimalCurve('gaussian', { maxRate: 6, points: 2 })[1];
  assert.ok(Math.abs(10 * Math.log10(hi.distortion / gaussianDistortionRate([1], 6)) - ecsqHighRateGapDecibels) < 0.01);
  // Laplace at 1 bit: the best quantizer with a dead zone beats the best midtread one
  const lap = ecsqOptimalCurve('laplace', { maxRate: 1, points: 2 })[1].distortion;
  let midtread = 1;
  for (let i = 0; i < 400; ++i) {
    const q = ecsqQuantizer('laplace', 0.05 * 1.015 ** i, 0.025 * 1.015 ** i);
    if (q.rate_bits <= 1) midtread = Math.min(midtread, q.distortion);
  }
  assert.ok(lap < 0.995 * midtread, `dead zone ${lap} vs midtread ${midtread}`);
});

test('bad arguments name themselves', () => {
  assert.throws(() => ecsqQuantizer('cauchy' as 'gaussian', 1, 0), /source/);
  assert.throws(() => ecsqQuantizer('gaussian', -1, 0), /step/);
  assert.throws(() => ecsqQuantizer('gaussian', 1e-4, 0), /step/);
  assert.throws(() => ecsqQuantizer('laplace', 1, NaN), /deadZone/);
  assert.throws(() => ecsqOptimalCurve('laplace', { maxRate: 0, points: 5 }), /maxRate/);
  assert.throws(() => ecsqOptimalCurve('laplace', { maxRate: 2, points: 1 }), /points/);
});

test.run();
