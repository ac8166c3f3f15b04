import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  ConvNet, estimateRD, gaussian, GeneratorRcc, loadNerdModel, loadRccModel, Mlp, Nerd, RCC_FILE_VERSION, rccModelTensors, rccRateGuarantee, Rng, tensor,
  type ConvNetConfig,
} from '../lib/index.js';
import { encodeSafetensors } from '../lib/coding/safetensors.js';
import { hostTensors } from '../lib/runner/checkpoint.js';
import type { Activation } from '../lib/nn/mlp.js';
import { referenceConv } from './reference/conv.js';
import { act } from './reference/mlp.js';
import { refArgmin, refLatent, refOrcScores } from './reference/orc.js';
import { randomArray } from './reference/prng.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'rdlab-rcc-convnet-'));

/**
 * A tiny generator at odd sizes: z [3] -> linear 12 (relu) -> [2, 2, 3] -> 3 x 3 transposed
 * convolution, stride 2, padding 1 -> a [3, 3, 2] image, m = 18 values (NHWC).
 */
const tiny = (out: Activation): ConvNetConfig => ({
  input: [3],
  layers: [
    { type: 'linear', outputs: 12, activation: 'relu' },
    { type: 'reshape', shape: [2, 2, 3] },
    { type: 'convTranspose', channels: 2, kernel: 3, stride: 2, padding: 1, activation: out },
  ],
});

/** The tiny generator in float64, straight from the definitions (weights in ConvNet's flat layout). */
function referenceTiny(params: Float32Array, z: number[], out: Activation): number[] {
  const h = new Float64Array(12);
  for (let j = 0; j < 12; ++j) {
    let a = params[36 + j];
    for (let i = 0; i < 3; ++i) a += z[i] * params[i * 12 + j];
    h[j] = act('relu', a, 0.01);
  }
  const c = { batch: 1, h: 2, w: 2, cin: 3, kh: 3, kw: 3, cout: 2, stride: [2, 2] as [number, number], padding: [1, 1] as [number, number], activation: out, transposed: true };
  return Array.from(referenceConv(c, h, params.subarray(48, 102), params.subarray(102, 104), new Float64Array(18)).y);
}

test('GeneratorRcc over a ConvNet: the float64 reference\'s index at odd N and chunks; the decoder regenerates the encoder\'s Y_K bit for bit', () => {
  const gen = new ConvNet(tiny('tanh'), { seed: 5 }), params = gen.params.toArray() as Float32Array;
  assert.equal(gen.outputShape, [3, 3, 2]);
  const G = (z: number[]) => referenceTiny(params, z, 'tanh');
  const S = 5, m = 18, n = 777, x = randomArray(S * m, 21, -0.9, 0.9);
  for (const method of ['pfr', 'orc'] as const) {
    const codecs = [61, 300, 1024].map((chunk) => new GeneratorRcc(gen, { beta: -1.7, rateBits: 2.5 }, { method, candidates: n, seed: 8, chunk }));
    const encs = codecs.map((c) => c.encode(tensor(x, [S, m]), 13));
    const indices = Array.from(codecs[0].search(tensor(x, [S, m]), 13).indices);
    codecs.forEach((c, j) => assert.equal(Array.from(c.search(tensor(x, [S, m]), 13).indices), indices, `chunk #${j}: same indices`));
    encs.forEach((e) => assert.equal(e.bytes, encs[0].bytes, 'one bitstream for every chunk size'));
    for (let s = 0; s < S; ++s) {
      const scores = refOrcScores(method, x.subarray(s * m, (s + 1) * m), (i) => G(refLatent(8n, 13 + s, i, 3)), -1.7, n, 8n, 13 + s);
      const want = refArgmin(scores), got = indices[s];
      assert.ok(got === want || Math.abs(scores[got] - scores[want]) < 1e-4 * (1 + Math.abs(scores[want])), `${method} sample ${s}: ${got} vs reference ${want}`);
    }
    const y = codecs[1].decode(encs[1]);
    assert.equal(y.shape, [S, m]);
    const got = y.toArray();
    assert.equal(Array.from(got), Array.from(encs[0].y.toArray()), 'decoded Y_K = the encoder\'s');
    for (let s = 0; s < S; ++s)
      G(refLatent(8n, 13 + s, indices[s], 3)).forEach((v, k) => assert.ok(Math.abs(got[s * m + k] - v) < 1e-5 * (1 + Math.abs(v)), `Y_K[${s},${k}] = G(z_K)`));
  }
});

