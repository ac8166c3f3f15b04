import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { decodeSafetensors, encodeSafetensors, readSafetensors } from '../lib/index.js';
import { tempDir } from './fixtures/runs.js';

/** A file laid out as the Python writer does it: header JSON padded with spaces to 8 bytes, then data. */
function handMade(header: object, data: Uint8Array, lengthOverride?: bigint): Uint8Array {
  let json = Buffer.from(JSON.stringify(header));
  json = Buffer.concat([json, Buffer.alloc((8 - (json.length % 8)) % 8, 0x20)]);
  const out = new Uint8Array(8 + json.length + data.length);
  new DataView(out.buffer).setBigUint64(0, lengthOverride ?? BigInt(json.length), true);
  out.set(json, 8);
  out.set(data, 8 + json.length);
  return out;
}

test('round-trips every dtype, shapes (scalar and empty included) and metadata', () => {
  const tensors = {
    w: { shape: [2, 3], data: Float32Array.from([1, -2, 3.5, 1e-30, -0, Infinity]) },
    d: { shape: [], data: Float64Array.from([Math.PI]) },
    i: { shape: [3], data: Int32Array.from([-1, 0, 2 ** 31 - 1]) },
    u: { shape: [1, 1], data: Uint32Array.from([2 ** 32 - 1]) },
    e: { shape: [0, 4], data: new Float32Array(0) },
  };
  const bytes = encodeSafetensors({ tensors, metadata: { format: 'pt', 'rdlab.settings': '{"a":1}' } });
  const n = Number(new DataView(bytes.buffer).getBigUint64(0, true));
  assert.is((8 + n) % 8, 0, 'data starts 8-byte aligned');
  const file = decodeSafetensors(bytes);
  assert.equal(file.metadata, { format: 'pt', 'rdlab.settings': '{"a":1}' });
  for (const [k, t] of Object.entries(tensors)) {
    assert.equal(file.tensors[k].shape, t.shape, k);
    assert.equal(Array.from(file.tensors[k].data), Array.from(t.data), k);
    assert.is(file.tensors[k].data.constructor, t.data.constructor, k);
  }
  assert.is(file.tensors.w.dtype, 'F32');
  const p = path.join(tempDir('st'), 'm.safetensors');
  writeFileSync(p, bytes);
  assert.equal(readSafetensors(p).tensors.i.data, Int32Array.from([-1, 0, 2 ** 31 - 1]));
});

test('reads a file whose tensors are stored out of name order, as the Python writer does', () => {
  const data = new Uint8Array(12);
  const dv = new DataView(data.buffer);
  dv.setFloat32(0, 7, true);
  dv.setInt32(4, -3, true);
  dv.setInt32(8, 9, true);
  const f = decodeSafetensors(handMade({
    __metadata__: { format: 'np' },
    z: { dtype: 'F32', shape: [1], data_offsets: [0, 4] },
    a: { dtype: 'I32', shape: [2], data_offsets: [4, 12] },
  }, data));
  assert.equal(Array.from(f.tensors.z.data), [7]);
  assert.equal(Array.from(f.tensors.a.data), [-3, 9]);
});

const good = { t: { dtype: 'F32', shape: [2], data_offsets: [0, 8] } };
const corrupt: [string, () => Uint8Array, string][] = [
  ['shorter than 8 bytes', () => new Uint8Array(5), 'shorter than the 8-byte header length'],
  ['header longer than the file', () => handMade(good, new Uint8Array(8), 10_000n), 'runs past the end'],
  ['absurd header length', () => handMade(good, new Uint8Array(8), 2n ** 62n), 'outside [2, 100000000]'],
  ['header not JSON', () => { const b = handMade(good, new Uint8Array(8)); b[8] = 0x5b; b[9] = 0x7b; return b; }, 'header is not JSON'],
  ['header an array', () => handMade([1, 2], new Uint8Array(0)), 'not a JSON object'],
  ['unknown dtype', () => handMade({ t: { ...good.t, dtype: 'BF16' } }, new Uint8Array(8)), 'has dtype "BF16"'],
  ['negative dimension', () => handMade({ t: { ...good.t, shape: [-2] } }, new Uint8Array(8)), 'expected non-negative integers'],
  ['offsets disagree with shape', () => handMade({ t: { ...good.t, shape: [3] } }, new Uint8Array(8)), 'needs 12 bytes, offsets span 8'],
  ['data truncated', () => handMade(good, new Uint8Array(5)), 'ends at byte 8 of a 5-byte data section (truncated?)'],
  ['reversed offsets', () => handMade({ t: { ...good.t, data_offsets: [8, 0] } }, new Uint8Array(8)), 'expected [begin, end]'],
  ['overlapping tensors', () => handMade({ a: good.t, b: good.t }, new Uint8Array(8)), 'gap or overlap'],
  ['trailing bytes', () => handMade(good, new Uint8Array(16)), 'data section has 16 bytes but the tensors cover 8'],
  ['metadata not strings', () => handMade({ __metadata__: { n: 1 }, ...good }, new Uint8Array(8)), '__metadata__.n is not a string'],
];
for (const [what, make, message] of corrupt)
  test(`clear error: ${what}`, () => {
    assert.throws(() => decodeSafetensors(make(), 'x.safetensors'), (e: Error) => e.message.startsWith('x.safetensors: not a valid safetensors file: ') && e.message.includes(message));
  });

test('the writer refuses shape/data mismatches and the reserved name', () => {
  assert.throws(() => encodeSafetensors({ tensors: { t: { shape: [3], data: new Float32Array(2) } } }), /does not match 2 elements/);
  assert.throws(() => encodeSafetensors({ tensors: { __metadata__: { shape: [0], data: new Float32Array(0) } } }), /reserved/);
});

test.run();
