import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  circleCellDistortion,
  circleOneShot,
  optimalIntervalPartition,
  rampCellDistortion,
  rampOneShot,
  sawbridgeCellDistortion,
  sawbridgeOneShot,
} from '../../lib/bounds/index.js';
import { gapToBound } from '../../lib/experiments/index.js';
import { bruteForceMinDistortion } from '../reference/bruteForcePartition.js';
import { simulateIntervalQuantizer } from '../reference/intervalQuantizerSim.js';

const close = (a: number, b: number, tol: number, msg: string) =>
  assert.ok(Math.abs(a - b) <= tol, `${msg}: ${a} vs ${b} (|diff| ${Math.abs(a - b)} > tol ${tol})`);

const sources = {
  sawbridge: (l: number) => l * sawbridgeCellDistortion(l),
  ramp: (l: number) => l * rampCellDistortion(l),
  circle: (l: number) => l * circleCellDistortion(l),
};

test('zero-rate distortions', () => {
  close(sawbridgeOneShot.zeroRateDistortion, 1 / 6, 1e-16, 'sawbridge');
  close(rampOneShot.zeroRateDistortion, 1 / 12, 1e-16, 'ramp');
  close(circleOneShot.zeroRateDistortion, 1, 1e-16, 'circle');
  close(sawbridgeOneShot.distortion(0), 1 / 6, 1e-16, 'sawbridge D*(0)');
});

test('uniform partitions at R = log2 N (closed forms)', () => {
  for (const n of [2, 5, 16]) {
    const r = Math.log2(n);
    close(sawbridgeOneShot.distortion(r), 1 / (6 * n), 1e-15, `sawbridge N=${n}`);
    close(rampOneShot.distortion(r), 1 / (6 * n) - 1 / (12 * n * n), 1e-15, `ramp N=${n}`);
    const x = Math.PI / n;
    close(circleOneShot.distortion(r), 1 - (Math.sin(x) / x) ** 2, 1e-14, `circle N=${n}`);
  }
});

test('family search equals brute force over all 3- and 4-cell partitions', () => {
  // Two-sided where the optimum is interior to the simplex of that many cells
  // (the zoomed grid converges to ~1e-12 there); one-sided (no partition does
  // better) where the optimum lies on its boundary and the grid only nears it.
  const cases = [
    [3, [0.37, 0.9, 1.21, 1.5], true],
    [4, [1.65, 1.9], true],
    [4, [0.83, 1.3], false],
  ] as const;
  for (const [name, cost] of Object.entries(sources)) {
    for (const [cells, rates, interior] of cases) {
      for (const r of rates) {
        const fam = optimalIntervalPartition(cost, r, cells).distortion;
        const brute = bruteForceMinDistortion(cost, r, cells);
        const msg = `${name} cells=${cells} R=${r}: family ${fam}, brute force ${brute}`;
        assert.ok(fam <= brute + 1e-12, msg);
        if (interior) assert.ok(brute - fam <= 1e-10, msg);
      }
    }
  }
});

test('curves are non-increasing, start at the zero-rate distortion, and have the asked size', () => {
  const curve = sawbridgeOneShot.curve({ maxRate: 6, points: 61 });
  assert.is(curve.length, 61);
  close(curve[0]!.distortion, 1 / 6, 1e-16, 'D(0)');
  close(curve[60]!.rate_bits, 6, 1e-15, 'last rate');
  for (let i = 1; i < curve.length; i++) assert.ok(curve[i]!.distortion <= curve[i - 1]!.distortion);
  const c = circleOneShot.curve({ maxRate: 3, points: 7 });
  close(c[3]!.distortion, circleOneShot.distortion(1.5), 0, 'curve point = D*(R)');
});

/**
 * Monte-Carlo check: tolerance = 4 standard errors plus the deterministic
 * quadrature bias. The t-grid midpoint rule on the piecewise-quadratic,
 * continuous expected error v(t) errs by ≤ h²(∫|v''|/24 + Σ|Δv'|/8) ≈ N h²/3
 * (v'' = −2/ℓ_i and v' jumps by 1 at each of the 2N cell ends); numeric cell
 * means err by ≤ 1/(2K), adding ≤ 1/(4K²) to the MSE.
 */
function checkMonteCarlo(
  name: string,
  cells: readonly number[],
  rate: number,
  distortion: number,
  source: (u: number, out: Float64Array) => void,
  dim: number,
  weight: number,
  gridBias: number,
) {
  const n = 200_000;
  const K = 4000;
  const sim = simulateIntervalQuantizer(cells, source, dim, weight, n, K, 12345);
  close(sim.mse, distortion, 4 * sim.mseStdErr + gridBias + 1 / (4 * K * K), `${name} MSE`);
  // Plug-in entropy is biased low by ≈ (N−1)/(2n ln 2).
  const bias = (cells.length - 1) / (2 * n * Math.LN2);
  close(sim.entropy + bias, rate, 4 * sim.entropyStdErr + bias, `${name} entropy`);
}

