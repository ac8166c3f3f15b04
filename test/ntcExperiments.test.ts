import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { getExperiment, readSafetensors, runExperiment } from '../lib/index.js';
import { resolveSettings } from '../lib/runner/settings.js';
import { assertWellFormedXml, tempDir } from './fixtures/runs.js';

const tiny = { steps: 20, batch: 32, lambdas: [10, 40], hidden: [8], evalSamples: 500 };
const tinyRamp = { ...tiny, points: 16, fourierFeatures: 5 };

test('circle: 1-D and 2-D latents, and the circle-encoder figure from the trained models', async () => {
  const out = path.join(tempDir('circle'), 'run');
  const { results } = await runExperiment('circle', { preset: 'quick', overrides: tiny, device: 'cpu', out });
  assert.equal(results.series.map((s) => s.name), ['ntc-d1', 'ntc-d2']);
  const svg = readFileSync(path.join(out, 'circle-encoder.svg'), 'utf8');
  assertWellFormedXml(svg);
  // one panel per series, titled with its highest λ
  assert.match(svg, 'ntc-d1, λ = 40');
  assert.match(svg, 'ntc-d2, λ = 40');
  assert.ok(existsSync(path.join(out, 'circle-encoder.png')));
  assert.match(readFileSync(path.join(out, 'report.md'), 'utf8'), '![circle-encoder](circle-encoder.svg)');
});

test('ramp: plain, Fourier and small-init series; the Fourier model file holds its frequencies; the bound says it is achievable', async () => {
  const out = path.join(tempDir('ramp'), 'run');
  const { results } = await runExperiment('ramp', { preset: 'quick', overrides: { ...tinyRamp, lambdas: [10], decoderInitScale: 0.5 }, device: 'cpu', out });
  assert.equal(results.series.map((s) => s.name), ['ntc-d1', 'ntc-d1-fourier', 'ntc-d1-small-init']);
  // decoderInitScale reaches every series but the small-init one, which has its own factor
  const initScale = (id: string) => JSON.parse(readSafetensors(path.join(out, 'models', `${id}.safetensors`)).metadata['ntc.config']).synthesis.inputInitScale;
  assert.equal(['000-ntc-d1-lambda-10', '001-ntc-d1-fourier-lambda-10', '002-ntc-d1-small-init-lambda-10'].map(initScale), [0.5, 0.5, 1 / 8]);
  assert.match(results.bounds[0].name, /achievable/);
  const file = readSafetensors(path.join(out, 'models', '001-ntc-d1-fourier-lambda-10.safetensors'));
  assert.equal(file.tensors['fourier.freqs'].shape, [5, 1]);
  assert.equal(JSON.parse(file.metadata['ntc.config']).fourier, { features: 5, sigma: 1 / 32, includeLatent: true });
  assert.is(readSafetensors(path.join(out, 'models', '000-ntc-d1-lambda-10.safetensors')).tensors['fourier.freqs'], undefined);
});

test('gaussian-ntc and laplace-ntc are measured against the numerically optimized ECSQ too', () => {
  for (const name of ['gaussian-ntc', 'laplace-ntc']) {
    const e = getExperiment(name);
    const bounds = e.bounds(resolveSettings(e, 'quick'));
    const ecsq = bounds.find((b) => b.name === 'ECSQ (numerical optimum)');
    assert.ok(ecsq, `${name}: ${bounds.map((b) => b.name)}`);
    assert.ok(Math.abs(ecsq!.points[0].distortion - 1) < 1e-9 && ecsq!.points.at(-1)!.distortion < 1e-4);
  }
});

test.run();
