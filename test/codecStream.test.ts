import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { encodeDiscretized } from '../lib/coding/entropyCoders.js';
import { encodeRdc } from '../lib/coding/rdcFile.js';
import { encodeSafetensors } from '../lib/coding/safetensors.js';
import { writeNpy } from '../lib/coding/npy.js';
import { compressFile, compressStream, decompressStream, gaussian, loadModel, Ntc, Rng, tensor } from '../lib/index.js';
import { encodeRdcVersion1 } from './fixtures/rdcVersion1.js';
import { mulberry32 } from './reference/prng.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'rdlab-stream-'));
const modelPath = path.join(dir, 'model.safetensors');
{
  const model = new Ntc({ inputs: 2, latents: 2, lambda: 32, reduction: 'sum', analysis: { hidden: [12] }, synthesis: { hidden: [12] } }, { seed: 5, lr: 3e-3 });
  const src = gaussian([1, 1]), data = new Rng(9, 1), noise = new Rng(9, 2);
  for (let i = 0; i < 200; ++i) model.step(src.sample(256, data).x, noise);
  const { tensors, metadata } = model.modelTensors();
  writeFileSync(modelPath, encodeSafetensors({ tensors: Object.fromEntries(Object.entries(tensors).map(([k, v]) => [k, { shape: v.shape, data: v.toArray() as Float32Array }])), metadata }));
}
const loaded = loadModel(modelPath);
if (loaded.codec !== 'ntc') throw new Error('expected an NTC model');
const ntc = loaded.model;
const quiet = { onWarning: () => {} };

/** n samples of 2 fresh random values in [-2, 2). */
function input(n: number, seed: number): Float32Array {
  const r = mulberry32(seed);
  return Float32Array.from({ length: 2 * n }, () => 4 * r() - 2);
}

/** `x` in pieces of the given lengths (cycled), alternating float32 and float64. */
function* pieces(x: Float32Array, lengths: number[]): Generator<Float32Array | Float64Array> {
  for (let at = 0, k = 0; at < x.length; ++k) {
    const n = Math.min(lengths[k % lengths.length], x.length - at);
    const p = x.subarray(at, at + n);
    yield k % 2 ? Float64Array.from(p) : p;
    at += n;
  }
}

async function collect<T extends Uint8Array | Float32Array>(g: AsyncIterable<T>, make: (n: number) => T): Promise<T> {
  const parts: T[] = [];
  for await (const p of g) parts.push(p);
  const out = make(parts.reduce((a, p) => a + p.length, 0));
  let o = 0;
  for (const p of parts) { out.set(p, o); o += p.length; }
  return out;
}
/** Awaits `call`, which must reject with an Error matching `expected` (a pattern, or a test of the error). */
async function rejects(call: () => Promise<unknown>, expected: RegExp | ((e: Error) => boolean)): Promise<void> {
  try {
    await call();
  } catch (e) {
    const ok = expected instanceof RegExp ? expected.test((e as Error).message) : expected(e as Error);
    assert.ok(ok, `rejected with ${(e as Error).name}: ${(e as Error).message}; expected ${String(expected)}`);
    return;
  }
  assert.unreachable(`expected a rejection matching ${String(expected)}`);
}
const bytesOf = (g: AsyncIterable<Uint8Array>) => collect(g, (n) => new Uint8Array(n));
const floatsOf = (g: AsyncIterable<Float32Array>) => collect(g, (n) => new Float32Array(n));

test('a streamed file is the one-shot chunks, byte for byte, and decodes to the one-shot reconstruction from pieces of any size', async () => {
  const seed = Date.now() >>> 0;
  for (const [n, chunk] of [[2347, 301], [40_001, 2 ** 24], [1, 1], [17, 17], [18, 17]] as const) {
    const x = input(n, seed + n);
    const file = await bytesOf(compressStream(loaded, [n, 2], pieces(x, [7, 1000, 3, 555]), { chunk, ...quiet }));
    const chunks = [];
    for (let first = 0; first < n; first += chunk) {
      const rows = Math.min(chunk, n - first);
      chunks.push({ samples: rows, payload: ntc.compress(tensor(x.subarray(2 * first, 2 * (first + rows)), [rows, 2])).bytes });
    }
    const oneShot = encodeRdc({ codec: 'ntc', modelDigest: loaded.digest, shape: [n, 2], samples: n, chunkSize: chunk, chunks });
    assert.equal(Buffer.from(file), Buffer.from(oneShot), `n=${n} chunk=${chunk} (seed ${seed})`);
    // the file in 5-byte pieces (an async source), decoded chunk by chunk
    async function* fiveBytes() { for (let at = 0; at < file.length; at += 5) yield file.subarray(at, at + 5); }
    const decoded = await decompressStream(loaded, fiveBytes());
    assert.equal(decoded.header.shape, [n, 2]);
    assert.is(decoded.samples, n);
    const xHat = await floatsOf(decoded.pieces);
    const expected = ntc.decompress(ntc.compress(tensor(x, [n, 2]))).toArray();
    assert.ok(xHat.length === 2 * n && xHat.every((v, i) => v === expected[i]), `n=${n}: streamed reconstruction differs from one-shot`);
  }
  // the async form of compress makes the same bytes (over several 16384-row blocks)
  const x = tensor(input(40_001, seed), [40_001, 2]);
  assert.equal(Buffer.from((await ntc.compressAsync(x)).bytes), Buffer.from(ntc.compress(x).bytes));
  assert.equal(Array.from((await ntc.decompressAsync(ntc.compress(x))).toArray()), Array.from(ntc.decompress(ntc.compress(x)).toArray()));
});

