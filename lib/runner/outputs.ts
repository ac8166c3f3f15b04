/** Writes what a finished run leaves for people and tools: results.json, plots and figures (SVG + PNG), report.md. */
import path from 'node:path';
import type { TopLevelSpec } from 'vega-lite';
import { writeFileAtomic } from '../coding/atomicFile.js';
import { plotSpec, renderPlot, DEFAULT_PLOT } from './plot.js';
import { reportMarkdown } from './report.js';
import { resultsSchema, type Results } from './resultsSchema.js';
import type { Figure, PlotSpec } from './types.js';

/**
 * Validates `results` against the schema, then writes results.json, `<plot>.svg`/`.png` for
 * each plot and each extra figure, and report.md into `dir`.
 */
export async function writeOutputs(dir: string, results: Results, plots: PlotSpec[] = [DEFAULT_PLOT], figures: Figure[] = []): Promise<void> {
  const checked = resultsSchema.safeParse(results);
  if (!checked.success) throw new Error(`results do not match the results.json schema: ${checked.error.message}`);
  writeFileAtomic(path.join(dir, 'results.json'), JSON.stringify(results, null, 2) + '\n');
  const drawings: { name: string; spec: TopLevelSpec }[] = [...plots.map((p) => ({ name: p.name, spec: plotSpec(results, p) })), ...figures];
  const names = drawings.map((d) => d.name);
  const twice = names.find((n, i) => names.indexOf(n) !== i);
  if (twice !== undefined) throw new Error(`two plots or figures are both named '${twice}'`);
  for (const { name, spec } of drawings) {
    const { svg, png } = await renderPlot(spec);
    writeFileAtomic(path.join(dir, `${name}.svg`), svg);
    writeFileAtomic(path.join(dir, `${name}.png`), png);
  }
  writeFileAtomic(path.join(dir, 'report.md'), reportMarkdown(results, names));
}
