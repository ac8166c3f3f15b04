/** Settings errors as a user meets them: each names the setting, exits nonzero and leaves no run folder. */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { z } from 'zod';
import { defineExperiment, getExperiment, resumeRun, runExperiment, type Trainable } from '../lib/index.js';
import { resolveSettings } from '../lib/runner/settings.js';
import { toyExperiment } from './fixtures/toyExperiment.js';
import { runCliSync, tempDir, useToyExperiment } from './fixtures/runs.js';

useToyExperiment();

const refused: [string, string[], RegExp][] = [
  ['a batch beyond the sources\' limit', ['--set', 'batch=100000000'], /--set batch=100000000: .*16777216/],
  ['a hidden width beyond an Mlp\'s', ['--set', 'hidden=[100000]'], /--set hidden=\[100000\]: .*65536/],
  ['a setting of another NTC experiment', ['--set', 'fourierSigma=0.1'], /--set fourierSigma: 'gaussian-ntc' has no setting 'fourierSigma'; settings: steps, batch/],
  ['a process setting on a scalar source', ['--set', 'points=16'], /--set points: 'gaussian-ntc' has no setting 'points'/],
  ['__proto__', ['--set', '__proto__={"x":1}'], /--set __proto__: not a setting name/],
  ['constructor', ['--set', 'constructor=1'], /--set constructor: not a setting name/],
  ['prototype', ['--set', 'prototype=1'], /--set prototype: not a setting name/],
  ['toString (a key of every object)', ['--set', 'toString=1'], /--set toString: 'gaussian-ntc' has no setting 'toString'/],
];
for (const [what, args, message] of refused)
  test(`gaussian-ntc refuses ${what}: exit 1, the setting named, no run folder`, () => {
    const out = path.join(tempDir('settings'), 'run');
    const r = runCliSync(['run', 'gaussian-ntc', '--quick', '--device', 'cpu', '--out', out, ...args]);
    assert.is(r.status, 1, r.stderr);
    assert.match(r.stderr, message);
    assert.not.ok(existsSync(out), `${out} was left behind`);
  });

test('sawbridge refuses a process longer than its source can sample, naming the setting, with no run folder', () => {
  const out = path.join(tempDir('settings-points'), 'run');
  const r = runCliSync(['run', 'sawbridge', '--quick', '--device', 'cpu', '--out', out, '--set', 'points=100000']);
  assert.is(r.status, 1, r.stderr);
  assert.match(r.stderr, /--set points=100000: .*65536/);
  assert.not.ok(existsSync(out));
});

test('a settings error leaves a folder the user gave, and what it holds, untouched', () => {
  const out = tempDir('settings-given');
  writeFileSync(path.join(out, 'notes.txt'), 'mine');
  const r = runCliSync(['run', 'gaussian-ntc', '--quick', '--device', 'cpu', '--out', out, '--set', 'batch=100000000']);
  assert.is(r.status, 1, r.stderr);
  assert.match(r.stderr, /--set batch=100000000: /);
  assert.equal(readdirSync(out), ['notes.txt']);
  assert.is(readFileSync(path.join(out, 'notes.txt'), 'utf8'), 'mine');
});

test('every shipped experiment reads each of its settings: its schema holds no key of another', () => {
  for (const name of ['gaussian-ntc', 'laplace-ntc', 'circle']) {
    const keys = Object.keys(getExperiment(name).settings.shape);
    for (const foreign of ['points', 'fourierSigma', 'fourierFeatures', 'fourierIncludeLatent', 'smallInitScale']) assert.not.ok(keys.includes(foreign), `${name}: ${foreign}`);
  }
  assert.not.ok(Object.keys(getExperiment('ramp').settings.shape).includes('latents'), 'ramp has its own series');
  assert.ok(Object.keys(getExperiment('sawbridge').settings.shape).includes('points'));
});

test('a resumed run.json of an older rdlab: keys the experiment never read are dropped, renamed ones mapped', () => {
  const ntc = getExperiment('gaussian-ntc');
  const old = { ...resolveSettings(ntc, 'quick'), points: 2, fourierFeatures: 64, fourierSigma: 1 / 32, fourierIncludeLatent: true, smallInitScale: 1 / 8 };
  assert.equal(resolveSettings(ntc, 'quick', old, 'resumed'), resolveSettings(ntc, 'quick'));
  assert.throws(() => resolveSettings(ntc, 'quick', { fourierSigma: 0.1 }), /--set fourierSigma: 'gaussian-ntc' has no setting/);
  const wz = getExperiment('wz-gaussian');
  for (const origin of ['overrides', 'resumed'] as const) {
    const s = resolveSettings(wz, 'quick', { ntcCalibrationSamples: 0 }, origin);
    assert.is(s.calibrationSamples, 0, origin);
    assert.not.ok('ntcCalibrationSamples' in s);
  }
  assert.throws(() => resolveSettings(wz, 'quick', { __proto__: null, constructor: 1 } as Record<string, unknown>), /constructor: not a setting name/);
});

