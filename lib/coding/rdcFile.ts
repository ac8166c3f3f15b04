/**
 * The compressed-file format (`.rdc`), all integers little-endian. Version 2 (written):
 *
 *   offset  size  field
 *   0       4     magic "RDLC"
 *   4       2     format version (2)
 *   6       1     codec id length L, then L bytes of ASCII codec id (e.g. "ntc")
 *   .       32    SHA-256 digest of the model file the data was compressed with
 *   .       1     number of dimensions R of the original array, then R × u32 dimensions
 *   .       8     samples N (u64, below 2^53): rows of the codec (elements / the model's inputs)
 *   .       4     chunk size S (samples per chunk, 1 to 2^24)
 *   .       4     CRC-32 (IEEE) of every header byte before it
 *   then ceil(N / S) chunks, each
 *   .       4     samples in the chunk (S; the last chunk holds the rest)
 *   .       4     payload length P, then P bytes of payload (the codec's bitstream of those samples)
 *   .       4     CRC-32 of the chunk's 8 + P bytes before it
 *   and nothing after the last chunk.
 *
 * A reader needs one chunk in memory at a time. Reading checks the header (magic, CRC,
 * version, fields) and, where the file's size is known, that it can hold the declared chunks
 * (12 bytes each at least) before anything else is read or allocated; each chunk's head is
 * checked against the header and the bytes left before its payload is read, and its CRC
 * before it is decoded. An error names the chunk.
 *
 * Version 1 (read only): magic, version (1), codec id, digest, shape as above, then the
 * payload length P, P bytes of payload and a CRC-32 of every byte before it: one chunk, whose
 * sample count follows from the shape and the model ({@link RdcHeader.samples} is null).
 */
import { crc32 } from './entropyCoders.js';
import { requireBytes, requireInteger, requireObject, requireShape, requireString } from '../validate.js';

export const RDC_MAGIC = 'RDLC';
/** The version written; version 1 files are still read. */
export const RDC_VERSION = 2;
/** The most samples in one chunk. */
export const RDC_MAX_CHUNK = 2 ** 24;
/** Bytes of a chunk around its payload: count and length before it, CRC-32 after. */
export const RDC_CHUNK_OVERHEAD = 12;

/** Everything before the chunks. */
export interface RdcHeader {
  /** The format version the file was written in (1 or 2). */
  version: number;
  codec: string;
  /** SHA-256 of the model file, 32 bytes. */
  modelDigest: Uint8Array;
  /** Shape of the array that was compressed. */
  shape: number[];
  /** Samples in the file; null in version 1 (the shape over the model's inputs). */
  samples: number | null;
  /** Samples per chunk (the last chunk holds the rest); null in version 1 (one chunk). */
  chunkSize: number | null;
}

/** One chunk: its samples and the codec's bitstream of them. */
export interface RdcChunk {
  /** null only for the one chunk of a version 1 file. */
  samples: number | null;
  payload: Uint8Array;
}

export interface RdcFile extends RdcHeader {
  chunks: RdcChunk[];
}

/** What {@link encodeRdc} and {@link encodeRdcHeader} take: a version 2 header. */
export interface RdcHeaderFields {
  codec: string;
  modelDigest: Uint8Array;
  shape: number[];
  samples: number;
  chunkSize: number;
}

function fail(msg: string): never {
  throw new RangeError(`rdc: ${msg}`);
}

const MAX_SAMPLES = Number.MAX_SAFE_INTEGER;

/** The number of chunks N samples take in chunks of S. */
export function rdcChunkCount(samples: number, chunkSize: number): number {
  return Math.ceil(samples / chunkSize);
}

function checkHeaderFields(h: RdcHeaderFields, name: string): void {
  requireObject(name, h);
  requireString(`${name}.codec`, h.codec);
  requireBytes(`${name}.modelDigest`, h.modelDigest);
  requireShape(`${name}.shape`, h.shape);
  requireInteger(`${name}.samples`, h.samples, 0, MAX_SAMPLES);
  requireInteger(`${name}.chunkSize`, h.chunkSize, 1, RDC_MAX_CHUNK);
  if (!/^[\x21-\x7e]{1,255}$/.test(h.codec)) fail(`codec id '${h.codec}' must be 1-255 printable ASCII characters`);
  if (h.modelDigest.length !== 32) fail('modelDigest must be 32 bytes (SHA-256)');
  if (h.shape.length > 255 || h.shape.some((d) => !Number.isInteger(d) || d < 0 || d > 0xffffffff)) fail('shape must be at most 255 dimensions, each in [0, 2^32)');
  const elements = h.shape.reduce((a, b) => a * b, 1);
  if (h.samples === 0 ? elements !== 0 : elements % h.samples !== 0)
    fail(`shape (${h.shape.join(', ')}) of ${elements} elements does not hold ${h.samples} samples of equal size`);
}

