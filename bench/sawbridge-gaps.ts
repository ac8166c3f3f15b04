/**
 * `node dist/bench/sawbridge-gaps.js DIR…`: each sawbridge point of the run folders DIR (a
 * run, a shard or a merge) against the sampled process's optimum at the run's n, for n past
 * what `sampledSawbridgeOneShot` computes (the full preset's n = 1024). Prints one markdown
 * row per point: λ, rate, D, the gap to the continuous curve (the run's `gap_bits`), and the
 * gap's upper end R − (convex hull of the sampled staircase at D), from
 * `sampledSawbridgeRateBracket`. The sampled optimum lies below the continuous curve, so the
 * exact gap is between the two (docs/ntc.md, "The sampled processes' bounds").
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { resultsSchema, sampledSawbridgeRateBracket } from '../lib/index.js';

const dirs = process.argv.slice(2);
if (dirs.length === 0) throw new Error('usage: node dist/bench/sawbridge-gaps.js RUN_DIR…');
console.log('| λ | rate (bits) | D | gap to the continuous curve (bits) | upper end of the gap to the sampled optimum (bits) | wall time (s) |');
console.log('| ---: | ---: | ---: | ---: | ---: | ---: |');
for (const dir of dirs) {
  const results = resultsSchema.parse(JSON.parse(readFileSync(path.join(dir, 'results.json'), 'utf8')));
  if (results.experiment !== 'sawbridge') throw new Error(`${dir}: a ${results.experiment} run, not sawbridge`);
  const n = Number(results.settings.points);
  for (const point of results.series.flatMap((s) => s.points)) {
    const bracket = sampledSawbridgeRateBracket(n, point.distortion);
    const cells = [point.lambda, point.rate_bits.toFixed(3), point.distortion.toPrecision(4), point.gap_bits?.toFixed(4), (point.rate_bits - bracket.lower_bits).toFixed(4)];
    console.log(`| ${cells.join(' | ')} | ${results.wall_time_s.toFixed(0)} |`);
  }
}
