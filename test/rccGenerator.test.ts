import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { GeneratorRcc, Mlp, tensor } from '../lib/index.js';
import { native } from '../lib/native.js';
import { empty } from '../lib/tensor.js';
import { referenceMlp } from './reference/mlp.js';
import { refArgmin, refLatent, refOrcScores } from './reference/orc.js';
import { randomArray } from './reference/prng.js';

const STATE = 7;

/** Runs orcScan over candidates 0 … n − 1 in chunks of C, the candidates given by cand(first, C) → y [S, C, m]. */
function chunkedScan(method: 'pfr' | 'orc', x: Float32Array, S: number, m: number, beta: number, n: number, C: number, seed: bigint, s0: number, cand: (first: number, C: number) => Float32Array) {
  const state = tensor(new Uint32Array(S * STATE), [S, STATE]);
  for (let first = 0; first < n; first += C) native.orcScan(method, tensor(x, [S, m]), tensor(cand(first, C), [S, C, m]), beta, n, first, seed, s0, state);
  return state.toArray() as Uint32Array;
}

test('orcLatents: the Philox normals of candidates first … first + C − 1 (odd widths and offsets)', () => {
  for (const [S, C, l, first] of [[3, 5, 7, 11], [2, 1, 1, 0], [1, 9, 20, 1001]]) {
    const z = empty([S, C, l]);
    native.orcLatents(17n, 4, first, z);
    const got = z.toArray();
    for (let s = 0; s < S; ++s)
      for (let c = 0; c < C; ++c)
        refLatent(17n, 4 + s, first + c, l).forEach((v, k) => assert.ok(Math.abs(got[(s * C + c) * l + k] - v) < 1e-5 * (1 + Math.abs(v)), `z[${s},${c},${k}]`));
  }
});

test('orcScan in any chunks gives orcSearch\'s index over the same Gaussian candidates, early stop included', () => {
  const S = 6, m = 5, n = 3001, scale = randomArray(m, 3, 0.3, 1.4), x = randomArray(S * m, 4, -2, 2);
  let stops = 0;
  for (const method of ['pfr', 'orc'] as const)
    for (const beta of [-0.4, -3]) {
      const idx = empty([S], 'int32');
      native.orcSearch(method, tensor(x, [S, m]), tensor(scale), beta, n, 9n, 2n, idx, null);
      const want = idx.toArray();
      for (const C of [1, 7, 256, 1000, n + 5]) {
        const words = chunkedScan(method, x, S, m, beta, n, C, 9n, 2, (first, c) => {
          const z = empty([S, c, m]);
          native.orcLatents(9n, 2n, first, z);
          return (z.toArray() as Float32Array).map((v, e) => Math.fround(scale[e % m] * v));
        });
        for (let s = 0; s < S; ++s) {
          assert.is(words[s * STATE + 4], want[s], `${method} β=${beta} C=${C} sample ${s}`);
          assert.is(words[s * STATE + 5], n, 'candidates scanned');
          if (C === 7 && words[s * STATE + 6] & 2) ++stops;
        }
      }
    }
  assert.ok(stops > 0, 'some scan stopped early');
});

