/**
 * Compression and decompression with a loaded model (lib/models/modelFile.ts) one chunk at a
 * time, into and out of the chunked `.rdc` format (lib/coding/rdcFile.ts): memory holds the
 * model and one chunk, whatever the input's size. The transforms run in blocks on libuv's
 * thread pool (Ntc.compressAsync / decompressAsync), so the event loop is served meanwhile;
 * every function takes an AbortSignal.
 *
 * - {@link compressStream}: an array's shape and its elements in pieces → the file's bytes in
 *   pieces (the header, then one piece per chunk).
 * - {@link decompressStream}: a file's bytes (in memory, or in pieces of any size) → its
 *   header, then the decoded elements one chunk at a time. Version 1 files decode too (as one
 *   chunk, read whole).
 * - {@link compressFile} / {@link decompressFile}: `.npy` → `.rdc` → `.npy` between files,
 *   written to a temporary file beside the output and renamed when complete; an output that is
 *   one of the inputs is refused, and an existing one unless `force`.
 */
import { existsSync, realpathSync, statSync } from 'node:fs';
import { open } from 'node:fs/promises';
import path from 'node:path';
import { AtomicFileWriter } from '../coding/atomicFile.js';
import { byteSource, ElementReader, type ByteSource, type Pieces } from '../coding/byteSource.js';
import { decodeNpyData, NPY_MAX_HEADER, npyDataBytes, npyHeaderBytes, readNpyHeader, type NpyHeader } from '../coding/npy.js';
import {
  checkRdcChunkCrc, decodeRdc, decodeRdcChunkHead, decodeRdcHeader, encodeRdcChunk, encodeRdcHeader, RDC_CHUNK_OVERHEAD, RDC_MAX_CHUNK,
  RDC_MAX_HEADER, rdcVersion, type RdcHeader,
} from '../coding/rdcFile.js';
import { checkSignal, type AsyncOptions } from '../plan.js';
import { Rng } from '../rng.js';
import { tensor, type Tensor } from '../tensor.js';
import { requireInteger, requireObject, requireShape, requireString } from '../validate.js';
import { loadModel, type LoadedModel } from './modelFile.js';
import { ecvqSideSamples } from './wz/ecvq.js';
import { LargestRows, OUT_OF_RANGE_WARNING, outOfRangeWarning } from './rangeCheck.js';

/** Elements per chunk by default: 2^16 (a chunk of scalar samples is 256 KiB of float32; about 18 bytes of framing and coder flush each). */
export const DEFAULT_CHUNK_ELEMENTS = 2 ** 16;

export interface CompressOptions extends AsyncOptions {
  /** Samples per chunk, 1 to 2^24 (default: {@link DEFAULT_CHUNK_ELEMENTS} elements' worth, at least 1 sample). */
  chunk?: number;
  /** The input's name in error messages (default 'data'). */
  name?: string;
  /**
   * Receives the warning about values far outside what the model was trained on (lib/models/
   * rangeCheck.ts); default: process.emitWarning with code RDLAB_OUT_OF_RANGE.
   */
  onWarning?: (message: string) => void;
}

export interface DecompressOptions extends AsyncOptions {
  /** The side information y (one row per sample), for a model that decodes with it, in pieces of any size. */
  side?: Pieces<Float32Array | Float64Array>;
  /** The input's name in error messages (default 'input'). */
  name?: string;
}

/** What {@link decompressStream} resolves to: the file's header and its decoded elements, one chunk per piece. */
export interface DecodedStream {
  header: RdcHeader;
  /** Samples in the file. */
  samples: number;
  /** The decoded array's elements in C order (float32), one chunk per piece. */
  pieces: AsyncGenerator<Float32Array, void, void>;
}

function requireLoadedModel(m: LoadedModel): LoadedModel {
  requireObject('model', m);
  if (m.codec !== 'ntc' && m.codec !== 'wz-ecvq' && m.codec !== 'wz-concrete')
    throw new RangeError(`model.codec: expected one of 'ntc', 'wz-ecvq', 'wz-concrete' (a loadModel result), got ${String((m as { codec: unknown }).codec)}`);
  return m;
}

