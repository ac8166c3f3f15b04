/**
 * NumPy `.npy` arrays in and out (format versions 1.0, 2.0 and 3.0; float32 and float64,
 * little- or big-endian, C order). The header is parsed strictly: a malformed, truncated
 * or Fortran-order file is an error naming what is wrong, never a misread array.
 * Format: https://numpy.org/doc/stable/reference/generated/numpy.lib.format.html
 */

import { describeValue, requireBytes, requireObject, requireShape } from '../validate.js';

export interface NpyArray {
  /** The data as float64 or float32, in C order. */
  data: Float32Array | Float64Array;
  shape: number[];
}

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY

function fail(msg: string): never {
  throw new RangeError(`npy: ${msg}`);
}

/** Parses the header dict `{'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), }`. */
function parseHeader(text: string): { descr: string; fortran: boolean; shape: number[] } {
  const descr = /'descr'\s*:\s*'([^']*)'/.exec(text)?.[1];
  const fortran = /'fortran_order'\s*:\s*(True|False)/.exec(text)?.[1];
  const shapeText = /'shape'\s*:\s*\(([^)]*)\)/.exec(text)?.[1];
  if (descr === undefined || fortran === undefined || shapeText === undefined)
    fail(`header is not a numpy header dict: ${JSON.stringify(text.slice(0, 120))}`);
  const parts = shapeText.split(',').map((s) => s.trim()).filter((s) => s !== '');
  const shape = parts.map((p) => {
    if (!/^\d+$/.test(p)) fail(`shape entry '${p}' is not a non-negative integer`);
    return Number(p);
  });
  return { descr, fortran: fortran === 'True', shape };
}

/** What a `.npy` header says: the array's shape, its element size, byte order, and where the data starts. */
export interface NpyHeader {
  shape: number[];
  /** Bytes per element: 4 (float32) or 8 (float64). */
  itemSize: 4 | 8;
  littleEndian: boolean;
  /** Byte offset of the first element. */
  dataOffset: number;
  /** Elements (the product of the shape). */
  count: number;
}

/** The longest header {@link readNpyHeader} reads (format 2.0/3.0 headers can be longer; rdlab refuses those). */
export const NPY_MAX_HEADER = 1 << 20;

/**
 * Parses the header at the start of a `.npy` file from its first bytes (`prefix`: all of
 * them, or enough to hold the header). Integer arrays are rejected: rdlab compresses
 * real-valued data. `fileSize` (default: the prefix's length) is checked to hold exactly the
 * data the header declares.
 */
export function readNpyHeader(prefix: Uint8Array, fileSize: number = prefix?.length): NpyHeader {
  requireBytes('prefix', prefix);
  if (prefix.length < 10 || MAGIC.some((m, i) => prefix[i] !== m)) fail('not a .npy file (bad magic)');
  const major = prefix[6];
  const view = new DataView(prefix.buffer, prefix.byteOffset, prefix.byteLength);
  let headerLen: number, start: number;
  if (major === 1) { headerLen = view.getUint16(8, true); start = 10; }
  else if (major === 2 || major === 3) {
    if (prefix.length < 12) fail('truncated header');
    headerLen = view.getUint32(8, true); start = 12;
  } else fail(`unsupported format version ${major}.${prefix[7]}`);
  if (start + headerLen > fileSize) fail(`header length ${headerLen} runs past the end of the file`);
  if (start + headerLen > prefix.length) fail(`header length ${headerLen} is longer than rdlab reads (${prefix.length} bytes)`);
  const header = new TextDecoder(major === 3 ? 'utf-8' : 'latin1').decode(prefix.subarray(start, start + headerLen));
  const { descr, fortran, shape } = parseHeader(header);
  if (fortran) fail('Fortran-order arrays are not supported; save with np.ascontiguousarray');
  const m = /^([<>|=])f([48])$/.exec(descr);
  if (!m) fail(`dtype '${descr}' is not supported (expected float32 '<f4' or float64 '<f8')`);
  const itemSize = Number(m[2]) as 4 | 8;
  const count = shape.reduce((a, b) => a * b, 1);
  if (!Number.isSafeInteger(count * itemSize)) fail('shape is too large');
  const dataOffset = start + headerLen;
  if (fileSize - dataOffset !== count * itemSize)
    fail(`data holds ${fileSize - dataOffset} bytes, shape (${shape.join(', ')}) of ${descr} needs ${count * itemSize}`);
  return { shape, itemSize, littleEndian: m[1] !== '>', dataOffset, count };
}

