import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { circle, gaussian, laplace, ramp, Rng, sawbridge } from '../lib/index.js';
import { referenceDraw } from './reference/philox.js';

/** Per-element mean and the zero-rate distortion under the source's convention. */
function stats(x: ArrayLike<number>, dim: number, reduction: 'mean' | 'sum') {
  const n = x.length / dim;
  const m = new Float64Array(dim);
  for (let i = 0; i < x.length; ++i) m[i % dim] += x[i] / n;
  let v = 0;
  for (let i = 0; i < x.length; ++i) v += (x[i] - m[i % dim]) ** 2 / n;
  return { mean: m, d0: reduction === 'mean' ? v / dim : v };
}

test('one-parameter sources are their formulas of the latent U on the midpoint grid', () => {
  for (const src of [sawbridge(7), ramp(7), circle()]) {
    const { x, u } = src.sample(9, new Rng(3, 1));
    const xs = x.toArray(), us = u!.toArray();
    for (let b = 0; b < 9; ++b) {
      const ub = referenceDraw('uniform', 3n, 1n, 0n, b);
      assert.is(us[b], Math.fround(ub));
      for (let j = 0; j < src.dim; ++j) {
        const t = (j + 0.5) / src.dim;
        const want = src.name === 'sawbridge' ? t - (t >= us[b] ? 1 : 0)
          : src.name === 'ramp' ? ((t + us[b]) % 1) - 0.5
          : j === 0 ? Math.cos(2 * Math.PI * us[b]) : Math.sin(2 * Math.PI * us[b]);
        assert.ok(Math.abs(xs[b * src.dim + j] - want) < 2e-6, `${src.name} b=${b} j=${j}: ${xs[b * src.dim + j]} vs ${want}`);
      }
    }
  }
});

test('a batch passed back as `into` is refilled in place with what a fresh draw would give', () => {
  for (const src of [sawbridge(301), ramp(5), circle(), gaussian([1, 0.3, 2]), gaussian([1, 0.5], { rotationSeed: 4 }), laplace([0.7])]) {
    const fresh = new Rng(5, 2), reused = new Rng(5, 2);
    let into = src.sample(37, reused);
    src.sample(37, fresh); // keep the two streams in step
    const x = into.x;
    for (let i = 0; i < 3; ++i) {
      const want = src.sample(37, fresh);
      into = src.sample(37, reused, 'cpu', into);
      assert.ok(into.x === x, `${src.name}: the batch tensor was not reused`);
      assert.equal(Array.from(into.x.toArray()), Array.from(want.x.toArray()), `${src.name} draw ${i}`);
      if (want.u) assert.equal(Array.from(into.u!.toArray()), Array.from(want.u.toArray()));
    }
    assert.throws(() => src.sample(36, reused, 'cpu', into), /into\.x: expected a float32 \[36, \d+\] tensor/);
  }
});

test('zero-rate distortions match the closed forms within sampling error', () => {
  const n = 100_000;
  for (const src of [sawbridge(33), ramp(33), circle(), gaussian([4, 1, 0.25, 0.0625]), gaussian([3, 0.5], { rotationSeed: 7 }), laplace([0.5, 2])]) {
    const { x } = src.sample(n, new Rng(11));
    const s = stats(x.toArray(), src.dim, src.reduction);
    // the variance estimator's relative standard error is about sqrt(kurtosis/n) < 3/sqrt(n); allow five of them
    assert.ok(Math.abs(s.d0 - src.variance) < 5 * 3 / Math.sqrt(n) * src.variance, `${src.name}: ${s.d0} vs ${src.variance}`);
  }
  assert.ok(Math.abs(sawbridge(1000).variance - 1 / 6) < 1e-6);
});

test('a rotated Gaussian keeps the spectrum: its covariance has the same eigenvalue sum and determinant', () => {
  const src = gaussian([4, 0.25], { rotationSeed: 5 });
  const n = 200_000;
  const x = src.sample(n, new Rng(2)).x.toArray();
  let a = 0, b = 0, c = 0;
  for (let i = 0; i < n; ++i) { a += x[2 * i] ** 2 / n; b += x[2 * i] * x[2 * i + 1] / n; c += x[2 * i + 1] ** 2 / n; }
  assert.ok(Math.abs(a + c - 4.25) < 0.05, `trace ${a + c}`);
  assert.ok(Math.abs(a * c - b * b - 1) < 0.05, `det ${a * c - b * b}`);
  assert.ok(Math.abs(b) > 0.05, 'the rotation mixes the coordinates');
});

test('batches are repeatable from the seed and consecutive batches differ', () => {
  const a = new Rng(9), b = new Rng(9);
  const x1 = sawbridge(16).sample(5, a).x.toArray(), x2 = sawbridge(16).sample(5, a).x.toArray();
  assert.equal(Array.from(sawbridge(16).sample(5, b).x.toArray()), Array.from(x1));
  assert.not.equal(Array.from(x1), Array.from(x2));
});

test('bad source parameters are rejected by name', () => {
  assert.throws(() => gaussian([1, -2]), /variances\[1\]/);
  assert.throws(() => gaussian([]), /variances/);
  assert.throws(() => laplace([NaN]), /scales\[0\]/);
  assert.throws(() => sawbridge(0), /points/);
  assert.throws(() => circle().sample(0, new Rng(1)), /n: expected an integer/);
});

test.run();
