/**
 * Entropy coder throughput: rANS encode/decode of 10^6 symbols under one table (alphabet
 * 256, a geometric law, and flat) and under per-symbol tables, the discretized coder for
 * NTC latents; MB/s counts one byte per symbol of alphabet 256, plus bits per symbol
 * against the ideal −Σ log2 p.
 */
import { decodeCategorical, decodeDiscretized, encodeCategorical, encodeDiscretized } from '../lib/coding/entropyCoders.js';
import { mulberry32 } from '../test/reference/prng.js';
import { measure } from './measure.js';

const N = 1_000_000;

function geometric(k: number, q: number): Float64Array {
  const p = Float64Array.from({ length: k }, (_, i) => q ** i);
  const s = p.reduce((a, b) => a + b, 0);
  return p.map((v) => v / s);
}

function draw(p: Float64Array, n: number, seed: number): Uint32Array {
  const r = mulberry32(seed);
  const cdf = new Float64Array(p.length);
  p.reduce((acc, v, i) => (cdf[i] = acc + v), 0);
  return Uint32Array.from({ length: n }, () => {
    const u = r();
    let lo = 0, hi = p.length - 1;
    while (lo < hi) { const m = (lo + hi) >> 1; if (cdf[m] > u) hi = m; else lo = m + 1; }
    return lo;
  });
}

export default async function codingBench(): Promise<Record<string, unknown>[]> {
  const rows: Record<string, unknown>[] = [];
  const cases: [string, Float64Array[]][] = [
    ['categorical K=256 geometric(0.97)', [geometric(256, 0.97)]],
    ['categorical K=256 flat', [geometric(256, 1)]],
    ['categorical K=64, 8 per-symbol tables', Array.from({ length: 8 }, (_, t) => geometric(64, 0.8 + 0.02 * t))],
  ];
  for (const [name, tables] of cases) {
    const index = tables.length > 1 ? Uint32Array.from({ length: N }, (_, i) => i % tables.length) : null;
    const symbols = index ? Uint32Array.from(index, (t, i) => draw(tables[t], 1, i)[0]) : draw(tables[0], N, 1);
    let ideal = 0;
    symbols.forEach((s, i) => (ideal -= Math.log2(tables[index ? index[i] : 0][s])));
    const bytes = encodeCategorical(symbols, tables, index);
    const enc = await measure(`${name} encode`, () => encodeCategorical(symbols, tables, index), 2000);
    const dec = await measure(`${name} decode`, () => decodeCategorical(bytes, N, tables, index), 2000);
    rows.push({
      case: name, symbols: N, bits_per_symbol: (bytes.length * 8) / N, ideal_bits_per_symbol: ideal / N,
      overhead_percent: ((bytes.length * 8) / ideal - 1) * 100,
      encode_msym_per_s: N / (enc.p50Ms * 1e3), decode_msym_per_s: N / (dec.p50Ms * 1e3),
      encode_mb_per_s: N / (enc.p50Ms * 1e3), decode_mb_per_s: N / (dec.p50Ms * 1e3),
    });
  }
  // a discretized Laplace(scale 4) on ±64, 1e-4 of the mass left to the escape
  const laplace = Float64Array.from({ length: 129 }, (_, i) => Math.exp(-Math.abs(i - 64) / 4));
  const mass = laplace.reduce((x, y) => x + y, 0);
  const tables = [{ lo: -64, pmf: laplace.map((v) => (v / mass) * 0.9999), tail: 1e-4 }];
  const r = mulberry32(5);
  const values = Int32Array.from({ length: N }, () => Math.round(Math.log(r() / r()) * 4));
  const bytes = encodeDiscretized(values, tables);
  const enc = await measure('discretized encode', () => encodeDiscretized(values, tables), 2000);
  const dec = await measure('discretized decode', () => decodeDiscretized(bytes, N, tables), 2000);
  rows.push({
    case: 'discretized Laplace(4) latents, support ±64 + escape', symbols: N, bits_per_symbol: (bytes.length * 8) / N,
    encode_msym_per_s: N / (enc.p50Ms * 1e3), decode_msym_per_s: N / (dec.p50Ms * 1e3),
  });
  return rows;
}
