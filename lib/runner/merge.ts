/**
 * Joins the run folders of `--shard 1/n … n/n` into one: results.json with every point in
 * sweep order (identical to an unsharded run's points), the models, the plots and the report.
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { experimentFigures } from './figures.js';
import { writeOutputs } from './outputs.js';
import { describeValue, requireObject, requireString } from '../validate.js';
import { DEFAULT_PLOT } from './plot.js';
import { getExperiment, listExperiments } from '../experiments/registry.js';
import { seriesFromPoints, type PointRecord } from './results.js';
import { resultsSchema, type Results } from './resultsSchema.js';

function readResults(dir: string): Results {
  const file = path.join(dir, 'results.json');
  if (!existsSync(file)) throw new Error(`${dir}: no results.json (is the shard finished? continue it with rdlab run --resume ${dir})`);
  const parsed = resultsSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (!parsed.success) throw new Error(`${file}: does not match the results.json schema: ${parsed.error.message}`);
  return parsed.data;
}

/**
 * Merges shard folders `dirs` into `out`; all shards of one run must be present, each once.
 * `out` must not be one of the shards (by real path), and a folder that already holds a
 * results.json is refused unless `options.force`.
 */
export async function mergeRuns(dirs: string[], out: string, options: { force?: boolean } = {}): Promise<Results> {
  if (!Array.isArray(dirs)) throw new TypeError(`dirs: expected an array of folder paths, got ${describeValue(dirs)}`);
  dirs.forEach((d, i) => requireString(`dirs[${i}]`, d));
  requireString('out', out);
  requireObject('options', options);
  if (dirs.length === 0) throw new RangeError('merge: expected at least one shard folder');
  const shards = dirs.map((dir) => ({ dir, results: readResults(dir) }));
  const first = shards[0].results;
  const count = first.shard?.count;
  const seen = new Map<number, string>();
  for (const { dir, results } of shards) {
    if (!results.shard) throw new Error(`${dir}: not a shard (its run had no --shard)`);
    for (const key of ['experiment', 'rdlab', 'seed', 'preset'] as const)
      if (results[key] !== first[key]) throw new Error(`${dir}: ${key} ${JSON.stringify(results[key])} differs from ${dirs[0]}'s ${JSON.stringify(first[key])}`);
    if (JSON.stringify(results.settings) !== JSON.stringify(first.settings)) throw new Error(`${dir}: settings differ from ${dirs[0]}'s`);
    if (results.shard.count !== count) throw new Error(`${dir}: shard ${results.shard.index}/${results.shard.count} is from a split into ${results.shard.count}, not ${count}`);
    const twin = seen.get(results.shard.index);
    if (twin) throw new Error(`${dir} and ${twin} are both shard ${results.shard.index}/${count}`);
    seen.set(results.shard.index, dir);
  }
  const missing = Array.from({ length: count! }, (_, i) => i + 1).filter((i) => !seen.has(i));
  if (missing.length) throw new Error(`merge: missing shard(s) ${missing.map((i) => `${i}/${count}`).join(', ')}`);

  const records: PointRecord[] = shards.flatMap(({ results }) => results.series.flatMap((s) => s.points.map((point) => ({ series: s.name, point }))));
  const devices = [...new Set(shards.map(({ results }) => results.device))];
  const { shard: _shard, ...common } = first;
  const merged: Results = {
    ...common,
    device: devices.join(','),
    series: seriesFromPoints(records, Object.fromEntries(shards.flatMap(({ results }) => results.series.flatMap((s) => (s.kind ? [[s.name, s.kind]] : []))))),
    wall_time_s: shards.reduce((t, { results }) => t + results.wall_time_s, 0),
  };
  const target = existsSync(out) ? realpathSync(out) : path.resolve(out);
  const input = dirs.find((d) => realpathSync(d) === target);
  if (input !== undefined) throw new RangeError(`out: ${out} is the shard folder ${input}; refusing to write over an input`);
  if (existsSync(path.join(out, 'results.json')) && !options.force) throw new RangeError(`out: ${out} already holds a results.json; pass --force to replace it`);
  mkdirSync(path.join(out, 'models'), { recursive: true });
  for (const { dir } of shards) {
    const models = path.join(dir, 'models');
    if (existsSync(models)) for (const f of readdirSync(models)) copyFileSync(path.join(models, f), path.join(out, 'models', f));
  }
  // plots and figures as the experiment declares them, or the default plot for an experiment this rdlab does not know
  const known = listExperiments().some((e) => e.name === merged.experiment);
  const experiment = known ? getExperiment(merged.experiment) : null;
  await writeOutputs(out, merged, experiment ? experiment.plots : [DEFAULT_PLOT], experiment ? await experimentFigures(experiment, out, merged) : []);
  return merged;
}
