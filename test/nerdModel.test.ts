import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { estimateRD, gaussian, gaussianRateDistortion, gaussianSpectrum, getExperiment, Nerd, Rng } from '../lib/index.js';

test('estimateRD tracks R(D) of a 2-D Gaussian at low rate, by target and by fixed β', () => {
  const v = [1.5, 0.5], src = gaussian(v, { rotationSeed: 3 });
  const opts = { M: 512, B: 256, steps: 1500, lr: 3e-3, generator: { hidden: [16, 16] }, seed: 2, evalBatches: 4 };
  const { points, models } = estimateRD(src, { ...opts, targets: [1.0] });
  const p = points[0];
  assert.ok(Math.abs(p.distortion - 1.0) < 1e-4, `D(β*) ${p.distortion}`);
  const r = gaussianRateDistortion(v, 1.0);
  // an upper bound up to sampling noise: a short run lands within a few tenths of a bit
  assert.ok(p.rate_bits > r - 0.1 && p.rate_bits < r + 0.35, `rate ${p.rate_bits} vs R(D) ${r}`);
  assert.ok(p.beta < 0 && !p.saturated);
  assert.is(models[0].sampleQY(new Rng(1)).shape.join(), '512,2');
  const fixed = estimateRD(src, { ...opts, betas: [p.beta] }).points[0];
  assert.ok(Math.abs(fixed.distortion - 1.0) < 0.1, `D at the fixed β* ${fixed.distortion}`);
});

test('estimateRD with d = ||x − y||_p²: in one dimension every p is squared error, so p = 3 tracks the Gaussian R(D)', () => {
  const src = gaussian([1.5]);
  const opts = { M: 512, B: 256, steps: 1000, lr: 3e-3, generator: { hidden: [16, 16] }, seed: 4, evalBatches: 4, targets: [0.5] };
  const p3 = estimateRD(src, { ...opts, distortion: { p: 3 } });
  assert.is(p3.models[0].p, 3);
  const r = gaussianRateDistortion([1.5], 0.5), got = p3.points[0];
  assert.ok(Math.abs(got.distortion - 0.5) < 1e-4, `D(β*) ${got.distortion}`);
  assert.ok(got.rate_bits > r - 0.1 && got.rate_bits < r + 0.35, `rate ${got.rate_bits} vs R(D) ${r}`);
});

test('bad options throw naming the option', () => {
  const src = gaussian([1]);
  assert.throws(() => estimateRD(src, {}), /exactly one of targets or betas/);
  assert.throws(() => estimateRD(src, { targets: [1], betas: [-1] }), /exactly one/);
  assert.throws(() => estimateRD(src, { targets: [] }), /options.targets/);
  assert.throws(() => estimateRD(src, { targets: [-1] }), /target.distortion/);
  assert.throws(() => estimateRD(src, { betas: [0.5] }), /target.beta/);
  assert.throws(() => estimateRD(src, { targets: [1], M: 0 }), /options.M/);
  assert.throws(() => estimateRD(src, { targets: [1], distortion: { p: 0.5 } }), (e: Error) => e instanceof RangeError && /^options.distortion.p/.test(e.message));
  assert.throws(() => estimateRD(src, { targets: [1], distortion: 2 as never }), (e: Error) => e instanceof TypeError && /^options.distortion/.test(e.message));
  assert.throws(() => new Nerd({ dim: 1, samples: 8, target: { distortion: 1 }, distortion: { p: NaN } }), /^config.distortion.p/);
  assert.throws(() => new Nerd({ dim: 2, samples: 8, target: { distortion: 1 } }).metrics(), /no training step/);
  const m = new Nerd({ dim: 2, samples: 8, target: { distortion: 1 } });
  assert.throws(() => m.step(src.sample(4, new Rng(1)).x, new Rng(2)), /x: expected shape \[batch, 2\]/);
});

test('nerd-gaussian is registered with the paper and code spectra', () => {
  const e = getExperiment('nerd-gaussian');
  assert.is(e.presets.quick.spectrum, 'paper-fig2');
  const s = gaussianSpectrum('paper-fig2');
  assert.is(s.length, 20);
  assert.ok(Math.abs(s[0] - 4 * Math.exp(-1 / 16)) < 1e-15 && Math.abs(s[19] - 4 * Math.exp(-20 / 16)) < 1e-15);
  assert.is(gaussianSpectrum('code-m40').length, 40);
  assert.throws(() => gaussianSpectrum('nope' as never), /name: unknown spectrum/);
});

test.run();
