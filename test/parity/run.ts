/**
 * Runs every parity case on the CPU and on `cuda` and prints one JSON line per case.
 * Spawned as a child process by gpu.test.ts, so a GPU failure cannot take the suite down.
 */
import { maxRelError } from '../reference/prng.js';
import { cases } from './cases.js';

for (const c of cases) {
  const cpu = c.run('cpu');
  let err = 0;
  let error: string | null = null;
  try {
    const gpu = c.run('cuda:0');
    cpu.forEach((a, i) => (err = Math.max(err, maxRelError(gpu[i], a))));
  } catch (e) {
    error = (e as Error).message;
  }
  console.log(JSON.stringify({ name: c.name, err, tol: c.tol, ok: error === null && err <= c.tol, error }));
}
