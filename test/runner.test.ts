import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { getExperiment, readSafetensors, resultsSchema, runExperiment, listExperiments, type Results } from '../lib/index.js';
import { experimentFigures } from '../lib/runner/figures.js';
import { assertWellFormedXml, runCliSync, tempDir, useToyExperiment } from './fixtures/runs.js';

useToyExperiment();

test('a failing figures hook costs its figures (with a warning), not the run', async () => {
  const warn = console.warn, warned: string[] = [];
  console.warn = (m: string) => warned.push(m);
  try {
    const experiment = { ...getExperiment('test-toy'), figures: () => { throw new Error('no such model'); } };
    const results = { series: [], settings: {} } as unknown as Results;
    assert.equal(await experimentFigures(experiment, tempDir('figures'), results), []);
  } finally {
    console.warn = warn;
  }
  assert.match(warned.join('\n'), /figures of 'test-toy' failed, the results are complete without them: no such model/);
});

test('a tiny experiment runs end to end: results.json, model files, SVG and PNG plots, report', async () => {
  const out = path.join(tempDir('e2e'), 'run');
  const events: string[] = [];
  const { dir, results } = await runExperiment('test-toy', {
    preset: 'quick', overrides: { steps: '60' }, seed: 3, device: 'cpu', out, metricsEvery: 20,
    onProgress: (e) => events.push(e.kind),
  });
  assert.is(dir, out);
  const onDisk = JSON.parse(readFileSync(path.join(out, 'results.json'), 'utf8'));
  const parsed = resultsSchema.safeParse(onDisk);
  assert.ok(parsed.success, parsed.success ? '' : parsed.error.message);
  assert.equal(onDisk, JSON.parse(JSON.stringify(results)));
  assert.equal(results.series.map((s) => s.name), ['small', 'wide']);
  assert.equal(results.series[0].points.map((p) => p.lambda), [1, 4]);
  assert.is(results.settings.steps, 60);
  assert.ok(results.series.flatMap((s) => s.points).some((p) => p.bound_gaps?.[1].gap_bits !== null), 'some point is in the second bound\'s range');
  for (const p of results.series.flatMap((s) => s.points)) {
    assert.ok(p.distortion > 0 && p.distortion < 1, `distortion ${p.distortion}`);
    assert.is(p.bound, 'toy-bound');
    assert.ok(p.gap_bits !== null && p.gap_db !== null);
    // every bound's gap: the first repeats the point's own, the second is half a bit less
    assert.equal(p.bound_gaps!.map((g) => g.bound), ['toy-bound', 'toy-bound-x2']);
    assert.is(p.bound_gaps![0].gap_bits, p.gap_bits);
    const second = p.bound_gaps![1].gap_bits;
    if (second !== null) assert.ok(Math.abs(second - (p.gap_bits - 0.5)) < 1e-9, `gap to the second bound ${second} vs ${p.gap_bits} − 0.5`);
  }
  assert.is(events.filter((k) => k === 'metrics').length, 4 * 3);
  for (const name of ['rd', 'rd-linear', 'model-bytes']) {
    const svg = readFileSync(path.join(out, `${name}.svg`), 'utf8');
    assert.ok(svg.startsWith('<svg'), svg.slice(0, 40));
    assertWellFormedXml(svg);
    const png = readFileSync(path.join(out, `${name}.png`));
    assert.equal([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    assert.ok(png.length > 5000, `PNG of ${png.length} bytes`);
  }
  const report = readFileSync(path.join(out, 'report.md'), 'utf8');
  assert.match(report, '| small | 1 |');
  assert.match(report, /Gaps to the other bounds[^]*\| series \| λ \| toy-bound-x2 \|/);
  assert.match(report, '![rd](rd.svg)');
  assert.match(report, '![model-bytes](model-bytes.svg)');
  const model = readSafetensors(path.join(out, 'models', '000-small-lambda-1.safetensors'));
  assert.equal(model.tensors['layers.0.weight'].shape, [1, 4]);
  assert.is(model.metadata['rdlab.experiment'], 'test-toy');
  assert.equal(JSON.parse(model.metadata['mlp.config']).hidden, [4]);
  assert.ok(statSync(path.join(out, 'run.json')).size > 0);
  assert.not.ok(existsSync(path.join(out, 'checkpoints', '000-small-lambda-1.safetensors')), 'finished points leave no checkpoint');
});

test('the test-only experiment is not in the shipped list', () => {
  const r = runCliSync(['list']);
  assert.is(r.status, 0);
  assert.match(r.stdout, 'test-toy'); // the fixture CLI registers it ...
  const shipped = listExperiments().filter((e) => e.name !== 'test-toy');
  assert.not.ok(shipped.some((e) => e.description.startsWith('TEST ONLY'))); // ... nothing else is test-only
});

test('--json prints results.json on stdout and nothing else', () => {
  const out = path.join(tempDir('json'), 'run');
  const r = runCliSync(['run', 'test-toy', '--quick', '--set', 'steps=20', '--set', 'lambdas=[2]', '--set', 'series=["small"]', '--device', 'cpu', '--out', out, '--json', '--quiet']);
  assert.is(r.status, 0, r.stderr);
  const results = resultsSchema.parse(JSON.parse(r.stdout));
  assert.is(results.series[0].points[0].lambda, 2);
  assert.is(r.stderr, '');
});

const errors: [string, string[], RegExp][] = [
  ['unknown experiment', ['run', 'no-such-thing'], /unknown experiment 'no-such-thing'; known: .*test-toy/],
  ['unknown --set key', ['run', 'test-toy', '--quick', '--set', 'stepz=3'], /--set stepz: 'test-toy' has no setting 'stepz'; settings: steps, lambdas/],
  ['bad --set value', ['run', 'test-toy', '--quick', '--set', 'steps=-4'], /--set steps=-4: .*(>0|positive|too small)/i],
  ['non-numeric --set value', ['run', 'test-toy', '--quick', '--set', 'lr=fast'], /--set lr=fast: .*number/i],
  ['--set without =', ['run', 'test-toy', '--quick', '--set', 'steps'], /--set steps: expected key=value/],
  ['bad --shard', ['run', 'test-toy', '--quick', '--shard', '3/2'], /--shard 3\/2: expected i\/n with 1 <= i <= n/],
  ['malformed --shard', ['run', 'test-toy', '--quick', '--shard', 'half'], /--shard half: expected i\/n/],
  ['bad --device', ['run', 'test-toy', '--device', 'tpu'], /--device.*tpu.*expected cpu, cuda, cuda:N or auto/],
  ['--resume of a non-run', ['run', '--resume', '/nonexistent-rdlab-dir'], /--resume \/nonexistent-rdlab-dir: no run.json there/],
  ['--resume with settings', ['run', '--resume', '/tmp', '--seed', '4'], /--resume takes the experiment and its settings from the run folder; drop --seed/],
];
for (const [what, args, message] of errors)
  test(`clear error: ${what}`, () => {
    const r = runCliSync(args);
    assert.is(r.status, 1, r.stderr);
    assert.match(r.stderr, message);
  });

test.run();