/** The version 2 header: everything before the first chunk. */
export function encodeRdcHeader(header: RdcHeaderFields): Uint8Array {
  checkHeaderFields(header, 'header');
  const { codec, modelDigest, shape, samples, chunkSize } = header;
  const out = new Uint8Array(4 + 2 + 1 + codec.length + 32 + 1 + 4 * shape.length + 8 + 4 + 4);
  const view = new DataView(out.buffer);
  let o = 0;
  out.set(new TextEncoder().encode(RDC_MAGIC), o); o += 4;
  view.setUint16(o, RDC_VERSION, true); o += 2;
  out[o++] = codec.length;
  out.set(new TextEncoder().encode(codec), o); o += codec.length;
  out.set(modelDigest, o); o += 32;
  out[o++] = shape.length;
  for (const d of shape) { view.setUint32(o, d, true); o += 4; }
  view.setUint32(o, samples % 2 ** 32, true); view.setUint32(o + 4, Math.floor(samples / 2 ** 32), true); o += 8;
  view.setUint32(o, chunkSize, true); o += 4;
  view.setUint32(o, crc32(out.subarray(0, o)), true);
  return out;
}

/** One chunk of `samples` samples whose bitstream is `payload`. */
export function encodeRdcChunk(samples: number, payload: Uint8Array): Uint8Array {
  requireInteger('samples', samples, 1, RDC_MAX_CHUNK);
  requireBytes('payload', payload);
  if (payload.length > 0xffffffff) fail(`a chunk's payload must be under 4 GiB, got ${payload.length} bytes`);
  const out = new Uint8Array(RDC_CHUNK_OVERHEAD + payload.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, samples, true);
  view.setUint32(4, payload.length, true);
  out.set(payload, 8);
  view.setUint32(8 + payload.length, crc32(out.subarray(0, 8 + payload.length)), true);
  return out;
}

/** A whole version 2 file: the header and every chunk (each but the last of `chunkSize` samples). */
export function encodeRdc(file: RdcHeaderFields & { chunks: { samples: number; payload: Uint8Array }[] }): Uint8Array {
  requireObject('file', file);
  const header = encodeRdcHeader(file);
  if (!Array.isArray(file.chunks)) throw new TypeError('file.chunks: expected an array of { samples, payload }');
  const expected = rdcChunkCount(file.samples, file.chunkSize);
  if (file.chunks.length !== expected)
    fail(`${file.samples} samples in chunks of ${file.chunkSize} make ${expected} chunks, got ${file.chunks.length}`);
  const parts = file.chunks.map((c, i) => {
    requireObject(`file.chunks[${i}]`, c);
    const want = Math.min(file.chunkSize, file.samples - i * file.chunkSize);
    if (c.samples !== want) fail(`chunk ${i}: expected ${want} samples, got ${String(c.samples)}`);
    return encodeRdcChunk(c.samples, c.payload);
  });
  const out = new Uint8Array(header.length + parts.reduce((a, p) => a + p.length, 0));
  let o = 0;
  for (const p of [header, ...parts]) { out.set(p, o); o += p.length; }
  return out;
}

/** The longest header there can be (codec id of 255, 255 dimensions); reading this many bytes from a file's start holds any header. */
export const RDC_MAX_HEADER = 4 + 2 + 1 + 255 + 32 + 1 + 4 * 255 + 8 + 4 + 4;

/** The version at the start of `bytes` (after checking the magic). */
export function rdcVersion(bytes: Uint8Array, name = 'bytes'): number {
  requireBytes(name, bytes);
  if (bytes.length < 6) fail(`file too short (${bytes.length} bytes) to be a compressed rdlab file`);
  if (new TextDecoder().decode(bytes.subarray(0, 4)) !== RDC_MAGIC) fail('not a compressed rdlab file (bad magic)');
  const version = bytes[4] | (bytes[5] << 8);
  if (version !== 1 && version !== RDC_VERSION) fail(`unsupported format version ${version} (this rdlab reads versions 1 and ${RDC_VERSION})`);
  return version;
}

/**
 * Parses a version 2 header from the start of a file. `prefix` holds the file's first bytes
 * (all of them, or at least {@link RDC_MAX_HEADER}); `fileSize` (when known) is checked to
 * hold the declared chunks. Returns the header and its length in bytes.
 */