test('NERD-RCC with a ConvNet generator: measured rate under R + log2(R+1) + 5 at NERD\'s own estimate', () => {
  // a Gaussian whose 18 components are the tiny generator's image; the generator learns Q_Y at a fixed β
  const v = Array.from({ length: 18 }, (_, k) => 2 * Math.exp(-k / 4)), src = gaussian(v);
  const { points, models } = estimateRD(src, { betas: [-1.5], generator: { convNet: tiny('identity') }, M: 256, B: 128, steps: 300, lr: 1e-2, seed: 3, evalBatches: 4, evalSamples: 2048 });
  const p = points[0], x = src.sample(60, new Rng(77)).x;
  assert.ok(p.rate_bits > 1 && !p.saturated, JSON.stringify(p));
  for (const method of ['pfr', 'orc'] as const) {
    const rcc = GeneratorRcc.fromNerd(models[0], p, { method, candidates: 2 ** 13, seed: 4 });
    const enc = rcc.encode(x), rate = enc.bits / 60, bound = rccRateGuarantee(p.rate_bits);
    assert.ok(rate < bound, `${method}: ${rate} bits measured, guarantee ${bound} at the estimate ${p.rate_bits}`);
    assert.equal(Array.from(rcc.decode(enc).toArray()), Array.from(enc.y.toArray()));
  }
});

test('rcc-nerd model files: version 2 carries a ConvNet generator and its codecs; version 1 files still load', () => {
  const model = new Nerd({ dim: 18, convNet: tiny('sigmoid'), samples: 16, target: { beta: -1 } }, { seed: 9 });
  const channel = { beta: -2.25, rateBits: 3.5 };
  const written = rccModelTensors(model, { channel, methods: ['orc', 'pfr'], candidates: 333, seed: 12 });
  const file2 = path.join(dir, 'v2.safetensors');
  writeFileSync(file2, encodeSafetensors({ tensors: hostTensors(written.tensors), metadata: written.metadata }));
  const loaded = loadRccModel(file2);
  assert.is(loaded.version, RCC_FILE_VERSION);
  assert.equal(loaded.methods, ['orc', 'pfr']);
  assert.equal(loaded.channel, channel);
  assert.ok(loaded.nerd.generator instanceof ConvNet);
  assert.equal(loaded.nerd.config.convNet, tiny('sigmoid'));
  const x = tensor(randomArray(3 * 18, 4, 0, 1), [3, 18]);
  for (const method of ['pfr', 'orc'] as const) {
    const original = new GeneratorRcc(model.generator, channel, { method, candidates: 333, seed: 12 }), enc = original.encode(x);
    assert.equal(Array.from(loaded.codec(method).decode(enc).toArray()), Array.from(enc.y.toArray()), `${method}: the loaded codec decodes the original's bitstream`);
  }
  assert.is(loaded.codec().options.method, 'orc', 'default: the file\'s first method');
  // version 1: rcc-gaussian's files before the channel was stored (an MLP generator, one method)
  const mlpModel = new Nerd({ dim: 4, hidden: [5], samples: 8, target: { distortion: 1 } }, { seed: 2 });
  const file1 = path.join(dir, 'v1.safetensors');
  const v1 = { 'rdlab.codec': 'rcc-nerd', 'nerd.config': JSON.stringify(mlpModel.config), 'rcc.method': 'pfr' };
  writeFileSync(file1, encodeSafetensors({ tensors: hostTensors({ 'generator.params': mlpModel.generator.params }), metadata: v1 }));
  const old = loadRccModel(file1);
  assert.equal([old.version, old.methods, old.channel], [1, ['pfr'], null]);
  assert.ok(old.nerd.generator instanceof Mlp);
  assert.equal(Array.from(old.nerd.generator.params.toArray()), Array.from(mlpModel.generator.params.toArray()));
  assert.throws(() => old.codec(), /version 1 'rcc-nerd' file stores no channel/);
  assert.equal(Array.from(loadNerdModel(file1).generator.params.toArray()), Array.from(mlpModel.generator.params.toArray()), 'loadNerdModel reads it too');
  // bad files name what is wrong
  const bad = (name: string, metadata: Record<string, string>) => {
    const f = path.join(dir, name);
    writeFileSync(f, encodeSafetensors({ tensors: hostTensors(written.tensors), metadata: { ...written.metadata, ...metadata } }));
    return f;
  };
  assert.throws(() => loadRccModel(bad('v3.safetensors', { 'rcc.version': '3' })), /file version 3; this rdlab reads versions 1 and 2/);
  assert.throws(() => loadRccModel(bad('nochannel.safetensors', { 'rcc.channel': 'x' })), /metadata 'rcc.channel' is missing or not JSON/);
  assert.throws(() => loadRccModel(bad('beta.safetensors', { 'rcc.channel': '{"beta":1,"rateBits":2}' })), /beta\.safetensors: channel.beta: expected a negative slope/);
  assert.throws(() => loadRccModel(bad('nerd.safetensors', { 'rdlab.codec': 'nerd' })), /expected an RCC model file \(codec 'rcc-nerd'\), got codec 'nerd'/);
  assert.throws(() => loaded.codec('nope' as never), /^method: this file's codecs are orc, pfr/);
  assert.throws(() => rccModelTensors(model, { channel, methods: [], candidates: 3, seed: 1 }), /^codec.methods/);
  assert.throws(() => GeneratorRcc.fromNerd(new Nerd({ dim: 2, samples: 4, target: { beta: -1 }, distortion: { p: 1 } }), { beta: -1, rate_bits: 1 }, { method: 'pfr', candidates: 4, seed: 1 }), /p = 1; PFR\/ORC score squared error/);
});

test.run();
