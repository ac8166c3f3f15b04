/**
 * The safetensors file format (https://github.com/huggingface/safetensors): an 8-byte
 * little-endian header length N, N bytes of JSON header, then the raw little-endian tensor
 * data. The header maps each tensor name to `{dtype, shape, data_offsets: [begin, end]}`
 * (offsets relative to the start of the data) and may hold `__metadata__`, a string→string
 * map where rdlab keeps settings and scalar state. rdlab's model files and checkpoints use
 * it, so they open from Python with `safetensors.numpy.load_file`.
 *
 * Reading validates everything before touching the data: header length within the file,
 * JSON well formed, known dtypes, integer shapes, offsets in bounds, matching
 * `shape`×itemsize, contiguous and non-overlapping — and throws a clear error otherwise.
 */
import { requireBytes, requireObject, requireString } from '../validate.js';
import { readFileSync } from 'node:fs';

/** Element types rdlab reads and writes, with safetensors' names. */
export type SafetensorsDType = 'F32' | 'F64' | 'I32' | 'U32';
/** The typed array behind each dtype. */
export type SafetensorsArray = Float32Array | Float64Array | Int32Array | Uint32Array;

/** One tensor as stored in the file: host data (a copy), its dtype and shape. */
export interface SafetensorsTensor {
  dtype: SafetensorsDType;
  shape: number[];
  data: SafetensorsArray;
}

/** A whole file: named tensors and the `__metadata__` string map. */
export interface SafetensorsFile {
  tensors: Record<string, SafetensorsTensor>;
  metadata: Record<string, string>;
}

const ITEM_SIZE: Record<SafetensorsDType, number> = { F32: 4, F64: 8, I32: 4, U32: 4 };
const ARRAY: Record<SafetensorsDType, new (n: number) => SafetensorsArray> = {
  F32: Float32Array, F64: Float64Array, I32: Int32Array, U32: Uint32Array,
};
/** Headers above this are refused (the reference implementation's limit is 100 MB). */
const MAX_HEADER = 100_000_000;

/** The safetensors dtype of a typed array. */
export function dtypeOf(data: SafetensorsArray): SafetensorsDType {
  if (data instanceof Float32Array) return 'F32';
  if (data instanceof Float64Array) return 'F64';
  if (data instanceof Int32Array) return 'I32';
  if (data instanceof Uint32Array) return 'U32';
  throw new TypeError('data: expected a Float32Array, Float64Array, Int32Array or Uint32Array');
}

/**
 * Serialises tensors (in the order given) and metadata to safetensors bytes. Each tensor's
 * element count must match its shape; names must not be `__metadata__`.
 */
