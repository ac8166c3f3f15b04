/**
 * The compressed-file format (`.rdc`), all integers little-endian:
 *
 *   offset  size  field
 *   0       4     magic "RDLC"
 *   4       2     format version (1)
 *   6       1     codec id length L, then L bytes of ASCII codec id (e.g. "ntc")
 *   .       32    SHA-256 digest of the model file the data was compressed with
 *   .       1     number of dimensions R of the original array, then R × u32 dimensions
 *   .       4     payload length P, then P bytes of payload (the codec's bitstream)
 *   .       4     CRC-32 (IEEE) of every byte before it
 *
 * Reading checks, in order: length, magic, CRC-32, version, then every field against the
 * bytes left, so a truncated, corrupt, wrong-version or wrong-model file gives a clear
 * error before any payload is decoded.
 */
import { crc32 } from './entropyCoders.js';
import { requireBytes, requireObject, requireShape, requireString } from '../validate.js';

export const RDC_MAGIC = 'RDLC';
export const RDC_VERSION = 1;

export interface RdcFile {
  codec: string;
  /** SHA-256 of the model file, 32 bytes. */
  modelDigest: Uint8Array;
  /** Shape of the array that was compressed. */
  shape: number[];
  payload: Uint8Array;
}

function fail(msg: string): never {
  throw new RangeError(`rdc: ${msg}`);
}

export function encodeRdc(file: RdcFile): Uint8Array {
  requireObject('file', file);
  requireString('file.codec', file.codec);
  requireBytes('file.modelDigest', file.modelDigest);
  requireShape('file.shape', file.shape);
  requireBytes('file.payload', file.payload);
  if (!/^[\x21-\x7e]{1,255}$/.test(file.codec)) fail(`codec id '${file.codec}' must be 1-255 printable ASCII characters`);
  if (file.modelDigest.length !== 32) fail('modelDigest must be 32 bytes (SHA-256)');
  if (file.shape.length > 255 || file.shape.some((d) => !Number.isInteger(d) || d < 0 || d > 0xffffffff)) fail('shape must be at most 255 dimensions, each in [0, 2^32)');
  const size = 4 + 2 + 1 + file.codec.length + 32 + 1 + 4 * file.shape.length + 4 + file.payload.length + 4;
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  let o = 0;
  out.set(new TextEncoder().encode(RDC_MAGIC), o); o += 4;
  view.setUint16(o, RDC_VERSION, true); o += 2;
  out[o++] = file.codec.length;
  out.set(new TextEncoder().encode(file.codec), o); o += file.codec.length;
  out.set(file.modelDigest, o); o += 32;
  out[o++] = file.shape.length;
  for (const d of file.shape) { view.setUint32(o, d, true); o += 4; }
  view.setUint32(o, file.payload.length, true); o += 4;
  out.set(file.payload, o); o += file.payload.length;
  view.setUint32(o, crc32(out.subarray(0, o)), true);
  return out;
}

export function decodeRdc(bytes: Uint8Array): RdcFile {
  requireBytes('bytes', bytes);
  if (bytes.length < 4 + 2 + 1 + 32 + 1 + 4 + 4) fail(`file too short (${bytes.length} bytes) to be a compressed rdlab file`);
  if (new TextDecoder().decode(bytes.subarray(0, 4)) !== RDC_MAGIC) fail('not a compressed rdlab file (bad magic)');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const stored = view.getUint32(bytes.length - 4, true);
  if (crc32(bytes.subarray(0, bytes.length - 4)) !== stored) fail('CRC-32 mismatch: the file is corrupt or truncated');
  const version = view.getUint16(4, true);
  if (version !== RDC_VERSION) fail(`unsupported format version ${version} (this rdlab reads version ${RDC_VERSION})`);
  const end = bytes.length - 4;
  let o = 6;
  const need = (n: number, what: string) => { if (o + n > end) fail(`truncated ${what}`); };
  need(1, 'codec id'); const L = bytes[o++];
  need(L, 'codec id'); const codec = new TextDecoder().decode(bytes.subarray(o, o + L)); o += L;
  need(32, 'model digest'); const modelDigest = bytes.slice(o, o + 32); o += 32;
  need(1, 'shape'); const R = bytes[o++];
  need(4 * R, 'shape'); const shape: number[] = [];
  for (let i = 0; i < R; ++i) { shape.push(view.getUint32(o, true)); o += 4; }
  need(4, 'payload length'); const P = view.getUint32(o, true); o += 4;
  if (o + P !== end) fail(`payload length ${P} does not match the ${end - o} bytes present`);
  return { codec, modelDigest, shape, payload: bytes.slice(o, o + P) };
}
