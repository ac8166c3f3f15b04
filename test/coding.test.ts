import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  crc32, decodeCategorical, decodeDiscretized, decodeExpGolomb, decodeZipfIndices, discretizedBits, discretizedTables,
  encodeCategorical, encodeDiscretized, encodeExpGolomb, encodeZipfIndices,
} from '../lib/coding/entropyCoders.js';
import { mulberry32 } from './reference/prng.js';

/** A random distribution over k symbols: flat, geometric (skewed) or random weights. */
function distribution(k: number, shape: 'flat' | 'skewed' | 'random', r: () => number): Float64Array {
  const p = new Float64Array(k);
  for (let i = 0; i < k; ++i) p[i] = shape === 'flat' ? 1 : shape === 'skewed' ? Math.pow(0.9, i) : 0.05 + r();
  const s = p.reduce((a, b) => a + b, 0);
  return p.map((v) => v / s);
}

function sample(p: Float64Array, n: number, r: () => number): Uint32Array {
  const cdf = new Float64Array(p.length);
  p.reduce((acc, v, i) => (cdf[i] = acc + v), 0);
  const out = new Uint32Array(n);
  for (let i = 0; i < n; ++i) {
    const u = r() * cdf[cdf.length - 1];
    let lo = 0, hi = p.length - 1;
    while (lo < hi) { const mid = (lo + hi) >> 1; if (cdf[mid] > u) hi = mid; else lo = mid + 1; }
    out[i] = lo;
  }
  return out;
}

test('categorical round trips are exact from 1 to 10^6 symbols, alphabets 2 to 2^16, and long streams cost ideal + 0.1% + 32 bits', () => {
  const r = mulberry32(Date.now() >>> 0);
  const cases: [number, number, 'flat' | 'skewed' | 'random'][] = [
    [1, 2, 'flat'], [17, 3, 'skewed'], [1000, 256, 'random'], [100_003, 2, 'skewed'], [1_000_000, 257, 'skewed'],
    [200_000, 4099, 'random'], [50_000, 1 << 16, 'flat'],
  ];
  for (const [n, k, shape] of cases) {
    const p = distribution(k, shape, r);
    const s = sample(p, n, r);
    const precision = k > 4096 ? 24 : 16;
    const bytes = encodeCategorical(s, [p], null, precision);
    const back = decodeCategorical(bytes, n, [p], null, precision);
    assert.ok(back.every((v, i) => v === s[i]), `round trip n=${n} k=${k} ${shape}`);
    let ideal = 0;
    for (const v of s) ideal -= Math.log2(p[v]);
    if (n >= 50_000) assert.ok(bytes.length * 8 <= ideal * 1.001 + 32, `n=${n} k=${k} ${shape}: ${bytes.length * 8} bits vs ideal ${ideal.toFixed(1)}`);
  }
});

test('per-symbol tables: each symbol under its own distribution', () => {
  const r = mulberry32(7);
  const tables = [distribution(5, 'skewed', r), distribution(300, 'random', r), distribution(2, 'flat', r)];
  const n = 30_001;
  const index = Uint32Array.from({ length: n }, () => Math.floor(r() * 3));
  const s = Uint32Array.from(index, (t) => sample(tables[t], 1, r)[0]);
  const back = decodeCategorical(encodeCategorical(s, tables, index), n, tables, index);
  assert.ok(back.every((v, i) => v === s[i]));
  assert.throws(() => encodeCategorical(Uint32Array.from([5]), tables, Uint32Array.from([0])), /symbols\[0\]: 5 is outside its table of 5/);
  assert.throws(() => encodeCategorical(Uint32Array.from([0]), tables, Uint32Array.from([3])), /tableIndex\[0\]/);
});

test('discretized coder: exact for any int32 via the escape, and its cost matches the table', () => {
  const r = mulberry32(11);
  const pmf = new Float64Array(41).map((_, i) => Math.exp(-Math.abs(i - 20) / 3));
  const mass = pmf.reduce((a, b) => a + b, 0);
  const tables = [{ lo: -20, pmf: pmf.map((v) => (v / mass) * 0.999), tail: 0.001 }];
  const values = Int32Array.from({ length: 20_000 }, () => (r() < 0.98 ? Math.round((r() - 0.5) * 30) : Math.floor((r() - 0.5) * 2 ** 32)));
  values[0] = 2 ** 31 - 1;
  values[1] = -(2 ** 31);
  const bytes = encodeDiscretized(values, tables);
  assert.equal(Array.from(decodeDiscretized(bytes, values.length, tables)), Array.from(values));
  const bits = discretizedBits(values, tables);
  assert.ok(bytes.length * 8 >= bits && bytes.length * 8 <= bits + 64, `${bytes.length * 8} bits vs table cost ${bits}`);
});

