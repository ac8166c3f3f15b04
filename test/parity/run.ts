/**
 * Runs every parity case on the CPU and on `cuda` and prints one JSON line per case.
 * Spawned as a child process by gpu.test.ts, so a GPU failure cannot take the suite down.
 * A row of bad input passes when both backends throw its error class.
 */
import { maxRelError } from '../reference/prng.js';
import { cases, errorClass } from './cases.js';

for (const c of cases) {
  let err = 0;
  let error: string | null = null;
  if (c.throws) {
    const classes = (['cpu', 'cuda:0'] as const).map((device) => errorClass(() => c.run(device)));
    if (classes.some((k) => k !== c.throws)) error = `expected ${c.throws} on both, got cpu ${classes[0]}, cuda ${classes[1]}`;
  } else {
    const cpu = c.run('cpu');
    try {
      const gpu = c.run('cuda:0');
      cpu.forEach((a, i) => (err = Math.max(err, maxRelError(gpu[i], a))));
    } catch (e) {
      error = (e as Error).message;
    }
  }
  console.log(JSON.stringify({ name: c.name, err, tol: c.tol, ok: error === null && err <= c.tol, error }));
}
