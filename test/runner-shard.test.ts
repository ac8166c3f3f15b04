import { cpSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mergeRuns, resultsSchema, runExperiment, type RunOptions } from '../lib/index.js';
import { runCliSync, stablePoints, tempDir, useToyExperiment } from './fixtures/runs.js';
import { assertWellFormedXml } from './fixtures/runs.js';

useToyExperiment();

const base: RunOptions = { preset: 'quick', overrides: { steps: 80, lambdas: [1, 2, 4] }, seed: 9, device: 'cpu' };
const root = tempDir('shard');
const dir = (name: string) => path.join(root, name);

test('two shards merged give the unsharded results', async () => {
  const whole = await runExperiment('test-toy', { ...base, out: dir('whole') });
  const one = await runExperiment('test-toy', { ...base, out: dir('s1'), shard: { index: 1, count: 2 } });
  const two = await runExperiment('test-toy', { ...base, out: dir('s2'), shard: { index: 2, count: 2 } });
  const count = (r: typeof whole) => r.results.series.reduce((n, s) => n + s.points.length, 0);
  assert.is(count(one) + count(two), 6);
  assert.equal(one.results.shard, { index: 1, count: 2 });
  assert.equal(one.results.series.flatMap((s) => s.points.map((p) => p.index)), [0, 2, 4]);

  const r = runCliSync(['merge', dir('s2'), dir('s1'), '--out', dir('merged'), '--json']);
  assert.is(r.status, 0, r.stderr);
  const merged = resultsSchema.parse(JSON.parse(readFileSync(path.join(dir('merged'), 'results.json'), 'utf8')));
  assert.equal(JSON.parse(r.stdout), merged);
  assert.equal(stablePoints(merged), stablePoints(whole.results));
  assert.is(merged.shard, undefined);
  assert.equal(merged.bounds, whole.results.bounds);
  assert.equal(merged.settings, whole.results.settings);
  assert.is(readdirSync(path.join(dir('merged'), 'models')).length, 6);
  assertWellFormedXml(readFileSync(path.join(dir('merged'), 'rd.svg'), 'utf8'));
  assert.match(readFileSync(path.join(dir('merged'), 'report.md'), 'utf8'), '| wide | 4 |');
});

test('merge refuses a missing shard, a repeated shard and an unsharded run', async () => {
  await mergeRuns([dir('s1')], dir('bad1')).then(
    () => assert.unreachable('merged with a shard missing'),
    (e: Error) => assert.match(e.message, 'missing shard(s) 2/2'),
  );
  await mergeRuns([dir('s1'), dir('s1')], dir('bad2')).then(
    () => assert.unreachable('merged a shard twice'),
    (e: Error) => assert.match(e.message, 'are both shard 1/2'),
  );
  await mergeRuns([dir('whole')], dir('bad3')).then(
    () => assert.unreachable('merged an unsharded run'),
    (e: Error) => assert.match(e.message, 'not a shard'),
  );
});

test('merge never writes over a shard it reads, and replaces an earlier merge only with --force', () => {
  const before = readFileSync(path.join(dir('s1'), 'results.json'));
  const into = runCliSync(['merge', dir('s1'), dir('s2'), '--out', dir('s1'), '--force']);
  assert.is(into.status, 1, into.stderr);
  assert.match(into.stderr, `out: ${dir('s1')} is the shard folder ${dir('s1')}; refusing to write over an input`);
  assert.equal(readFileSync(path.join(dir('s1'), 'results.json')), before);
  const merged = readFileSync(path.join(dir('merged'), 'results.json'));
  const again = runCliSync(['merge', dir('s1'), dir('s2'), '--out', dir('merged')]);
  assert.is(again.status, 1, again.stderr);
  assert.match(again.stderr, 'already holds a results.json; pass --force to replace it');
  assert.equal(readFileSync(path.join(dir('merged'), 'results.json')), merged);
  assert.is(runCliSync(['merge', dir('s1'), dir('s2'), '--out', dir('merged'), '--force']).status, 0);
});

test('shards written before points carried named parameters (only lambda) still merge, figures included', async () => {
  for (const name of ['s1', 's2']) {
    cpSync(dir(name), dir(`old-${name}`), { recursive: true });
    const file = path.join(dir(`old-${name}`), 'results.json');
    const results = JSON.parse(readFileSync(file, 'utf8'));
    for (const series of results.series) for (const point of series.points) delete point.params;
    writeFileSync(file, JSON.stringify(results));
  }
  const merged = await mergeRuns([dir('old-s1'), dir('old-s2')], dir('old-merged'));
  const current = resultsSchema.parse(JSON.parse(readFileSync(path.join(dir('merged'), 'results.json'), 'utf8')));
  const withoutParams = (r: typeof merged) => r.series.map((s) => s.points.map(({ params: _params, ...p }) => p));
  assert.equal(withoutParams(merged), withoutParams(current));
  assert.equal(merged.series.flatMap((s) => s.points.map((p) => p.lambda)), [1, 2, 4, 1, 2, 4]);
  // the toy's figure reads each model file, found by the point ids derived from lambda
  assertWellFormedXml(readFileSync(path.join(dir('old-merged'), 'model-bytes.svg'), 'utf8'));
  assert.match(readFileSync(path.join(dir('old-merged'), 'report.md'), 'utf8'), '| wide | 4 |');
});

test.run();
