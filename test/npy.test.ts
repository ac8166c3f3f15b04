import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readNpy, writeNpy } from '../lib/coding/npy.js';
import { mulberry32, randomArray } from './reference/prng.js';

test('float32 and float64 arrays round-trip with their shapes', () => {
  const f = randomArray(3 * 7 * 5, 1);
  const back = readNpy(writeNpy({ data: f, shape: [3, 7, 5] }));
  assert.equal(back.shape, [3, 7, 5]);
  assert.ok(back.data instanceof Float32Array);
  assert.equal(Array.from(back.data), Array.from(f));
  const d = Float64Array.from(randomArray(11, 2), (x) => x * Math.PI);
  const back64 = readNpy(writeNpy({ data: d, shape: [11] }));
  assert.ok(back64.data instanceof Float64Array);
  assert.equal(Array.from(back64.data), Array.from(d));
  assert.equal(readNpy(writeNpy({ data: new Float32Array([2.5]), shape: [] })).shape, []);
});

test('data starts on a 64-byte boundary and the header parses as version 1.0', () => {
  const bytes = writeNpy({ data: randomArray(6, 3), shape: [2, 3] });
  assert.is(bytes[6], 1);
  assert.is((bytes.length - 24) % 64, 0);
});

test('big-endian files are read correctly', () => {
  const header = "{'descr': '>f8', 'fortran_order': False, 'shape': (2,), }";
  const padded = header + ' '.repeat(128 - 10 - header.length - 1) + '\n';
  const bytes = new Uint8Array(128 + 16);
  bytes.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]);
  new DataView(bytes.buffer).setUint16(8, padded.length, true);
  bytes.set(new TextEncoder().encode(padded), 10);
  new DataView(bytes.buffer).setFloat64(128, 1.25, false);
  new DataView(bytes.buffer).setFloat64(136, -3.5, false);
  assert.equal(Array.from(readNpy(bytes).data), [1.25, -3.5]);
});

test('corrupt, truncated and unsupported files give clear errors, and 100k mutated files never crash', () => {
  const good = writeNpy({ data: randomArray(12, 4), shape: [3, 4] });
  assert.throws(() => readNpy(good.subarray(0, good.length - 1)), /data holds 47 bytes/);
  assert.throws(() => readNpy(new Uint8Array([1, 2, 3])), /bad magic/);
  const fortran = new TextDecoder('latin1').decode(good).replace('False', 'True ');
  assert.throws(() => readNpy(Uint8Array.from(fortran, (c) => c.charCodeAt(0))), /Fortran-order/);
  const ints = new TextDecoder('latin1').decode(good).replace('<f4', '<i4');
  assert.throws(() => readNpy(Uint8Array.from(ints, (c) => c.charCodeAt(0))), /dtype '<i4' is not supported/);
  const r = mulberry32(5);
  for (let i = 0; i < 100_000; ++i) {
    const b = Uint8Array.from(good);
    for (let k = 0; k < 1 + Math.floor(r() * 4); ++k) b[Math.floor(r() * b.length)] = Math.floor(r() * 256);
    const cut = r() < 0.3 ? b.subarray(0, Math.floor(r() * b.length)) : b;
    try { readNpy(cut); } catch (e) { assert.ok(e instanceof RangeError, String(e)); }
  }
});

const numpy = spawnSync('python3', ['-c', 'import numpy'], { stdio: 'ignore' }).status === 0;
(numpy ? test : test.skip)('numpy reads what rdlab writes and rdlab reads what numpy writes', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'rdlab-npy-'));
  const ours = path.join(dir, 'ours.npy'), theirs = path.join(dir, 'theirs.npy');
  writeFileSync(ours, writeNpy({ data: Float32Array.from([1.5, -2, 3.25, 4, 5, 6]), shape: [2, 3] }));
  const py = `import numpy as np
a = np.load(${JSON.stringify(ours)}); assert a.dtype == np.float32 and a.shape == (2, 3), (a.dtype, a.shape)
assert a[0, 2] == 3.25 and a[1, 0] == 4
np.save(${JSON.stringify(theirs)}, np.arange(12, dtype=np.float64).reshape(4, 3) / 8)`;
  const r = spawnSync('python3', ['-c', py], { encoding: 'utf8' });
  assert.is(r.status, 0, r.stderr);
  const back = readNpy(new Uint8Array(readFileSync(theirs)));
  assert.equal(back.shape, [4, 3]);
  assert.is(back.data[5], 5 / 8);
});

test.run();