test('sentinel: a decode of more or fewer symbols than were coded, an empty stream or an unread byte throws; without it past-the-end symbols go unnoticed', () => {
  const r = mulberry32(Date.now() >>> 0);
  for (const [n, k] of [[1, 2], [7, 3], [1000, 17], [30_001, 300]] as const) {
    const p = distribution(k, 'random', r);
    const s = sample(p, n, r);
    const bytes = encodeCategorical(s, [p], null, 16, true);
    assert.equal(Array.from(decodeCategorical(bytes, n, [p], null, 16, true)), Array.from(s));
    for (const m of [n - 1, n + 1, n + 2]) {
      if (m < 0) continue;
      assert.throws(() => decodeCategorical(bytes, m, [p], null, 16, true), /^corrupt data: rANS stream corrupt, truncated, or decoded with other tables or symbol count/, `n=${n} decoded as ${m}`);
    }
    assert.throws(() => decodeCategorical(bytes, n, [p], null, 16, false), /corrupt data/);
    assert.throws(() => decodeCategorical(Uint8Array.from([...bytes, 0]), n, [p], null, 16, true), /corrupt data/);
    const values = Int32Array.from({ length: n }, () => Math.round((r() - 0.5) * 20));
    const table = [{ lo: -3, pmf: Float64Array.from([0.1, 0.2, 0.3, 0.2, 0.1, 0.05, 0.04]), tail: 0.01 }];
    const coded = encodeDiscretized(values, table, null, 16, true);
    assert.equal(Array.from(decodeDiscretized(coded, n, table, null, 16, true)), Array.from(values));
    assert.throws(() => decodeDiscretized(coded, n + 1, table, null, 16, true), /below the initial one, as after decoding more symbols than were coded/);
    assert.throws(() => decodeDiscretized(coded, n - 1, table, null, 16, true), /corrupt data/);
  }
  // an empty payload: 10,000 copies of the first symbol without the sentinel, refused with it
  const p = Float64Array.from([0.5, 0.5]);
  assert.ok(decodeCategorical(new Uint8Array(0), 10_000, [p]).every((v) => v === 0));
  assert.throws(() => decodeCategorical(new Uint8Array(0), 10_000, [p], null, 16, true), /corrupt data/);
  assert.throws(() => decodeCategorical(new Uint8Array(0), 1, [p], null, 16, 'yes' as unknown as boolean), /^sentinel: expected a boolean/);
});

/** exponent e with 2^e <= x < 2^(e+1), exactly (x > 0 finite) */
function ilogb(x: number): number {
  let e = Math.floor(Math.log2(x));
  while (2 ** e > x) --e;
  while (2 ** (e + 1) <= x) ++e;
  return e;
}

/**
 * Reference of the one quantization (freq_table.h), in BigInt: masses scaled by a power of two
 * so the largest lies in [2^37, 2^38) and truncated; 1 unit each, the other 2^precision − K
 * shared by floor(w R / W), the units left over to the largest remainders (ties: lower index).
 */
function referenceFrequencies(masses: number[], precision: number): number[] {
  const shift = 37 - ilogb(Math.max(...masses));
  const w = masses.map((m) => BigInt(Math.trunc(m * 2 ** shift)));
  const total = w.reduce((a, b) => a + b, 0n), spare = (1n << BigInt(precision)) - BigInt(masses.length);
  const freq = w.map((v) => 1n + (v * spare) / total), rem = w.map((v) => (v * spare) % total);
  const left = Number(spare - freq.reduce((a, b) => a + b - 1n, 0n));
  const order = masses.map((_, i) => i).sort((a, b) => (rem[a] !== rem[b] ? (rem[b] > rem[a] ? 1 : -1) : a - b));
  for (const i of order.slice(0, left)) ++freq[i];
  return freq.map(Number);
}

test('discretizedTables: the integer tables equal the BigInt reference of the quantization, and code exactly as the masses do', () => {
  const r = mulberry32(Date.now() >>> 0);
  for (const [K, precision] of [[1, 16], [7, 16], [41, 16], [301, 24], [4097, 16]]) {
    const scale = 0.3 + 20 * r(), centre = (r() - 0.5) * 6;
    const pmf = Float64Array.from({ length: K }, (_, i) => Math.exp(-Math.abs(i - K / 2 - centre) / scale) * (0.5 + r()));
    pmf[Math.floor(r() * K)] = 0;  // a bin of mass 0 still gets frequency 1
    const tail = r() * 1e-3, lo = Math.floor((r() - 0.5) * 1000);
    const [t] = discretizedTables([{ lo, pmf, tail }], precision);
    assert.is(t.lo, lo);
    assert.ok(t.freq instanceof Uint32Array && t.freq.length === K);
    assert.equal([...t.freq, t.escape], referenceFrequencies([...pmf, tail], precision), `K=${K} precision ${precision}`);
    assert.is([...t.freq].reduce((a, b) => a + b, t.escape), 2 ** precision);
    const values = Int32Array.from({ length: 5001 }, () => lo + Math.floor(r() * (K + 20)) - 10);
    const bytes = encodeDiscretized(values, [t], null, precision);
    assert.equal(bytes, encodeDiscretized(values, [{ lo, pmf, tail }], null, precision));
    assert.equal(Array.from(decodeDiscretized(bytes, values.length, [t], null, precision)), Array.from(values));
    assert.is(discretizedBits(values, [t], null, precision), discretizedBits(values, [{ lo, pmf, tail }], null, precision));
  }
});

