import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { signSideInformation, xEqualsYPlusNoise } from '../lib/index.js';
import { binnedAnchors } from '../lib/experiments/wzTrainables.js';

test('binnedAnchors: centres iΔ with Δ = √(6/(λ ln 2)) out to 4σ_X, codeword i mod K′ with K′ = min(K, ⌈8σ_{X|Y}/Δ⌉)', () => {
  const src = xEqualsYPlusNoise({ sideInfoVariance: 1.3, noiseVariance: 0.07 });
  for (const [K, lambda] of [[16, 37], [5, 211], [32, 9]]) {
    const a = binnedAnchors(src, K, lambda, 'cpu');
    const step = Math.sqrt(6 / (lambda * Math.LN2));
    const bins = Math.min(K, Math.max(2, Math.ceil((8 * Math.sqrt(0.07)) / step)));
    const reach = Math.floor((4 * Math.sqrt(1.37)) / step);
    const x = a.x.toArray(), index = a.index.toArray();
    assert.equal(a.x.shape, [2 * reach + 1, 1]);
    for (let j = 0; j < x.length; ++j) {
      const i = j - reach;
      assert.ok(Math.abs(x[j] - i * step) < 1e-5 * (1 + Math.abs(i * step)), `K ${K} λ ${lambda} centre ${i}`);
      assert.is(index[j], ((i % bins) + bins) % bins);
    }
  }
  assert.throws(() => binnedAnchors(signSideInformation(), 8, 10, 'cpu'), (e: Error) => e instanceof RangeError && /jointly Gaussian/.test(e.message));
});

test.run();
