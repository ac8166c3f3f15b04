/**
 * Reading exact numbers of bytes or elements from what a streaming reader is given: bytes in
 * memory, an (async) iterable of pieces of any size (a Node Readable, a generator), or a file.
 * Only what the caller asks for (plus one piece) is held in memory.
 */
import type { FileHandle } from 'node:fs/promises';

/** Pieces of any size, in order. */
export type Pieces<T> = Iterable<T> | AsyncIterable<T>;

/** Bytes read in order; {@link size} is the total when known. */
export interface ByteSource {
  /** Total bytes, when known before reading (a file's size, an array's length); null for a stream. */
  readonly size: number | null;
  /** Bytes consumed so far. */
  readonly position: number;
  /** The next `n` bytes, or fewer where the input ends. */
  read(n: number): Promise<Uint8Array>;
  /** The next `n` bytes without consuming them, or fewer where the input ends. */
  peek(n: number): Promise<Uint8Array>;
}

function iteratorOf<T>(name: string, pieces: Pieces<T>, what: string): AsyncIterator<T> | Iterator<T> {
  if (pieces !== null && typeof pieces === 'object' && Symbol.asyncIterator in pieces) return (pieces as AsyncIterable<T>)[Symbol.asyncIterator]();
  if (pieces !== null && typeof pieces === 'object' && Symbol.iterator in pieces) return (pieces as Iterable<T>)[Symbol.iterator]();
  throw new TypeError(`${name}: expected ${what}, got ${pieces === null ? 'null' : typeof pieces}`);
}

/** A byte source over bytes in memory, pieces, or an open file of known size; `name` names it in errors. */
export function byteSource(input: Uint8Array | Pieces<Uint8Array> | { file: FileHandle; size: number }, name = 'input'): ByteSource {
  if (input instanceof Uint8Array) {
    let at = 0;
    return {
      size: input.length,
      get position() { return at; },
      async read(n) { const out = input.subarray(at, at + n); at += out.length; return out; },
      async peek(n) { return input.subarray(at, at + n); },
    };
  }
  if (input !== null && typeof input === 'object' && 'file' in input && 'size' in input) {
    const { file, size } = input;
    let at = 0;
    const readAt = async (n: number) => {
      const out = new Uint8Array(Math.max(0, Math.min(n, size - at)));
      let got = 0;
      while (got < out.length) {
        const { bytesRead } = await file.read(out, got, out.length - got, at + got);
        if (bytesRead === 0) break;
        got += bytesRead;
      }
      return out.subarray(0, got);
    };
    return {
      size,
      get position() { return at; },
      async read(n) { const out = await readAt(n); at += out.length; return out; },
      peek: readAt,
    };
  }
  const it = iteratorOf(name, input as Pieces<Uint8Array>, 'a Uint8Array, or an iterable or async iterable of Uint8Array pieces');
  const held: Uint8Array[] = [];
  let heldBytes = 0, at = 0, done = false;
  const fill = async (n: number) => {
    while (heldBytes < n && !done) {
      const r = await it.next();
      if (r.done) { done = true; break; }
      if (!(r.value instanceof Uint8Array)) throw new TypeError(`${name}: expected pieces of bytes (Uint8Array or Buffer)`);
      held.push(r.value);
      heldBytes += r.value.length;
    }
  };
  const take = (n: number, consume: boolean) => {
    const len = Math.min(n, heldBytes);
    let out: Uint8Array;
    if (held.length > 0 && held[0].length >= len) out = held[0].subarray(0, len);
    else {
      out = new Uint8Array(len);
      let o = 0;
      for (const p of held) {
        if (o >= len) break;
        const k = Math.min(p.length, len - o);
        out.set(p.subarray(0, k), o);
        o += k;
      }
    }
    if (consume) {
      for (let left = len; left > 0;) {
        if (held[0].length <= left) { left -= held[0].length; held.shift(); }
        else { held[0] = held[0].subarray(left); left = 0; }
      }
      heldBytes -= len;
      at += len;
    }
    return out;
  };
  return {
    size: null,
    get position() { return at; },
    async read(n) { await fill(n); return take(n, true); },
    async peek(n) { await fill(n); return take(n, false); },
  };
}

/**
 * Exactly `count` numbers at a time, as float32, from pieces of float32 or float64 arrays of
 * any lengths; `name` names the input in errors.
 */
export class ElementReader {
  private readonly it: AsyncIterator<ArrayLike<number>> | Iterator<ArrayLike<number>>;
  private piece: Float32Array | Float64Array | null = null;
  private at = 0;
  /** Elements handed out so far. */
  consumed = 0;

  constructor(private readonly name: string, pieces: Pieces<Float32Array | Float64Array>) {
    this.it = iteratorOf(name, pieces, 'an iterable or async iterable of Float32Array or Float64Array pieces');
  }

  /** The next `count` elements into `out` (from 0); fewer where the input ends: the number read. */
  async read(out: Float32Array, count: number): Promise<number> {
    let got = 0;
    while (got < count) {
      if (this.piece === null || this.at >= this.piece.length) {
        const r = await this.it.next();
        if (r.done) break;
        if (!(r.value instanceof Float32Array || r.value instanceof Float64Array))
          throw new TypeError(`${this.name}: expected pieces of Float32Array or Float64Array, got ${Object.prototype.toString.call(r.value)}`);
        this.piece = r.value;
        this.at = 0;
        continue;
      }
      const k = Math.min(count - got, this.piece.length - this.at);
      out.set(this.piece.subarray(this.at, this.at + k), got);
      this.at += k;
      got += k;
    }
    this.consumed += got;
    return got;
  }

  /** Whether the input holds no more elements. */
  async atEnd(): Promise<boolean> {
    while (this.piece === null || this.at >= this.piece.length) {
      const r = await this.it.next();
      if (r.done) return true;
      if (!(r.value instanceof Float32Array || r.value instanceof Float64Array))
        throw new TypeError(`${this.name}: expected pieces of Float32Array or Float64Array, got ${Object.prototype.toString.call(r.value)}`);
      this.piece = r.value;
      this.at = 0;
    }
    return false;
  }
}
