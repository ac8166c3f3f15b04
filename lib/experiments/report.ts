/** report.md: the results as a Markdown table, with links to the plots. */
import type { Results } from './resultsSchema.js';

const fmt = (x: number | null | undefined, digits = 4): string => (x === null || x === undefined ? '–' : Number(x.toPrecision(digits)).toString());

/** The Markdown report of `results`, linking `plots` (file stems of SVG/PNG pairs beside it). */
export function reportMarkdown(results: Results, plots: string[]): string {
  const lines = [
    `# ${results.experiment}`,
    '',
    `rdlab ${results.rdlab}, preset \`${results.preset}\`, seed ${results.seed}, device ${results.device} ` +
      `(${results.backend.cpuIsa} kernels, ${results.backend.threads} threads), ${fmt(results.wall_time_s, 3)} s.`,
    '',
    `Distortion: ${results.distortion}. Rates are bits per source sample: measured bitstream (rate) and the model's estimate.`,
    '',
    '| series | λ | rate (bits) | estimate (bits) | distortion | dB | bound | gap (bits) | gap (dB) |',
    '| --- | ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: |',
  ];
  for (const s of results.series)
    for (const p of s.points)
      lines.push(`| ${s.name} | ${fmt(p.lambda)} | ${fmt(p.rate_bits)} | ${fmt(p.rate_estimate_bits)} | ${fmt(p.distortion)} | ` +
        `${fmt(p.distortion_db)} | ${p.bound ?? '–'} | ${fmt(p.gap_bits, 3)} | ${fmt(p.gap_db, 3)} |`);
  lines.push('', 'Gap: bits above the bound at equal distortion; dB above it at equal rate.', '');
  for (const name of plots) lines.push(`![${name}](${name}.svg) ([PNG](${name}.png))`, '');
  lines.push('Settings:', '', '```json', JSON.stringify(results.settings, null, 2), '```', '');
  return lines.join('\n');
}
