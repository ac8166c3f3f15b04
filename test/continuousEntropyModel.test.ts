import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Adam, ContinuousEntropyModel, item, Rng, tensor, type Tensor } from '../lib/index.js';
import { randomArray } from './reference/prng.js';

const C = 3, B = 257;

function trained(seed: number): ContinuousEntropyModel {
  const m = new ContinuousEntropyModel(C, { seed, initScale: 4 });
  const adam = new Adam(m.params, { lr: 1e-2 });
  const rng = new Rng(seed, 1);
  const data = tensor(randomArray(B * C, seed + 1, -6, 6), [B, C]);
  for (let i = 0; i < 200; ++i) {
    const yTilde = m.perturb(data, rng, tensor(new Float32Array(B * C), [B, C]));
    m.backward(yTilde, 1 / B);
    adam.step(m.grad);
  }
  m.paramsChanged();
  return m;
}

test('decompress(compress(y)) is exactly the quantized ŷ = round(y − m) + m, at a length near the model\'s bits', () => {
  const m = new ContinuousEntropyModel(C, { seed: 3, initScale: 4 });
  const offsets = Float32Array.from([-0.5, 0.1875, 0.4375]);
  const coded = new ContinuousEntropyModel(C, { seed: 3, initScale: 4, params: { prior: m.params.toArray() as Float32Array, offsets } });
  const y = tensor(randomArray(B * C, 7, -9, 9), [B, C]);
  const yHat = coded.quantize(y);
  const bytes = coded.compress(y);
  assert.equal(Array.from(coded.decompress(bytes, B).toArray()), Array.from(yHat.toArray()));
  const estimate = item(coded.bits(yHat));
  assert.ok(Math.abs(bytes.length * 8 - estimate) < 0.02 * estimate + 64, `${bytes.length * 8} bits vs ${estimate}`);
});

test('decompress refuses a sample count the bitstream cannot hold, before decoding anything', () => {
  const m = trained(5);
  const bytes = m.compress(tensor(randomArray(B * C, 9, -6, 6), [B, C]));
  const capacity = m.sampleCapacity(bytes.length);
  assert.ok(capacity >= B && capacity < 100 * B, `capacity ${capacity}`);
  assert.throws(() => m.decompress(bytes, 400_000_000), (e: Error) =>
    e instanceof RangeError && /^samples: 400000000 declared, but a \d+-byte bitstream can hold at most \d+ under this model/.test(e.message));
});

test('fitOffsets never raises R + distortion term; paramsChanged rebuilds the coder tables', () => {
  const m = trained(5);
  const y = tensor(randomArray(B * C, 11, -5, 5), [B, C]);
  const target = y.toArray() as Float32Array;
  const term = (yHat: Tensor) => {
    const v = yHat.toArray();
    let s = 0;
    for (let i = 0; i < v.length; ++i) s += (v[i] - target[i]) ** 2;
    return (4 * s) / B;
  };
  const lagrangian = () => item(m.bits(m.quantize(y))) / B + term(m.quantize(y));
  const before = lagrangian();
  const offsets = m.fitOffsets(y, term);
  assert.equal(Array.from(m.offsets.toArray()), Array.from(offsets));
  assert.ok(lagrangian() <= before, `${lagrangian()} > ${before}`);
  const tables = m.coderTables();
  assert.is(m.coderTables(), tables);
  m.paramsChanged();
  assert.is.not(m.coderTables(), tables);
  assert.equal(m.coderTables(), tables);
});

test('coderTables: integer tables at precision 16, computed once; a model given them codes with them and computes no density', () => {
  const m = trained(7);
  const coder = m.coderTables();
  assert.is(coder.precision, 16);
  assert.is(coder.tables.length, C);
  for (const t of coder.tables) {
    assert.ok(t.freq instanceof Uint32Array && Number.isInteger(t.lo) && t.escape >= 1);
    assert.is([...t.freq].reduce((a, b) => a + b, t.escape), 2 ** 16);
  }
  const offsets = m.offsets.toArray() as Float32Array;
  // a prior of other parameters, with m's stored tables: the bitstream and the decoded symbols are m's
  const other = trained(8).params.toArray() as Float32Array;
  const stored = new ContinuousEntropyModel(C, { initScale: 4, params: { prior: other, offsets, coder } });
  assert.is(stored.coderTables(), coder);
  const y = tensor(randomArray(B * C, 13, -6, 6), [B, C]);
  const bytes = m.compress(y);
  assert.equal(stored.compress(y), bytes);
  assert.equal(Array.from(stored.decompress(bytes, B).toArray()), Array.from(m.quantize(y).toArray()));
  assert.is(stored.sampleCapacity(bytes.length), m.sampleCapacity(bytes.length));
  stored.paramsChanged();  // training moved the prior: the stored tables no longer describe it
  assert.is.not(stored.coderTables(), coder);
});

test('stored coder tables are checked by name', () => {
  const m = trained(7), prior = m.params.toArray() as Float32Array, coder = m.coderTables();
  const make = (c: unknown) => () => new ContinuousEntropyModel(C, { params: { prior, coder: c as typeof coder } });
  assert.throws(make(null), /params\.coder: expected an object/);
  assert.throws(make({ ...coder, precision: 25 }), /params\.coder\.precision/);
  assert.throws(make({ ...coder, tables: coder.tables.slice(1) }), /params\.coder\.tables: expected 3 tables \(one per channel\), got 2/);
  assert.throws(make({ ...coder, tables: [coder.tables[0], coder.tables[1], { lo: 0, pmf: Float64Array.from([1]), tail: 0 }] }), (e: Error) =>
    e instanceof TypeError && /^params\.coder\.tables\[2\]: expected an integer table \{ lo, freq: Uint32Array, escape \}/.test(e.message));
  const broken = coder.tables.map((t, c) => (c === 2 ? { ...t, escape: t.escape + 1 } : t));
  assert.throws(make({ ...coder, tables: broken }), (e: Error) => e instanceof RangeError && /^params\.coder\.tables\[2\]: frequencies sum to 65537/.test(e.message));
});

test('bad offsets are refused by name', () => {
  assert.throws(() => new ContinuousEntropyModel(2, { params: { prior: new ContinuousEntropyModel(2).params.toArray() as Float32Array, offsets: Float32Array.from([0.5, 0]) } }), /params\.offsets: expected 2 offsets in \[-0\.5, 0\.5\)/);
  assert.throws(() => new ContinuousEntropyModel(2, { params: { prior: new Float32Array(3) } }), /config\.params: expected/);
});

test.run();
