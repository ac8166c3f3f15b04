/** report.md: the results as a Markdown table, with links to the plots. */
import { paramLabel, resultParams } from './params.js';
import type { ResultPoint, Results } from './resultsSchema.js';
import { sandwichTable } from './sandwich.js';

const fmt = (x: number | null | undefined, digits = 4): string => (x === null || x === undefined ? '–' : Number(x.toPrecision(digits)).toString());

/** A rate that is not a measured bitstream is marked in the table, and explained under it. */
const RATE_MARK: Record<string, { mark: string; note: string }> = {
  estimate: { mark: ' (est.)', note: 'est.: the model\'s own estimate; there is no bitstream.' },
  'slepian-wolf-estimate': {
    mark: ' (SW est.)',
    note: 'SW est.: the Slepian–Wolf rate −E log2 q(U|Y) that a conditional entropy model estimates on held-out pairs — not a bitstream: the encoder does not see Y, so no one-shot coder reaches it.',
  },
};

/** The names of the points' parameters, in order of first appearance: one column each. */
function paramNames(results: Results): string[] {
  return [...new Set(results.series.flatMap((s) => s.points.flatMap((p) => Object.keys(resultParams(p)))))];
}

/** A point's cells under the parameter columns (– where it has no such parameter). */
function paramCells(names: string[], p: ResultPoint): string {
  const params = resultParams(p);
  return names.map((n) => ` ${fmt(params[n])} |`).join('');
}

/** The Markdown report of `results`, linking `plots` (file stems of SVG/PNG pairs beside it). */
export function reportMarkdown(results: Results, plots: string[]): string {
  const params = paramNames(results);
  const heads = params.map((n) => ` ${paramLabel(n)} |`).join(''), aligns = params.map(() => ' ---: |').join('');
  const lines = [
    `# ${results.experiment}`,
    '',
    `rdlab ${results.rdlab}, preset \`${results.preset}\`, seed ${results.seed}, device ${results.device} ` +
      `(${results.backend.cpuIsa} kernels, ${results.backend.threads} threads), ${fmt(results.wall_time_s, 3)} s.`,
    '',
    `Distortion: ${results.distortion}. Rates are bits per source sample: measured bitstream (rate) and the model's estimate.`,
    '',
    `| series |${heads} rate (bits) | estimate (bits) | distortion | dB | bound | gap (bits) | gap (dB) |`,
    `| --- |${aligns} ---: | ---: | ---: | ---: | --- | ---: | ---: |`,
  ];
  const kinds = new Set<string>();
  for (const s of results.series)
    for (const p of s.points) {
      const kind = p.rate_kind !== undefined ? RATE_MARK[p.rate_kind] : undefined;
      if (kind) kinds.add(p.rate_kind!);
      lines.push(`| ${s.name} |${paramCells(params, p)} ${fmt(p.rate_bits)}${kind?.mark ?? ''} | ${fmt(p.rate_estimate_bits)} | ${fmt(p.distortion)} | ` +
        `${fmt(p.distortion_db)} | ${p.bound ?? '–'} | ${fmt(p.gap_bits, 3)} | ${fmt(p.gap_db, 3)} |`);
    }
  lines.push('', 'Gap: bits above the bound at equal distortion; dB above it at equal rate.', ...[...kinds].map((k) => RATE_MARK[k].note), '');
  lines.push(...otherGaps(results, params));
  lines.push(...sandwichTable(results, fmt));
  for (const name of plots) lines.push(`![${name}](${name}.svg) ([PNG](${name}.png))`, '');
  lines.push('Settings:', '', '```json', JSON.stringify(results.settings, null, 2), '```', '');
  return lines.join('\n');
}

/** A table of each point's gaps to the bounds after the first (empty when there is at most one). */
function otherGaps(results: Results, params: string[]): string[] {
  const names = results.bounds.slice(1).map((b) => b.name);
  const rows = results.series.flatMap((s) => s.points.filter((p) => p.bound_gaps).map((p) => ({ series: s.name, p })));
  if (names.length === 0 || rows.length === 0) return [];
  const lines = [
    'Gaps to the other bounds (bits at equal distortion / dB at equal rate; – outside a bound\'s range):',
    '',
    `| series |${params.map((n) => ` ${paramLabel(n)} |`).join('')} ${names.join(' | ')} |`,
    `| --- |${params.map(() => ' ---: |').join('')}${names.map(() => ' ---: |').join('')}`,
  ];
  for (const { series, p } of rows) {
    const cells = names.map((name) => {
      const g = p.bound_gaps!.find((b) => b.bound === name);
      return g ? `${fmt(g.gap_bits, 3)} / ${fmt(g.gap_db, 3)}` : '–';
    });
    lines.push(`| ${series} |${paramCells(params, p)} ${cells.join(' | ')} |`);
  }
  return [...lines, ''];
}

