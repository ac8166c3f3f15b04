import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { info } from '../lib/index.js';
import { native } from '../lib/native.js';
import { cases, errorClass } from './parity/cases.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const cuda = info().cuda;

// These run everywhere: the table must cover the native op list, as ggml's test-backend-ops
// requires a case for every op.
test('every op of the native list has a parity row, and every row names listed ops', () => {
  const listed = new Set(native.ops());
  assert.ok(listed.size > 0 && listed.size === native.ops().length, 'the op list names each op once');
  const covered = new Set(cases.flatMap((c) => c.ops));
  for (const op of listed) assert.ok(covered.has(op), `op ${op} has no parity row in test/parity/cases.ts`);
  for (const op of covered) assert.ok(listed.has(op), `a parity row names ${op}, which is not in native.ops()`);
  for (const op of listed) assert.type((native as unknown as Record<string, unknown>)[op], 'function', `native.${op}`);
  assert.is(new Set(cases.map((c) => c.name)).size, cases.length, 'row names are unique');
});

test('every row of bad input throws its error class on the CPU', () => {
  const failures = cases.filter((c) => c.throws);
  assert.ok(failures.length > 0);
  for (const c of failures) assert.is(errorClass(() => c.run('cpu')), c.throws, c.name);
});

test('a fault in an op is reported under its name and device, and the next call is not blamed', () => {
  const x = native.tensorFromArray(Float32Array.from([1, 2, 3]), [3], 'cpu');
  const y = native.tensorFromArray(Float32Array.from([4, 5, 6]), [3], 'cpu');
  process.env.RDLAB_FAULT_OP = 'axpy';
  try {
    assert.is(errorClass(() => native.axpy(1, x, y)), 'Error');
    assert.throws(() => native.axpy(1, x, y), /^axpy failed on cpu: fault injected by RDLAB_FAULT_OP$/);
    native.mse(x, y, null, native.empty([1], 'float32', 'cpu')); // another op still runs
  } finally {
    delete process.env.RDLAB_FAULT_OP;
  }
  native.axpy(1, x, y);
  assert.equal(Array.from(y.toArray()), [5, 7, 9], 'the faulted calls did not run; the next one did');
});

// Skips cleanly where there is no GPU; where there is one, runs the parity table in a
// child process and fails on any mismatch or crash.
(cuda ? test : test.skip)('CUDA results match the CPU on every parity case', () => {
  const r = spawnSync(process.execPath, [path.join(here, 'parity', 'run.js')], { encoding: 'utf8', timeout: 300_000 });
  assert.is(r.status, 0, `parity child exited with ${r.status} ${r.signal ?? ''}: ${r.stderr}`);
  const rows = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { name: string; ok: boolean; err: number; tol: number; error: string | null });
  for (const row of rows) console.log(`  ${row.ok ? 'ok  ' : 'FAIL'} ${row.name}: err ${row.err.toExponential(2)} (tol ${row.tol})${row.error ? ' ' + row.error : ''}`);
  assert.is(rows.length, cases.length, 'a line for every row');
  assert.ok(rows.every((row) => row.ok), 'every case within tolerance');
});

if (!cuda) console.log(`  gpu tests skipped: ${info().cudaStatus}`);

test.run();
