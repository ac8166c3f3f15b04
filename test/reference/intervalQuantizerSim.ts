import { mulberry32 } from './prng.js';

/**
 * Monte-Carlo simulation of the one-shot quantizer of U ~ Unif[0,1) into
 * consecutive intervals of the given lengths, with the decoder outputting the
 * cell mean of the source, computed numerically (midpoint rule with
 * `meanPoints` values of u per cell). `source(u, out)` writes the source
 * realization for U = u into `out` (a t-grid, or coordinates); the error of
 * one sample is `weight` · Σ_j (out_j − mean_j)² (weight = 1/T turns the sum
 * over a midpoint t-grid into the time integral).
 */
export interface SimResult {
  mse: number;
  mseStdErr: number;
  /** Plug-in entropy of the cell index, bits. */
  entropy: number;
  /** Standard error of the plug-in entropy, sqrt(Var(−log2 p̂(Q))/n). */
  entropyStdErr: number;
}

export function simulateIntervalQuantizer(
  cells: readonly number[],
  source: (u: number, out: Float64Array) => void,
  dim: number,
  weight: number,
  samples: number,
  meanPoints: number,
  seed: number,
): SimResult {
  const edges = [0];
  for (const l of cells) edges.push(edges[edges.length - 1]! + l);
  const n = cells.length;
  const buf = new Float64Array(dim);
  const means = cells.map((l, i) => {
    const m = new Float64Array(dim);
    for (let k = 0; k < meanPoints; k++) {
      source(edges[i]! + ((k + 0.5) * l) / meanPoints, buf);
      for (let j = 0; j < dim; j++) m[j]! += buf[j]! / meanPoints;
    }
    return m;
  });
  const rand = mulberry32(seed);
  const counts = new Array<number>(n).fill(0);
  let sum = 0;
  let sumSq = 0;
  for (let s = 0; s < samples; s++) {
    const u = rand();
    let i = 0;
    while (i < n - 1 && u >= edges[i + 1]!) i++;
    counts[i]!++;
    source(u, buf);
    const m = means[i]!;
    let e = 0;
    for (let j = 0; j < dim; j++) e += (buf[j]! - m[j]!) ** 2;
    e *= weight;
    sum += e;
    sumSq += e * e;
  }
  const mse = sum / samples;
  const varE = sumSq / samples - mse * mse;
  let entropy = 0;
  let secondMoment = 0;
  for (const c of counts) {
    if (c === 0) continue;
    const p = c / samples;
    entropy -= p * Math.log2(p);
    secondMoment += p * Math.log2(p) ** 2;
  }
  return {
    mse,
    mseStdErr: Math.sqrt(varE / samples),
    entropy,
    entropyStdErr: Math.sqrt(Math.max(0, secondMoment - entropy * entropy) / samples),
  };
}
