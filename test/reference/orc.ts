/**
 * Float64 reference of the PFR/ORC index search (NERD paper eqs. (28)–(30)) over the
 * Philox-addressed candidates of native/core/orc_draw.h, scanning all n candidates (no
 * early stop), for the native `orc` kernel.
 */
import { referenceDraw } from './philox.js';

export function refCandidate(seed: bigint, s: number, i: number, m: number, scale: ArrayLike<number>): number[] {
  return Array.from({ length: m }, (_, k) => scale[k] * referenceDraw('normal', seed, BigInt(2 * s), 0n, i * m + k));
}

export function refOrcSearch(method: 'pfr' | 'orc', x: ArrayLike<number>, m: number, scale: ArrayLike<number>, beta: number, n: number, seed: bigint, s: number): number {
  let w = 0, best = Infinity, bestI = 0;
  for (let i = 0; i < n; ++i) {
    const e = referenceDraw('exponential', seed, BigInt(2 * s + 1), 0n, i);
    w += method === 'orc' ? (e * n) / (n - i) : e;
    const y = refCandidate(seed, s, i, m, scale);
    let d = 0;
    for (let k = 0; k < m; ++k) d += (x[k] - y[k]) ** 2;
    const score = d - Math.log(w) / beta;
    if (score < best) {
      best = score;
      bestI = i;
    }
  }
  return bestI;
}
