/**
 * Float64/BigInt reference of rdlab's Philox4x32-10 draws (Salmon et al. 2011): the block
 * function on (seed, stream, counter) and the uniform/normal/exponential/Gumbel transforms
 * addressed as in native/core/philox.h.
 */
import { refSinCosTurns } from './portableMath.js';

const M0 = 0xd2511f53n, M1 = 0xcd9e8d57n, W0 = 0x9e3779b9n, W1 = 0xbb67ae85n, MASK = 0xffffffffn;

export function philoxBlock(seed: bigint, stream: bigint, counter: bigint): number[] {
  let c = [counter & MASK, (counter >> 32n) & MASK, stream & MASK, (stream >> 32n) & MASK];
  let k0 = seed & MASK, k1 = (seed >> 32n) & MASK;
  for (let r = 0; r < 10; ++r) {
    const p0 = M0 * c[0], p1 = M1 * c[2];
    c = [((p1 >> 32n) ^ c[1] ^ k0) & MASK, p1 & MASK, ((p0 >> 32n) ^ c[3] ^ k1) & MASK, p0 & MASK];
    k0 = (k0 + W0) & MASK;
    k1 = (k1 + W1) & MASK;
  }
  return c.map(Number);
}

export function openUnit(x: number): number {
  return ((x >>> 9) + 0.5) / 8388608;
}

export function referenceDraw(dist: 'uniform' | 'normal' | 'exponential' | 'gumbel', seed: bigint, stream: bigint, counter: bigint, i: number): number {
  if (dist === 'normal') {
    const b = philoxBlock(seed, stream, counter + BigInt(Math.floor(i / 2)));
    const lane = (i % 2) * 2;
    return Math.sqrt(-2 * Math.log(openUnit(b[lane]))) * refSinCosTurns(openUnit(b[lane + 1])).cos;
  }
  const u = openUnit(philoxBlock(seed, stream, counter + BigInt(Math.floor(i / 4)))[i % 4]);
  if (dist === 'exponential') return -Math.log(u);
  if (dist === 'gumbel') return -Math.log(-Math.log(u));
  return u;
}
