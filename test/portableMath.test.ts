/**
 * native/core/portable_math.h through the `portableMath` op: ln x and sin/cos of turns
 * against float64 on fresh random inputs, with the maximum error in float32 ulps asserted
 * (the functions compute in double and round once, so they are correctly rounded but for
 * a hair), the special values, and bad arguments refused by name.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { empty, tensor } from '../lib/index.js';
import { native } from '../lib/native.js';
import { mulberry32 } from './reference/prng.js';
import { refSinCosTurns, ulpError } from './reference/portableMath.js';

// Correct rounding is 0.5 ulp; the double-precision cores add at most ~1e-10 ulp.
const maxUlp = 0.5 + 1e-6;

function run(fn: 'log' | 'sinTurns' | 'cosTurns', x: Float32Array): Float32Array {
  const out = empty([x.length]);
  native.portableMath(fn, tensor(x), out);
  return out.toArray() as Float32Array;
}

function worst(got: Float32Array, x: Float32Array, ref: (v: number) => number): { err: number; at: number } {
  let err = 0, at = NaN;
  for (let i = 0; i < x.length; ++i) {
    const e = ulpError(got[i], ref(x[i]));
    if (e > err) [err, at] = [e, x[i]];
  }
  return { err, at };
}

/** Positive floats over the whole range: random exponent and mantissa bits, subnormals too. */
function positiveFloats(n: number, seed: number): Float32Array {
  const r = mulberry32(seed), bits = new Uint32Array(n);
  for (let i = 0; i < n; ++i) bits[i] = Math.floor(r() * 0x7f800000) || 1;
  return new Float32Array(bits.buffer);
}

/** Values on the grid of rdlab's uniforms, (k + ½)/2^23, and within a few ulps of 1. */
function uniformGrid(n: number, seed: number): Float32Array {
  const r = mulberry32(seed);
  return Float32Array.from({ length: n }, (_, i) => (i % 4 === 3 ? 1 + (Math.floor(r() * 64) - 32) * 2 ** -23 : (Math.floor(r() * 2 ** 23) + 0.5) / 2 ** 23));
}

test('portable log is within 0.5 ulp (+1e-6) of float64 ln over all positive floats and the uniform grid', () => {
  for (const [name, x] of [['all floats', positiveFloats(300_007, 11)], ['uniform grid', uniformGrid(300_007, 12)]] as const) {
    const { err, at } = worst(run('log', x), x, Math.log);
    console.log(`  log on ${name}: max error ${err.toFixed(6)} ulp (at ${at})`);
    assert.ok(err <= maxUlp, `log on ${name}: ${err} ulp at x = ${at}`);
  }
});

test('portable sin/cos of turns are within 0.5 ulp (+1e-6) of float64 on random turns and the uniform grid', () => {
  const r = mulberry32(13);
  const turns = Float32Array.from({ length: 300_007 }, (_, i) => (i % 2 ? (r() - 0.5) * 2 ** (Math.floor(r() * 40) - 30) : (r() - 0.5) * 2000));
  for (const [name, x] of [['random turns', turns], ['uniform grid', uniformGrid(300_007, 14)]] as const) {
    for (const fn of ['sinTurns', 'cosTurns'] as const) {
      const pick = fn === 'sinTurns' ? (v: number) => refSinCosTurns(v).sin : (v: number) => refSinCosTurns(v).cos;
      const { err, at } = worst(run(fn, x), x, pick);
      console.log(`  ${fn} on ${name}: max error ${err.toFixed(6)} ulp (at ${at})`);
      assert.ok(err <= maxUlp, `${fn} on ${name}: ${err} ulp at t = ${at}`);
    }
  }
});

test('portable log and sin/cos: exact and special values', () => {
  const log = run('log', Float32Array.from([1, 2 ** 20, 0, -0, -1, Infinity, -Infinity, NaN, 2 ** -149]));
  assert.equal(Array.from(log.slice(0, 2)), [0, Math.fround(20 * Math.LN2)]);
  assert.equal(Array.from(log.slice(2, 8)), [-Infinity, -Infinity, NaN, Infinity, NaN, NaN]);
  assert.is(log[8], Math.fround(-149 * Math.LN2));
  const t = Float32Array.from([0, 0.25, -0.75, 2 ** 30 + 0.5 * 2 ** 7, Infinity, NaN]);
  const [s, c] = [run('sinTurns', t), run('cosTurns', t)];
  assert.equal(Array.from(s.slice(0, 4)).map(Math.abs), [0, 1, 1, 0]);
  assert.equal(Array.from(c.slice(0, 4)).map(Math.abs), [1, 0, 0, 1]);
  assert.ok([s[4], s[5], c[4], c[5]].every(Number.isNaN), 'NaN for a non-finite turn');
});

test('portableMath refuses bad arguments by name', () => {
  const x = tensor(Float32Array.from([0.5, 2]));
  assert.throws(() => native.portableMath('tan' as 'log', x, empty([2])), (e: Error) => e instanceof RangeError && /fn/.test(e.message));
  assert.throws(() => native.portableMath('log', tensor(Int32Array.from([1, 2]), [2]), empty([2])), /x/);
  assert.throws(() => native.portableMath('log', x, empty([3])), /out/);
});

test.run();
