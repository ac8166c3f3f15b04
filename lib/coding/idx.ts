/**
 * IDX arrays, the format of MNIST and Fashion-MNIST (http://yann.lecun.com/exdb/mnist/,
 * "THE IDX FILE FORMAT"): two zero bytes, an element-type byte, a byte with the number of
 * dimensions, each dimension as a big-endian uint32, then the elements in C order,
 * big-endian. Files may be gzip-compressed (as distributed, and as Debian's
 * `dataset-fashion-mnist` installs them); the gzip magic decides. Parsing is strict: a
 * truncated, padded or corrupt file is a RangeError naming what is wrong, never a misread
 * array.
 */
import { describeValue, requireBytes, requireObject, requireShape, requireString } from '../validate.js';
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';

/** The IDX element types, by their type byte. */
export const IDX_TYPES = {
  0x08: { name: 'ubyte', size: 1 },
  0x09: { name: 'sbyte', size: 1 },
  0x0b: { name: 'int16', size: 2 },
  0x0c: { name: 'int32', size: 4 },
  0x0d: { name: 'float32', size: 4 },
  0x0e: { name: 'float64', size: 8 },
} as const;

export type IdxType = (typeof IDX_TYPES)[keyof typeof IDX_TYPES]['name'];

/** An IDX array: its elements in C order, typed as stored, and its dimensions. */
export interface IdxArray {
  type: IdxType;
  data: Uint8Array | Int8Array | Int16Array | Int32Array | Float32Array | Float64Array;
  shape: number[];
}

function fail(msg: string): never {
  throw new RangeError(`idx: ${msg}`);
}

/** Reads an IDX file's bytes, plain or gzip-compressed. */
export function readIdx(bytes: Uint8Array): IdxArray {
  requireBytes('bytes', bytes);
  if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      bytes = gunzipSync(bytes);
    } catch (e) {
      fail(`gzip stream is corrupt or truncated (${(e as Error).message})`);
    }
  }
  if (bytes.length < 4) fail(`truncated header: ${bytes.length} bytes, expected at least 4`);
  if (bytes[0] !== 0 || bytes[1] !== 0) fail('not an IDX file (the first two bytes must be zero)');
  const kind = IDX_TYPES[bytes[2] as keyof typeof IDX_TYPES];
  if (!kind) fail(`unknown element type byte 0x${bytes[2].toString(16).padStart(2, '0')} (expected 08, 09, 0b, 0c, 0d or 0e)`);
  const ndim = bytes[3];
  const start = 4 + 4 * ndim;
  if (bytes.length < start) fail(`truncated header: ${ndim} dimensions need ${start} bytes, the file has ${bytes.length}`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const shape = Array.from({ length: ndim }, (_, k) => view.getUint32(4 + 4 * k, false));
  const count = shape.reduce((a, b) => a * b, 1);
  if (!Number.isSafeInteger(count * kind.size) || count * kind.size > 2 ** 32) fail(`shape (${shape.join(', ')}) is too large`);
  const need = count * kind.size, have = bytes.length - start;
  if (have !== need) fail(`data holds ${have} bytes, shape (${shape.join(', ')}) of ${kind.name} needs ${need}`);
  return { type: kind.name, data: decode(kind.name, view, start, count), shape };
}

function decode(type: IdxType, view: DataView, start: number, count: number): IdxArray['data'] {
  switch (type) {
    case 'ubyte':
      return new Uint8Array(view.buffer.slice(view.byteOffset + start, view.byteOffset + start + count));
    case 'sbyte':
      return new Int8Array(view.buffer.slice(view.byteOffset + start, view.byteOffset + start + count));
    case 'int16':
      return Int16Array.from({ length: count }, (_, i) => view.getInt16(start + 2 * i, false));
    case 'int32':
      return Int32Array.from({ length: count }, (_, i) => view.getInt32(start + 4 * i, false));
    case 'float32':
      return Float32Array.from({ length: count }, (_, i) => view.getFloat32(start + 4 * i, false));
    case 'float64':
      return Float64Array.from({ length: count }, (_, i) => view.getFloat64(start + 8 * i, false));
  }
}

/** Reads the IDX file at `path` (plain or .gz); a missing file is an Error naming the path. */
export function readIdxFile(path: string): IdxArray {
  requireString('path', path);
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    throw new Error(`idx: cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  try {
    return readIdx(bytes);
  } catch (e) {
    if (e instanceof RangeError) throw new RangeError(`${e.message} (in ${path})`);
    throw e;
  }
}

/** The IDX bytes (uncompressed) of an array, e.g. to write test fixtures; big-endian as the format requires. */
export function writeIdx(array: IdxArray): Uint8Array {
  requireObject('array', array);
  requireShape('array.shape', array.shape);
  if (!ArrayBuffer.isView(array.data)) throw new TypeError(`array.data: expected a typed array, got ${describeValue(array.data)}`);
  const code = Object.entries(IDX_TYPES).find(([, t]) => t.name === array.type);
  if (!code) throw new RangeError(`type: unknown IDX type '${String(array.type)}'`);
  const { size } = IDX_TYPES[Number(code[0]) as keyof typeof IDX_TYPES];
  if (array.shape.length > 255) throw new RangeError(`shape: at most 255 dimensions, got ${array.shape.length}`);
  const count = array.shape.reduce((a, b) => a * b, 1);
  if (count !== array.data.length) throw new RangeError(`data: shape (${array.shape.join(', ')}) needs ${count} elements, got ${array.data.length}`);
  const start = 4 + 4 * array.shape.length;
  const bytes = new Uint8Array(start + count * size), view = new DataView(bytes.buffer);
  bytes.set([0, 0, Number(code[0]), array.shape.length]);
  array.shape.forEach((n, k) => view.setUint32(4 + 4 * k, n, false));
  const put = {
    ubyte: (i: number, v: number) => view.setUint8(start + i, v),
    sbyte: (i: number, v: number) => view.setInt8(start + i, v),
    int16: (i: number, v: number) => view.setInt16(start + 2 * i, v, false),
    int32: (i: number, v: number) => view.setInt32(start + 4 * i, v, false),
    float32: (i: number, v: number) => view.setFloat32(start + 4 * i, v, false),
    float64: (i: number, v: number) => view.setFloat64(start + 8 * i, v, false),
  }[array.type];
  for (let i = 0; i < count; ++i) put(i, array.data[i]);
  return bytes;
}
