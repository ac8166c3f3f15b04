import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { rampOneShot, sampledRampOneShot, sampledSawbridgeOneShot, sawbridgeOneShot } from '../../lib/bounds/index.js';
import { randomArray } from '../reference/prng.js';

const close = (a: number, b: number, tol: number, msg: string) =>
  assert.ok(Math.abs(a - b) <= tol, `${msg}: ${a} vs ${b} (|diff| ${Math.abs(a - b)} > tol ${tol})`);

/** Atom masses of the sawbridge sampled at t_j = (j + ½)/n. */
const masses = (n: number) => Array.from({ length: n + 1 }, (_, k) => (k === 0 || k === n ? 0.5 / n : 1 / n));

/** (H, D) of a cell set of atoms, any set (not only runs), straight from the definition. */
function cellHD(cell: number[], n: number): [number, number] {
  const w = masses(n);
  const p = cell.reduce((s, k) => s + w[k], 0);
  let d = 0;
  for (let j = 0; j < n; j++) {
    const q = cell.filter((k) => k <= j).reduce((s, k) => s + w[k], 0) / p;
    d += q * (1 - q);
  }
  return [-p * Math.log2(p), (p * d) / n];
}

/** Every set partition of {0 … m−1}. */
function* setPartitions(m: number): Generator<number[][]> {
  if (m === 0) {
    yield [];
    return;
  }
  for (const part of setPartitions(m - 1)) {
    for (let i = 0; i < part.length; i++) yield part.map((c, k) => (k === i ? [...c, m - 1] : c));
    yield [...part, [m - 1]];
  }
}

/**
 * Monte Carlo D of a partition of U into consecutive cells of masses `cells` (starting at
 * U = `start`, wrapping at 1): each realization decoded to its cell's mean vector.
 */
function simulatedDistortion(cells: number[], start: number, n: number, value: (u: number, j: number) => number, count: number, seed: number): number {
  const edges = cells.reduce<number[]>((e, p) => [...e, e[e.length - 1] + p], [0]);
  const cellOf = (u: number) => {
    const v = (u - start + 1) % 1;
    return Math.max(0, edges.findIndex((e, i) => i > 0 && v <= e + 1e-15) - 1);
  };
  const us = randomArray(count, seed).map((v) => Math.min(1 - 1e-12, Math.abs(v) % 1));
  const sums = cells.map(() => new Float64Array(n));
  const counts = new Float64Array(cells.length);
  for (const u of us) {
    const c = cellOf(u);
    counts[c]++;
    for (let j = 0; j < n; j++) sums[c][j] += value(u, j);
  }
  let se = 0;
  for (const u of us) {
    const c = cellOf(u);
    for (let j = 0; j < n; j++) se += (value(u, j) - sums[c][j] / counts[c]) ** 2;
  }
  return se / (count * n);
}

test('contiguous cells reach the optimum over every set partition (n = 3 … 6)', () => {
  for (const n of [3, 4, 5, 6]) {
    const pairs: [number, number][] = [];
    for (const part of setPartitions(n + 1)) {
      let h = 0, d = 0;
      for (const c of part) {
        const [ch, cd] = cellHD(c, n);
        h += ch;
        d += cd;
      }
      pairs.push([h, d]);
    }
    const bound = sampledSawbridgeOneShot(n);
    for (const r of randomArray(40, 100 + n).map((u) => Math.abs(u) * Math.log2(n + 1))) {
      const brute = Math.min(...pairs.filter(([h]) => h <= r + 1e-12).map(([, d]) => d));
      close(bound.distortion(r), brute, 1e-15, `n=${n} R=${r}`);
    }
  }
});

test('the partition it reports has the stated rate and distortion, also by simulation (n = 37)', () => {
  const n = 37;
  const bound = sampledSawbridgeOneShot(n);
  const part = bound.partition(2.7);
  assert.ok(part.rate_bits <= 2.7 + 1e-12);
  close(part.cells.reduce((a, b) => a + b, 0), 1, 1e-12, 'cells sum to 1');
  close(-part.cells.reduce((s, p) => s + p * Math.log2(p), 0), part.rate_bits, 1e-12, 'rate = H(cells)');
  // Monte Carlo: U uniform, X_j = t_j − 1(t_j ≥ U), decoded to the cell's mean vector
  const x = (u: number, j: number) => (j + 0.5) / n - ((j + 0.5) / n >= u ? 1 : 0);
  const d = simulatedDistortion(part.cells, 0, n, x, 200_000, 7);
  close(d, part.distortion, 0.03 * part.distortion, 'simulated D');
});

