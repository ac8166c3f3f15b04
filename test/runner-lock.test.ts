/** The run-folder lock: one process trains into a folder; a dead process's lock is taken over. */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { lockRunFolder } from '../lib/runner/lock.js';
import { runCliSync, spawnCli, tempDir, useToyExperiment } from './fixtures/runs.js';

useToyExperiment();

/** The pid of a process that has exited. */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(r.stdout);
}

test('a second process on a live run is refused by the pid that holds it; the lock goes when the run stops', async () => {
  const out = path.join(tempDir('lock'), 'run');
  const child = spawnCli(['run', 'test-toy', '--quick', '--set', 'steps=1000000', '--device', 'cpu', '--out', out, '--quiet']);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  const lock = path.join(out, 'lock');
  for (let t = 0; !existsSync(path.join(out, 'run.json')); t += 10) {
    if (t > 30_000) throw new Error(`no run.json appeared; child stderr: ${stderr}`);
    await sleep(10);
  }
  assert.is(JSON.parse(readFileSync(lock, 'utf8')).pid, child.pid);
  for (const args of [['run', '--resume', out], ['run', '--resume', out, '--quiet']]) {
    const second = runCliSync(args);
    assert.is(second.status, 1, second.stderr);
    assert.match(second.stderr, `${out} is in use by process ${child.pid} on ${os.hostname()}`);
  }
  child.kill('SIGTERM');
  assert.is(await exited, 143, stderr);
  assert.not.ok(existsSync(lock), 'the interrupted run released its lock');
});

test('the lock of a dead process is taken over; a live one is not', () => {
  const dir = tempDir('stale');
  const file = path.join(dir, 'lock');
  writeFileSync(file, JSON.stringify({ pid: deadPid(), host: os.hostname() }));
  const lock = lockRunFolder(dir);
  assert.is(JSON.parse(readFileSync(file, 'utf8')).pid, process.pid);
  assert.throws(() => lockRunFolder(dir), new RegExp(`in use by process ${process.pid}`), 'not even the holder takes it twice');
  lock.release();
  assert.not.ok(existsSync(file));
  // another host's process cannot be checked from here: refused, with what to do
  writeFileSync(file, JSON.stringify({ pid: 1, host: 'elsewhere' }));
  assert.throws(() => lockRunFolder(dir), /in use by process 1 on elsewhere .*if no rdlab runs there any more, remove/);
});

test('--resume of a run whose process died (a stale lock) continues it', () => {
  const out = path.join(tempDir('stale-cli'), 'run');
  const first = runCliSync(['run', 'test-toy', '--quick', '--set', 'steps=20', '--device', 'cpu', '--out', out, '--quiet']);
  assert.is(first.status, 0, first.stderr);
  writeFileSync(path.join(out, 'lock'), JSON.stringify({ pid: deadPid(), host: os.hostname() }));
  const resumed = runCliSync(['run', '--resume', out, '--quiet']);
  assert.is(resumed.status, 0, resumed.stderr);
  assert.not.ok(existsSync(path.join(out, 'lock')));
});

test.run();
