/**
 * The sandwich of report.md: where an experiment has a series of kind `lower` (a lower bound
 * on R(D)) and one of kind `upper estimate` (an estimate from above, e.g. NERD), the width
 * between them at each upper point's distortion D.
 *
 * A lower point whose record carries `intercept_bits` and `lambda_nats` (a line of Yang &
 * Mandt's dual bound, lib/models/rdLowerBound.ts) bounds R(D) at every D by
 * max(0, intercept_bits − lambda_nats·D/ln 2); the lower bound at D is the best such line, with
 * its `stderr_bits`. A lower point without them bounds R only at its own distortion.
 */
import type { ResultPoint, Results } from './resultsSchema.js';

/** What a series' points are, relative to R(D). */
export type SeriesKind = 'lower' | 'upper estimate';

/** The best lower bound at D among the points of `lower` series, and its standard error; null when none applies there. */
export function lowerBoundAtDistortion(results: Results, distortion: number): { rate_bits: number; stderr_bits: number | null } | null {
  let best: { rate_bits: number; stderr_bits: number | null } | null = null;
  for (const s of results.series) {
    if (s.kind !== 'lower') continue;
    for (const p of s.points as (ResultPoint & { intercept_bits?: number; lambda_nats?: number; stderr_bits?: number })[]) {
      let rate: number | null = null;
      if (typeof p.intercept_bits === 'number' && typeof p.lambda_nats === 'number') rate = Math.max(0, p.intercept_bits - (p.lambda_nats * distortion) / Math.LN2);
      else if (p.distortion === distortion) rate = p.rate_bits;
      if (rate !== null && (best === null || rate > best.rate_bits)) best = { rate_bits: rate, stderr_bits: typeof p.stderr_bits === 'number' ? p.stderr_bits : null };
    }
  }
  return best;
}

/** The report's sandwich table (empty without both a `lower` and an `upper estimate` series). */
export function sandwichTable(results: Results, fmt: (x: number | null | undefined, digits?: number) => string): string[] {
  const uppers = results.series.filter((s) => s.kind === 'upper estimate');
  if (uppers.length === 0 || !results.series.some((s) => s.kind === 'lower')) return [];
  const lines = [
    'Sandwich: at each upper estimate\'s distortion D, the best lower bound there (± its standard error) and the width between them:',
    '',
    '| upper series | D | upper (bits) | lower (bits) | ± | width (bits) |',
    '| --- | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const s of uppers)
    for (const p of [...s.points].sort((a, b) => a.distortion - b.distortion)) {
      const lower = lowerBoundAtDistortion(results, p.distortion);
      lines.push(`| ${s.name} | ${fmt(p.distortion)} | ${fmt(p.rate_bits)} | ${fmt(lower?.rate_bits)} | ${fmt(lower?.stderr_bits, 2)} | ${fmt(lower ? p.rate_bits - lower.rate_bits : null, 3)} |`);
    }
  return [...lines, ''];
}
