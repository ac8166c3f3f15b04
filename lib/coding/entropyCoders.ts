/**
 * Entropy coders over explicit models (constriction's habit: exact contracts). All are
 * rANS or prefix codes from native/coding, deterministic across machines:
 * - exactly invertible: decode(encode(x)) === x with the same model, count and precision;
 * - overhead: a few bytes per stream over the ideal −Σ log2 p of the quantized model
 *   (about precision + 8 bits to flush the rANS state, plus 2^(precision−55) bits/symbol);
 * - an unsupported symbol (outside its table) is a RangeError, never silent corruption;
 *   a corrupt or mismatched stream throws an Error ("corrupt data: ...") or, rarely, decodes
 *   to other symbols — the `.rdc` file format's CRC-32 catches those;
 * - `sentinel` (categorical and discretized coders; default false): the rANS state starts
 *   nonzero, so that decoding more or fewer symbols than were coded, or an empty stream,
 *   throws instead of decoding to copies of one symbol (about 3 bytes more per stream). The
 *   decoder must be given the encoder's `sentinel`; the models code with it.
 */
import { native } from '../native.js';
import type { DiscretizedFreqTable, DiscretizedTableSpec } from '../native.js';

export type { DiscretizedFreqTable, DiscretizedTableSpec };
/** A table the discretized coder takes: integer (used as given) or masses (quantized on each call). */
export type DiscretizedTable = DiscretizedFreqTable | DiscretizedTableSpec;

/** Frequency precision of the quantized tables (2^16 total; tables up to 2^16 symbols need more). */
export const DEFAULT_PRECISION = 16;

export function crc32(bytes: Uint8Array, previous = 0): number {
  return native.crc32(bytes, previous);
}

/** Categorical symbols, each under tables[tableIndex[i]] (or all under tables[0]). */
export function encodeCategorical(symbols: Uint32Array, tables: Float64Array[], tableIndex: Uint32Array | null = null, precision = DEFAULT_PRECISION, sentinel = false): Uint8Array {
  return native.categoricalEncode(symbols, tables, tableIndex, precision, sentinel);
}

export function decodeCategorical(bytes: Uint8Array, count: number, tables: Float64Array[], tableIndex: Uint32Array | null = null, precision = DEFAULT_PRECISION, sentinel = false): Uint32Array {
  return native.categoricalDecode(bytes, count, tables, tableIndex, precision, sentinel);
}

/**
 * The integer tables of discretized densities (pmf over lo, lo+1, ... and the tail mass):
 * the one place masses become frequencies, exactly and identically on every machine for the
 * same float64 masses. Store these, and code with them, to make encoder and decoder agree
 * whatever computed the masses.
 */
export function discretizedTables(tables: DiscretizedTableSpec[], precision = DEFAULT_PRECISION): DiscretizedFreqTable[] {
  return native.discretizedTables(tables, precision);
}

/** Integer latents under discretized tables (any int32: values outside a table take the escape). */
export function encodeDiscretized(values: Int32Array, tables: DiscretizedTable[], tableIndex: Uint32Array | null = null, precision = DEFAULT_PRECISION, sentinel = false): Uint8Array {
  return native.discretizedEncode(values, tables, tableIndex, precision, sentinel);
}

export function decodeDiscretized(bytes: Uint8Array, count: number, tables: DiscretizedTable[], tableIndex: Uint32Array | null = null, precision = DEFAULT_PRECISION, sentinel = false): Int32Array {
  return native.discretizedDecode(bytes, count, tables, tableIndex, precision, sentinel);
}

/** The exact cost in bits of `values` under the quantized tables, without stream overhead. */
export function discretizedBits(values: Int32Array, tables: DiscretizedTable[], tableIndex: Uint32Array | null = null, precision = DEFAULT_PRECISION): number {
  return native.discretizedBits(values, tables, tableIndex, precision);
}

/**
 * PFR/ORC indices 1..n under the Zipf law of the NERD paper (Sec. V-A), C = mutual information
 * in bits. Huffman is a prefix code (best for a single index: no stream flush); rANS is
 * within 0.01 bit of the entropy per index on long sequences.
 */
export function encodeZipfIndices(indices: Uint32Array, mutualInformationBits: number, n: number, method: 'huffman' | 'rans' = 'huffman') {
  return native.zipfEncode(indices, mutualInformationBits, n, method);
}

export function decodeZipfIndices(bytes: Uint8Array, count: number, mutualInformationBits: number, n: number, method: 'huffman' | 'rans' = 'huffman'): Uint32Array {
  return native.zipfDecode(bytes, count, mutualInformationBits, n, method);
}

/** Exponential-Golomb of order k for unbounded unsigned integers (k = 0 is Elias gamma of v + 1). */
export function encodeExpGolomb(values: Uint32Array, k = 0) {
  return native.expGolombEncode(values, k);
}

export function decodeExpGolomb(bytes: Uint8Array, count: number, k = 0): Uint32Array {
  return native.expGolombDecode(bytes, count, k);
}
