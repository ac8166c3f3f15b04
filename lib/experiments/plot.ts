/**
 * Plots without a browser: a Vega-Lite spec compiled by `vega-lite`, rendered to SVG by a
 * headless `vega` View, rasterised to PNG by `@resvg/resvg-js`.
 */
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { Resvg } from '@resvg/resvg-js';
import type { Results } from './resultsSchema.js';
import type { PlotField, PlotSpec } from './types.js';

/** Drawn when an experiment declares no plots. */
export const DEFAULT_PLOT: PlotSpec = { name: 'rd', x: 'rate_bits', y: 'distortion_db' };

const LABEL: Record<PlotField, string> = {
  rate_bits: 'rate (bits per sample, measured)',
  rate_estimate_bits: 'rate (bits per sample, estimate)',
  distortion: 'distortion',
  distortion_db: 'distortion (dB)',
};

function boundValue(field: PlotField, p: { rate_bits: number; distortion: number }): number | null {
  if (field === 'distortion_db') return p.distortion > 0 ? 10 * Math.log10(p.distortion) : null;
  if (field === 'distortion') return p.distortion;
  return p.rate_bits;
}

/** The Vega-Lite spec of one plot: series as lines with points, bounds as dashed lines. */
export function plotSpec(results: Results, plot: PlotSpec): TopLevelSpec {
  const rows: Record<string, unknown>[] = [];
  for (const s of results.series)
    for (const p of s.points) rows.push({ curve: s.name, kind: 'model', x: p[plot.x], y: p[plot.y] });
  for (const b of results.bounds)
    for (const p of b.points) rows.push({ curve: b.name, kind: 'bound', x: boundValue(plot.x, p), y: boundValue(plot.y, p) });
  const axis = (channel: 'x' | 'y', field: PlotField, scale: 'linear' | 'log' | undefined) => ({
    field: channel, type: 'quantitative' as const, title: LABEL[field], scale: scale === 'log' ? { type: 'log' as const } : { zero: false },
  });
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: plot.title ?? `${results.experiment}: ${LABEL[plot.y]} vs ${LABEL[plot.x]}`,
    width: 480,
    height: 320,
    background: 'white',
    data: { values: rows.filter((r) => r.x !== null && r.y !== null && r.x !== undefined && r.y !== undefined) },
    mark: { type: 'line', point: true },
    encoding: {
      x: axis('x', plot.x, plot.xScale),
      y: axis('y', plot.y, plot.yScale),
      // bound names carry their caveats ('achievable: upper bound on the optimum'): show them whole
      color: { field: 'curve', type: 'nominal', title: null, legend: { orient: 'bottom', direction: 'vertical', labelLimit: 0 } },
      strokeDash: { field: 'kind', type: 'nominal', legend: null, scale: { domain: ['model', 'bound'], range: [[1, 0], [6, 4]] } },
      order: { field: 'x', type: 'quantitative' },
    },
  };
}

/** Renders a Vega-Lite spec to SVG text and PNG bytes. */
export async function renderPlot(spec: TopLevelSpec): Promise<{ svg: string; png: Uint8Array }> {
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: 'none' });
  const svg = await view.toSVG();
  view.finalize();
  const png = new Resvg(svg, { fitTo: { mode: 'zoom', value: 2 }, font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' } }).render().asPng();
  return { svg, png };
}
