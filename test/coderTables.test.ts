/**
 * Deterministic coder tables (issue 15, item 4): an NTC model file stores the coder's integer
 * tables, and encoder and decoder code with them, so a file encoded with the AVX-512 kernels
 * on 2 threads decodes to byte-identical latents with the generic kernels on 1 thread. The
 * kernels and the thread count are fixed per process, so each side runs in a child process
 * (test/fixtures/coderTablesChild.ts, and the CLI). Only the latents and the bitstream are
 * claimed identical: the decoder's MLP g(ŷ) rounds differently per ISA, so x̂ may differ in
 * its last bits.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { decodeRdc } from '../lib/coding/rdcFile.js';
import { decodeSafetensors, encodeSafetensors } from '../lib/coding/safetensors.js';
import { writeNpy } from '../lib/coding/npy.js';
import { gaussian, info, loadNtcModel, Ntc, Rng } from '../lib/index.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const child = path.join(here, 'fixtures', 'coderTablesChild.js');
const cli = path.join(here, '..', 'lib', 'cli', 'main.js');
const features = info().cpuFeatures.split(' ');
const hasAvx512 = features.includes('avx512f') && features.includes('avx512vl') && features.includes('avx512bw');
/** The encoder's kernels: AVX-512 where this CPU has it (else the widest it has, and the row says so). */
const encoderIsa = hasAvx512 ? 'avx512' : features.includes('avx2') && features.includes('fma') ? 'avx2' : 'generic';
if (!hasAvx512) console.log(`coderTables.test: this CPU lacks AVX-512 (F, VL, BW); the encoder runs on ${encoderIsa} instead`);

const dir = mkdtempSync(path.join(os.tmpdir(), 'rdlab-coder-'));
const file = (name: string) => path.join(dir, name);
const N = 2003;

// a 2-D NTC model, trained briefly, saved as `rdlab run` saves it (the coder tables in the file)
const model = new Ntc({ inputs: 2, latents: 2, lambda: 64, reduction: 'sum', analysis: { hidden: [16] }, synthesis: { hidden: [16] } }, { seed: 4, lr: 3e-3 });
{
  const src = gaussian([1, 2]), data = new Rng(6, 1), noise = new Rng(6, 2);
  for (let i = 0; i < 200; ++i) model.step(src.sample(256, data).x, noise);
  const { tensors, metadata } = model.modelTensors();
  const host = Object.fromEntries(Object.entries(tensors).map(([k, v]) => [k, { shape: v.shape, data: v.toArray() }]));
  writeFileSync(file('model.safetensors'), encodeSafetensors({ tensors: host, metadata }));
}
const x = Float32Array.from({ length: N * 2 }, (_, i) => Math.sin(i * 0.731) * 2.1 + Math.cos(i * 0.119));
writeFileSync(file('x.f32'), new Uint8Array(x.buffer));
writeFileSync(file('x.npy'), writeNpy({ data: x, shape: [N, 2] }));

function spawn(isa: string, threads: number, script: string, args: string[]) {
  const env = { ...process.env, RDLAB_CPU_ISA: isa, RDLAB_NUM_THREADS: String(threads) };
  const r = spawnSync(process.execPath, [script, ...args], { env, encoding: 'utf8' });
  assert.is(r.status, 0, r.stderr);
  return r;
}

function runChild(isa: string, threads: number, args: string[]): void {
  const out = JSON.parse(spawn(isa, threads, child, args).stdout) as { isa: string; threads: number };
  assert.equal(out, { isa, threads });
}

test('the model file holds the coder tables: coder.lo I32 [C], coder.freq U32 [C, K], coder.escape U32 [C], ntc.coderPrecision', () => {
  const f = decodeSafetensors(new Uint8Array(readFileSync(file('model.safetensors'))));
  assert.is(f.tensors['coder.lo'].dtype, 'I32');
  assert.is(f.tensors['coder.freq'].dtype, 'U32');
  assert.is(f.tensors['coder.escape'].dtype, 'U32');
  assert.equal(f.tensors['coder.lo'].shape, [2]);
  assert.is(f.tensors['coder.freq'].shape[0], 2);
  assert.is(f.metadata['ntc.coderPrecision'], '16');
  const loaded = loadNtcModel(file('model.safetensors')).entropyModel.coderTables();
  assert.equal(loaded, model.entropyModel.coderTables());
});

