/**
 * One NTC training step (analysis, noise and rounding, synthesis, rate and distortion
 * gradients, Adam on all three parts) of each experiment's model at its preset's batch and
 * widths, on every backend this machine has. Batches are drawn before timing.
 */
import { info, Rng, type DeviceName } from '../lib/index.js';
import { ntcPointModel } from '../lib/experiments/ntc.js';
import { getExperiment } from '../lib/experiments/registry.js';
import { resolveSettings } from '../lib/runner/settings.js';
import { measure } from './measure.js';

const CASES = [
  { name: 'gaussian d=1', experiment: 'gaussian-ntc', preset: 'full', series: 'ntc-d1' },
  { name: 'sawbridge n=128', experiment: 'sawbridge', preset: 'quick', series: 'ntc-d1' },
  { name: 'sawbridge n=1024', experiment: 'sawbridge', preset: 'full', series: 'ntc-d1' },
  { name: 'circle d=1', experiment: 'circle', preset: 'full', series: 'ntc-d1' },
  { name: 'circle d=2', experiment: 'circle', preset: 'full', series: 'ntc-d2' },
  { name: 'ramp n=1024', experiment: 'ramp', preset: 'full', series: 'ntc-d1' },
  { name: 'ramp n=1024 + Fourier', experiment: 'ramp', preset: 'full', series: 'ntc-d1-fourier' },
] as const;

/** Every case on each of `devices` (default: the CPU and, where there is one, the first GPU). */
export default async function ntcBench(
  devices: DeviceName[] = ['cpu', ...(info().cuda ? (['cuda:0'] as const) : [])],
): Promise<Record<string, unknown>[]> {
  const rows = [];
  for (const device of devices)
    for (const c of CASES) {
      const s = resolveSettings(getExperiment(c.experiment), c.preset) as Parameters<typeof ntcPointModel>[1];
      const { source, model } = ntcPointModel(c.experiment, s, c.series, s.lambdas[0], { seed: 1, device });
      const batches = Array.from({ length: 4 }, (_, i) => source.sample(s.batch, new Rng(1, i), device).x);
      const noise = new Rng(2);
      let i = 0;
      // a one-element read-back waits for the device, so a GPU step is timed to completion
      const sync = model.analysis.params.view(0, [1]);
      const t = await measure(`${c.name} ${device}`, () => {
        model.step(batches[i++ % batches.length], noise);
        if (device !== 'cpu') sync.toArray();
      });
      // the post-training calibration (offsets, soft-then-hard decoder steps, then the decoder's output layer) on the preset's calibration samples
      const calibration = source.sample(s.calibrationSamples, new Rng(1, 9), device).x;
      const c0 = performance.now();
      model.fitOffsets(calibration);
      const c1 = performance.now();
      const hard = await measure(`${c.name} ${device} hard decoder step`, () => {
        model.hardDecoderStep(batches[i++ % batches.length], s.hardDecoderLr);
        if (device !== 'cpu') sync.toArray();
      });
      const c2 = performance.now();
      model.refitDecoder(calibration);
      const c3 = performance.now();
      rows.push({
        model: c.name, device, preset: c.preset, batch: s.batch, inputs: source.dim, ms_per_step: t.p50Ms, mean_ms: t.meanMs, samples: t.samples,
        calibration_samples: s.calibrationSamples, fit_offsets_ms: c1 - c0, hard_decoder_ms_per_step: hard.p50Ms, refit_decoder_ms: c3 - c2,
      });
    }
  return rows;
}
