import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { resultsSchema, runExperiment } from '../lib/index.js';
import { loadState, saveState } from '../lib/runner/checkpoint.js';
import { tensor } from '../lib/index.js';
import { runCliSync, spawnCli, stablePoints, tempDir, useToyExperiment } from './fixtures/runs.js';

useToyExperiment();

const STEPS = 6000;
const settings = ['--set', `steps=${STEPS}`, '--set', 'lambdas=[1,4]', '--set', 'series=["small"]'];

test('checkpoint state round-trips tensors, float64 numbers, bigints and strings exactly', () => {
  const file = path.join(tempDir('ckpt'), 'c.safetensors');
  const w = tensor(new Float32Array([1.5, -2, 3e-8]), [3]);
  saveState(file, { w, steps: 0.1 + 0.2, pos: 2n ** 63n + 5n, tag: 'x=y' }, { 'rdlab.step': '7' });
  const { state, metadata } = loadState(file);
  assert.equal(Array.from((state.w as typeof w).toArray()), Array.from(w.toArray()));
  assert.is(state.steps, 0.1 + 0.2);
  assert.is(state.pos, 2n ** 63n + 5n);
  assert.is(state.tag, 'x=y');
  assert.equal(metadata, { 'rdlab.step': '7' });
});

test('a run killed with SIGTERM mid-training resumes to the same results as an uninterrupted run', async () => {
  const reference = await runExperiment('test-toy', {
    preset: 'quick', overrides: { steps: STEPS, lambdas: [1, 4], series: ['small'] }, seed: 5, device: 'cpu', out: path.join(tempDir('whole'), 'run'),
  });

  const out = path.join(tempDir('killed'), 'run');
  const child = spawnCli(['run', 'test-toy', '--quick', ...settings, '--seed', '5', '--device', 'cpu', '--out', out, '--checkpoint-every', '500', '--quiet']);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  // kill once the second point has written its first periodic checkpoint: it is mid-training
  const checkpoint = path.join(out, 'checkpoints', '001-small-lambda-4.safetensors');
  for (let t = 0; !existsSync(checkpoint); t += 10) {
    if (t > 30_000) throw new Error(`no checkpoint appeared; child stderr: ${stderr}`);
    await sleep(10);
  }
  child.kill('SIGTERM');
  assert.is(await exited, 143, stderr);
  assert.match(stderr, `continue with: rdlab run --resume ${out}`);
  assert.ok(existsSync(path.join(out, 'points', '000-small-lambda-1.json')), 'the first point was finished');
  assert.not.ok(existsSync(path.join(out, 'results.json')), 'an interrupted run has no results yet');
  const step = Number(loadState(checkpoint).metadata['rdlab.step']);
  assert.ok(step >= 500 && step < STEPS, `checkpointed at step ${step}`);

  const resumed = runCliSync(['run', '--resume', out, '--json', '--quiet']);
  assert.is(resumed.status, 0, resumed.stderr);
  const results = resultsSchema.parse(JSON.parse(resumed.stdout));
  assert.equal(stablePoints(results), stablePoints(reference.results));
  assert.equal(JSON.parse(readFileSync(path.join(out, 'results.json'), 'utf8')), results);
  assert.not.ok(existsSync(checkpoint), 'the finished point leaves no checkpoint');
  // the training curves: one line per read-back, the same as the uninterrupted run's
  const curve = (dir: string, id: string) =>
    readFileSync(path.join(dir, 'logs', `${id}.jsonl`), 'utf8').trim().split('\n').map((l) => {
      const { wall_s, ...rest } = JSON.parse(l) as Record<string, number>;
      assert.ok(wall_s >= 0, 'wall_s');
      return rest;
    });
  for (const id of ['000-small-lambda-1', '001-small-lambda-4']) {
    const whole = curve(reference.dir, id);
    assert.is(whole.length, STEPS / 100, `${id}: a line every 100 steps`);
    assert.equal(curve(out, id), whole, `${id}: the resumed curve equals the uninterrupted one`);
  }
});

test('resuming a finished run rewrites the same results without training again', async () => {
  const out = path.join(tempDir('twice'), 'run');
  const first = runCliSync(['run', 'test-toy', '--quick', '--set', 'steps=30', '--device', 'cpu', '--out', out, '--json', '--quiet']);
  assert.is(first.status, 0, first.stderr);
  const again = runCliSync(['run', '--resume', out, '--json']);
  assert.is(again.status, 0, again.stderr);
  assert.equal(stablePoints(JSON.parse(again.stdout)), stablePoints(JSON.parse(first.stdout)));
  assert.match(again.stderr, '(finished earlier)');
});

test('a second run into the same folder is refused', () => {
  const out = path.join(tempDir('again'), 'run');
  assert.is(runCliSync(['run', 'test-toy', '--quick', '--set', 'steps=10', '--device', 'cpu', '--out', out, '--quiet']).status, 0);
  const r = runCliSync(['run', 'test-toy', '--quick', '--device', 'cpu', '--out', out]);
  assert.is(r.status, 1);
  assert.match(r.stderr, 'already holds a run; continue it with --resume');
});

test.run();