/** Elements of x per sample. */
function inputsOf(m: LoadedModel): number {
  return m.codec === 'ntc' ? m.model.config.inputs : m.model.dim;
}

/** Elements of the side information per sample (0: none). */
function sideInputsOf(m: LoadedModel): number {
  return m.codec === 'ntc' ? m.model.config.sideInputs ?? 0 : m.model.sideDim;
}

function samplesOf(shape: number[], inputs: number, what: string): number {
  const total = shape.reduce((a, b) => a * b, 1);
  if (total === 0 || total % inputs !== 0)
    throw new RangeError(`${what}: shape (${shape.join(', ')}) does not hold whole samples of ${inputs} elements for this model`);
  return total / inputs;
}

/** The chunk size in samples: the option, or DEFAULT_CHUNK_ELEMENTS elements' worth. */
function chunkOf(options: CompressOptions, inputs: number): number {
  if (options.chunk === undefined) return Math.max(1, Math.min(RDC_MAX_CHUNK, Math.floor(DEFAULT_CHUNK_ELEMENTS / inputs)));
  return requireInteger('options.chunk', options.chunk, 1, RDC_MAX_CHUNK);
}

/** The first non-finite element of x [rows, width] refused, counted from sample `first`. */
function requireFinite(name: string, x: Float32Array, count: number, width: number, first: number): void {
  for (let i = 0; i < count; ++i)
    if (!Number.isFinite(x[i])) {
      const e = first * width + i;
      throw new RangeError(`${name}: element ${e} (sample ${Math.floor(e / width)}, column ${e % width}) is ${x[i]}; only finite values can be compressed`);
    }
}

/**
 * Compresses an array of `shape` whose elements (C order; rows are samples of the model's
 * inputs) come in `data`'s pieces of any lengths: yields the `.rdc` file's bytes, the header
 * then one piece per chunk of `options.chunk` samples. Non-finite values are refused naming
 * the first; values far outside the model's training range give a warning at the end (see
 * `options.onWarning`). Memory: the model and one chunk.
 */
export function compressStream(model: LoadedModel, shape: number[], data: Pieces<Float32Array | Float64Array>, options: CompressOptions = {}): AsyncGenerator<Uint8Array, void, void> {
  const m = requireLoadedModel(model);
  requireShape('shape', shape);
  requireObject('options', options);
  const signal = checkSignal('options.signal', options.signal);
  const name = options.name === undefined ? 'data' : requireString('options.name', options.name);
  if (options.onWarning !== undefined && typeof options.onWarning !== 'function') throw new TypeError('options.onWarning: expected a function');
  const D = inputsOf(m);
  const n = samplesOf(shape, D, name);
  const chunk = chunkOf(options, D);
  const reader = new ElementReader('data', data);
  const warn = options.onWarning ?? ((w: string) => process.emitWarning(w, { code: OUT_OF_RANGE_WARNING }));
  return compressChunks(m, shape, n, chunk, reader, { signal, name, warn });
}

