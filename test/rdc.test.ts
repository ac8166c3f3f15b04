import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { decodeRdc, encodeRdc } from '../lib/coding/rdcFile.js';
import { decodeSafetensors, encodeSafetensors } from '../lib/coding/safetensors.js';
import { mulberry32, randomArray } from './reference/prng.js';

const sample = () => ({ codec: 'ntc', modelDigest: Uint8Array.from({ length: 32 }, (_, i) => i * 7), shape: [17, 3], payload: Uint8Array.from([5, 4, 3, 2, 1, 250]) });

test('an .rdc file round-trips its fields', () => {
  const back = decodeRdc(encodeRdc(sample()));
  assert.is(back.codec, 'ntc');
  assert.equal(Array.from(back.modelDigest), Array.from(sample().modelDigest));
  assert.equal(back.shape, [17, 3]);
  assert.equal(Array.from(back.payload), [5, 4, 3, 2, 1, 250]);
});

test('wrong magic, version, truncation and corruption give clear errors', () => {
  const good = encodeRdc(sample());
  assert.throws(() => decodeRdc(good.subarray(0, 10)), /too short/);
  assert.throws(() => decodeRdc(good.subarray(0, good.length - 1)), /CRC-32 mismatch/);
  const bad = Uint8Array.from(good);
  bad[0] = 0x58;
  assert.throws(() => decodeRdc(bad), /bad magic/);
  assert.throws(() => encodeRdc({ ...sample(), modelDigest: new Uint8Array(5) }), /32 bytes/);
});

test('100k random and mutated byte strings into each of the .rdc and safetensors readers: each decodes or throws an Error', () => {
  const r = mulberry32(1234);
  const seeds = [encodeRdc(sample()), encodeSafetensors({ tensors: { w: { shape: [3, 2], data: randomArray(6, 1) } }, metadata: { a: 'b' } })];
  const readers = [decodeRdc, (b: Uint8Array) => decodeSafetensors(b)];
  let calls = 0;
  for (let k = 0; k < 2; ++k) {
    for (let i = 0; i < 100_000; ++i) {
      let b: Uint8Array;
      if (i % 3 === 0) b = Uint8Array.from({ length: Math.floor(r() * 200) }, () => Math.floor(r() * 256));
      else {
        b = Uint8Array.from(seeds[k]);
        for (let m = 0; m < 1 + Math.floor(r() * 3); ++m) b[Math.floor(r() * b.length)] = Math.floor(r() * 256);
        if (r() < 0.3) b = b.subarray(0, Math.floor(r() * b.length));
      }
      try { readers[k](b); } catch (e) { assert.ok(e instanceof Error, String(e)); }
      calls++;
    }
  }
  assert.is(calls, 200_000);
});

const python = spawnSync('python3', ['-c', 'import safetensors.numpy, numpy'], { stdio: 'ignore' }).status === 0;
(python ? test : test.skip)("Python's safetensors loads a model file written by rdlab", () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'rdlab-st-'));
  const file = path.join(dir, 'm.safetensors');
  writeFileSync(file, encodeSafetensors({ tensors: { 'layers.0.weight': { shape: [2, 3], data: Float32Array.from([1, 2, 3, 4, 5, 6.5]) }, idx: { shape: [2], data: Int32Array.from([-1, 7]) } }, metadata: { 'rdlab.codec': 'ntc' } }));
  const py = `import safetensors.numpy as s
t = s.load_file(${JSON.stringify(file)})
assert t['layers.0.weight'].shape == (2, 3) and t['layers.0.weight'][1, 2] == 6.5, t
assert list(t['idx']) == [-1, 7]
from safetensors import safe_open
with safe_open(${JSON.stringify(file)}, 'np') as f: assert f.metadata()['rdlab.codec'] == 'ntc'`;
  const r = spawnSync('python3', ['-c', py], { encoding: 'utf8' });
  assert.is(r.status, 0, r.stderr);
});

test.run();
