import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { writeIdx } from '../lib/coding/idx.js';
import { blahutArimoto, empiricalBlahutArimoto, idxImages, Rng } from '../lib/index.js';
import { mulberry32 } from './reference/prng.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'rdlab-images-'));

/** A gzip'ed IDX file of `n` random ubyte images of 5x7 pixels; returns its path and bytes. */
function imageFile(name: string, n: number, seed: number): { file: string; bytes: Uint8Array } {
  const r = mulberry32(seed), bytes = Uint8Array.from({ length: n * 35 }, () => 1 + Math.floor(r() * 255));
  const file = path.join(dir, name);
  writeFileSync(file, gzipSync(writeIdx({ type: 'ubyte', data: bytes, shape: [n, 5, 7] })));
  return { file, bytes };
}

test('pixels are bytes / 255; the mean image and D_max = E||X - mu||^2 match a float64 reference', () => {
  const { file, bytes } = imageFile('a.idx.gz', 37, 1);
  const src = idxImages(file);
  assert.is(src.count, 37);
  assert.is(src.dim, 35);
  assert.equal([src.height, src.width, src.reduction], [5, 7, 'sum']);
  assert.ok(src.pixels.every((v, i) => Math.abs(v - bytes[i] / 255) < 1e-7));
  const mu = Array.from({ length: 35 }, (_, j) => Array.from({ length: 37 }, (_, i) => bytes[i * 35 + j] / 255).reduce((a, b) => a + b) / 37);
  let d = 0;
  for (let i = 0; i < 37; ++i) for (let j = 0; j < 35; ++j) d += (bytes[i * 35 + j] / 255 - mu[j]) ** 2;
  assert.ok(Math.abs(src.variance - d / 37) < 1e-6 * (d / 37), `${src.variance} vs ${d / 37}`);
  assert.ok(src.mean.every((v, j) => Math.abs(v - mu[j]) < 1e-6));
  assert.is(idxImages(file, { limit: 5 }).count, 5);
  assert.equal(Array.from(src.rows(3, 2).toArray()), Array.from(src.pixels.subarray(3 * 35, 5 * 35)));
});

test('sample() draws whole images uniformly, repeatably from the Rng', () => {
  const { file } = imageFile('b.idx.gz', 11, 2);
  const src = idxImages(file);
  const a = src.sample(4000, new Rng(3, 5)).x.toArray(), b = src.sample(4000, new Rng(3, 5)).x.toArray();
  assert.equal(Array.from(a), Array.from(b));
  const counts = new Array<number>(11).fill(0);
  for (let r = 0; r < 4000; ++r) {
    const row = a.subarray(r * 35, (r + 1) * 35);
    const i = Array.from({ length: 11 }, (_, k) => k).find((k) => src.pixels.subarray(k * 35, (k + 1) * 35).every((v, j) => v === row[j]));
    assert.ok(i !== undefined, `row ${r} is not one of the images`);
    counts[i!] += 1;
  }
  // chi-square with 10 degrees of freedom: 29.6 is its 0.999 quantile
  const chi2 = counts.reduce((s, c) => s + (c - 4000 / 11) ** 2 / (4000 / 11), 0);
  assert.ok(chi2 < 29.6, `counts ${counts.join(' ')}, chi2 ${chi2}`);
  assert.throws(() => src.sample(0, new Rng(1)), /n: expected an integer/);
  assert.throws(() => src.rows(10, 2), /rows: expected/);
});

test('bad image files: missing (with the Debian package hint), wrong type or range, wrong rank', () => {
  assert.throws(() => idxImages(path.join(dir, 'none.gz')), /none\.gz does not exist.*apt-get install dataset-fashion-mnist/);
  const write = (name: string, bytes: Uint8Array) => { const f = path.join(dir, name); writeFileSync(f, bytes); return f; };
  assert.throws(() => idxImages(write('s.idx', writeIdx({ type: 'sbyte', data: Int8Array.from([1, -2, 3, 4]), shape: [1, 2, 2] }))), /holds sbyte elements/);
  assert.throws(() => idxImages(write('f.idx', writeIdx({ type: 'float32', data: Float32Array.from([0.5, 1.5]), shape: [1, 2] }))), /pixel 1 is 1.5/);
  assert.throws(() => idxImages(write('l.idx', writeIdx({ type: 'ubyte', data: Uint8Array.from([1, 2]), shape: [2] }))), /expected \(images, height, width\)/);
  const ok = idxImages(write('g.idx', writeIdx({ type: 'float64', data: Float64Array.from([0.25, 1, 0.5, 0.125]), shape: [2, 2] })));
  assert.equal([ok.count, ok.height, ok.width, Array.from(ok.pixels)], [2, 2, 1, [0.25, 1, 0.5, 0.125]]);
});

test('Blahut-Arimoto on an empirical distribution matches the float64 reference and brackets the empirical R(D)', () => {
  const n = 23, m = 9, r = mulberry32(4);
  const x = Float32Array.from({ length: n * m }, () => r());
  const src = idxImages(path.join(dir, (writeFileSync(path.join(dir, 'e.idx'), writeIdx({ type: 'float32', data: x, shape: [n, 3, 3] })), 'e.idx')));
  const rows = src.rows(0, n);
  const d = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => {
    let s = 0;
    for (let k = 0; k < m; ++k) s += (x[i * m + k] - x[j * m + k]) ** 2;
    return s;
  }));
  const slopes = [-0.5, -3, -12, -200];
  const points = empiricalBlahutArimoto(rows, rows, slopes, { tolerance: 1e-10, maxIterations: 20000 });
  points.forEach((p, k) => {
    const ref = blahutArimoto(new Array(n).fill(1 / n), d, slopes[k], { tolerance: 1e-10, maxIterations: 20000 });
    assert.ok(Math.abs(p.rate_bits - ref.rate_bits) < 1e-4 && Math.abs(p.distortion - ref.distortion) < 1e-4 * (1 + ref.distortion), `slope ${slopes[k]}: ${JSON.stringify(p)} vs ${ref.rate_bits}, ${ref.distortion}`);
  });
  // zero distortion costs log2 n bits; at zero rate the alphabet cannot reach below min_y E d(X, y) >= D_max
  assert.ok(Math.abs(points[3].rate_bits - Math.log2(n)) < 1e-3 && points[3].distortion < 1e-3, JSON.stringify(points[3]));
  const minRow = Math.min(...d.map((_, j) => d.reduce((s, row) => s + row[j], 0) / n));
  assert.ok(minRow >= src.variance);
  assert.ok(empiricalBlahutArimoto(rows, rows, [-1e-3])[0].distortion >= minRow - 1e-3);
  assert.throws(() => empiricalBlahutArimoto(rows, rows, [0.5]), /slopes\[0\]: expected a slope <= 0/);
});

test.run();