test('a run that fails while training, before any point is finished or checkpointed, leaves no run folder', async () => {
  // the toy, made to fail in its first step (as a too-large batch did before settings were bounded)
  const toy = getExperiment('test-toy'), build = toy.build;
  toy.build = (point, ctx): Trainable => ({ ...build(point, ctx), step: () => { throw new RangeError('n: expected an integer in [1, 16777216]'); } });
  try {
    const fresh = path.join(tempDir('fails'), 'run');
    await runExperiment('test-toy', { preset: 'quick', device: 'cpu', out: fresh }).then(
      () => assert.unreachable('the run succeeded'),
      (e: Error) => assert.match(e.message, 'n: expected an integer'),
    );
    assert.not.ok(existsSync(fresh), 'the folder the run created is removed');
    // an empty folder the user made stays, emptied of what the run wrote
    const given = tempDir('fails-given');
    await runExperiment('test-toy', { preset: 'quick', device: 'cpu', out: given }).catch(() => {});
    assert.equal(readdirSync(given), []);
  } finally {
    toy.build = build;
  }
});

test('--preset medium: the run folder and results.json record it; a resume keeps it', async () => {
  const out = path.join(tempDir('medium'), 'run');
  const r = runCliSync(['run', 'test-toy', '--preset', 'medium', '--set', 'steps=20', '--device', 'cpu', '--out', out, '--quiet']);
  assert.is(r.status, 0, r.stderr);
  assert.is(JSON.parse(readFileSync(path.join(out, 'run.json'), 'utf8')).preset, 'medium');
  const results = JSON.parse(readFileSync(path.join(out, 'results.json'), 'utf8'));
  assert.is(results.preset, 'medium');
  assert.equal(results.series.map((x: { name: string }) => x.name), ['small'], "the medium preset's series, not quick's");
  assert.is((await resumeRun(out)).results.preset, 'medium');
  assert.is(runCliSync(['run', 'test-toy', '--quick', '--preset', 'quick', '--set', 'steps=5', '--device', 'cpu', '--out', path.join(tempDir('quick-twice'), 'run'), '--quiet']).status, 0);
});

const presetRefused: [string, string[], RegExp][] = [
  ['a preset the experiment lacks', ['run', 'gaussian-ntc', '--preset', 'medium'], /'gaussian-ntc' has no preset 'medium'; presets: quick, full/],
  ['--quick with another --preset', ['run', 'test-toy', '--quick', '--preset', 'full'], /--quick and --preset full name different presets/],
  ['an unknown preset name', ['run', 'test-toy', '--preset', 'huge'], /--preset.*'huge'.*quick, medium, full/],
];
for (const [what, args, message] of presetRefused)
  test(`rdlab run refuses ${what}: exit 1, no run folder`, () => {
    const out = path.join(tempDir('preset'), 'run');
    const r = runCliSync([...args, '--device', 'cpu', '--out', out]);
    assert.is(r.status, 1, r.stderr);
    assert.match(r.stderr, message);
    assert.not.ok(existsSync(out));
  });

test('the Wyner–Ziv experiments have a medium preset: ECVQ on the posterior nodes, at least four λ', () => {
  for (const name of ['wz-gaussian', 'wz-gaussian-yxn', 'wz-sign']) {
    const s = resolveSettings(getExperiment(name), 'medium');
    assert.is(s.posterior, 'nodes', name);
    assert.ok((s.lambdas as number[]).length >= 4, name);
    assert.is(s.init, name === 'wz-sign' ? 'random' : 'binned', name);
  }
  assert.throws(() => resolveSettings(getExperiment('gaussian-ntc'), 'medium'), /'gaussian-ntc' has no preset 'medium'/);
});

test('an experiment whose schema refuses a preset key is caught when settings are resolved', () => {
  const bad = defineExperiment({ ...toyExperiment, name: 'test-bad-preset', settings: z.object({ steps: z.number() }) });
  assert.throws(() => resolveSettings(bad, 'quick'), /settings for 'test-bad-preset' \(quick\): .*lambdas/);
});

test('--resume of a folder whose points were named by λ when they have other parameters refuses, naming the file', async () => {
  const dir = tempDir('old-names');
  const settings = resolveSettings(getExperiment('rcc-samples'), 'quick', { log2Candidates: [1, 2], samples: 10 });
  writeFileSync(path.join(dir, 'run.json'), JSON.stringify({ experiment: 'rcc-samples', rdlab: '0.1.0', preset: 'quick', settings, seed: 1, device: 'cpu' }));
  mkdirSync(path.join(dir, 'points'));
  writeFileSync(path.join(dir, 'points', '000-pfr-lambda-1.json'), '{}');
  await resumeRun(dir).then(
    () => assert.unreachable('resumed'),
    (e: Error) => assert.match(e.message, `--resume ${dir}: points/000-pfr-lambda-1.json is not a point of this sweep`),
  );
  assert.not.ok(existsSync(path.join(dir, 'lock')), 'the refusal releases the lock');
});

test.run();