async function* compressChunks(m: LoadedModel, shape: number[], n: number, chunk: number, reader: ElementReader,
  o: { signal?: AbortSignal; name: string; warn: (message: string) => void }): AsyncGenerator<Uint8Array, void, void> {
  const { signal, name } = o, D = inputsOf(m);
  const largest = m.codec === 'ntc' && sideInputsOf(m) === 0 ? new LargestRows(D) : null;
  // the ECVQ encoder averages over draws of p(y|x): encoder-side randomness the decoder never needs
  const rng = new Rng(0);
  yield encodeRdcHeader({ codec: m.codec, modelDigest: m.digest, shape, samples: n, chunkSize: chunk });
  const buffer = new Float32Array(Math.min(chunk, n) * D);
  for (let first = 0; first < n; first += chunk) {
    signal?.throwIfAborted();
    const rows = Math.min(chunk, n - first);
    const got = await reader.read(buffer, rows * D);
    if (got < rows * D) throw new RangeError(`${name}: ended after ${first * D + got} elements; shape (${shape.join(', ')}) holds ${n * D}`);
    requireFinite(name, buffer, rows * D, D, first);
    largest?.add(buffer, rows);
    const x = tensor(buffer.subarray(0, rows * D), [rows, D]);
    try {
      const bytes = m.codec === 'ntc'
        ? (await m.model.compressAsync(x, { signal, name, firstSample: first })).bytes
        : m.codec === 'wz-ecvq' ? m.model.compress(x, ecvqSideSamples(m.pair, m.model.config, x, rng)).bytes : m.model.compress(x).bytes;
      yield encodeRdcChunk(rows, bytes);
    } finally {
      x.dispose();
    }
  }
  if (!(await reader.atEnd())) throw new RangeError(`${name}: holds more than the ${n * D} elements of shape (${shape.join(', ')})`);
  if (largest !== null && m.codec === 'ntc') {
    const ntc = m.model;
    const warning = outOfRangeWarning(largest, (x) => ntc.decompress(ntc.compress(x), 'cpu'));
    if (warning !== null) o.warn(warning);
  }
}

/** The bytes `n` more of `source`, or a RangeError naming `what` where it ends first. */
async function readExactly(source: ByteSource, n: number, what: string): Promise<Uint8Array> {
  const out = await source.read(n);
  if (out.length < n) throw new RangeError(`rdc: ${what}: truncated (the file ends ${n - out.length} bytes early)`);
  return out;
}

/** Every remaining byte of a source of unknown or known size. */
async function readRest(source: ByteSource): Promise<Uint8Array> {
  if (source.size !== null) return source.read(source.size - source.position);
  const parts: Uint8Array[] = [];
  for (let p = await source.read(1 << 20); p.length > 0; p = await source.read(1 << 20)) parts.push(Uint8Array.from(p));
  const out = new Uint8Array(parts.reduce((a, p) => a + p.length, 0));
  let o = 0;
  for (const p of parts) { out.set(p, o); o += p.length; }
  return out;
}

/**
 * Decodes a `.rdc` file (`input`: its bytes, or pieces of them of any size, e.g. a Node
 * Readable) with the model it was made with: resolves once the header is read and checked
 * (codec, model digest, sample count against the file's size where known) to the header and
 * a generator of the decoded elements, one chunk at a time. Each chunk's head, CRC-32 and
 * capacity are checked before it is decoded, and it must decode to exactly its samples using
 * exactly its bytes; an error names the chunk. Memory: the model and one chunk (a version 1
 * file is read whole).
 */
export async function decompressStream(model: LoadedModel, input: Uint8Array | Pieces<Uint8Array>, options: DecompressOptions = {}): Promise<DecodedStream> {
  return decodeFrom(requireLoadedModel(model), byteSource(input), options);
}

