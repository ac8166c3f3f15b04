import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { gaussianRdChannel, gaussianSpectrum, rccRateGuarantee, runExperiment } from '../lib/index.js';
import { assertWellFormedXml, tempDir } from './fixtures/runs.js';

test('rcc-gaussian: exact, NERD and DNN series; PFR and ORC at one rate share one trained Q_Y; the DNN point is a measured bitstream', async () => {
  const out = path.join(tempDir('rcc-gaussian'), 'run');
  const overrides = {
    rates: [2], samples: 40, candidates: 2 ** 12, nerdRates: [2], nerdSteps: 40, nerdBatch: 64, nerdSamples: 256, nerdHidden: [16], nerdCandidates: 2 ** 10,
    dnnRates: [2], dnnSteps: 400, dnnBatch: 128, dnnLr: 1e-2, dnnHidden: [16], dnnEvalSamples: 3000, calibrationSamples: 500,
  };
  const { results } = await runExperiment('rcc-gaussian', { preset: 'quick', overrides, device: 'cpu', out });
  assert.equal(results.series.map((s) => s.name), ['pfr', 'orc', 'pfr-nerd', 'orc-nerd', 'dnn']);
  const [pfr, , pfrNerd, orcNerd, dnn] = results.series.map((s) => s.points[0] as Record<string, number>);
  assert.is(dnn.steps, 400);
  // λ is the slope of R(D) at the target, 1/(2 ln 2 θ) with θ the water level
  assert.ok(Math.abs(dnn.lambda - 1 / (2 * Math.LN2 * gaussianRdChannel(gaussianSpectrum('paper-rcc'), dnn.target_distortion).lambda)) < 1e-9 * dnn.lambda);
  assert.ok(dnn.rate_bits > 0 && Number.isFinite(dnn.distortion) && dnn.distortion > 0, JSON.stringify(dnn));
  assert.ok(dnn.rate_bits > dnn.rd_bits, `DNN ${dnn.rate_bits} bits at D ${dnn.distortion}: no code beats R(D) = ${dnn.rd_bits}`);
  // the bitstream costs the estimate plus the coder's overhead (a few bytes of flush over 3000 samples, and the tables' quantization)
  assert.ok(Math.abs(dnn.rate_bits - dnn.rate_estimate_bits) < 0.005 * dnn.rate_estimate_bits + 0.05, `bitstream ${dnn.rate_bits} vs estimate ${dnn.rate_estimate_bits}`);
  assert.ok(pfr.rate_bits < rccRateGuarantee(2), `exact PFR ${pfr.rate_bits} bits under the guarantee`);
  assert.is(pfrNerd.steps, 40);
  assert.ok(pfrNerd.beta < 0 && Number.isFinite(pfrNerd.rate_bits) && Number.isFinite(pfrNerd.distortion));
  assert.is(pfrNerd.rate_estimate_bits, orcNerd.rate_estimate_bits, 'one generator per rate');
  assert.is(pfrNerd.beta, orcNerd.beta);
});

test('rcc-samples: a point per N, named candidates, and the rate-vs-candidates figure', async () => {
  const out = path.join(tempDir('rcc-samples'), 'run');
  const { results } = await runExperiment('rcc-samples', { preset: 'quick', overrides: { log2Candidates: [1, 10], samples: 60 }, device: 'cpu', out });
  assert.equal(results.series.map((s) => s.name), ['pfr', 'orc']);
  for (const s of results.series) {
    const [few, many] = s.points as unknown as Record<string, number>[];
    assert.equal([few.params, many.params, few.candidates, many.candidates, few.lambda], [{ candidates: 2 }, { candidates: 1024 }, 2, 1024, undefined]);
    assert.ok(few.distortion > many.distortion, `${s.name}: 2 candidates distort more (${few.distortion}) than 1024 (${many.distortion})`);
  }
  assertWellFormedXml(readFileSync(path.join(out, 'rate-vs-candidates.svg'), 'utf8'));
  assert.ok(existsSync(path.join(out, 'rate-vs-candidates.png')));
});

test.run();
