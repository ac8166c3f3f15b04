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

/** Reads a `.npy` file's bytes. Integer arrays are rejected: rdlab compresses real-valued data. */
export function readNpy(bytes: Uint8Array): NpyArray {
  requireBytes('bytes', bytes);
  if (bytes.length < 10 || MAGIC.some((m, i) => bytes[i] !== m)) fail('not a .npy file (bad magic)');
  const major = bytes[6];
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let headerLen: number, start: number;
  if (major === 1) { headerLen = view.getUint16(8, true); start = 10; }
  else if (major === 2 || major === 3) {
    if (bytes.length < 12) fail('truncated header');
    headerLen = view.getUint32(8, true); start = 12;
  } else fail(`unsupported format version ${major}.${bytes[7]}`);
  if (start + headerLen > bytes.length) fail(`header length ${headerLen} runs past the end of the file`);
  const header = new TextDecoder(major === 3 ? 'utf-8' : 'latin1').decode(bytes.subarray(start, start + headerLen));
  const { descr, fortran, shape } = parseHeader(header);
  if (fortran) fail('Fortran-order arrays are not supported; save with np.ascontiguousarray');
  const m = /^([<>|=])f([48])$/.exec(descr);
  if (!m) fail(`dtype '${descr}' is not supported (expected float32 '<f4' or float64 '<f8')`);
  const size = Number(m[2]);
  const littleEndian = m[1] !== '>';
  const count = shape.reduce((a, b) => a * b, 1);
  if (!Number.isSafeInteger(count * size)) fail('shape is too large');
  const offset = start + headerLen;
  if (bytes.length - offset !== count * size)
    fail(`data holds ${bytes.length - offset} bytes, shape (${shape.join(', ')}) of ${descr} needs ${count * size}`);
  const data = size === 4 ? new Float32Array(count) : new Float64Array(count);
  for (let i = 0; i < count; ++i)
    data[i] = size === 4 ? view.getFloat32(offset + 4 * i, littleEndian) : view.getFloat64(offset + 8 * i, littleEndian);
  return { data, shape };
}

/** Writes a little-endian C-order `.npy` (version 1.0, or 2.0 when the header needs it). */
export function writeNpy(array: NpyArray): Uint8Array {
  const { data, shape } = requireObject<NpyArray>('array', array);
  if (!(data instanceof Float32Array || data instanceof Float64Array)) throw new TypeError(`array.data: expected a Float32Array or Float64Array, got ${describeValue(data)}`);
  const count = requireShape('array.shape', shape);
  if (count !== data.length) throw new RangeError(`npy: shape (${shape.join(', ')}) holds ${count} elements, data has ${data.length}`);
  const descr = data instanceof Float32Array ? '<f4' : '<f8';
  const shapeText = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  let dict = `{'descr': '${descr}', 'fortran_order': False, 'shape': ${shapeText}, }`;
  const v1 = 10 + dict.length + 1 <= 65535 + 10;
  const pre = v1 ? 10 : 12;
  // pad with spaces so the data starts on a 64-byte boundary, header ends in '\n'
  const total = Math.ceil((pre + dict.length + 1) / 64) * 64;
  dict = dict + ' '.repeat(total - pre - dict.length - 1) + '\n';
  const out = new Uint8Array(total + data.byteLength);
  out.set(MAGIC, 0);
  out[6] = v1 ? 1 : 2;
  out[7] = 0;
  const view = new DataView(out.buffer);
  if (v1) view.setUint16(8, dict.length, true);
  else view.setUint32(8, dict.length, true);
  out.set(new TextEncoder().encode(dict), pre);
  const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  if (new Uint8Array(new Uint16Array([1]).buffer)[0] === 1) out.set(bytes, total);
  else for (let i = 0; i < data.length; ++i) data instanceof Float32Array ? view.setFloat32(total + 4 * i, data[i], true) : view.setFloat64(total + 8 * i, data[i], true);
  return out;
}
