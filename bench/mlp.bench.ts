/** Mlp training steps: ms/step, GFLOP/s and the fraction of this machine's fp32 peak. */
import { machine } from './machine.js';
import { measure } from './measure.js';
import { MLP_CASES, mlpStep, stepFlops } from './mlp-step.js';

export default async function mlpBench(): Promise<Record<string, unknown>[]> {
  const peak = machine().peak.gflops;
  const rows = [];
  for (const c of MLP_CASES) {
    const t = await measure(c.name, mlpStep(c));
    const gflops = stepFlops(c) / (t.p50Ms * 1e6);
    rows.push({
      size: c.name, batch: c.batch, ms_per_step: t.p50Ms, mean_ms: t.meanMs, samples: t.samples,
      gflops, fraction_of_peak: gflops / peak,
    });
  }
  return rows;
}
