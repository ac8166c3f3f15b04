import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { decodeRdc, decodeRdcHeader, encodeRdc, encodeRdcChunk, encodeRdcHeader, RDC_VERSION } from '../lib/coding/rdcFile.js';
import { encodeRdcVersion1 } from './fixtures/rdcVersion1.js';
import { decodeSafetensors, encodeSafetensors } from '../lib/coding/safetensors.js';
import { mulberry32, randomArray } from './reference/prng.js';

const digest = Uint8Array.from({ length: 32 }, (_, i) => i * 7);
const payloads = (sizes: number[], seed: number) => {
  const r = mulberry32(seed);
  return sizes.map((n) => Uint8Array.from({ length: n }, () => Math.floor(r() * 256)));
};
/** A version 2 file of `samples` samples (3 elements each) in chunks of `chunkSize`, with random payloads (one empty). */
function v2(samples: number, chunkSize: number, seed = 1) {
  const count = Math.ceil(samples / chunkSize);
  const bytes = payloads(Array.from({ length: count }, (_, i) => (i === 1 ? 0 : 1 + ((i * 37 + seed) % 41))), seed);
  const chunks = bytes.map((payload, i) => ({ samples: Math.min(chunkSize, samples - i * chunkSize), payload }));
  return { codec: 'ntc', modelDigest: digest, shape: [samples, 3], samples, chunkSize, chunks };
}
const sample = () => v2(17, 5);

test('a version 2 .rdc file round-trips its fields and chunks at odd chunk sizes', () => {
  const r = mulberry32(Date.now() >>> 0);
  for (const [samples, chunkSize] of [[17, 5], [1, 1], [1, 7], [10, 10], [11, 10], [1000, 3], [257, 256], [40_001, 2 ** 24]] as const) {
    const file = v2(samples, chunkSize, Math.floor(r() * 1000));
    const back = decodeRdc(encodeRdc(file));
    assert.is(back.version, RDC_VERSION);
    assert.is(back.codec, 'ntc');
    assert.equal(Array.from(back.modelDigest), Array.from(digest));
    assert.equal(back.shape, [samples, 3]);
    assert.is(back.samples, samples);
    assert.is(back.chunkSize, chunkSize);
    assert.is(back.chunks.length, file.chunks.length);
    back.chunks.forEach((c, i) => {
      assert.is(c.samples, file.chunks[i].samples);
      assert.equal(Array.from(c.payload), Array.from(file.chunks[i].payload));
    });
    // the header, then the chunks, written one at a time make the same bytes
    const pieces = [encodeRdcHeader(file), ...file.chunks.map((c) => encodeRdcChunk(c.samples, c.payload))];
    assert.equal(Buffer.concat(pieces), Buffer.from(encodeRdc(file)));
  }
  assert.throws(() => encodeRdc({ ...v2(17, 5), chunks: v2(17, 5).chunks.slice(1) }), /17 samples in chunks of 5 make 4 chunks, got 3/);
  assert.throws(() => encodeRdc({ ...v2(17, 5), chunkSize: 2 ** 24 + 1 }), /chunkSize: expected an integer in \[1, 16777216\]/);
  assert.throws(() => encodeRdc({ ...v2(17, 5), shape: [17, 3, 2], samples: 5 }), /does not hold 5 samples/);
});

test('a version 1 file still decodes: one chunk whose sample count the codec derives', () => {
  const payload = Uint8Array.from([5, 4, 3, 2, 1, 250]);
  const back = decodeRdc(encodeRdcVersion1({ codec: 'ntc', modelDigest: digest, shape: [17, 3], payload }));
  assert.is(back.version, 1);
  assert.is(back.samples, null);
  assert.is(back.chunkSize, null);
  assert.is(back.chunks.length, 1);
  assert.is(back.chunks[0].samples, null);
  assert.equal(Array.from(back.chunks[0].payload), [5, 4, 3, 2, 1, 250]);
  const v1 = encodeRdcVersion1({ codec: 'ntc', modelDigest: digest, shape: [17, 3], payload });
  assert.throws(() => decodeRdc(v1.subarray(0, v1.length - 1)), /CRC-32 mismatch/);
});

