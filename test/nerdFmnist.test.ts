import { existsSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ConvNet, dcganGenerator, getExperiment, idxImages, loadModel, loadNerdModel, Mlp, type Nerd, runExperiment } from '../lib/index.js';
import { NERD_STREAMS } from '../lib/experiments/nerdTrainable.js';
import { purposeRng } from '../lib/runner/streams.js';
import { resolveSettings } from '../lib/runner/settings.js';
import { blobImages } from './fixtures/idxImages.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'rdlab-nerd-fmnist-'));

const images = (name: string, n: number, seed: number, h?: number, w?: number) => blobImages(dir, name, n, seed, h, w);

const train = images('train.idx.gz', 60, 1), held = images('test.idx.gz', 30, 2);
// 6 x 5 images: the MLP generator only (the DCGAN one makes square images)
const tiny = {
  path: train, evalPath: held, betas: [-1e-3, -2], targets: [0.5], steps: 1000, batch: 32, samples: 64, lr: 1e-2, generators: ['mlp'],
  evalBatches: 8, evalSamples: 256, latent: 4, hidden: [16], baImages: 40, baSlopes: [-0.1, -1, -200], baIterations: 100,
};

test('a tiny nerd-fmnist run: NERD points, the Blahut-Arimoto bound, D_max marked, Q_Y image grids', async () => {
  const out = path.join(dir, 'run');
  const { results } = await runExperiment('nerd-fmnist', { preset: 'quick', overrides: tiny, device: 'cpu', out });
  const dMax = idxImages(train).variance;
  const nerd = results.series.find((s) => s.name === 'nerd-mlp')!, target = results.series.find((s) => s.name === 'nerd-target-mlp')!;
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
    assert.ok(existsSync(path.join(out, 'figures', `${String(p.index).padStart(3, '0')}-${p.index < 2 ? `nerd-mlp-beta-${p.params!.beta}` : `nerd-target-mlp-target_distortion-${targetD}`}-qy-samples.png`)));
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

test('nerd-fmnist with the DCGAN generator beside the MLP: one plot, the same D; its model files load back', async () => {
  // 12 x 12 images: the DCGAN generator's 32 x 32 output cropped by 10 pixels on each side
  const train12 = images('train12.idx.gz', 80, 3, 12, 12), held12 = images('test12.idx.gz', 40, 4, 12, 12);
  const out = path.join(dir, 'run-dcgan');
  const overrides = {
    ...tiny, path: train12, evalPath: held12, betas: [-1e-3, -5], targets: [], generators: ['dcgan', 'mlp'], dcganLatent: 8, capacity: 2, steps: 800, batch: 32, samples: 64,
    lr: 3e-3, baImages: 40, baSlopes: [-0.1],
  };
  const { results } = await runExperiment('nerd-fmnist', { preset: 'quick', overrides, device: 'cpu', out });
  assert.equal(results.series.map((s) => s.name), ['nerd', 'nerd-mlp']);
  const t = idxImages(train12), h = idxImages(held12), dcgan = results.series[0].points;
  const expected = h.variance + h.mean.reduce((a, m, j) => a + (m - t.mean[j]) ** 2, 0);
  assert.ok(dcgan[0].rate_bits < 0.01 && Math.abs(dcgan[0].distortion / expected - 1) < 0.05, `DCGAN zero-rate point ${JSON.stringify(dcgan[0])}, E||X_held - mu||^2 ${expected}`);
  assert.ok(dcgan[1].rate_bits > 0.5 && dcgan[1].distortion < 0.8 * dcgan[0].distortion, JSON.stringify(dcgan[1]));
  // the saved generator is the trained one: evaluated again on the point's own draws, it gives the point's rate and D
  const reevaluate = (p: (typeof dcgan)[number], model: Nerd) => {
    const held = purposeRng(1, NERD_STREAMS.heldOut, p.index), batches = Array.from({ length: overrides.evalBatches }, () => h.sample(overrides.batch, held).x);
    const again = model.evaluate(batches, purposeRng(1, NERD_STREAMS.qyHeldOut, p.index), overrides.evalSamples);
    assert.equal([again.rate_bits, again.distortion], [p.rate_bits, p.distortion]);
  };
  const file = path.join(out, 'models', `${String(dcgan[1].index).padStart(3, '0')}-nerd-beta-${dcgan[1].params!.beta}.safetensors`);
  const model = loadNerdModel(file);
  assert.ok(model.generator instanceof ConvNet);
  assert.equal(model.config.convNet, dcganGenerator({ latent: 8, capacity: 2, crop: 10 }));
  reevaluate(dcgan[1], model);
  assert.throws(() => loadModel(file), /NERD estimator.*loadNerdModel/);
  // and an MLP generator's file
  const mlpPoint = results.series[1].points[0];
  const mlp = loadNerdModel(path.join(out, 'models', `${String(mlpPoint.index).padStart(3, '0')}-nerd-mlp-beta-${mlpPoint.params!.beta}.safetensors`));
  assert.ok(mlp.generator instanceof Mlp && mlp.latent === 4);
  reevaluate(mlpPoint, mlp);
  // images the DCGAN generator cannot make are refused before training, naming the setting
  const e = getExperiment('nerd-fmnist');
  assert.throws(() => e.points(resolveSettings(e, 'quick', { ...tiny, generators: ['dcgan'] })), /the DCGAN generator makes 32 x 32 images.*6 x 5 images \(generators: /);
});

test('nerd-fmnist-capacity: one DCGAN series per c_d, on the data, bounds and training of nerd-fmnist', async () => {
  const train12 = images('train12c.idx.gz', 80, 5, 12, 12), held12 = images('test12c.idx.gz', 40, 6, 12, 12);
  const overrides = {
    path: train12, evalPath: held12, betas: [-5], capacities: [1, 2, 1], steps: 300, batch: 16, samples: 32, lr: 3e-3, dcganLatent: 8,
    evalBatches: 4, evalSamples: 128, baImages: 40, baSlopes: [-0.1], baIterations: 50,
  };
  const out = path.join(dir, 'run-capacity');
  const { results } = await runExperiment('nerd-fmnist-capacity', { preset: 'quick', overrides, device: 'cpu', out });
  assert.equal(results.series.map((s) => s.name), ['c_d=1', 'c_d=2']);
  const dMax = idxImages(train12).variance;
  for (const s of results.series) {
    const p = s.points[0];
    assert.equal(p.params, { beta: -5 });
    // 300 steps of a 1- or 2-channel generator: trained a little (the quality of DCGAN points is the test above's)
    assert.ok(p.rate_bits > 0.1 && p.distortion > 0 && p.distortion < 1.5 * dMax, JSON.stringify(p));
    const model = loadNerdModel(path.join(out, 'models', `${String(p.index).padStart(3, '0')}-${s.name.replace('=', '_')}-beta--5.safetensors`));
    assert.equal(model.config.convNet, dcganGenerator({ latent: 8, capacity: Number(s.name.slice(4)), crop: 10 }));
  }
  assert.match(results.bounds[1].name, /^D_max/);
  const e = getExperiment('nerd-fmnist-capacity');
  assert.throws(() => e.points(resolveSettings(e, 'quick', { ...overrides, path: train, evalPath: held })), /the DCGAN generator makes 32 x 32 images.*6 x 5 images$/);
  for (const preset of ['quick', 'full'] as const) assert.equal(resolveSettings(e, preset).capacities, [4, 8, 16, 32]);
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
