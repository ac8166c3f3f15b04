/** Writes what a finished run leaves for people and tools: results.json, plots (SVG + PNG), report.md. */
import path from 'node:path';
import { writeFileAtomic } from './atomic.js';
import { plotSpec, renderPlot, DEFAULT_PLOT } from './plot.js';
import { reportMarkdown } from './report.js';
import { resultsSchema, type Results } from './resultsSchema.js';
import type { PlotSpec } from './types.js';

/** Validates `results` against the schema, then writes results.json, `<plot>.svg`/`.png` and report.md into `dir`. */
export async function writeOutputs(dir: string, results: Results, plots: PlotSpec[] = [DEFAULT_PLOT]): Promise<void> {
  const checked = resultsSchema.safeParse(results);
  if (!checked.success) throw new Error(`results do not match the results.json schema: ${checked.error.message}`);
  writeFileAtomic(path.join(dir, 'results.json'), JSON.stringify(results, null, 2) + '\n');
  for (const plot of plots) {
    const { svg, png } = await renderPlot(plotSpec(results, plot));
    writeFileAtomic(path.join(dir, `${plot.name}.svg`), svg);
    writeFileAtomic(path.join(dir, `${plot.name}.png`), png);
  }
  writeFileAtomic(path.join(dir, 'report.md'), reportMarkdown(results, plots.map((p) => p.name)));
}