test('closed form: zero rate is the midpoint rule of the continuous 1/6', () => {
  const n = 41;
  const bound = sampledSawbridgeOneShot(n);
  let d0 = 0;
  for (let j = 0; j < n; j++) d0 += ((j + 0.5) / n) * (1 - (j + 0.5) / n);
  close(bound.zeroRateDistortion, d0 / n, 1e-15, 'D(0)');
  close(bound.distortion(0), d0 / n, 1e-15, 'distortion(0)');
});

test('lies below the continuous curve by at most 1/(6n²) per cell, and approaches it as n grows', () => {
  for (const r of [2, 3.3, 4]) {
    let prev = Infinity;
    for (const n of [16, 32, 64]) {
      const diff = sawbridgeOneShot.distortion(r) - sampledSawbridgeOneShot(n).distortion(r);
      assert.ok(diff > 0 && diff <= 2 ** r / (6 * n * n), `R=${r} n=${n}: continuous − sampled = ${diff}`);
      assert.ok(diff < prev, `R=${r} n=${n}: difference ${diff} did not shrink`);
      prev = diff;
    }
  }
});

test('rate(d) inverts distortion(R) on the staircase; bad arguments are refused by name', () => {
  const bound = sampledSawbridgeOneShot(64);
  for (const r of [0.5, 1.7, 3.2, 5.5]) {
    const d = bound.distortion(r);
    const back = bound.rate(d, 8)!;
    assert.ok(back <= r + 1e-12 && bound.distortion(back) === d, `R=${r}`);
  }
  // a discrete source: every atom its own cell codes it exactly, at H of the atom masses
  const hAll = -masses(64).reduce((acc, p) => acc + p * Math.log2(p), 0);
  close(bound.rate(1e-9, 8)!, hAll, 1e-12, 'lossless rate');
  assert.is(bound.distortion(hAll), 0);
  assert.is(bound.rate(1e-9, 5), null);
  assert.throws(() => sampledSawbridgeOneShot(1), /samples: expected an integer >= 2/);
  assert.throws(() => sampledSawbridgeOneShot(4096), /samples must be <= 256/);
  assert.throws(() => bound.distortion(Number.NaN), /rateBits: expected a finite number/);
  assert.throws(() => bound.rate(-1, 8), /distortion: expected a number > 0/);
});

test('sampled ramp: D(0) = 1/12 for every n; the reported partition holds up in simulation (n = 29)', () => {
  for (const n of [5, 29, 64]) close(sampledRampOneShot(n).distortion(0), 1 / 12, 1e-15, `n=${n}`);
  const n = 29;
  const part = sampledRampOneShot(n).partition(2.3);
  assert.ok(part.rate_bits <= 2.3 + 1e-12);
  // cells are arcs of U starting at the cut 1/(2n)
  const y = (u: number, j: number) => (((j + 0.5) / n + u) % 1) - 0.5;
  const d = simulatedDistortion(part.cells, 0.5 / n, n, y, 100_000, 11);
  close(d, part.distortion, 0.03 * part.distortion, 'simulated D');
});

test('sampled ramp approaches the continuous arcs curve as n grows', () => {
  for (const r of [2, 3.3]) {
    let prev = Infinity;
    for (const n of [16, 32, 64]) {
      const diff = Math.abs(rampOneShot.distortion(r) - sampledRampOneShot(n).distortion(r));
      assert.ok(diff < prev, `R=${r} n=${n}: difference ${diff} did not shrink`);
      prev = diff;
    }
    assert.ok(prev < 0.1 * rampOneShot.distortion(r), `R=${r}: n=64 differs by ${prev}`);
  }
  assert.throws(() => sampledRampOneShot(300), /samples must be <= 256/);
});

test.run();