/** Elements of a `.npy` file's data (`bytes`: whole elements as the header describes them) as float32, into `out` from `at`. */
export function decodeNpyData(header: NpyHeader, bytes: Uint8Array, out: Float32Array | Float64Array, at = 0): void {
  const n = bytes.length / header.itemSize;
  if (!Number.isInteger(n) || at + n > out.length) throw new RangeError(`bytes: ${bytes.length} bytes are not whole elements that fit the output`);
  if (header.littleEndian === LITTLE_ENDIAN && bytes.byteOffset % header.itemSize === 0) {
    out.set(header.itemSize === 4 ? new Float32Array(bytes.buffer, bytes.byteOffset, n) : new Float64Array(bytes.buffer, bytes.byteOffset, n), at);
    return;
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const le = header.littleEndian;
  if (header.itemSize === 4) for (let i = 0; i < n; ++i) out[at + i] = view.getFloat32(4 * i, le);
  else for (let i = 0; i < n; ++i) out[at + i] = view.getFloat64(8 * i, le);
}

/** Reads a `.npy` file's bytes. Integer arrays are rejected: rdlab compresses real-valued data. */
export function readNpy(bytes: Uint8Array): NpyArray {
  requireBytes('bytes', bytes);
  const header = readNpyHeader(bytes, bytes.length);
  const data = header.itemSize === 4 ? new Float32Array(header.count) : new Float64Array(header.count);
  decodeNpyData(header, bytes.subarray(header.dataOffset), data);
  return { data, shape: header.shape };
}

/**
 * The header of a little-endian C-order `.npy` (version 1.0, or 2.0 when the header needs
 * it) for an array of `shape` and `dtype`; the data follows it, padded so that it starts on
 * a 64-byte boundary.
 */
export function npyHeaderBytes(shape: number[], dtype: 'float32' | 'float64'): Uint8Array {
  requireShape('shape', shape);
  const descr = dtype === 'float32' ? '<f4' : '<f8';
  const shapeText = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  let dict = `{'descr': '${descr}', 'fortran_order': False, 'shape': ${shapeText}, }`;
  const v1 = 10 + dict.length + 1 <= 65535 + 10;
  const pre = v1 ? 10 : 12;
  const total = Math.ceil((pre + dict.length + 1) / 64) * 64;
  dict = dict + ' '.repeat(total - pre - dict.length - 1) + '\n';
  const out = new Uint8Array(total);
  out.set(MAGIC, 0);
  out[6] = v1 ? 1 : 2;
  out[7] = 0;
  const view = new DataView(out.buffer);
  if (v1) view.setUint16(8, dict.length, true);
  else view.setUint32(8, dict.length, true);
  out.set(new TextEncoder().encode(dict), pre);
  return out;
}

/** Writes a little-endian C-order `.npy` (version 1.0, or 2.0 when the header needs it). */
export function writeNpy(array: NpyArray): Uint8Array {
  const { data, shape } = requireObject<NpyArray>('array', array);
  if (!(data instanceof Float32Array || data instanceof Float64Array)) throw new TypeError(`array.data: expected a Float32Array or Float64Array, got ${describeValue(data)}`);
  const count = requireShape('array.shape', shape);
  if (count !== data.length) throw new RangeError(`npy: shape (${shape.join(', ')}) holds ${count} elements, data has ${data.length}`);
  const header = npyHeaderBytes(shape, data instanceof Float32Array ? 'float32' : 'float64');
  const out = new Uint8Array(header.length + data.byteLength);
  out.set(header, 0);
  out.set(npyDataBytes(data), header.length);
  return out;
}

/** The little-endian bytes of `data` (a view of it on a little-endian machine). */
export function npyDataBytes(data: Float32Array | Float64Array): Uint8Array {
  if (LITTLE_ENDIAN) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  const out = new Uint8Array(data.byteLength);
  const view = new DataView(out.buffer);
  for (let i = 0; i < data.length; ++i) data instanceof Float32Array ? view.setFloat32(4 * i, data[i], true) : view.setFloat64(8 * i, data[i], true);
  return out;
}
