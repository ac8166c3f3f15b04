/** Calls an experiment's {@link Experiment.figures} hook on a finished run folder (the runner and `rdlab merge` both do). */
import path from 'node:path';
import type { Results } from './resultsSchema.js';
import { pointId } from './pointId.js';
import type { Experiment, Figure } from './types.js';

/** The experiment's extra figures for the run in `dir` with `results` (none when it declares no hook). */
export async function experimentFigures(experiment: Experiment, dir: string, results: Results): Promise<Figure[]> {
  if (!experiment.figures) return [];
  const models = results.series.flatMap((s) =>
    s.points.map((p) => ({
      series: s.name,
      lambda: p.lambda,
      path: path.join(dir, 'models', `${pointId({ series: s.name, lambda: p.lambda, steps: p.steps }, p.index)}.safetensors`),
    })),
  );
  return experiment.figures({ dir, settings: results.settings, results, models });
}