export function decodeRdcHeader(prefix: Uint8Array, fileSize: number | null = null): { header: RdcHeader; length: number } {
  if (fileSize !== null) requireInteger('fileSize', fileSize, 0);
  if (rdcVersion(prefix, 'prefix') !== RDC_VERSION) fail('version 1 files have no separate header; read them with decodeRdc');
  const view = new DataView(prefix.buffer, prefix.byteOffset, prefix.byteLength);
  let o = 6;
  const need = (n: number, what: string) => { if (o + n > prefix.length) fail(`truncated header (${what})`); };
  need(1, 'codec id'); const L = prefix[o++];
  need(L, 'codec id'); const codec = new TextDecoder().decode(prefix.subarray(o, o + L)); o += L;
  need(32, 'model digest'); const modelDigest = prefix.slice(o, o + 32); o += 32;
  need(1, 'shape'); const R = prefix[o++];
  need(4 * R, 'shape'); const shape: number[] = [];
  for (let i = 0; i < R; ++i) { shape.push(view.getUint32(o, true)); o += 4; }
  need(16, 'sample count, chunk size and CRC-32');
  const samples = view.getUint32(o, true) + view.getUint32(o + 4, true) * 2 ** 32; o += 8;
  const chunkSize = view.getUint32(o, true); o += 4;
  if (crc32(prefix.subarray(0, o)) !== view.getUint32(o, true)) fail('header CRC-32 mismatch: the file is corrupt or truncated');
  o += 4;
  if (!Number.isSafeInteger(samples)) fail(`the header declares ${samples} samples, more than 2^53`);
  if (chunkSize < 1 || chunkSize > RDC_MAX_CHUNK) fail(`chunk size ${chunkSize} outside [1, 2^24]`);
  const elements = shape.reduce((a, b) => a * b, 1);
  if (samples === 0 ? elements !== 0 : elements % samples !== 0)
    fail(`the header declares ${samples} samples, which do not divide the shape (${shape.join(', ')})`);
  if (fileSize !== null) {
    const chunks = rdcChunkCount(samples, chunkSize);
    const least = o + chunks * RDC_CHUNK_OVERHEAD;
    if (fileSize < least)
      fail(`the header declares ${samples} samples in ${chunks} chunks of ${chunkSize}, which need at least ${least} bytes; the file has ${fileSize}`);
  }
  return { header: { version: RDC_VERSION, codec, modelDigest, shape, samples, chunkSize }, length: o };
}

/**
 * Checks the 8-byte head of chunk `index` (0-based) of a version 2 file: its sample count
 * against the header (`chunkSize`, and the samples not yet read) and its payload length
 * against the bytes left after the head (when known). Returns both.
 */
export function decodeRdcChunkHead(head: Uint8Array, index: number, header: RdcHeader, samplesLeft: number, bytesLeft: number | null): { samples: number; length: number } {
  if (head.length < 8) fail(`chunk ${index}: truncated (the file ends inside its head)`);
  const view = new DataView(head.buffer, head.byteOffset, 8);
  const samples = view.getUint32(0, true), length = view.getUint32(4, true);
  const want = Math.min(header.chunkSize!, samplesLeft);
  if (samples !== want) fail(`chunk ${index}: declares ${samples} samples, the header ${want}`);
  if (bytesLeft !== null && length + 4 > bytesLeft)
    fail(`chunk ${index}: declares a ${length}-byte payload, but only ${Math.max(0, bytesLeft - 4)} bytes are left for it`);
  return { samples, length };
}

/** Checks the CRC-32 of chunk `index` over its head and payload against the 4 bytes after them. */
export function checkRdcChunkCrc(index: number, head: Uint8Array, payload: Uint8Array, stored: Uint8Array): void {
  if (stored.length < 4) fail(`chunk ${index}: truncated (the file ends before its CRC-32)`);
  const crc = crc32(payload, crc32(head.subarray(0, 8)));
  if (crc !== new DataView(stored.buffer, stored.byteOffset, 4).getUint32(0, true)) fail(`chunk ${index}: CRC-32 mismatch: the file is corrupt`);
}

/** Version 1: magic, version, codec, digest, shape, payload, CRC-32 of everything before it. */
function decodeRdcVersion1(bytes: Uint8Array): RdcFile {
  if (bytes.length < 4 + 2 + 1 + 32 + 1 + 4 + 4) fail(`file too short (${bytes.length} bytes) to be a compressed rdlab file`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const stored = view.getUint32(bytes.length - 4, true);
  if (crc32(bytes.subarray(0, bytes.length - 4)) !== stored) fail('CRC-32 mismatch: the file is corrupt or truncated');
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
  return { version: 1, codec, modelDigest, shape, samples: null, chunkSize: null, chunks: [{ samples: null, payload: bytes.subarray(o, o + P) }] };
}

/**
 * Reads a whole `.rdc` file of either version from memory. The chunks' payloads are views
 * of `bytes`. Every check of the format is made; the payloads are not decoded.
 */
export function decodeRdc(bytes: Uint8Array): RdcFile {
  requireBytes('bytes', bytes);
  if (rdcVersion(bytes) === 1) return decodeRdcVersion1(bytes);
  const { header, length } = decodeRdcHeader(bytes, bytes.length);
  const chunks: RdcChunk[] = [];
  let o = length, left = header.samples!;
  for (let i = 0; left > 0; ++i) {
    const head = bytes.subarray(o, o + 8);
    const { samples, length: P } = decodeRdcChunkHead(head, i, header, left, bytes.length - o - 8);
    const payload = bytes.subarray(o + 8, o + 8 + P);
    checkRdcChunkCrc(i, head, payload, bytes.subarray(o + 8 + P, o + 12 + P));
    chunks.push({ samples, payload });
    o += RDC_CHUNK_OVERHEAD + P;
    left -= samples;
  }
  if (o !== bytes.length) fail(`${bytes.length - o} bytes after the last chunk`);
  return { ...header, chunks };
}
