import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { GaussianRcc, gaussian, gaussianRateDistortion, gaussianRdChannel, rccRateGuarantee, Rng, tensor } from '../lib/index.js';
import { native } from '../lib/native.js';
import { empty } from '../lib/tensor.js';
import { refCandidate, refOrcSearch } from './reference/orc.js';
import { randomArray } from './reference/prng.js';

test('the exact Gaussian channel: water level, R(D), β* and Q_Y scales', () => {
  const v = [4, 2.5, 1, 0.3, 0.05];
  for (const D of [0.2, 1.9, 5]) {
    const c = gaussianRdChannel(v, D);
    assert.ok(Math.abs(v.reduce((a, s) => a + Math.min(s, c.lambda), 0) - D) < 1e-12, 'Σ min(λ, σ²) = D');
    assert.ok(Math.abs(c.rateBits - gaussianRateDistortion(v, D)) < 1e-9, `R ${c.rateBits}`);
    assert.is(c.beta, -1 / (2 * c.lambda));
    c.scale.forEach((s, k) => assert.ok(Math.abs(s * s - Math.max(v[k] - c.lambda, 0)) < 1e-6));
  }
  assert.throws(() => gaussianRdChannel(v, 8), /distortion: expected a value in/);
  assert.throws(() => gaussianRdChannel([1, -1], 0.5), /variances/);
});

test('index search matches the float64 reference (full scan, no early stop) at odd sizes', () => {
  for (const [S, m, n, seed] of [[7, 3, 1001, 5], [3, 1, 77, 6], [5, 20, 4099, 7]]) {
    const scale = randomArray(m, seed, 0.2, 1.5), x = randomArray(S * m, seed + 1, -2, 2);
    for (const method of ['pfr', 'orc'] as const) {
      const idx = empty([S], 'int32'), y = empty([S, m]);
      native.orcSearch(method, tensor(x, [S, m]), tensor(scale), -0.8, n, 11n, 3n, idx, y);
      const got = idx.toArray(), ys = y.toArray();
      for (let s = 0; s < S; ++s) {
        const want = refOrcSearch(method, x.subarray(s * m, (s + 1) * m), m, scale, -0.8, n, 11n, 3 + s);
        assert.is(got[s], want, `${method} S=${S} m=${m} n=${n} sample ${s}`);
        const yRef = refCandidate(11n, 3 + s, want, m, scale);
        yRef.forEach((v, k) => assert.ok(Math.abs(ys[s * m + k] - v) < 1e-5 * (1 + Math.abs(v)), `Y_K[${k}]`));
      }
    }
  }
});

test('PFR and ORC with the exact channel: D on target, bitstream under the guarantee, decode regenerates Y_K', () => {
  const v = [2, 1, 0.5, 0.25], D = 1.2, S = 600;
  const channel = gaussianRdChannel(v, D);
  const x = gaussian(v).sample(S, new Rng(9, 1)).x;
  const xs = x.toArray();
  for (const method of ['pfr', 'orc'] as const) {
    const rcc = new GaussianRcc(channel, { method, candidates: 1 << 14, seed: 21 });
    const enc = rcc.encode(x, 1000);
    const y = rcc.decode(enc), yEnc = enc.y.toArray(), yDec = y.toArray();
    yDec.forEach((val, k) => assert.is(val, yEnc[k], `decoded Y_K element ${k}`));
    const per = Array.from({ length: S }, (_, s) => { let d = 0; for (let k = 0; k < 4; ++k) d += (xs[s * 4 + k] - yDec[s * 4 + k]) ** 2; return d; });
    const mean = per.reduce((a, b) => a + b, 0) / S;
    const sd = Math.sqrt(per.reduce((a, b) => a + (b - mean) ** 2, 0) / (S - 1) / S);
    assert.ok(Math.abs(mean - D) < 4 * sd, `${method}: distortion ${mean} vs D ${D} (± ${sd})`);
    const rate = enc.bits / S;
    assert.ok(rate <= rccRateGuarantee(channel.rateBits), `${method}: ${rate} bits vs guarantee ${rccRateGuarantee(channel.rateBits)}`);
    assert.ok(rate > channel.rateBits, `${method}: ${rate} bits must exceed R(D) = ${channel.rateBits}`);
  }
});

test('bad arguments throw naming the argument', () => {
  const x = tensor(randomArray(6, 1), [2, 3]), sc = tensor([1, 1, 1]), idx = empty([2], 'int32');
  const err = (fn: () => void, cls: ErrorConstructor, re: RegExp) => assert.throws(fn, (e: Error) => e instanceof cls && re.test(e.message), re.source);
  err(() => native.orcSearch('xyz' as never, x, sc, -1, 10, 1, 0, idx, null), RangeError, /^method/);
  err(() => native.orcSearch('pfr', x, tensor([1, 1]), -1, 10, 1, 0, idx, null), RangeError, /^scale: expected shape/);
  err(() => native.orcSearch('pfr', x, sc, 0, 10, 1, 0, idx, null), RangeError, /^beta: expected a negative/);
  err(() => native.orcSearch('pfr', x, sc, -1, 0, 1, 0, idx, null), RangeError, /^n/);
  err(() => native.orcSearch('pfr', x, sc, -1, 10, -1, 0, idx, null), RangeError, /^seed/);
  err(() => native.orcSearch('pfr', x, sc, -1, 10, 1, 0, empty([2]), null), TypeError, /^index: expected dtype int32/);
  err(() => native.orcSearch('pfr', x, sc, -1, 10, 1, 0, idx, empty([2, 2])), RangeError, /^y: expected shape/);
  err(() => native.orcCandidates(tensor(Int32Array.from([0, -1])), sc, 1, 0, empty([2, 3])), RangeError, /^index\[1\]/);
  err(() => new GaussianRcc(gaussianRdChannel([1], 0.5), { method: 'orc', candidates: 0, seed: 1 }), RangeError, /options.candidates/);
});

test.run();