test('sawbridge curve matches a Monte-Carlo simulation of its quantizer', () => {
  const T = 500;
  const p = sawbridgeOneShot.partition(2.6);
  assert.is(p.cells.length, 7);
  const saw = (u: number, out: Float64Array) => {
    for (let j = 0; j < T; j++) {
      const t = (j + 0.5) / T;
      out[j] = t - (t >= u ? 1 : 0);
    }
  };
  checkMonteCarlo('sawbridge', p.cells, p.rate_bits, p.distortion, saw, T, 1 / T, (p.cells.length / 3) * T ** -2);
});

test('ramp curve matches a Monte-Carlo simulation of its quantizer', () => {
  const T = 500;
  const p = rampOneShot.partition(3.3);
  // Arcs of the circle: rotate the partition so a cell straddles u = 0.
  const shift = 0.31;
  const ramp = (u: number, out: Float64Array) => {
    for (let j = 0; j < T; j++) out[j] = ((((j + 0.5) / T + u + shift) % 1) + 1) % 1 - 0.5;
  };
  checkMonteCarlo('ramp', p.cells, p.rate_bits, p.distortion, ramp, T, 1 / T, (p.cells.length / 3) * T ** -2);
});

test('circle curve matches a Monte-Carlo simulation of its quantizer', () => {
  const circle = (u: number, out: Float64Array) => {
    out[0] = Math.cos(2 * Math.PI * u);
    out[1] = Math.sin(2 * Math.PI * u);
  };
  for (const r of [1.7, 4.4]) {
    const p = circleOneShot.partition(r);
    checkMonteCarlo(`circle R=${r}`, p.cells, p.rate_bits, p.distortion, circle, 2, 1, 0);
  }
});

test('rate(D) inverts D*(R) exactly, corners included', () => {
  // at a corner R = log2 N (uniform cells) the grid's linear interpolation misses: the exact
  // inverse must land on it
  for (const [name, b] of [['sawbridge', sawbridgeOneShot], ['ramp', rampOneShot], ['circle', circleOneShot]] as const) {
    for (const n of [3, 7, 29]) close(b.rate(b.distortion(Math.log2(n)), 6)!, Math.log2(n), 1e-9, `${name} corner N=${n}`);
    for (const r of [0.37, 1.91, 4.444]) {
      const d = b.distortion(r);
      close(b.distortion(b.rate(d, 6)!), d, 1e-12, `${name} D*(rate(D*(${r})))`);
    }
    assert.is(b.rate(b.zeroRateDistortion * 1.5, 6), 0, `${name}: at or above D*(0) the rate is 0`);
    assert.is(b.rate(b.distortion(6) / 2, 6), null, `${name}: beyond maxRate`);
  }
  // the sawbridge point at 3 uniform cells sits exactly on the curve: gap 0, not negative
  const bound = { name: 'one-shot', points: sawbridgeOneShot.curve({ maxRate: 6, points: 121 }) };
  const exact = { ...bound, exact: { rate: (d: number) => sawbridgeOneShot.rate(d, 6), distortion: (r: number) => sawbridgeOneShot.distortion(r) } };
  const interpolatedGap = gapToBound(bound, Math.log2(3), 1 / 18).gap_bits!;
  assert.ok(interpolatedGap < -1e-3, `the grid's interpolation puts the corner below the curve (${interpolatedGap})`);
  close(gapToBound(exact, Math.log2(3), 1 / 18).gap_bits!, 0, 1e-9, 'exact gap at the corner');
  close(gapToBound(exact, Math.log2(3), 1 / 18).gap_db!, 0, 1e-9, 'exact dB gap at the corner');
});

test('bad arguments throw naming the argument', () => {
  assert.throws(() => sawbridgeOneShot.rate(0, 6), (e: Error) => e instanceof RangeError && /distortion/.test(e.message));
  assert.throws(() => sawbridgeOneShot.rate(0.01, NaN), (e: Error) => e instanceof RangeError && /maxRate/.test(e.message));
  assert.throws(() => sawbridgeOneShot.distortion(-1), (e: Error) => e instanceof RangeError && /rateBits/.test(e.message));
  assert.throws(() => rampOneShot.distortion(NaN), (e: Error) => e instanceof RangeError && /rateBits/.test(e.message));
  assert.throws(() => circleOneShot.curve({ maxRate: 0, points: 5 }), (e: Error) => /maxRate/.test(e.message));
  assert.throws(() => sawbridgeOneShot.curve({ maxRate: 2, points: 1.5 }), (e: Error) => /points/.test(e.message));
  assert.throws(() => circleCellDistortion(1.2), (e: Error) => e instanceof RangeError && /cellLength/.test(e.message));
  assert.throws(() => rampCellDistortion(0), (e: Error) => e instanceof RangeError && /cellLength/.test(e.message));
  assert.throws(() => optimalIntervalPartition(sources.ramp, 2.5, 4), (e: Error) => /rateBits/.test(e.message));
  assert.throws(() => optimalIntervalPartition(sources.ramp, 1, 0), (e: Error) => /maxCells/.test(e.message));
});

test.run();
