import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  gaussianDistortionRate,
  gaussianWaterLevel,
  gaussianRateDistortion,
  gaussianScalarDistortionRate,
  gaussianScalarRateDistortion,
} from '../../lib/bounds/index.js';
import { bisect } from '../reference/bisect.js';

const close = (a: number, b: number, tol: number, msg: string) =>
  assert.ok(Math.abs(a - b) <= tol, `${msg}: ${a} vs ${b} (tol ${tol})`);

/** Reverse water-filling by bisection on θ: an independent computation. */
function waterFillRate(vars: number[], d: number): number {
  const total = (t: number) => vars.reduce((a, s) => a + Math.min(t, s), 0) - d;
  const theta = bisect(total, 0, Math.max(...vars));
  return vars.reduce((a, s) => a + (s > theta ? 0.5 * Math.log2(s / theta) : 0), 0);
}

test('water-filling at hand-computed points', () => {
  // σ² = (4, 1): D = 2 puts θ = 1, R = ½ log2 4 = 1 bit; D = 4 puts θ = 3 (only 4 active).
  close(gaussianRateDistortion([4, 1], 2), 1, 1e-14, 'D=2');
  close(gaussianRateDistortion([1, 4], 4), 0.5 * Math.log2(4 / 3), 1e-14, 'D=4');
  close(gaussianRateDistortion([4, 1], 5), 0, 0, 'D=Σσ²');
});

test('water-filling matches bisection on θ at many points', () => {
  const vars = [3.7, 0.2, 1.1, 0.05, 2.4, 0.9];
  for (const d of [0.013, 0.31, 1.7, 4.2, 8.1]) {
    close(gaussianRateDistortion(vars, d), waterFillRate(vars, d), 1e-12, `D=${d}`);
  }
});

test('D(R) inverts R(D) to 1e-10', () => {
  const vars = [3.7, 0.2, 1.1, 0.05, 2.4, 0.9];
  for (const r of [0.03, 0.7, 2.5, 6.3, 11.2]) {
    const d = gaussianDistortionRate(vars, r);
    close(gaussianRateDistortion(vars, d), r, 1e-10, `R=${r}`);
  }
  close(gaussianDistortionRate(vars, 0), 8.35, 1e-12, 'R=0 gives Σσ²');
});

test('scalar forms', () => {
  close(gaussianScalarRateDistortion(2.5, 0.1), 0.5 * Math.log2(25), 1e-14, 'R(D)');
  close(gaussianScalarDistortionRate(2.5, 1.5), 2.5 / 8, 1e-15, 'D(R)');
  close(gaussianScalarRateDistortion(2.5, 3), 0, 0, 'D>σ²');
  close(gaussianRateDistortion([2.5], 0.37), gaussianScalarRateDistortion(2.5, 0.37), 1e-14, 'vector of one');
});

test('bad arguments throw naming the argument', () => {
  assert.throws(() => gaussianRateDistortion([1, -2], 0.5), (e: Error) => e instanceof RangeError && /variances\[1\]/.test(e.message));
  assert.throws(() => gaussianRateDistortion([], 0.5), (e: Error) => e instanceof RangeError && /variances/.test(e.message));
  assert.throws(() => gaussianRateDistortion([1], 0), (e: Error) => e instanceof RangeError && /distortion/.test(e.message));
  assert.throws(() => gaussianDistortionRate([1], NaN), (e: Error) => e instanceof RangeError && /rateBits/.test(e.message));
  assert.throws(() => gaussianScalarRateDistortion('1' as unknown as number, 1), (e: Error) => e instanceof TypeError && /variance/.test(e.message));
  assert.throws(() => gaussianScalarDistortionRate(1, -1), (e: Error) => e instanceof RangeError && /rateBits/.test(e.message));
});

test('gaussianWaterLevel: Σ min(θ, σ²) = D, and −1/(2θ) is the slope of R(D) in nats', () => {
  const v = [3.1, 0.7, 1.9, 0.2, 2.6];
  for (const d of [0.3, 1.1, 2.9, 6.5]) {
    const theta = gaussianWaterLevel(v, d);
    assert.ok(Math.abs(v.reduce((s, x) => s + Math.min(theta, x), 0) - d) < 1e-12, `D ${d}`);
    const h = 1e-6 * d, slope = (Math.LN2 * (gaussianRateDistortion(v, d + h) - gaussianRateDistortion(v, d - h))) / (2 * h);
    assert.ok(Math.abs(slope + 1 / (2 * theta)) < 1e-5 * (1 / theta), `D ${d}: slope ${slope} vs ${-1 / (2 * theta)}`);
  }
  assert.throws(() => gaussianWaterLevel(v, 8.5), /^distortion: expected less than the total variance/);
  assert.throws(() => gaussianWaterLevel(v, 0), /distortion/);
});

test.run();
