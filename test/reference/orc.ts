/**
 * Float64 reference of the PFR/ORC index search (NERD paper eqs. (28)–(30)) over the
 * Philox-addressed candidates of native/core/orc_draw.h, scanning all n candidates (no
 * early stop), for the native `orc` kernels: Gaussian candidates scale ⊙ z_i, or a
 * generator's G(z_i).
 */
import { referenceDraw } from './philox.js';

/** z_i of sample s: the standard normals behind candidate i (width m). */
export function refLatent(seed: bigint, s: number, i: number, m: number): number[] {
  return Array.from({ length: m }, (_, k) => referenceDraw('normal', seed, BigInt(2 * s), 0n, i * m + k));
}

export function refCandidate(seed: bigint, s: number, i: number, m: number, scale: ArrayLike<number>): number[] {
  return refLatent(seed, s, i, m).map((z, k) => scale[k] * z);
}

/** The scores d(x, Y_i) − ln(W_i)/β of candidates 0 … n − 1 of sample s. */
export function refOrcScores(method: 'pfr' | 'orc', x: ArrayLike<number>, candidate: (i: number) => ArrayLike<number>, beta: number, n: number, seed: bigint, s: number): Float64Array {
  const scores = new Float64Array(n);
  let w = 0;
  for (let i = 0; i < n; ++i) {
    const e = referenceDraw('exponential', seed, BigInt(2 * s + 1), 0n, i);
    w += method === 'orc' ? (e * n) / (n - i) : e;
    const y = candidate(i);
    let d = 0;
    for (let k = 0; k < x.length; ++k) d += (x[k] - y[k]) ** 2;
    scores[i] = d - Math.log(w) / beta;
  }
  return scores;
}

/** argmin of the scores (ties to the smaller index). */
export function refArgmin(scores: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < scores.length; ++i) if (scores[i] < scores[best]) best = i;
  return best;
}

export function refOrcSearch(method: 'pfr' | 'orc', x: ArrayLike<number>, m: number, scale: ArrayLike<number>, beta: number, n: number, seed: bigint, s: number): number {
  return refArgmin(refOrcScores(method, Array.from(x).slice(0, m), (i) => refCandidate(seed, s, i, m, scale), beta, n, seed, s));
}
