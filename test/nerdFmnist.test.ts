import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { writeIdx } from '../lib/coding/idx.js';
import { getExperiment, idxImages, runExperiment } from '../lib/index.js';
import { resolveSettings } from '../lib/runner/settings.js';
import { mulberry32 } from './reference/prng.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'rdlab-nerd-fmnist-'));

/** A gzip'ed IDX file of n random 6x5 ubyte "images": a bright blob whose position varies, plus noise. */
function images(name: string, n: number, seed: number): string {
  const r = mulberry32(seed), bytes = new Uint8Array(n * 30);
  for (let i = 0; i < n; ++i) {
    const cy = 1 + 4 * r(), cx = 1 + 3 * r();
    for (let p = 0; p < 30; ++p) {
      const v = 230 * Math.exp(-((Math.floor(p / 5) - cy) ** 2 + ((p % 5) - cx) ** 2) / 2) + 20 * r();
      bytes[i * 30 + p] = Math.min(255, Math.round(v));
    }
  }
  const file = path.join(dir, name);
  writeFileSync(file, gzipSync(writeIdx({ type: 'ubyte', data: bytes, shape: [n, 6, 5] })));
  return file;
}

const train = images('train.idx.gz', 60, 1), held = images('test.idx.gz', 30, 2);
const tiny = {
  path: train, evalPath: held, betas: [-1e-3, -2], targets: [0.5], steps: 1000, batch: 32, samples: 64, lr: 1e-2,
  evalBatches: 8, evalSamples: 256, latent: 4, hidden: [16], baImages: 40, baSlopes: [-0.1, -1, -200], baIterations: 100,
};

test('a tiny nerd-fmnist run: NERD points, the Blahut-Arimoto bound, D_max marked, Q_Y image grids', async () => {
  const out = path.join(dir, 'run');
  const { results } = await runExperiment('nerd-fmnist', { preset: 'quick', overrides: tiny, device: 'cpu', out });
  const dMax = idxImages(train).variance;
  const nerd = results.series.find((s) => s.name === 'nerd')!, target = results.series.find((s) => s.name === 'nerd-target')!;
  assert.equal(nerd.points.map((p) => p.params), [{ beta: -1e-3 }, { beta: -2 }]);
  assert.is(target.points.length, 1);
  const targetD = target.points[0].params!.target_distortion;
  assert.ok(Math.abs(targetD - 0.5 * dMax) < 1e-4 * dMax);
  assert.is(target.points[0].target_distortion, targetD);
  assert.ok([...nerd.points, ...target.points].every((p) => p.lambda === undefined), 'no point of nerd-fmnist has a λ');
  for (const p of [...nerd.points, ...target.points]) {
    // the rate is log2 M − mean H / ln 2 in float32: at zero rate it may round to a few 1e-10 below 0
    assert.ok(Number.isFinite(p.rate_bits) && p.rate_bits > -1e-6 && Number.isFinite(p.distortion), JSON.stringify(p));
    assert.is(p.d_max, dMax);
    assert.ok(existsSync(path.join(out, 'figures', `${String(p.index).padStart(3, '0')}-${p.index < 2 ? `nerd-beta-${p.params!.beta}` : `nerd-target-target_distortion-${targetD}`}-qy-samples.png`)));
  }
  // β near 0: Q_Y collapses onto the training mean μ, so the rate is ~0 and D is E||X − μ||² over the held-out
  // images, their own D_max plus ||μ_held − μ||² (up to the noise of 8 batches of 32 draws)
  const zero = nerd.points[0], h = idxImages(held), t = idxImages(train);
  const expected = h.variance + h.mean.reduce((a, m, j) => a + (m - t.mean[j]) ** 2, 0);
  assert.ok(zero.rate_bits < 0.01, `rate ${zero.rate_bits}`);
  assert.ok(Math.abs(zero.distortion / expected - 1) < 0.05, `zero-rate D ${zero.distortion}, E||X_held - mu||^2 ${expected}`);
  // a steeper β buys rate for distortion
  assert.ok(nerd.points[1].rate_bits > 0.5 && nerd.points[1].distortion < 0.8 * zero.distortion, JSON.stringify(nerd.points[1]));
  const [ba, dmaxLine] = results.bounds;
  assert.match(ba.name, /Blahut-Arimoto, 40 images/);
  assert.is(ba.points.length, 3);
  assert.ok(ba.points[2].distortion < 1e-3 && Math.abs(ba.points[2].rate_bits - Math.log2(40)) < 0.01, JSON.stringify(ba.points[2]));
  assert.ok(ba.points[0].distortion > dMax, 'at low rate the restricted alphabet stays above D_max');
  assert.equal(dmaxLine.points.map((p) => p.distortion), [dMax, dMax]);
});

test('missing dataset files name the path, the Debian package and the setting', async () => {
  const missing = path.join(dir, 'absent-images.gz');
  const e = getExperiment('nerd-fmnist');
  const s = resolveSettings(e, 'quick', { ...tiny, path: missing });
  assert.throws(() => e.points(s), (err: Error) =>
    err.message.includes(missing) && err.message.includes('apt-get install dataset-fashion-mnist') && err.message.includes('--set path=FILE'));
  const h = resolveSettings(e, 'quick', { ...tiny, evalPath: missing });
  assert.throws(() => e.bounds(h), /--set evalPath=FILE/);
  for (const preset of ['quick', 'full'] as const) {
    const p = resolveSettings(e, preset);
    assert.is(p.path, '/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz');
    assert.is(p.evalPath, '/usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz');
  }
});

test.run();
