import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  gaussianScalarDistortionRate,
  sideInfoIsSourcePlusNoise,
  sourceIsSideInfoPlusNoise,
  wynerZivDistortionRate,
  wynerZivRateDistortion,
} from '../../lib/bounds/index.js';

const dB = (d: number) => 10 * Math.log10(d);
const close = (a: number, b: number, tol: number, msg: string) =>
  assert.ok(Math.abs(a - b) <= tol, `${msg}: ${a} vs ${b} (tol ${tol})`);

test('X = Y + N, σ²_Y = 1, σ²_N = 0.1 at 2.07 bits (Breaking Smoothness, Figs. 4–5)', () => {
  const pair = sourceIsSideInfoPlusNoise(1, 0.1);
  close(dB(wynerZivDistortionRate(pair.conditionalVariance, 2.07)), -22.46, 0.005, 'WZ dB');
  close(dB(gaussianScalarDistortionRate(pair.sourceVariance, 2.07)), -12.05, 0.005, 'no side info dB');
});

test('Y = X + N: σ²_{X|Y} is the LMMSE error', () => {
  const pair = sideInfoIsSourcePlusNoise(2, 0.5);
  close(pair.conditionalVariance, 1 / (1 / 2 + 1 / 0.5), 1e-15, 'σ²_{X|Y}');
  close(pair.sourceVariance, 2, 0, 'σ²_X');
});

test('R_WZ and D_WZ are inverse, and R_WZ clips at 0', () => {
  for (const r of [0.2, 1.3, 4.7]) close(wynerZivRateDistortion(0.3, wynerZivDistortionRate(0.3, r)), r, 1e-13, `R=${r}`);
  close(wynerZivRateDistortion(0.3, 0.45), 0, 0, 'D>σ²_{X|Y}');
});

test('bad arguments throw naming the argument', () => {
  assert.throws(() => wynerZivRateDistortion(0, 1), (e: Error) => e instanceof RangeError && /conditionalVariance/.test(e.message));
  assert.throws(() => wynerZivDistortionRate(1, -0.1), (e: Error) => e instanceof RangeError && /rateBits/.test(e.message));
  assert.throws(() => sourceIsSideInfoPlusNoise(1, Infinity), (e: Error) => e instanceof RangeError && /noiseVariance/.test(e.message));
  assert.throws(() => sideInfoIsSourcePlusNoise(-1, 1), (e: Error) => e instanceof RangeError && /sourceVariance/.test(e.message));
});

test.run();