async function decodeFrom(m: LoadedModel, source: ByteSource, options: DecompressOptions): Promise<DecodedStream> {
  requireObject('options', options);
  const signal = checkSignal('options.signal', options.signal);
  const name = options.name === undefined ? 'input' : requireString('options.name', options.name);
  const S = sideInputsOf(m), D = inputsOf(m);
  if (S === 0 && options.side !== undefined) throw new RangeError(`options.side: this '${m.codec}' model takes no side information`);
  if (S > 0 && options.side === undefined) throw new RangeError(`options.side: this '${m.codec}' model decodes with the side information y (one row of ${S} per sample)`);
  const side = options.side === undefined ? null : new ElementReader('options.side', options.side);
  const version = rdcVersion(await source.peek(6));
  let header: RdcHeader, v1Payload: Uint8Array | null = null;
  if (version === 1) {
    const file = decodeRdc(await readRest(source));
    header = file;
    v1Payload = file.chunks[0].payload;
  } else {
    const prefix = await source.peek(RDC_MAX_HEADER);
    const decoded = decodeRdcHeader(prefix, source.size);
    header = decoded.header;
    await source.read(decoded.length);
  }
  if (header.codec !== m.codec) throw new RangeError(`${name}: made with codec '${header.codec}', but the model is '${m.codec}'`);
  if (Buffer.compare(Buffer.from(header.modelDigest), Buffer.from(m.digest)) !== 0)
    throw new RangeError(`${name}: made with a different model (digest ${Buffer.from(header.modelDigest).toString('hex').slice(0, 16)}…, this model ${Buffer.from(m.digest).toString('hex').slice(0, 16)}…)`);
  const n = samplesOf(header.shape, D, name);
  if (header.samples !== null && header.samples !== n)
    throw new RangeError(`${name}: the header declares ${header.samples} samples, but its shape (${header.shape.join(', ')}) holds ${n} of ${D} elements for this model`);
  const capacity = (bytes: number) => (m.codec === 'ntc' ? m.model.entropyModel.sampleCapacity(bytes) : Infinity);
  // each symbol costs at least log2(1/q_max) bits: a header declaring more samples than the file can hold is refused before decoding
  const available = v1Payload !== null ? v1Payload.length : source.size;
  if (available !== null && n > capacity(available))
    throw new RangeError(`${name}: the header declares ${n} samples, but its ${available}-byte ${v1Payload !== null ? 'payload' : 'file'} can hold at most ${capacity(available)} under this model; the file is corrupt or crafted`);

  async function* pieces(): AsyncGenerator<Float32Array, void, void> {
    let left = n;
    for (let i = 0; left > 0; ++i) {
      signal?.throwIfAborted();
      let rows: number, bytes: Uint8Array;
      if (v1Payload !== null) {
        rows = n;
        bytes = v1Payload;
      } else {
        const head = Uint8Array.from(await readExactly(source, 8, `chunk ${i}`));
        const bytesLeft = source.size === null ? null : source.size - source.position;
        const h = decodeRdcChunkHead(head, i, header, left, bytesLeft);
        rows = h.samples;
        bytes = Uint8Array.from(await readExactly(source, h.length, `chunk ${i}`));
        checkRdcChunkCrc(i, head, bytes, await readExactly(source, 4, `chunk ${i}`));
        if (rows > capacity(bytes.length))
          throw new RangeError(`rdc: chunk ${i}: declares ${rows} samples, but its ${bytes.length}-byte payload can hold at most ${capacity(bytes.length)} under this model; the file is corrupt or crafted`);
      }
      let y: Tensor | null = null;
      if (side !== null) {
        const values = new Float32Array(rows * S);
        const got = await side.read(values, rows * S);
        if (got < rows * S) throw new RangeError(`options.side: ended after ${side.consumed} elements; the file holds ${n} samples, which need ${n * S}`);
        requireFinite('options.side', values, rows * S, S, n - left);
        y = tensor(values, [rows, S]);
      }
      const stream = { bytes, samples: rows, sentinel: version !== 1 };
      let xHat: Tensor;
      try {
        xHat = m.codec === 'ntc' ? await m.model.decompressAsync(stream, 'cpu', y, { signal }) : m.model.decompress(stream, y!);
      } catch (e) {
        if (e instanceof Error && /^corrupt data/.test(e.message)) throw new Error(`rdc: ${v1Payload !== null ? 'payload' : `chunk ${i}`}: ${e.message}`);
        throw e;
      } finally {
        y?.dispose();
      }
      const out = xHat.toArray() as Float32Array;
      xHat.dispose();
      left -= rows;
      yield out;
    }
    if (v1Payload === null && (await source.peek(1)).length > 0) throw new RangeError(`rdc: bytes after the last chunk`);
    if (side !== null && !(await side.atEnd())) throw new RangeError(`options.side: holds more than the ${n * S} elements of the file's ${n} samples`);
  }
  return { header, samples: n, pieces: pieces() };
}