test('wrong magic, version, truncation, corruption and trailing bytes give clear errors naming the chunk', () => {
  const good = encodeRdc(sample());
  const header = encodeRdcHeader(sample()).length;
  assert.throws(() => decodeRdc(good.subarray(0, 4)), /too short/);
  assert.throws(() => decodeRdc(good.subarray(0, 20)), /truncated header/);
  const bad = Uint8Array.from(good);
  bad[0] = 0x58;
  assert.throws(() => decodeRdc(bad), /bad magic/);
  const v9 = Uint8Array.from(good);
  v9[4] = 9;
  assert.throws(() => decodeRdc(v9), /unsupported format version 9 \(this rdlab reads versions 1 and 2\)/);
  const hdr = Uint8Array.from(good);
  hdr[header - 6] ^= 1;
  assert.throws(() => decodeRdc(hdr), /header CRC-32 mismatch/);
  // a flipped payload byte in chunk 2: its CRC
  const chunk0 = 12 + sample().chunks[0].payload.length, chunk1 = 12 + sample().chunks[1].payload.length;
  const flip = Uint8Array.from(good);
  flip[header + chunk0 + chunk1 + 9] ^= 0x10;
  assert.throws(() => decodeRdc(flip), /rdc: chunk 2: CRC-32 mismatch/);
  // cut inside chunk 3
  assert.throws(() => decodeRdc(good.subarray(0, good.length - 3)), /rdc: chunk 3: declares a \d+-byte payload, but only \d+ bytes are left/);
  assert.throws(() => decodeRdc(good.subarray(0, good.length - (12 + sample().chunks[3].payload.length) + 5)), /rdc: chunk 3: truncated/);
  // a chunk whose count disagrees with the header
  const count = Uint8Array.from(good);
  count[header + chunk0] = 4;
  assert.throws(() => decodeRdc(count), /rdc: chunk 1: declares 4 samples, the header 5/);
  assert.throws(() => decodeRdc(Uint8Array.from([...good, 0])), /1 bytes after the last chunk/);
  assert.throws(() => encodeRdc({ ...sample(), modelDigest: new Uint8Array(5) }), /32 bytes/);
});

test('a header declaring more samples than the file can hold is refused before any chunk is read', () => {
  const real = v2(999, 4096);
  const crafted = encodeRdc(real);
  // the same bytes with the sample count and shape claiming 400M samples (a valid header CRC)
  const header = encodeRdcHeader({ ...real, shape: [400_000_000, 3], samples: 400_000_000 });
  const file = new Uint8Array(header.length + crafted.length - encodeRdcHeader(real).length);
  file.set(header);
  file.set(crafted.subarray(encodeRdcHeader(real).length), header.length);
  assert.throws(() => decodeRdc(file), /the header declares 400000000 samples in 97657 chunks of 4096, which need at least \d+ bytes; the file has \d+/);
  assert.throws(() => decodeRdcHeader(header, header.length + 100), /need at least/);
  const big = encodeRdcHeader({ ...real, shape: [2 ** 18, 2 ** 18, 3], samples: 2 ** 36, chunkSize: 2 ** 24 });
  assert.throws(() => decodeRdcHeader(big, big.length + 1000), /68719476736 samples in 4096 chunks of 16777216/);
});

test('100k random and mutated byte strings into each of the .rdc (both versions) and safetensors readers: each decodes or throws an Error', () => {
  const r = mulberry32(1234);
  const seeds = [
    encodeRdc(sample()), encodeRdcVersion1({ codec: 'ntc', modelDigest: digest, shape: [17, 3], payload: Uint8Array.from([5, 4, 3]) }),
    encodeSafetensors({ tensors: { w: { shape: [3, 2], data: randomArray(6, 1) } }, metadata: { a: 'b' } }),
  ];
  const readers = [decodeRdc, decodeRdc, (b: Uint8Array) => decodeSafetensors(b)];
  let calls = 0;
  for (let k = 0; k < seeds.length; ++k) {
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
  assert.is(calls, 300_000);
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