test('a version 1 file (coded without the sentinel) still decodes', async () => {
  const n = 999, x = input(n, 3);
  const symbols = ntc.entropyModel.symbols(ntc.analysis.forward(tensor(x, [n, 2])));
  const payload = encodeDiscretized(symbols, ntc.entropyModel.coderTables().tables, Uint32Array.from({ length: 2 * n }, (_, i) => i % 2), ntc.entropyModel.coderTables().precision, false);
  const v1 = encodeRdcVersion1({ codec: 'ntc', modelDigest: loaded.digest, shape: [n, 2], payload });
  const decoded = await decompressStream(loaded, v1);
  assert.is(decoded.header.version, 1);
  const xHat = await floatsOf(decoded.pieces);
  assert.equal(Array.from(xHat), Array.from(ntc.decompress(ntc.compress(tensor(x, [n, 2]))).toArray()));
  // with the sentinel expected, the same payload is refused
  const asV2 = encodeRdc({ codec: 'ntc', modelDigest: loaded.digest, shape: [n, 2], samples: n, chunkSize: n, chunks: [{ samples: n, payload }] });
  await rejects(async () => floatsOf((await decompressStream(loaded, asV2)).pieces), /rdc: chunk 0: corrupt data/);
});

test('a chunk must decode to exactly its declared samples with exactly its bytes (valid CRCs)', async () => {
  const n = 40, x = input(n, 8);
  const payload = (first: number, rows: number) => ntc.compress(tensor(x.subarray(2 * first, 2 * (first + rows)), [rows, 2])).bytes;
  const file = (chunk1: Uint8Array) => encodeRdc({
    codec: 'ntc', modelDigest: loaded.digest, shape: [n, 2], samples: n, chunkSize: 16,
    chunks: [{ samples: 16, payload: payload(0, 16) }, { samples: 16, payload: chunk1 }, { samples: 8, payload: payload(32, 8) }],
  });
  const decode = async (bytes: Uint8Array) => floatsOf((await decompressStream(loaded, bytes)).pieces);
  assert.is((await decode(file(payload(16, 16)))).length, 2 * n);
  await rejects(() => decode(file(payload(16, 15))), /rdc: chunk 1: corrupt data: .*decoded with other tables or symbol count/);
  await rejects(() => decode(file(new Uint8Array(0))), /rdc: chunk 1: corrupt data/);
  await rejects(() => decode(file(Uint8Array.from([...payload(16, 16), 0]))), /rdc: chunk 1: corrupt data: rANS stream corrupt/);
  const wrongModel = encodeRdc({ codec: 'ntc', modelDigest: new Uint8Array(32), shape: [1, 2], samples: 1, chunkSize: 1, chunks: [{ samples: 1, payload: payload(0, 1) }] });
  await rejects(() => decompressStream(loaded, wrongModel), /made with a different model/);
  await rejects(() => decode(Uint8Array.from([...file(payload(16, 16)), 7])), /bytes after the last chunk/);
});

test('data that ends early or runs long, or holds NaN, is refused naming the sample', async () => {
  const x = input(50, 4);
  await rejects(() => bytesOf(compressStream(loaded, [51, 2], [x], { chunk: 8, ...quiet })), /data: ended after 100 elements; shape \(51, 2\) holds 102/);
  await rejects(() => bytesOf(compressStream(loaded, [49, 2], [x], { chunk: 8, ...quiet })), /data: holds more than the 98 elements of shape \(49, 2\)/);
  x[77] = NaN;
  await rejects(() => bytesOf(compressStream(loaded, [50, 2], [x], { chunk: 8, name: 'x.npy' })), /x\.npy: element 77 \(sample 38, column 1\) is NaN/);
  assert.throws(() => compressStream(loaded, [5, 3], [x]), /data: shape \(5, 3\) does not hold whole samples of 2 elements/);
  assert.throws(() => compressStream(loaded, [5, 2], [x], { chunk: 2 ** 24 + 1 }), /options\.chunk: expected an integer in \[1, 16777216\]/);
});

test('an AbortSignal stops compression and decompression before the next chunk; a file function leaves no output', async () => {
  const n = 5000, x = input(n, 6);
  const ac = new AbortController();
  function* aborting() { for (let k = 0; k < 10; ++k) { if (k === 3) ac.abort(); yield x.subarray(1000 * k, 1000 * (k + 1)); } }
  let chunks = 0;
  await rejects(async () => { for await (const _ of compressStream(loaded, [n, 2], aborting(), { chunk: 500, signal: ac.signal, ...quiet })) chunks++; }, (e: Error) => e.name === 'AbortError');
  assert.ok(chunks >= 2 && chunks < 11, `${chunks} pieces before the abort`);
  const file = await bytesOf(compressStream(loaded, [n, 2], [x], { chunk: 500, ...quiet }));
  const stop = new AbortController();
  const decoded = await decompressStream(loaded, file, { signal: stop.signal });
  let decodedChunks = 0;
  await rejects(async () => { for await (const _ of decoded.pieces) if (++decodedChunks === 2) stop.abort(new Error('enough')); }, /enough/);
  assert.is(decodedChunks, 2);
  const npy = path.join(dir, 'x.npy');
  writeFileSync(npy, writeNpy({ data: x, shape: [n, 2] }));
  const gone = new AbortController();
  gone.abort();
  await rejects(() => compressFile(modelPath, npy, path.join(dir, 'aborted.rdc'), { signal: gone.signal, chunk: 100 }), (e: Error) => e.name === 'AbortError');
  assert.not.ok(existsSync(path.join(dir, 'aborted.rdc')));
  assert.equal(readdirSync(dir).filter((f) => f.endsWith('.tmp')), []);
});

test.run();