/** `file`'s real path, also before it exists (then its folder's real path and its name). */
function realPath(file: string, label: string): string {
  if (existsSync(file)) return realpathSync(file);
  const dir = path.dirname(path.resolve(file));
  if (!existsSync(dir)) throw new RangeError(`${label}: the folder ${dir} does not exist`);
  return path.join(realpathSync(dir), path.basename(file));
}

/** How the file functions name their paths in errors (the CLI passes its flags). */
export interface FileLabels {
  model?: string;
  input?: string;
  output?: string;
  side?: string;
  force?: string;
}

export interface FileOptions {
  /** Replace an existing output (default false: refused). */
  force?: boolean;
  /** Names of the paths in error messages (defaults: model, input, output, side, force). */
  labels?: FileLabels;
}

function labelsOf(options: FileOptions): Required<FileLabels> {
  const l = options.labels === undefined ? {} : requireObject('options.labels', options.labels);
  return { model: 'model', input: 'input', output: 'output', side: 'side', force: 'force', ...l };
}

/**
 * Refuses an output that is one of the inputs (by real path, or the same file through a hard
 * link) or that exists without force: a call never destroys its input or an earlier result by
 * accident.
 */
function checkOutput(out: string, inputs: [string, string | undefined][], force: boolean, labels: Required<FileLabels>): void {
  const target = realPath(out, labels.output);
  for (const [label, file] of inputs) {
    if (file === undefined) continue;
    if (!existsSync(file)) throw new RangeError(`${label}: ${file} does not exist`);
    const same = realPath(file, label) === target ||
      (existsSync(out) && statSync(out).ino === statSync(file).ino && statSync(out).dev === statSync(file).dev);
    if (same) throw new RangeError(`${labels.output}: ${out} is the file given as ${label}; refusing to write over an input`);
  }
  if (existsSync(out) && !force) throw new RangeError(`${labels.output}: ${out} exists; pass ${labels.force} to replace it`);
}

/** A model given as a file path is loaded; the path is returned too (an output may not be it). */
function modelOf(model: string | LoadedModel): { loaded: () => LoadedModel; path?: string } {
  if (typeof model === 'string') return { loaded: () => loadModel(model), path: model };
  return { loaded: () => requireLoadedModel(model) };
}

/** Opens a `.npy` file and reads its header. */
async function openNpy(file: string) {
  const handle = await open(file, 'r');
  try {
    const { size } = await handle.stat();
    const source = byteSource({ file: handle, size });
    const header = readNpyHeader(await source.peek(NPY_MAX_HEADER), size);
    await source.read(header.dataOffset);
    return { handle, source, header };
  } catch (e) {
    await handle.close();
    throw e;
  }
}

/** A `.npy` file's elements as float32 pieces of at most `elements` each. */
async function* npyPieces(source: ByteSource, header: NpyHeader, elements: number): AsyncGenerator<Float32Array, void, void> {
  for (let left = header.count; left > 0;) {
    const k = Math.min(elements, left);
    const out = new Float32Array(k);
    decodeNpyData(header, await source.read(k * header.itemSize), out);
    left -= k;
    yield out;
  }
}

/** What {@link compressFile} wrote. */
export interface CompressSummary {
  samples: number;
  chunks: number;
  /** The file's size. */
  bytes: number;
  /** The chunks' payloads (the codec's bitstreams) together. */
  payloadBytes: number;
}

/**
 * Compresses the `.npy` file `input` (float32/float64, C order; rows are samples) with
 * `model` (a model file's path, or a loadModel result) into the `.rdc` file `output`,
 * streaming: memory holds the model and one chunk. The output is written to a temporary
 * file and renamed when complete; it may not be the model or the input, nor exist unless
 * `force`. Refused input leaves no output (and an existing one as it was).
 */
