/** Crash-safe file writes: a reader sees the old file or the new one, never half of one. */
import { closeSync, existsSync, fsyncSync, openSync, renameSync, writeSync } from 'node:fs';
import { open, rm, type FileHandle } from 'node:fs/promises';
import path from 'node:path';

let temporaries = 0;

/** A temporary file's name beside `file` (unique in this process). */
function temporaryPath(file: string): string {
  return path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${++temporaries}.tmp`);
}

/** fsyncs the folder holding `file`: a rename is durable only once the directory entry is flushed. */
function syncFolder(file: string): void {
  const dir = openSync(path.dirname(file), 'r');
  try {
    fsyncSync(dir);
  } finally {
    closeSync(dir);
  }
}

/** Writes `data` to a temporary file beside `file`, fsyncs it, renames it over `file`, then fsyncs the folder. */
export function writeFileAtomic(file: string, data: Uint8Array | string): void {
  const tmp = temporaryPath(file);
  const fd = openSync(tmp, 'w');
  try {
    const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    let at = 0;
    while (at < bytes.length) at += writeSync(fd, bytes, at, bytes.length - at);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, file);
  syncFolder(file);
}

/**
 * A file written piece by piece, as {@link writeFileAtomic} writes it whole: into a
 * temporary file beside `file`, renamed over `file` by {@link commit}; {@link abort} (or a
 * failed commit) removes the temporary file and leaves `file` as it was. An existing `file` is
 * refused (when opening, and again when committing) unless `force`.
 */
export class AtomicFileWriter {
  private closed = false;

  private constructor(readonly file: string, private readonly tmp: string, private readonly handle: FileHandle, private readonly force: boolean) {}

  static async open(file: string, options: { force?: boolean } = {}): Promise<AtomicFileWriter> {
    const force = options.force === true;
    if (!force && existsSync(file)) throw new RangeError(`${file} exists; pass force to replace it`);
    const tmp = temporaryPath(file);
    return new AtomicFileWriter(file, tmp, await open(tmp, 'wx'), force);
  }

  /** Appends `bytes`. */
  async write(bytes: Uint8Array): Promise<void> {
    if (this.closed) throw new Error(`${this.file}: the writer was already committed or aborted`);
    let at = 0;
    while (at < bytes.length) at += (await this.handle.write(bytes, at, bytes.length - at)).bytesWritten;
  }

  /** fsyncs the data, renames the temporary file over `file` and fsyncs the folder. */
  async commit(): Promise<void> {
    if (this.closed) throw new Error(`${this.file}: the writer was already committed or aborted`);
    try {
      await this.handle.sync();
      await this.handle.close();
      this.closed = true;
      if (!this.force && existsSync(this.file)) throw new RangeError(`${this.file} appeared while it was being written; pass force to replace it`);
      renameSync(this.tmp, this.file);
    } catch (e) {
      await this.abort();
      throw e;
    }
    syncFolder(this.file);
  }

  /** Removes the temporary file; `file` is untouched. Idempotent. */
  async abort(): Promise<void> {
    if (!this.closed) {
      this.closed = true;
      await this.handle.close().catch(() => undefined);
    }
    await rm(this.tmp, { force: true });
  }
}
