/**
 * The lock of a run folder, `DIR/lock`: created exclusively (O_EXCL) by the process that
 * trains into the folder, holding its pid and host, removed when it stops. A second process
 * on a live run is refused; the lock of a process that died (same host, no such pid) is
 * taken over.
 */
import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** A held lock; `release()` removes it (once). */
export interface RunLock {
  release(): void;
}

interface Holder {
  pid: number;
  host: string;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: the process exists but belongs to someone else
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readHolder(file: string): Holder | null {
  try {
    const h = JSON.parse(readFileSync(file, 'utf8')) as Partial<Holder>;
    return typeof h.pid === 'number' && typeof h.host === 'string' ? { pid: h.pid, host: h.host } : null;
  } catch {
    return null; // vanished, or caught between its creation and its write
  }
}

function tryCreate(file: string): boolean {
  let fd: number;
  try {
    fd = openSync(file, 'wx');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw e;
  }
  try {
    writeSync(fd, JSON.stringify({ pid: process.pid, host: os.hostname() }) + '\n');
  } finally {
    closeSync(fd);
  }
  return true;
}

/** Takes the lock of run folder `dir`, or throws an Error naming the process that holds it. */
export function lockRunFolder(dir: string): RunLock {
  const file = path.join(dir, 'lock');
  if (!tryCreate(file)) {
    const holder = readHolder(file);
    const here = os.hostname();
    if (holder && holder.host === here && holder.pid !== process.pid && !alive(holder.pid)) {
      // stale: its process is gone (two processes finding it stale at the same instant could both take it over)
      rmSync(file, { force: true });
      if (tryCreate(file)) return release(file);
    }
    const who = holder ? `process ${holder.pid} on ${holder.host}` : 'another process';
    const hint = holder && holder.host !== here ? `; if no rdlab runs there any more, remove ${file}` : '';
    throw new Error(`${dir} is in use by ${who} (lock ${file}); wait for it to finish or stop it${hint}`);
  }
  return release(file);
}

function release(file: string): RunLock {
  let held = true;
  return {
    release() {
      if (held) rmSync(file, { force: true });
      held = false;
    },
  };
}
