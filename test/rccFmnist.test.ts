import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { dcganGenerator, getExperiment, idxImages, loadRccModel, rccRateGuarantee, runExperiment } from '../lib/index.js';
import { measureRcc } from '../lib/experiments/rcc.js';
import { resolveSettings } from '../lib/runner/settings.js';
import { blobImages } from './fixtures/idxImages.js';
import { assertWellFormedXml, tempDir } from './fixtures/runs.js';

const dir = tempDir('rcc-fmnist');
// 12 x 12 images: the DCGAN generator's 32 x 32 output cropped by 10 pixels on each side
const train = blobImages(dir, 'train12.idx.gz', 80, 3, 12, 12), held = blobImages(dir, 'test12.idx.gz', 40, 4, 12, 12);
const tiny = {
  path: train, evalPath: held, betas: [-5], steps: 800, batch: 32, samples: 64, lr: 3e-3, evalBatches: 4, evalSamples: 256,
  dcganLatent: 8, capacity: 2, baImages: 40, baSlopes: [-0.1], baIterations: 50, candidates: 2 ** 10, chunk: 100, rccSamples: 7, shown: 5,
};

test('a tiny rcc-fmnist run: PFR and ORC through the NERD point\'s DCGAN Q_Y under the guarantee; the reconstruction grid, the Fig. 17 figure; the model file decodes', async () => {
  const out = path.join(dir, 'run');
  const { results } = await runExperiment('rcc-fmnist', { preset: 'quick', overrides: tiny, device: 'cpu', out });
  assert.equal(results.series.map((s) => s.name), ['nerd']);
  const p = results.series[0].points[0] as Record<string, number> & { params: Record<string, number>; index: number };
  assert.equal(p.params, { beta: -5 });
  assert.ok(p.rate_bits > 0.5 && p.distortion < idxImages(train).variance, `NERD trained: ${JSON.stringify(p)}`);
  assert.is(p.guarantee_bits, rccRateGuarantee(p.rate_estimate_bits));
  for (const m of ['pfr', 'orc']) {
    const rate = p[`${m}_rate_bits`], d = p[`${m}_distortion`];
    assert.ok(rate > 0 && rate < p.guarantee_bits, `${m}: ${rate} bits measured, guarantee ${p.guarantee_bits}`);
    assert.ok(d > 0 && p[`${m}_distortion_standard_error`] > 0, `${m}: D ${d}`);
  }
  const id = `${String(p.index).padStart(3, '0')}-nerd-beta--5`;
  for (const f of ['reconstructions', 'qy-samples']) assert.ok(existsSync(path.join(out, 'figures', `${id}-${f}.png`)), f);
  assertWellFormedXml(readFileSync(path.join(out, 'rcc.svg'), 'utf8'));
  assert.ok(existsSync(path.join(out, 'rcc.png')));
  // the model file rebuilds the codecs: coding the same images again gives the recorded rate and D
  const loaded = loadRccModel(path.join(out, 'models', `${id}.safetensors`));
  assert.equal([loaded.version, loaded.methods], [2, ['pfr', 'orc']]);
  assert.equal(loaded.nerd.config.convNet, dcganGenerator({ latent: 8, capacity: 2, crop: 10 }));
  const x = idxImages(held).rows(0, tiny.rccSamples);
  for (const m of ['pfr', 'orc'] as const) {
    const again = measureRcc(loaded.codec(m), x);
    assert.equal([again.rate_bits, again.distortion], [p[`${m}_rate_bits`], p[`${m}_distortion`]], m);
  }
});

test('rcc-fmnist: presets read Fashion-MNIST; bad sizes are refused before training, naming the setting', () => {
  const e = getExperiment('rcc-fmnist');
  for (const preset of ['quick', 'full'] as const) {
    const s = resolveSettings(e, preset);
    assert.is(s.path, '/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz');
    assert.is(s.capacity, 32);
  }
  assert.throws(() => e.points(resolveSettings(e, 'quick', { ...tiny, rccSamples: 41 })), /^rccSamples: 41 images asked, evalPath holds 40/);
  assert.throws(() => e.points(resolveSettings(e, 'quick', { ...tiny, shown: 8 })), /^shown: at most rccSamples = 7/);
  const odd = blobImages(dir, 'odd.idx.gz', 10, 5, 6, 5);
  assert.throws(() => e.points(resolveSettings(e, 'quick', { ...tiny, path: odd, evalPath: odd })), /the DCGAN generator makes 32 x 32 images/);
});

test.run();
