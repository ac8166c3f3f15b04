import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readIdx, readIdxFile, writeIdx, type IdxArray } from '../lib/coding/idx.js';
import { mulberry32 } from './reference/prng.js';

/** Random arrays of every IDX type at an odd shape, values spanning each type's range (never all zero). */
function arrays(seed: number): IdxArray[] {
  const r = mulberry32(seed), shape = [3, 5, 7], n = 105;
  const ints = (lo: number, hi: number) => Array.from({ length: n }, () => lo + Math.floor(r() * (hi - lo + 1)));
  return [
    { type: 'ubyte', data: Uint8Array.from(ints(0, 255)), shape },
    { type: 'sbyte', data: Int8Array.from(ints(-128, 127)), shape },
    { type: 'int16', data: Int16Array.from(ints(-32768, 32767)), shape },
    { type: 'int32', data: Int32Array.from(ints(-(2 ** 31), 2 ** 31 - 1)), shape },
    { type: 'float32', data: Float32Array.from({ length: n }, () => (r() - 0.5) * 1e6), shape },
    { type: 'float64', data: Float64Array.from({ length: n }, () => (r() - 0.5) * Math.PI * 1e12), shape: [n] },
  ];
}

test('every element type round-trips, plain and gzip-compressed, with its shape', () => {
  for (const a of arrays(1)) {
    for (const bytes of [writeIdx(a), gzipSync(writeIdx(a))]) {
      const back = readIdx(bytes);
      assert.is(back.type, a.type);
      assert.equal(back.shape, a.shape);
      assert.is(back.data.constructor, a.data.constructor);
      assert.equal(Array.from(back.data), Array.from(a.data), a.type);
    }
  }
});

test('the header and elements are big-endian, as the format defines', () => {
  // hand-written: int16, 2 dimensions (2, 1), elements 0x0102 and -2
  const bytes = Uint8Array.from([0, 0, 0x0b, 2, 0, 0, 0, 2, 0, 0, 0, 1, 0x01, 0x02, 0xff, 0xfe]);
  assert.equal(readIdx(bytes), { type: 'int16', data: Int16Array.from([258, -2]), shape: [2, 1] });
  // MNIST's label files: ubyte, one dimension
  assert.equal(readIdx(Uint8Array.from([0, 0, 8, 1, 0, 0, 0, 3, 7, 2, 9])).shape, [3]);
  assert.equal(Array.from(readIdx(gzipSync(Uint8Array.from([0, 0, 0x0d, 1, 0, 0, 0, 1, 0x3f, 0xc0, 0, 0]))).data), [1.5]);
});

test('corrupt, truncated and padded files give clear errors', () => {
  const good = writeIdx(arrays(2)[0]);
  assert.throws(() => readIdx(good.subarray(0, good.length - 1)), /idx: data holds 104 bytes, shape \(3, 5, 7\) of ubyte needs 105/);
  assert.throws(() => readIdx(Uint8Array.from([...good, 0])), /data holds 106 bytes/);
  assert.throws(() => readIdx(good.subarray(0, 9)), /truncated header: 3 dimensions need 16 bytes/);
  assert.throws(() => readIdx(Uint8Array.from([0, 0])), /truncated header/);
  assert.throws(() => readIdx(Uint8Array.from([1, 0, 8, 0])), /not an IDX file/);
  assert.throws(() => readIdx(Uint8Array.from([0, 0, 0x0a, 0])), /unknown element type byte 0x0a/);
  assert.throws(() => readIdx(Uint8Array.from([0, 0, 0x0e, 2, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff])), /is too large/);
  const gz = gzipSync(good);
  assert.throws(() => readIdx(gz.subarray(0, gz.length - 9)), /gzip stream is corrupt or truncated/);
  assert.throws(() => writeIdx({ type: 'ubyte', data: new Uint8Array(5), shape: [2, 3] }), /data: shape \(2, 3\) needs 6 elements, got 5/);
});

test('100k mutated plain files and 3k mutated gzip files only ever throw RangeError', () => {
  const r = mulberry32(7);
  const mutate = (good: Uint8Array) => {
    const b = Uint8Array.from(good);
    for (let k = 0; k < 1 + Math.floor(r() * 4); ++k) b[Math.floor(r() * b.length)] = Math.floor(r() * 256);
    return r() < 0.3 ? b.subarray(0, Math.floor(r() * b.length)) : b;
  };
  const all = arrays(3), plain = all.map(writeIdx), packed = plain.map((b) => gzipSync(b));
  for (let i = 0; i < 100_000; ++i) {
    try { readIdx(mutate(plain[i % plain.length])); } catch (e) { assert.ok(e instanceof RangeError, String(e)); }
  }
  for (let i = 0; i < 3000; ++i) {
    try { readIdx(mutate(packed[i % packed.length])); } catch (e) { assert.ok(e instanceof RangeError, String(e)); }
  }
});

test('readIdxFile names the file in its errors', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'rdlab-idx-'));
  assert.throws(() => readIdxFile(path.join(dir, 'none.idx')), /cannot read .*none\.idx: ENOENT/);
  const bad = path.join(dir, 'bad.idx');
  writeFileSync(bad, Uint8Array.from([0, 0, 8, 1, 0, 0, 0, 9, 1]));
  assert.throws(() => readIdxFile(bad), /data holds 1 bytes.*\(in .*bad\.idx\)/);
});

test.run();