test(`encoded on ${encoderIsa} with 2 threads, decoded on generic with 1 thread (and on the encoder's kernels): byte-identical latents`, () => {
  runChild(encoderIsa, 2, ['encode', file('model.safetensors'), file('x.f32'), file('enc')]);
  const encoded = readFileSync(file('enc.latents'));
  assert.is(encoded.length, N * 2 * 4);
  for (const [isa, threads] of [['generic', 1], [encoderIsa, 2]] as const) {
    runChild(isa, threads, ['decode', file('model.safetensors'), file('enc.bin'), String(N), file(`dec-${isa}`)]);
    assert.ok(readFileSync(file(`dec-${isa}`) + '.latents').equals(encoded), `decoded on ${isa}, ${threads} thread(s): latents differ from the encoder's`);
  }
  // and in this process (whatever kernels it runs on)
  const here = loadNtcModel(file('model.safetensors')).entropyModel.decompress(new Uint8Array(readFileSync(file('enc.bin'))), N);
  assert.ok(Buffer.from((here.toArray() as Float32Array).buffer).equals(encoded));
  // the generic encoder's bitstream of the same latents is the same bytes
  runChild('generic', 1, ['encode', file('model.safetensors'), file('x.f32'), file('enc-generic')]);
  if (readFileSync(file('enc-generic.latents')).equals(encoded)) assert.ok(readFileSync(file('enc-generic.bin')).equals(readFileSync(file('enc.bin'))));
});

test(`rdlab compress (${encoderIsa}, 2 threads) then rdlab decompress (generic, 1 thread) exits 0 with every sample`, () => {
  const c = spawn(encoderIsa, 2, cli, ['compress', '--model', file('model.safetensors'), '--in', file('x.npy'), '--out', file('x.rdc')]);
  assert.match(c.stdout, /bits per sample/);
  spawn('generic', 1, cli, ['decompress', '--model', file('model.safetensors'), '--in', file('x.rdc'), '--out', file('x-hat.npy')]);
  const xHat = new Float32Array(readFileSync(file('x-hat.npy')).buffer.slice(-N * 2 * 4));
  // x̂ = g(ŷ) of the file's ŷ: equal up to the decoder MLP's rounding on other kernels
  const loaded = loadNtcModel(file('model.safetensors'));
  const chunks = decodeRdc(new Uint8Array(readFileSync(file('x.rdc')))).chunks;
  const expected = Float32Array.from(chunks.flatMap((c) => Array.from(loaded.reconstruct(loaded.entropyModel.decompress(c.payload, c.samples!)).toArray())));
  let worst = 0;
  for (let i = 0; i < xHat.length; ++i) worst = Math.max(worst, Math.abs(xHat[i] - expected[i]) / (1 + Math.abs(expected[i])));
  assert.ok(worst < 1e-5, `x̂ differs by ${worst}`);
});

test('a model file written before the tables were stored still loads: its tables are computed on load, and codes with them', () => {
  const f = decodeSafetensors(new Uint8Array(readFileSync(file('model.safetensors'))));
  const tensors = Object.fromEntries(Object.entries(f.tensors).filter(([k]) => !k.startsWith('coder.')));
  const { 'ntc.coderPrecision': _, ...metadata } = f.metadata;
  writeFileSync(file('old.safetensors'), encodeSafetensors({ tensors, metadata }));
  const old = loadNtcModel(file('old.safetensors'));
  assert.equal(old.entropyModel.coderTables(), model.entropyModel.coderTables());
  const enc = readFileSync(file('enc.latents'));
  assert.ok(Buffer.from((old.entropyModel.decompress(new Uint8Array(readFileSync(file('enc.bin'))), N).toArray() as Float32Array).buffer).equals(enc));
});

test('stored tables of the wrong shape or type are refused naming the file and the tensor', () => {
  const f = decodeSafetensors(new Uint8Array(readFileSync(file('model.safetensors'))));
  const write = (name: string, change: (t: typeof f.tensors) => void) => {
    const tensors = { ...f.tensors };
    change(tensors);
    writeFileSync(file(name), encodeSafetensors({ tensors, metadata: f.metadata }));
    return file(name);
  };
  const asF32 = write('f32.safetensors', (t) => { t['coder.escape'] = { ...t['coder.escape'], dtype: 'F32', data: Float32Array.from(t['coder.escape'].data) }; });
  assert.throws(() => loadNtcModel(asF32), /f32\.safetensors: tensor 'coder\.escape' should be U32, is F32/);
  const short = write('short.safetensors', (t) => { t['coder.lo'] = { ...t['coder.lo'], shape: [1], data: t['coder.lo'].data.slice(0, 1) }; });
  assert.throws(() => loadNtcModel(short), /short\.safetensors: coder tables should be coder\.lo \[2\], coder\.freq \[2, K\], coder\.escape \[2\]; got \[1\]/);
  const missing = write('missing.safetensors', (t) => { delete t['coder.lo']; });
  assert.throws(() => loadNtcModel(missing), /missing\.safetensors: model file has no tensor 'coder\.lo'/);
  const sum = write('sum.safetensors', (t) => { t['coder.escape'] = { ...t['coder.escape'], data: Uint32Array.from(t['coder.escape'].data, (v) => v + 1) }; });
  assert.throws(() => loadNtcModel(sum), /sum\.safetensors: coder\.tables\[0\]: frequencies sum to 65537/);
});

test.run();
