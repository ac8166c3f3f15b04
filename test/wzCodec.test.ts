import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readNpy, writeNpy } from '../lib/coding/npy.js';
import { loadModel } from '../lib/models/modelFile.js';
import { Rng, tensor, xEqualsYPlusNoise } from '../lib/index.js';

const cli = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'lib', 'cli', 'main.js');
const run = (...args: string[]) => spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8' });

test('rdlab compress / decompress --side-info round-trips every wz-gaussian model; the file size is the reported rate', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'rdlab-wz-'));
  const r = run('run', 'wz-gaussian', '--quick', '--quiet', '--out', path.join(dir, 'run'), '--set', 'steps=40', '--set', 'lambdas=[40]', '--set', 'evalSamples=300');
  assert.is(r.status, 0, r.stderr);
  const { x, y } = xEqualsYPlusNoise().sample(1500, new Rng(5));
  writeFileSync(path.join(dir, 'x.npy'), writeNpy({ data: x.toArray() as Float32Array, shape: [1500, 1] }));
  writeFileSync(path.join(dir, 'y.npy'), writeNpy({ data: y.toArray() as Float32Array, shape: [1500] }));
  for (const name of ['000-ecvq-lambda-40', '001-concrete-lambda-40', '002-ntc-si-lambda-40']) {
    const modelPath = path.join(dir, 'run', 'models', `${name}.safetensors`);
    const rdc = path.join(dir, `${name}.rdc`), out = path.join(dir, `${name}.npy`);
    const c = run('compress', '--model', modelPath, '--in', path.join(dir, 'x.npy'), '--out', rdc);
    assert.is(c.status, 0, c.stderr);
    const reported = Number(/^([\d.]+) bits per sample/.exec(c.stdout)?.[1]);
    assert.ok(Math.abs(reported - (statSync(rdc).size * 8) / 1500) < 1e-3, c.stdout);
    assert.match(run('decompress', '--model', modelPath, '--in', rdc, '--out', out).stderr, /--side-info: this '(wz-ecvq|wz-concrete|ntc)' model decodes with the side information/);
    const d = run('decompress', '--model', modelPath, '--in', rdc, '--out', out, '--side-info', path.join(dir, 'y.npy'));
    assert.is(d.status, 0, d.stderr);
    // the decoded array is g(u, y) with u what the encoder chose
    const loaded = loadModel(modelPath);
    const xT = tensor(x.toArray() as Float32Array, [1500, 1]);
    const direct = (loaded.codec === 'ntc' ? loaded.model.reconstruct(loaded.model.latents(xT), y)
      : loaded.model.decode(loaded.codec === 'wz-ecvq' ? loaded.model.encode(xT, loaded.pair.posterior(xT, loaded.model.config.sideSamples, new Rng(0))!) : loaded.model.encode(xT), y)).toArray();
    assert.equal(Array.from(readNpy(new Uint8Array(readFileSync(out))).data), Array.from(direct));
  }
  // the conditional Concrete model has no bitstream: its rate is the labelled Slepian-Wolf estimate
  const conditional = path.join(dir, 'run', 'models', '003-concrete-conditional-lambda-40.safetensors');
  assert.match(run('compress', '--model', conditional, '--in', path.join(dir, 'x.npy'), '--out', path.join(dir, 'c.rdc')).stderr, /codes no bitstream .* Slepian-Wolf/);
  const results = JSON.parse(readFileSync(path.join(dir, 'run', 'results.json'), 'utf8')) as { series: { name: string; points: { rate_kind?: string; rate_bits: number; rate_estimate_bits: number }[] }[] };
  const cond = results.series.find((s) => s.name === 'concrete-conditional')!.points[0];
  assert.is(cond.rate_kind, 'slepian-wolf-estimate');
  assert.is(cond.rate_bits, cond.rate_estimate_bits);
  assert.match(readFileSync(path.join(dir, 'run', 'report.md'), 'utf8'), /\| concrete-conditional \| 40 \| [\d.]+ \(SW est\.\) \|[^]*SW est\.: the Slepian–Wolf rate/);
  writeFileSync(path.join(dir, 'y7.npy'), writeNpy({ data: new Float32Array(7), shape: [7] }));
  const ecvq = path.join(dir, 'run', 'models', '000-ecvq-lambda-40.safetensors');
  assert.match(run('decompress', '--model', ecvq, '--in', path.join(dir, '000-ecvq-lambda-40.rdc'), '--out', path.join(dir, 'o.npy'), '--side-info', path.join(dir, 'y7.npy')).stderr, /--side-info: .* 7 samples, the compressed file 1500/);
});

test.run();
