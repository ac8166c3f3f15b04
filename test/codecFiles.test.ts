import { spawnSync } from 'node:child_process';
import { existsSync, linkSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { encodeDiscretized } from '../lib/coding/entropyCoders.js';
import { decodeRdc, encodeRdc, encodeRdcHeader } from '../lib/coding/rdcFile.js';
import { encodeSafetensors } from '../lib/coding/safetensors.js';
import { readNpy, writeNpy } from '../lib/coding/npy.js';
import { gaussian, loadNtcModel, Ntc, Rng, tensor } from '../lib/index.js';
import { encodeRdcVersion1 } from './fixtures/rdcVersion1.js';

const cli = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'lib', 'cli', 'main.js');
const run = (...args: string[]) => spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8' });

// a small unit-Gaussian NTC model, trained once; each test gets a fresh folder with it and an input array
const modelFile = (() => {
  const model = new Ntc({ inputs: 1, latents: 1, lambda: 64, reduction: 'sum', analysis: { hidden: [16] }, synthesis: { hidden: [16] } }, { seed: 3, lr: 3e-3 });
  const src = gaussian(1), data = new Rng(5, 1), noise = new Rng(5, 2);
  for (let i = 0; i < 300; ++i) model.step(src.sample(256, data).x, noise);
  const { tensors, metadata } = model.modelTensors();
  const host = Object.fromEntries(Object.entries(tensors).map(([k, v]) => [k, { shape: v.shape, data: v.toArray() as Float32Array }]));
  return encodeSafetensors({ tensors: host, metadata });
})();

function setup() {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'rdlab-files-'));
  const file = (name: string) => path.join(dir, name);
  writeFileSync(file('model.safetensors'), modelFile);
  writeFileSync(file('x.npy'), writeNpy({ data: Float32Array.from({ length: 999 }, (_, i) => Math.sin(i * 1.7) * 1.3), shape: [999, 1] }));
  return { dir, file, model: file('model.safetensors'), x: file('x.npy') };
}

const bytes = (f: string) => readFileSync(f);

test('compress and decompress never write over an input: same path, symlink, hard link; inputs stay byte-identical', () => {
  const { file, model, x } = setup();
  const before = { model: bytes(model), x: bytes(x) };
  symlinkSync(model, file('model-link.safetensors'));
  linkSync(x, file('x-hard.npy'));
  for (const [out, flag] of [[model, '--model'], [x, '--in'], [file('model-link.safetensors'), '--model'], [file('x-hard.npy'), '--in']]) {
    const r = run('compress', '--model', model, '--in', x, '--out', out, '--force');
    assert.is.not(r.status, 0);
    assert.match(r.stderr, new RegExp(`--out: .* is the file given as ${flag}; refusing to write over an input`));
  }
  assert.ok(run('compress', '--model', model, '--in', x, '--out', file('x.rdc')).status === 0);
  const rdc = bytes(file('x.rdc'));
  const d = run('decompress', '--model', model, '--in', file('x.rdc'), '--out', file('x.rdc'), '--force');
  assert.is.not(d.status, 0);
  assert.match(d.stderr, /is the file given as --in/);
  assert.equal(bytes(model), before.model);
  assert.equal(bytes(x), before.x);
  assert.equal(bytes(file('x.rdc')), rdc);
});

test('an existing output is refused without --force and replaced with it; no temporary file is left', () => {
  const { dir, file, model, x } = setup();
  writeFileSync(file('old.rdc'), 'precious');
  const r = run('compress', '--model', model, '--in', x, '--out', file('old.rdc'));
  assert.is.not(r.status, 0);
  assert.match(r.stderr, /--out: .*old\.rdc exists; pass --force to replace it/);
  assert.is(bytes(file('old.rdc')).toString(), 'precious');
  const f = run('compress', '--model', model, '--in', x, '--out', file('old.rdc'), '--force');
  assert.is(f.status, 0, f.stderr);
  assert.is(bytes(file('old.rdc')).subarray(0, 4).toString(), 'RDLC');
  writeFileSync(file('xh.npy'), 'precious');
  assert.match(run('decompress', '--model', model, '--in', file('old.rdc'), '--out', file('xh.npy')).stderr, /exists; pass --force/);
  assert.is(run('decompress', '--model', model, '--in', file('old.rdc'), '--out', file('xh.npy'), '--force').status, 0);
  assert.match(run('compress', '--model', model, '--in', x, '--out', path.join(dir, 'no', 'such', 'o.rdc')).stderr, /--out: the folder .* does not exist/);
  for (const [flag, args] of [['--in', ['--model', model, '--in', file('none.npy')]], ['--model', ['--model', file('none.safetensors'), '--in', x]]] as const) {
    const missing = run('compress', ...args, '--out', file('none.rdc'));
    assert.is(missing.status, 1);
    assert.match(missing.stderr, new RegExp(`^rdlab: ${flag}: .*none\\.(npy|safetensors) does not exist`));
    assert.not.ok(existsSync(file('none.rdc')));
  }
  assert.equal(spawnSync('ls', ['-A', dir], { encoding: 'utf8' }).stdout.split('\n').filter((n) => n.endsWith('.tmp')), []);
});

