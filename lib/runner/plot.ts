/**
 * Plots without a browser: a Vega-Lite spec compiled by `vega-lite`, rendered to SVG by a
 * headless `vega` View, rasterised to PNG by `@resvg/resvg-js`.
 */
import type { TopLevelSpec } from 'vega-lite';
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

/**
 * The Vega-Lite spec of one plot: each series as a line through its points, each bound as a
 * dashed line without markers. Bounds are drawn over the measured range (plus a margin) so
 * that a long bound curve does not squeeze the points into a corner.
 */
export function plotSpec(results: Results, plot: PlotSpec): TopLevelSpec {
  const valid = (r: Record<string, unknown>) => r.x !== null && r.y !== null && r.x !== undefined && r.y !== undefined;
  const models: Record<string, unknown>[] = [];
  for (const s of results.series)
    for (const p of s.points) models.push({ curve: p.rate_kind === 'slepian-wolf-estimate' ? `${s.name} (Slepian–Wolf estimate)` : s.name, x: p[plot.x], y: p[plot.y] });
  const xs = models.filter(valid).map((r) => r.x as number);
  const lo = Math.min(...xs), hi = Math.max(...xs), margin = Math.max(0.5, 0.15 * (hi - lo));
  const bounds: Record<string, unknown>[] = [];
  for (const b of results.bounds)
    for (const p of b.points) {
      const row = { curve: b.name, x: boundValue(plot.x, p), y: boundValue(plot.y, p) };
      if (valid(row) && (xs.length === 0 || ((row.x as number) >= lo - margin && (row.x as number) <= hi + margin))) bounds.push(row);
    }
  const axis = (channel: 'x' | 'y', field: PlotField, scale: 'linear' | 'log' | undefined) => ({
    field: channel, type: 'quantitative' as const, title: LABEL[field], scale: scale === 'log' ? { type: 'log' as const } : { zero: false },
  });
  const encoding = {
    x: axis('x', plot.x, plot.xScale),
    y: axis('y', plot.y, plot.yScale),
    color: { field: 'curve', type: 'nominal' as const, title: null, legend: { labelLimit: 0, orient: 'bottom' as const, direction: 'vertical' as const } },
    order: { field: 'x', type: 'quantitative' as const },
  };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: plot.title ?? `${results.experiment}: ${LABEL[plot.y]} vs ${LABEL[plot.x]}`,
    width: 520,
    height: 340,
    background: 'white',
    layer: [
      { data: { values: bounds }, mark: { type: 'line', strokeDash: [6, 4], strokeWidth: 1.5 }, encoding },
      { data: { values: models.filter(valid) }, mark: { type: 'line', point: { size: 70, filled: true }, strokeWidth: 2 }, encoding },
    ],
  };
}

/**
 * Renders a Vega-Lite spec to SVG text and PNG bytes. vega is loaded here, on first use,
 * not at import: it has top-level await, which would stop CommonJS users from
 * `require('rdlab')` (see lib/index.cts).
 */
export async function renderPlot(spec: TopLevelSpec): Promise<{ svg: string; png: Uint8Array }> {
  const [vega, { compile }] = await Promise.all([import('vega'), import('vega-lite')]);
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: 'none' });
  const svg = await view.toSVG();
  view.finalize();
  const png = new Resvg(svg, { fitTo: { mode: 'zoom', value: 2 }, font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' } }).render().asPng();
  return { svg, png };
}
