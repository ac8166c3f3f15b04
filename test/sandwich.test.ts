import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { gaussianRateDistortion, gaussianSpectrum, getExperiment, runExperiment } from '../lib/index.js';
import { resolveSettings } from '../lib/runner/settings.js';
import { lowerBoundAtDistortion, type Results } from '../lib/runner/index.js';
import { lowerBoundSlope } from '../lib/experiments/sandwichGaussian.js';
import { blobImages } from './fixtures/idxImages.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'rdlab-sandwich-'));

test('a tiny sandwich-gaussian run: both series with their kinds, lines below R(D), the sandwich table', async () => {
  const out = path.join(dir, 'gauss');
  const overrides = {
    dim: 2, rates: [1, 2], steps: 300, batch: 256, samples: 1024, evalSamples: 4096, lbSteps: 200, lbBatch: 256,
    lbEvalBatch: 1024, lbEvalBatches: 4, lbHidden: [16, 16],
  };
  const { results } = await runExperiment('sandwich-gaussian', { preset: 'quick', overrides, device: 'cpu', out });
  const lower = results.series.find((s) => s.name === 'lower bound')!, nerd = results.series.find((s) => s.name === 'nerd')!;
  assert.is(lower.kind, 'lower');
  assert.is(nerd.kind, 'upper estimate');
  const v = gaussianSpectrum('paper-fig2').slice(0, 2);
  for (const p of lower.points) {
    const D = p.params!.target_distortion, r = gaussianRateDistortion(v, D);
    assert.is(p.distortion, D);
    // the line's slope is the water-filling slope at D: λ = −dR/dD in nats
    const h = 1e-6 * D;
    assert.ok(Math.abs(p.params!.lambda - (Math.LN2 * (gaussianRateDistortion(v, D - h) - gaussianRateDistortion(v, D + h))) / (2 * h)) < 1e-4);
    const q = p as typeof p & { intercept_bits: number; stderr_bits: number; lambda_nats: number };
    assert.ok(p.rate_bits < r + 3 * q.stderr_bits, `D ${D}: lower ${p.rate_bits} above R(D) ${r}`);
    assert.ok(Math.abs(p.rate_bits - Math.max(0, q.intercept_bits - (q.lambda_nats * D) / Math.LN2)) < 1e-12);
  }
  const report = readFileSync(path.join(out, 'report.md'), 'utf8');
  assert.match(report, /Sandwich: at each upper estimate's distortion D/);
  for (const p of nerd.points) {
    const best = lowerBoundAtDistortion(results, p.distortion)!;
    assert.ok(best.rate_bits >= Math.max(...lower.points.filter((l) => l.distortion === p.distortion).map((l) => l.rate_bits)) - 1e-12);
  }
});

test('lowerBoundAtDistortion: the best line at D, or a point at its own distortion', () => {
  const point = (rate: number, distortion: number, extra: object = {}) => ({ rate_bits: rate, rate_estimate_bits: rate, distortion, ...extra });
  const results = {
    series: [
      { name: 'a', kind: 'lower', points: [point(1, 2, { intercept_bits: 3, lambda_nats: Math.LN2, stderr_bits: 0.1 }), point(0.2, 4, { intercept_bits: 1.2, lambda_nats: 0.25 * Math.LN2, stderr_bits: 0.2 })] },
      { name: 'b', kind: 'lower', points: [point(0.9, 5)] },
      { name: 'c', kind: 'upper estimate', points: [point(9, 1)] },
    ],
  } as unknown as Results;
  // lines 3 − D and 1.2 − D/4 (bits): the first is best at D = 1, the second at D = 3.5 (0.325 vs 0)
  assert.equal(lowerBoundAtDistortion(results, 1), { rate_bits: 2, stderr_bits: 0.1 });
  assert.equal(lowerBoundAtDistortion(results, 3.5), { rate_bits: 1.2 - 3.5 / 4, stderr_bits: 0.2 });
  // at D = 5 both lines are at most 0.95 − ... : the plain point of series b (0.9) wins there
  assert.equal(lowerBoundAtDistortion(results, 5), { rate_bits: 0.9, stderr_bits: null });
  assert.is(lowerBoundAtDistortion({ series: [] } as unknown as Results, 1), null);
});

const images = (name: string, n: number, seed: number) => blobImages(dir, name, n, seed);

test('a tiny sandwich-fmnist run: the lower bound below NERD at each of its distortions, Blahut-Arimoto drawn', async () => {
  const train = images('train.idx.gz', 80, 1), held = images('test.idx.gz', 60, 2);
  const overrides = {
    path: train, evalPath: held, betas: [-0.5], steps: 300, batch: 32, samples: 128, evalBatches: 4, evalSamples: 512, latent: 4, hidden: [16],
    lbSteps: 100, lbBatch: 32, lbHidden: [16], lbEvalBatch: 40, lbEvalBatches: 4, lbLambdas: [0.5], lbDistortions: [2], baImages: 40,
    baSlopes: [-0.5, -2], baIterations: 50,
  };
  const out = path.join(dir, 'fmnist');
  const { results } = await runExperiment('sandwich-fmnist', { preset: 'quick', overrides, device: 'cpu', out });
  assert.equal(results.series.map((s) => [s.name, s.kind]), [['lower bound', 'lower'], ['nerd', 'upper estimate']]);
  assert.match(results.bounds[0].name, /Blahut-Arimoto, 40 images/);
  for (const p of results.series[1].points) {
    const lower = lowerBoundAtDistortion(results, p.distortion)!;
    assert.ok(lower.rate_bits < p.rate_bits, `D ${p.distortion}: lower ${lower.rate_bits} vs NERD ${p.rate_bits}`);
  }
  assert.throws(() => getExperiment('sandwich-fmnist').points(resolveSettings(getExperiment('sandwich-fmnist'), 'quick', { ...overrides, lbDistortions: [1, 2] }) as never),
    /^lbDistortions: expected one distortion per λ/);
});

test('sandwich-gaussian: dim beyond the spectrum is refused by name', () => {
  const e = getExperiment('sandwich-gaussian');
  assert.throws(() => e.points(resolveSettings(e, 'quick', { dim: 21 }) as never), /^dim: expected at most 20/);
});

test('lowerBoundSlope: the slope of R(D) at D, or the largest λ whose tangent line\'s intercept stays under the cap', () => {
  const v = gaussianSpectrum('paper-fig2');
  // the intercept of the tangent line of slope λ, by minimising R(D') + λD' over a grid of D' (nats)
  const intercept = (lambda: number) => {
    let best = Infinity;
    for (let i = 1; i <= 20000; ++i) {
      const d = (i / 20000) * v.reduce((a, b) => a + b, 0);
      best = Math.min(best, Math.LN2 * gaussianRateDistortion(v, d) + lambda * d);
    }
    return best;
  };
  const D = 30, h = 1e-6 * D, tangent = (Math.LN2 * (gaussianRateDistortion(v, D - h) - gaussianRateDistortion(v, D + h))) / (2 * h);
  assert.ok(Math.abs(lowerBoundSlope(v, D, 100) - tangent) < 1e-6 * tangent, 'uncapped: the tangent slope');
  const capped = lowerBoundSlope(v, D, 5);
  assert.ok(capped < tangent && Math.abs(intercept(capped) - 5) < 1e-4, `capped λ ${capped}: intercept ${intercept(capped)}`);
});

test.run();