export function encodeSafetensors(file: { tensors: Record<string, { shape: number[]; data: SafetensorsArray }>; metadata?: Record<string, string> }): Uint8Array {
  requireObject('file', file);
  requireObject('file.tensors', file.tensors);
  const header: Record<string, unknown> = {};
  if (file.metadata && Object.keys(file.metadata).length > 0) {
    for (const [k, v] of Object.entries(file.metadata))
      if (typeof v !== 'string') throw new TypeError(`metadata.${k}: expected a string, got ${typeof v}`);
    header.__metadata__ = file.metadata;
  }
  let offset = 0;
  const parts: Uint8Array[] = [];
  for (const [name, t] of Object.entries(file.tensors)) {
    if (name === '__metadata__') throw new RangeError('tensor name "__metadata__" is reserved');
    const dtype = dtypeOf(t.data);
    const count = t.shape.reduce((a, b) => a * b, 1);
    if (!t.shape.every((d) => Number.isInteger(d) && d >= 0) || count !== t.data.length)
      throw new RangeError(`tensor "${name}": shape [${t.shape.join(', ')}] does not match ${t.data.length} elements`);
    const bytes = littleEndianBytes(t.data);
    header[name] = { dtype, shape: t.shape, data_offsets: [offset, offset + bytes.length] };
    parts.push(bytes);
    offset += bytes.length;
  }
  // pad the JSON with spaces so the data starts 8-byte aligned, as the reference writer does
  let json = Buffer.from(JSON.stringify(header), 'utf8');
  const pad = (8 - (json.length % 8)) % 8;
  if (pad) json = Buffer.concat([json, Buffer.alloc(pad, 0x20)]);
  const out = new Uint8Array(8 + json.length + offset);
  new DataView(out.buffer).setBigUint64(0, BigInt(json.length), true);
  out.set(json, 8);
  let at = 8 + json.length;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** Parses and validates safetensors bytes; `source` names the file in error messages. */
export function decodeSafetensors(bytes: Uint8Array, source = 'safetensors data'): SafetensorsFile {
  requireBytes('bytes', bytes);
  requireString('source', source);
  const fail = (why: string): never => {
    throw new Error(`${source}: not a valid safetensors file: ${why}`);
  };
  if (bytes.length < 8) fail(`${bytes.length} bytes is shorter than the 8-byte header length`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const n = view.getBigUint64(0, true);
  if (n < 2n || n > BigInt(MAX_HEADER)) fail(`header length ${n} is outside [2, ${MAX_HEADER}]`);
  const headerEnd = 8 + Number(n);
  if (headerEnd > bytes.length) fail(`header length ${n} runs past the end of the ${bytes.length}-byte file (truncated?)`);
  let header: unknown;
  try {
    header = JSON.parse(Buffer.from(bytes.buffer, bytes.byteOffset + 8, Number(n)).toString('utf8'));
  } catch (e) {
    fail(`header is not JSON (${(e as Error).message})`);
  }
  if (typeof header !== 'object' || header === null || Array.isArray(header)) fail('header is not a JSON object');
  const entries = Object.entries(header as Record<string, unknown>);
  const dataLength = bytes.length - headerEnd;
  const metadata: Record<string, string> = {};
  const spans: { name: string; begin: number; end: number; dtype: SafetensorsDType; shape: number[] }[] = [];
  for (const [name, entry] of entries) {
    if (name === '__metadata__') {
      if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) fail('__metadata__ is not an object');
      for (const [k, v] of Object.entries(entry as object)) {
        if (typeof v !== 'string') fail(`__metadata__.${k} is not a string`);
        metadata[k] = v as string;
      }
      continue;
    }
    const e = entry as { dtype?: unknown; shape?: unknown; data_offsets?: unknown };
    if (typeof e !== 'object' || e === null) fail(`tensor "${name}" has no {dtype, shape, data_offsets} entry`);
    if (typeof e.dtype !== 'string' || !(e.dtype in ITEM_SIZE))
      fail(`tensor "${name}" has dtype ${JSON.stringify(e.dtype)}; rdlab reads ${Object.keys(ITEM_SIZE).join(', ')}`);
    const dtype = e.dtype as SafetensorsDType;
    if (!Array.isArray(e.shape) || !e.shape.every((d) => Number.isSafeInteger(d) && d >= 0))
      fail(`tensor "${name}" has shape ${JSON.stringify(e.shape)}; expected non-negative integers`);
    const shape = e.shape as number[];
    const off = e.data_offsets;
    if (!Array.isArray(off) || off.length !== 2 || !off.every((o) => Number.isSafeInteger(o) && o >= 0) || off[0] > off[1])
      fail(`tensor "${name}" has data_offsets ${JSON.stringify(off)}; expected [begin, end] with 0 <= begin <= end`);
    const [begin, end] = off as [number, number];
    if (end > dataLength) fail(`tensor "${name}" ends at byte ${end} of a ${dataLength}-byte data section (truncated?)`);
    const expected = shape.reduce((a, b) => a * b, 1) * ITEM_SIZE[dtype];
    if (end - begin !== expected) fail(`tensor "${name}": shape [${shape.join(', ')}] of ${dtype} needs ${expected} bytes, offsets span ${end - begin}`);
    spans.push({ name, begin, end, dtype, shape });
  }
  // the format requires the tensors to tile the data section exactly: no gaps, no overlap
  const sorted = [...spans].sort((a, b) => a.begin - b.begin);
  let cursor = 0;
  for (const s of sorted) {
    if (s.begin !== cursor) fail(`tensor "${s.name}" starts at byte ${s.begin}, expected ${cursor} (gap or overlap)`);
    cursor = s.end;
  }
  if (cursor !== dataLength) fail(`data section has ${dataLength} bytes but the tensors cover ${cursor}`);
  const tensors: Record<string, SafetensorsTensor> = {};
  for (const s of spans) {
    const data = new ARRAY[s.dtype]((s.end - s.begin) / ITEM_SIZE[s.dtype]);
    readLittleEndian(bytes.subarray(headerEnd + s.begin, headerEnd + s.end), data);
    tensors[s.name] = { dtype: s.dtype, shape: s.shape, data };
  }
  return { tensors, metadata };
}

/** Reads and validates a safetensors file. */
export function readSafetensors(path: string): SafetensorsFile {
  requireString('path', path);
  return decodeSafetensors(readFileSync(path), path);
}

const HOST_IS_LE = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

function littleEndianBytes(data: SafetensorsArray): Uint8Array {
  const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength).slice();
  if (!HOST_IS_LE) swapBytes(bytes, data.BYTES_PER_ELEMENT);
  return bytes;
}

function readLittleEndian(raw: Uint8Array, out: SafetensorsArray): void {
  const dst = new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
  dst.set(raw);
  if (!HOST_IS_LE) swapBytes(dst, out.BYTES_PER_ELEMENT);
}

function swapBytes(bytes: Uint8Array, size: number): void {
  for (let i = 0; i < bytes.length; i += size) bytes.subarray(i, i + size).reverse();
}
