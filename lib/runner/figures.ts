/** Calls an experiment's {@link Experiment.figures} hook on a finished run folder (the runner and `rdlab merge` both do). */
import path from 'node:path';
import type { Results } from './resultsSchema.js';
import { resultParams } from './params.js';
import { pointId } from './pointId.js';
import type { Experiment, Figure, FinishedRun } from './types.js';

/**
 * The experiment's extra figures for the run in `dir` with `results` (none when it declares
 * no hook). A failing hook (e.g. a model file removed from the folder) costs its figures, not
 * the run: it is reported on stderr and the results, plots and report are still written.
 */
export async function experimentFigures(experiment: Experiment, dir: string, results: Results): Promise<Figure[]> {
  const hook = experiment.figures;
  if (!hook) return [];
  try {
    return await hook(finishedRun(dir, results));
  } catch (e) {
    console.warn(`rdlab: the figures of '${experiment.name}' failed, the results are complete without them: ${(e as Error).message}`);
    return [];
  }
}

/** The run as the hook sees it: each point's model file is `models/<point id>.safetensors`. */
function finishedRun(dir: string, results: Results): FinishedRun<Record<string, unknown>> {
  const models = results.series.flatMap((s) =>
    s.points.map((p) => {
      const params = resultParams(p);
      return { series: s.name, params, path: path.join(dir, 'models', `${pointId({ series: s.name, params }, p.index)}.safetensors`) };
    }),
  );
  return { dir, settings: results.settings, results, models };
}