test('compress refuses NaN and ±Infinity naming the first bad element, and warns, with the measured distortion, about values far outside the training range', () => {
  const { file, model } = setup();
  const data = Float32Array.from({ length: 40 }, (_, i) => Math.cos(i));
  for (const bad of [NaN, -Infinity]) {
    const d = Float32Array.from(data);
    d[17] = bad;
    d[31] = NaN;
    writeFileSync(file('bad.npy'), writeNpy({ data: d, shape: [20, 2] }));
    const input = bytes(file('bad.npy'));
    const r = run('compress', '--model', model, '--in', file('bad.npy'), '--out', file('bad.rdc'));
    assert.is.not(r.status, 0);
    assert.match(r.stderr, new RegExp(`bad\\.npy: element 17 \\(sample 17, column 0\\) is ${String(bad)}; only finite values can be compressed`));
    assert.equal(bytes(file('bad.npy')), input);
    assert.not.ok(existsSync(file('bad.rdc')), 'a refused input leaves no output');
  }
  // --force does not let a refused input cost the existing output: nothing is written before the checks pass
  writeFileSync(file('keep.rdc'), 'precious');
  assert.is.not(run('compress', '--model', model, '--in', file('bad.npy'), '--out', file('keep.rdc'), '--force').status, 0);
  assert.is(bytes(file('keep.rdc')).toString(), 'precious');
  // far outside the training range but codable: written, with a warning that gives the measured distortion
  writeFileSync(file('far.npy'), writeNpy({ data: Float32Array.from({ length: 50 }, (_, i) => -1e4 * (1 + i / 50)), shape: [50, 1] }));
  const far = run('compress', '--model', model, '--in', file('far.npy'), '--out', file('far.rdc'));
  assert.is(far.status, 0, far.stderr);
  assert.match(far.stderr, /^rdlab: warning: the 50 largest samples \(norm up to 1\.98e\+4\) decode with relative distortion [\d.]+ .* outside what the model was trained on/);
  assert.ok(existsSync(file('far.rdc')));
  // so far that a latent leaves the coder's int32 range: refused, naming the sample
  const huge = Float32Array.from({ length: 5000 }, (_, i) => Math.sin(i));
  huge[4321] = 1e29;
  writeFileSync(file('huge.npy'), writeNpy({ data: huge, shape: [5000, 1] }));
  const h = run('compress', '--model', model, '--in', file('huge.npy'), '--out', file('huge.rdc'), '--chunk', '1000');
  assert.is(h.status, 1);
  assert.match(h.stderr, /^rdlab: .*huge\.npy: sample 4321 has latent 0 = [-\d.e+]+, whose symbol is outside the int32 range the entropy coder takes/);
  assert.not.ok(existsSync(file('huge.rdc')));
  const near = run('compress', '--model', model, '--in', file('x.npy'), '--out', file('near.rdc'));
  assert.is(near.status, 0, near.stderr);
  assert.is(near.stderr, '');
});