test('GeneratorRcc: index of the float64 reference at odd N and chunks, chunk-independent; decode(encode(x)) regenerates G(z_K)', () => {
  const l = 3, m = 4, S = 5, n = 1001;
  const gen = new Mlp({ inputs: l, hidden: [7, 5], outputs: m, activation: 'tanh' }, { seed: 12 });
  const params = gen.params.toArray(), spec = gen.spec;
  const G = (z: number[]) => referenceMlp(spec, params, z, 1, new Float64Array(m)).y;
  const x = randomArray(S * m, 13, -1.5, 1.5);
  for (const method of ['pfr', 'orc'] as const) {
    const byChunk = [97, 1000, 4096].map((chunk) => {
      const rcc = new GeneratorRcc(gen, { beta: -2.5, rateBits: 3 }, { method, candidates: n, seed: 31, chunk });
      return { rcc, enc: rcc.encode(tensor(x, [S, m]), 40) };
    });
    const { rcc, enc } = byChunk[0]; // chunk 97 divides neither n nor the others
    const indices = Array.from(rcc.search(tensor(x, [S, m]), 40).indices);
    byChunk.forEach(({ rcc: other }, j) => assert.equal(Array.from(other.search(tensor(x, [S, m]), 40).indices), indices, `chunk #${j}: same indices`));
    for (const { enc: e } of byChunk) assert.equal(e.bytes, enc.bytes, 'same bitstream for every chunk size');
    for (let s = 0; s < S; ++s) {
      const scores = refOrcScores(method, x.subarray(s * m, (s + 1) * m), (i) => G(refLatent(31n, 40 + s, i, l)), -2.5, n, 31n, 40 + s);
      const want = refArgmin(scores), got = indices[s];
      // float32 forward vs float64: only a near-tie may differ
      assert.ok(got === want || Math.abs(scores[got] - scores[want]) < 1e-4 * (1 + Math.abs(scores[want])), `${method} sample ${s}: ${got} vs reference ${want}`);
    }
    const y = rcc.decode(enc).toArray(), yEnc = enc.y.toArray();
    assert.equal(Array.from(y), Array.from(yEnc), 'the decoder regenerates the encoder\'s Y_K');
    for (let s = 0; s < S; ++s) G(refLatent(31n, 40 + s, indices[s], l)).forEach((v, k) => assert.ok(Math.abs(y[s * m + k] - v) < 1e-5 * (1 + Math.abs(v)), `Y_K[${s},${k}] = G(z_K)`));
  }
});

test('bad arguments throw naming the argument', () => {
  const err = (fn: () => void, cls: ErrorConstructor, re: RegExp) => assert.throws(fn, (e: Error) => e instanceof cls && re.test(e.message), re.source);
  const x = tensor(randomArray(6, 1), [2, 3]), y = empty([2, 4, 3]), st = tensor(new Uint32Array(14), [2, STATE]);
  err(() => native.orcLatents(1, 0, -1, empty([1, 2, 3])), RangeError, /^first/);
  err(() => native.orcLatents(1, 0, 0, empty([2, 3])), RangeError, /^z: expected shape/);
  err(() => native.orcLatents(1, 0, 0, empty([1, 2, 3], 'int32')), TypeError, /^z: expected dtype float32/);
  err(() => native.orcScan('nope' as never, x, y, -1, 10, 0, 1, 0, st), RangeError, /^method/);
  err(() => native.orcScan('pfr', x, empty([2, 4, 2]), -1, 10, 0, 1, 0, st), RangeError, /^y: expected shape/);
  err(() => native.orcScan('pfr', x, y, 1, 10, 0, 1, 0, st), RangeError, /^beta/);
  err(() => native.orcScan('pfr', x, y, -1, 10, 10, 1, 0, st), RangeError, /^first/);
  err(() => native.orcScan('pfr', x, y, -1, 10, 4, 1, 0, st), RangeError, /^state\[0\]: expected the state after candidate first - 1 = 3/);
  err(() => native.orcScan('pfr', x, y, -1, 10, 0, 1, 0, empty([2, 7])), TypeError, /^state: expected dtype uint32/);
  err(() => native.orcScan('pfr', x, y, -1, 10, 0, 1, 0, tensor(Uint32Array.from({ length: 14 }, (_, i) => (i === 6 ? 9 : 0)), [2, STATE])), RangeError, /^state\[0\]: expected a scan state/);
  const gen = new Mlp({ inputs: 2, hidden: [3], outputs: 3 });
  err(() => new GeneratorRcc(gen, { beta: -1, rateBits: 1 }, { method: 'pfr', candidates: 10, seed: 1, chunk: 0 }), RangeError, /^options.chunk/);
  err(() => new GeneratorRcc(gen, { beta: 0, rateBits: 1 }, { method: 'pfr', candidates: 10, seed: 1 }), RangeError, /^channel.beta/);
  err(() => new GeneratorRcc(gen, { beta: -1, rateBits: 1 }, { method: 'pfr', candidates: 10, seed: 1 }).search(tensor(randomArray(4, 2), [2, 2])), RangeError, /^x: expected shape/);
});

test.run();
