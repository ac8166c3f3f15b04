import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { writeNpy } from '../lib/coding/npy.js';
import { npyPairs, Rng } from '../lib/index.js';
import { randomArray } from './reference/prng.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'rdlab-npy-pairs-'));
const file = (name: string, data: Float32Array | Float64Array, shape: number[]) => {
  const p = path.join(dir, name);
  writeFileSync(p, writeNpy({ data, shape }));
  return p;
};

// 37 pairs, y = x + 0.5 so that every drawn row can be checked to be a real pair
const n = 37, xs = randomArray(n, 1, -2, 2), ys = Float64Array.from(xs, (v) => v + 0.5);
const xPath = file('x.npy', Float32Array.from(xs), [n, 1]), yPath = file('y.npy', ys, [n]);

test('npyPairs draws real (x, y) rows, repeatably from the seed, from two files or one [n, 2]', () => {
  const src = npyPairs({ x: xPath, y: yPath });
  assert.is(src.dim, 1);
  assert.is(src.sideDim, 1);
  assert.is(src.posterior(src.sample(3, new Rng(1)).x, 2, new Rng(1)), null);
  const a = src.sample(501, new Rng(4, 2)), b = src.sample(501, new Rng(4, 2));
  const ax = a.x.toArray(), ay = a.y.toArray();
  assert.equal(Array.from(ax), Array.from(b.x.toArray()));
  assert.equal(a.x.shape, [501, 1]);
  const seen = new Set<number>();
  const known = new Set(Array.from(Float32Array.from(xs)));
  for (let i = 0; i < 501; ++i) {
    assert.ok(known.has(ax[i]), `x ${ax[i]} is not one of the file's samples`);
    assert.ok(Math.abs(ay[i] - (ax[i] + 0.5)) < 1e-6, `row ${i}: (${ax[i]}, ${ay[i]}) is not a pair`);
    seen.add(ax[i]);
  }
  assert.ok(seen.size > 30, `only ${seen.size} of ${n} rows drawn in 501 draws`);
  const rng = new Rng(4, 2);
  src.sample(501, rng);
  assert.not.equal(Array.from(src.sample(501, rng).x.toArray()), Array.from(ax), 'the stream advances');

  const xy = new Float64Array(2 * n);
  for (let i = 0; i < n; ++i) [xy[2 * i], xy[2 * i + 1]] = [xs[i], ys[i]];
  const one = npyPairs({ xy: file('xy.npy', xy, [n, 2]) }).sample(501, new Rng(4, 2));
  assert.equal(Array.from(one.x.toArray()), Array.from(ax));
  assert.equal(Array.from(one.y.toArray()), Array.from(ay));
});

test('npyPairs: mismatched lengths, integer dtypes, bad shapes, non-finite values and missing files are clear errors', () => {
  assert.throws(() => npyPairs({ x: xPath, y: file('y36.npy', ys.subarray(1), [n - 1]) }), /x holds 37 samples and y 36/);
  const ints = writeNpy({ data: new Float32Array(n), shape: [n] });
  ints[new TextDecoder('latin1').decode(ints.subarray(0, 64)).indexOf('<f4') + 1] = 'i'.charCodeAt(0);
  const intPath = path.join(dir, 'int.npy');
  writeFileSync(intPath, ints);
  assert.throws(() => npyPairs({ x: xPath, y: intPath }), /y \('.*int\.npy'\): npy: dtype '<i4' is not supported/);
  assert.throws(() => npyPairs({ x: file('x3.npy', new Float32Array(n * 2), [n, 1, 2]), y: yPath }), /x: expected shape \[n\] or \[n, d\]/);
  assert.throws(() => npyPairs({ xy: file('xy3.npy', new Float32Array(n * 3), [n, 3]) }), /xy: expected shape \[n, 2\]/);
  const nan = Float32Array.from(xs);
  nan[5] = NaN;
  assert.throws(() => npyPairs({ x: file('nan.npy', nan, [n]), y: yPath }), /x: element 5 is NaN/);
  assert.throws(() => npyPairs({ x: path.join(dir, 'missing.npy'), y: yPath }), /x: cannot read/);
  assert.throws(() => npyPairs({ x: xPath } as never), /expected \{ x, y \} or \{ xy \}/);
  assert.throws(() => npyPairs({ x: xPath, y: yPath }).sample(0, new Rng(1)), /n: expected an integer/);
});

test('wz-gaussian runs on .npy pairs through --set pair: Concrete (both entropy models) and NTC+SI, no ECVQ', () => {
  const cli = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'lib', 'cli', 'main.js');
  const out = path.join(dir, 'run');
  const pair = JSON.stringify({ kind: 'npy', x: xPath, y: yPath });
  const r = spawnSync(process.execPath, [cli, 'run', 'wz-gaussian', '--quick', '--quiet', '--out', out, '--set', `pair=${pair}`,
    '--set', 'steps=20', '--set', 'lambdas=[40]', '--set', 'evalSamples=200'], { encoding: 'utf8' });
  assert.is(r.status, 0, r.stderr);
  const results = JSON.parse(readFileSync(path.join(out, 'results.json'), 'utf8')) as { series: { name: string }[]; bounds: unknown[] };
  assert.equal(results.series.map((s) => s.name), ['concrete', 'ntc-si', 'concrete-conditional']);
  assert.equal(results.bounds, []);
  const bad = spawnSync(process.execPath, [cli, 'run', 'wz-gaussian', '--quick', '--quiet', '--out', path.join(dir, 'bad'),
    '--set', `pair=${JSON.stringify({ kind: 'npy', x: xPath, y: path.join(dir, 'y36.npy') })}`, '--set', 'steps=2'], { encoding: 'utf8' });
  assert.is.not(bad.status, 0);
  assert.match(bad.stderr, /x holds 37 samples and y 36/);
});

test.run();