test('--chunk sets the samples per chunk; any chunk size decodes to the same array; a bad value is refused by name', () => {
  const { file, model, x } = setup();
  for (const chunk of ['1', '7', '998', '999', '16777216']) {
    const r = run('compress', '--model', model, '--in', x, '--out', file(`c${chunk}.rdc`), '--chunk', chunk);
    assert.is(r.status, 0, r.stderr);
    const f = decodeRdc(bytes(file(`c${chunk}.rdc`)));
    assert.is(f.chunkSize, Number(chunk));
    assert.is(f.chunks.length, Math.ceil(999 / Number(chunk)));
    assert.match(r.stdout, new RegExp(`for 999 samples in ${f.chunks.length} chunks`));
    assert.is(run('decompress', '--model', model, '--in', file(`c${chunk}.rdc`), '--out', file(`c${chunk}.npy`)).status, 0);
    assert.equal(bytes(file(`c${chunk}.npy`)), bytes(file('c1.npy')));
  }
  for (const bad of ['0', '1.5', 'x', '16777217']) {
    const r = run('compress', '--model', model, '--in', x, '--out', file('bad.rdc'), '--chunk', bad);
    assert.is.not(r.status, 0);
    assert.match(r.stderr, /--chunk: expected an integer in \[1, 16777216\]/);
  }
  assert.not.ok(existsSync(file('bad.rdc')));
});

test('a crafted .rdc whose header declares far more samples than the file can hold is refused before decoding; version 1 files still decode', () => {
  const { file, model, x } = setup();
  assert.is(run('compress', '--model', model, '--in', x, '--out', file('x.rdc'), '--chunk', '4096').status, 0);
  assert.is(run('decompress', '--model', model, '--in', file('x.rdc'), '--out', file('x.npy.out')).status, 0);
  const real = decodeRdc(bytes(file('x.rdc')));
  const chunks = real.chunks.map((c) => ({ samples: c.samples!, payload: c.payload }));
  const fields = { codec: real.codec, modelDigest: real.modelDigest, shape: real.shape, samples: real.samples!, chunkSize: real.chunkSize! };
  const refused = (name: string, crafted: Uint8Array, message: RegExp) => {
    writeFileSync(file(name), crafted);
    const r = run('decompress', '--model', model, '--in', file(name), '--out', file(`${name}.npy`));
    assert.is.not(r.status, 0);
    assert.match(r.stderr, message);
    assert.equal(bytes(file(name)), Buffer.from(crafted));
    assert.not.ok(existsSync(file(`${name}.npy`)), 'a refused file leaves no output');
  };
  // 400M samples in chunks of 4096: the file cannot hold the chunks' heads
  const header = encodeRdcHeader({ ...fields, shape: [400_000_000, 1], samples: 400_000_000 });
  const body = encodeRdc({ ...fields, chunks }).subarray(encodeRdcHeader(fields).length);
  refused('many.rdc', Uint8Array.from([...header, ...body]), /rdc: the header declares 400000000 samples in 97657 chunks of 4096, which need at least \d+ bytes; the file has \d+/);
  // in chunks of 2^24 the heads fit: the model's capacity of the file's bytes refuses it
  const big = encodeRdcHeader({ ...fields, shape: [400_000_000, 1], samples: 400_000_000, chunkSize: 2 ** 24 });
  refused('big.rdc', Uint8Array.from([...big, ...body, ...new Uint8Array(300)]), /big\.rdc: the header declares 400000000 samples, but its \d+-byte file can hold at most \d+ under this model/);
  // version 1: the payload of the real file's one chunk, coded without the sentinel as rdlab 0.1 did
  const ntc = loadNtcModel(model);
  const xs = readNpy(bytes(x));
  const symbols = ntc.entropyModel.symbols(ntc.analysis.forward(tensor(Float32Array.from(xs.data), [999, 1])));
  const payload = encodeDiscretized(symbols, ntc.entropyModel.coderTables().tables, null, ntc.entropyModel.coderTables().precision, false);
  writeFileSync(file('v1.rdc'), encodeRdcVersion1({ codec: 'ntc', modelDigest: real.modelDigest, shape: [999, 1], payload }));
  const ok = run('decompress', '--model', model, '--in', file('v1.rdc'), '--out', file('v1.npy'));
  assert.is(ok.status, 0, ok.stderr);
  assert.equal(bytes(file('v1.npy')), bytes(file('x.npy.out')));
  refused('v1-huge.rdc', encodeRdcVersion1({ codec: 'ntc', modelDigest: real.modelDigest, shape: [400_000_000, 1], payload }),
    new RegExp(`v1-huge\\.rdc: the header declares 400000000 samples, but its ${payload.length}-byte payload can hold at most \\d+ under this model`));
});

test.run();
