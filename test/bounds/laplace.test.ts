import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { laplaceShannonLowerBound } from '../../lib/bounds/index.js';

test('Laplace Shannon lower bound uses h(X) = log2(2 e b), checked by integrating -p log2 p', () => {
  for (const b of [0.3, 1 / Math.SQRT2, 2.5]) {
    // midpoint rule over ±40 b, where the tails are below e^-40
    const n = 400_000, lo = -40 * b, dx = (80 * b) / n;
    let h = 0;
    for (let i = 0; i < n; ++i) {
      const x = lo + (i + 0.5) * dx, p = Math.exp(-Math.abs(x) / b) / (2 * b);
      h -= p * Math.log2(p) * dx;
    }
    for (const r of [1, 3.5, 7]) {
      const want = Math.min(2 * b * b, 2 ** (2 * (h - r)) / (2 * Math.PI * Math.E));
      const got = laplaceShannonLowerBound(b, r);
      assert.ok(Math.abs(got - want) < 1e-7 * want, `b=${b} R=${r}: ${got} vs ${want}`);
    }
    // at rate 0 the bound is 2e b²/π, below the variance 2b²
    assert.ok(Math.abs(laplaceShannonLowerBound(b, 0) - (2 * Math.E * b * b) / Math.PI) < 1e-12);
  }
});

test('bad arguments are rejected by name', () => {
  assert.throws(() => laplaceShannonLowerBound(0, 1), /scale/);
  assert.throws(() => laplaceShannonLowerBound(1, -1), /rateBits/);
  assert.throws(() => laplaceShannonLowerBound(NaN, 1), /scale/);
});

test.run();
