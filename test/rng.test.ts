import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { empty, fillRandom, Rng } from '../lib/index.js';
import { philoxBlock, referenceDraw } from './reference/philox.js';
import { ulpError } from './reference/portableMath.js';

test('the reference block function reproduces the Random123 known-answer vectors', () => {
  const hex = (v: number[]) => v.map((x) => x.toString(16).padStart(8, '0')).join(' ');
  assert.is(hex(philoxBlock(0n, 0n, 0n)), '6627e8d5 e169c58d bc57ac4c 9b00dbd8');
  const ones = (1n << 64n) - 1n;
  assert.is(hex(philoxBlock(ones, ones, ones)), '408f276d 41c83b0e a20bc7c6 6d5451fd');
  assert.is(hex(philoxBlock(0x299f31d0a4093822n, 0x0370734413198a2en, 0x85a308d3243f6a88n)), 'd16cfe09 94fdcceb 5001e420 24126ea1');
});

test('native uniforms equal the reference bit for bit (seeds up to 2^64-1)', () => {
  const ones = (1n << 64n) - 1n;
  for (const [seed, stream, counter] of [[0n, 0n, 0n], [ones, ones, ones - 3n], [123456789n, 7n, 1000n]] as const) {
    const t = empty([37]);
    fillRandom(t, 'uniform', seed, stream, counter);
    const a = t.toArray();
    for (let i = 0; i < 37; ++i) assert.is(a[i], Math.fround(referenceDraw('uniform', seed, stream, counter, i)), `element ${i}`);
  }
});

test('normal, exponential and Gumbel draws are the float64 transforms of the same uniforms, rounded once', () => {
  for (const dist of ['normal', 'exponential', 'gumbel'] as const) {
    const t = empty([4099]);
    fillRandom(t, dist, 42n, 3n, 17n);
    const a = t.toArray();
    for (let i = 0; i < 4099; ++i) {
      const r = referenceDraw(dist, 42n, 3n, 17n, i);
      // correctly rounded but for the double-precision cores' ~1e-10 ulp (native/core/portable_math.h)
      assert.ok(ulpError(a[i], r) <= 0.5 + 1e-6, `${dist}[${i}] ${a[i]} vs ${r}: ${ulpError(a[i], r)} ulp`);
    }
  }
});

test('any slice can be regenerated on its own from (seed, stream, counter)', () => {
  const whole = empty([64]);
  fillRandom(whole, 'uniform', 9, 1, 0);
  const tail = empty([16]);
  fillRandom(tail, 'uniform', 9, 1, 8); // elements 32..47 live in blocks 8..11
  assert.equal(Array.from(tail.toArray()), Array.from(whole.toArray().slice(32, 48)));
});

test('moments of a million draws are right (mean, variance, Gumbel mean = Euler gamma)', () => {
  const n = 1 << 20;
  const t = empty([n]);
  const moments = (dist: 'uniform' | 'normal' | 'exponential' | 'gumbel') => {
    fillRandom(t, dist, 2024, 0, 0);
    const a = t.toArray();
    let s = 0, s2 = 0;
    for (let i = 0; i < n; ++i) { s += a[i]; s2 += a[i] * a[i]; }
    const mean = s / n;
    return { mean, variance: s2 / n - mean * mean, all: a };
  };
  const se = (v: number) => 5 * Math.sqrt(v / n); // five standard errors
  const u = moments('uniform');
  assert.ok(Math.abs(u.mean - 0.5) < se(1 / 12) && Math.abs(u.variance - 1 / 12) < 2e-3);
  assert.ok(u.all.every((x) => x > 0 && x < 1), 'uniforms lie in the open interval');
  const z = moments('normal');
  assert.ok(Math.abs(z.mean) < se(1) && Math.abs(z.variance - 1) < 1e-2, `normal ${z.mean} ${z.variance}`);
  const e = moments('exponential');
  assert.ok(Math.abs(e.mean - 1) < se(1) && Math.abs(e.variance - 1) < 2e-2, `exp ${e.mean} ${e.variance}`);
  const g = moments('gumbel');
  const gamma = 0.5772156649015329;
  assert.ok(Math.abs(g.mean - gamma) < se(Math.PI ** 2 / 6), `gumbel mean ${g.mean}`);
  assert.ok(Math.abs(g.variance - Math.PI ** 2 / 6) < 3e-2, `gumbel var ${g.variance}`);
  assert.ok(g.all.every(Number.isFinite));
});

test('Rng advances its counter so consecutive fills never overlap, and repeats from its seed', () => {
  const a = new Rng(5, 2), b = new Rng(5, 2);
  const x1 = a.fill(empty([10]), 'uniform').toArray(), x2 = a.fill(empty([10]), 'uniform').toArray();
  const both = b.fill(empty([12]), 'uniform').toArray();
  assert.equal(Array.from(x1), Array.from(both.slice(0, 10)));
  assert.not.equal(Array.from(x2.slice(0, 2)), Array.from(both.slice(10, 12)));
  assert.is(a.position, 6n);
});

test('bad arguments are rejected by name', () => {
  const t = empty([4]);
  assert.throws(() => fillRandom(t, 'cauchy' as 'normal', 1), /dist/);
  assert.throws(() => fillRandom(t, 'normal', -1), /seed/);
  assert.throws(() => fillRandom(t, 'normal', 1.5), /seed/);
  assert.throws(() => fillRandom(t, 'normal', 1n << 64n), /seed/);
  assert.throws(() => fillRandom(empty([4], 'int32'), 'normal', 1), /out: expected dtype float32/);
});

test.run();