export async function compressFile(model: string | LoadedModel, input: string, output: string, options: CompressOptions & FileOptions = {}): Promise<CompressSummary> {
  requireObject('options', options);
  const labels = labelsOf(options);
  requireString(labels.input, input);
  requireString(labels.output, output);
  const mf = modelOf(model);
  checkOutput(output, [[labels.model, mf.path], [labels.input, input]], options.force === true, labels);
  const m = mf.loaded();
  const npy = await openNpy(input);
  let writer: AtomicFileWriter | null = null;
  try {
    const chunk = chunkOf(options, inputsOf(m));
    const stream = compressStream(m, npy.header.shape, npyPieces(npy.source, npy.header, chunk * inputsOf(m)), { ...options, chunk, name: options.name ?? input });
    const summary: CompressSummary = { samples: 0, chunks: -1, bytes: 0, payloadBytes: 0 };
    for await (const piece of stream) {
      writer ??= await AtomicFileWriter.open(output, { force: options.force === true });
      await writer.write(piece);
      summary.bytes += piece.length;
      if (++summary.chunks > 0) summary.payloadBytes += piece.length - RDC_CHUNK_OVERHEAD;
    }
    await writer!.commit();
    summary.samples = npy.header.count / inputsOf(m);
    return summary;
  } catch (e) {
    await writer?.abort();
    throw e;
  } finally {
    await npy.handle.close();
  }
}

/**
 * Decodes the `.rdc` file `input` with `model` (a path or a loadModel result) into the `.npy`
 * file `output` (float32, the original shape), streaming; `options.side` is the side
 * information's `.npy` for a Wyner–Ziv model. Output as in {@link compressFile}.
 */
export async function decompressFile(model: string | LoadedModel, input: string, output: string, options: AsyncOptions & FileOptions & { side?: string; name?: string } = {}): Promise<{ samples: number; shape: number[] }> {
  requireObject('options', options);
  const labels = labelsOf(options);
  requireString(labels.input, input);
  requireString(labels.output, output);
  if (options.side !== undefined) requireString(labels.side, options.side);
  const mf = modelOf(model);
  checkOutput(output, [[labels.model, mf.path], [labels.input, input], [labels.side, options.side]], options.force === true, labels);
  const m = mf.loaded();
  const S = sideInputsOf(m);
  if (S === 0 && options.side !== undefined) throw new RangeError(`${labels.side}: this '${m.codec}' model takes no side information`);
  if (S > 0 && options.side === undefined) throw new RangeError(`${labels.side}: this '${m.codec}' model decodes with the side information y (.npy, one row per sample)`);
  const handle = await open(input, 'r');
  const sideNpy = options.side === undefined ? null : await openNpy(options.side);
  let writer: AtomicFileWriter | null = null;
  try {
    const { size } = await handle.stat();
    let side: Pieces<Float32Array> | undefined;
    if (sideNpy !== null) {
      if (sideNpy.header.count % S !== 0) throw new RangeError(`${labels.side}: shape (${sideNpy.header.shape.join(', ')}) does not hold whole rows of ${S}`);
      side = npyPieces(sideNpy.source, sideNpy.header, DEFAULT_CHUNK_ELEMENTS);
    }
    const decoded = await decodeFrom(m, byteSource({ file: handle, size }), { signal: options.signal, side, name: options.name ?? input });
    if (sideNpy !== null && sideNpy.header.count / S !== decoded.samples)
      throw new RangeError(`${labels.side}: ${options.side} holds ${sideNpy.header.count / S} samples, the compressed file ${decoded.samples}`);
    writer = await AtomicFileWriter.open(output, { force: options.force === true });
    await writer.write(npyHeaderBytes(decoded.header.shape, 'float32'));
    for await (const piece of decoded.pieces) await writer.write(npyDataBytes(piece));
    await writer.commit();
    return { samples: decoded.samples, shape: decoded.header.shape };
  } catch (e) {
    await writer?.abort();
    throw e;
  } finally {
    await handle.close();
    await sideNpy?.handle.close();
  }
}