test('integer tables are checked, not repaired: errors name the table and the field', () => {
  const good = { lo: -1, freq: Uint32Array.from([1000, 30000, 34000]), escape: 536 };
  const v = Int32Array.from([0, 1, -1, 7]);
  assert.equal(Array.from(decodeDiscretized(encodeDiscretized(v, [good]), 4, [good])), Array.from(v));
  const bad: [object, RegExp][] = [
    [{ ...good, escape: 537 }, /tables\[1\]: frequencies sum to 65537, expected 2\^16/],
    [{ ...good, escape: 0 }, /tables\[1\]: frequency\[3\] is 0/],
    [{ ...good, freq: Uint32Array.from([0, 31000, 34000]) }, /tables\[1\]: frequency\[0\] is 0/],
    [{ ...good, freq: new Uint32Array(0), escape: 65536 }, /tables\[1\]: pmf: need at least one bin/],
    [{ ...good, lo: 2 ** 31 - 2 }, /tables\[1\]: support .* exceeds int32/],
    [{ ...good, freq: Float64Array.from([1000, 30000, 34000]) }, /tables\[1\]\.freq/],
    [{ ...good, escape: -1 }, /tables\[1\]\.escape/],
  ];
  for (const [t, re] of bad) assert.throws(() => encodeDiscretized(v, [good, t as typeof good], Uint32Array.from([0, 0, 0, 1])), re);
  assert.throws(() => discretizedTables([{ lo: 0, pmf: Float64Array.from([0.5, NaN]), tail: 0 }]), /tables\[0\]: probability\[1\] is NaN/);
});

test('Zipf indices (Huffman and rANS) and exp-Golomb round-trip; CRC-32 check value', () => {
  const idx = Uint32Array.from([1, 2, 3, 4096, 4097, 77777, 1 << 20]);
  for (const method of ['huffman', 'rans'] as const) {
    const { bytes, bits } = encodeZipfIndices(idx, 5.5, 1 << 20, method);
    assert.ok(bits > 0 && bits <= bytes.length * 8);
    assert.equal(Array.from(decodeZipfIndices(bytes, idx.length, 5.5, 1 << 20, method)), Array.from(idx));
  }
  assert.throws(() => encodeZipfIndices(Uint32Array.from([0]), 1, 10), /indices\[0\]/);
  const v = Uint32Array.from([0, 1, 2, 1000, 2 ** 32 - 1]);
  for (const k of [0, 3]) {
    const { bytes } = encodeExpGolomb(v, k);
    assert.equal(Array.from(decodeExpGolomb(bytes, v.length, k)), Array.from(v));
  }
  assert.is(crc32(new TextEncoder().encode('123456789')), 0xcbf43926);
});

test('100k random and mutated byte strings into every decoder: each decodes or throws an Error', () => {
  const r = mulberry32(99);
  const p = [distribution(7, 'skewed', r)];
  const dt = [{ lo: -3, pmf: new Float64Array([0.1, 0.2, 0.3, 0.2, 0.1, 0.05, 0.04]), tail: 0.01 }];
  const seeds = {
    categorical: encodeCategorical(sample(p[0], 200, r), p),
    discretized: encodeDiscretized(Int32Array.from({ length: 200 }, () => Math.round((r() - 0.5) * 12)), dt),
    zipf: encodeZipfIndices(Uint32Array.from([3, 9, 5]), 4, 64, 'huffman').bytes,
    golomb: encodeExpGolomb(Uint32Array.from([3, 99, 5]), 1).bytes,
  };
  const decoders: Record<keyof typeof seeds, (b: Uint8Array, n: number) => unknown> = {
    categorical: (b, n) => decodeCategorical(b, n, p),
    discretized: (b, n) => decodeDiscretized(b, n, dt),
    zipf: (b, n) => decodeZipfIndices(b, n, 4, 64, 'huffman'),
    golomb: (b, n) => decodeExpGolomb(b, n, 1),
  };
  let calls = 0;
  for (const name of Object.keys(seeds) as (keyof typeof seeds)[]) {
    for (let i = 0; i < 25_000; ++i) {
      let b: Uint8Array;
      if (i % 2 === 0) b = Uint8Array.from({ length: Math.floor(r() * 64) }, () => Math.floor(r() * 256));
      else {
        b = Uint8Array.from(seeds[name]);
        for (let m = 0; m < 1 + Math.floor(r() * 3); ++m) b[Math.floor(r() * b.length)] ^= 1 << Math.floor(r() * 8);
        if (r() < 0.3) b = b.subarray(0, Math.floor(r() * b.length));
      }
      const n = r() < 0.5 ? 200 : Math.floor(r() * 400);
      try { decoders[name](b, n); } catch (e) { assert.ok(e instanceof Error, String(e)); }
      calls++;
    }
  }
  assert.is(calls, 100_000);
  assert.throws(() => decodeCategorical(new Uint8Array(4), 2 ** 29, p), /count/);
});

test.run();
