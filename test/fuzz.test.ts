/**
 * Binding fuzz: every native entry point and Tensor method is called at least 10,000 times
 * with arguments drawn from a pool of wrong types, wrong shapes, empty, huge, NaN/Inf and
 * detached inputs (mixed with valid ones, so calls get past the first check). Each call
 * must return or throw an Error (an async form: resolve or reject with an Error); a crash
 * ends the process and fails the suite.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { native } from '../lib/native.js';
import { mulberry32 } from './reference/prng.js';

const rand = mulberry32(20261123);
const pick = <T>(xs: T[]): T => xs[Math.floor(rand() * xs.length)];

function detached(): Float32Array {
  const buf = new ArrayBuffer(16);
  const view = new Float32Array(buf);
  structuredClone(buf, { transfer: [buf] });
  return view;
}

const small = () => native.tensorFromArray(Float32Array.from([0.5, -1.5, 2.5, 3.5, -0.25, 7]), pick([[6], [2, 3], [3, 2], [1, 6]]), 'cpu');
const numbers = [0, 1, -1, 2, 3, 0.5, -0.5, NaN, Infinity, -Infinity, 2 ** 31, 2 ** 53, 2 ** 64, -(2 ** 40), 1e-30, Number.MAX_VALUE];
const shapes = [[], [0], [1], [2, 3], [3, 2], [6], [-1], [1.5], [NaN], [2 ** 40, 2 ** 40], [1, 1, 1, 1, 1, 1, 1, 1, 1], ['2'], [null]];
const specs = [
  { sizes: [3, 2], acts: ['relu'] },
  { sizes: [2, 3], acts: ['tanh'] },
  { sizes: [6, 1], acts: ['identity'] },
  { sizes: [2], acts: [] },
  { sizes: [2, 3], acts: ['relu', 'relu'] },
  { sizes: [2, 0], acts: ['relu'] },
  { sizes: [2, 1e9], acts: ['relu'] },
  { sizes: [NaN, 3], acts: ['relu'] },
  { sizes: 'x', acts: [] },
  { sizes: [2, 3], acts: ['swish'] },
  { sizes: [2, 3], acts: [7] },
  { sizes: [3, 2], acts: ['leaky_relu'], leakySlope: NaN },
  {},
  { channels: 3, filters: [] },
  { channels: 1, filters: [3, 3, 3] },
  { channels: 3, filters: [2, 17] },
  { channels: 2, filters: [1], likelihoodBound: 0 },
  // convolution specs
  { stride: [2, 2], padding: [1, 1], activation: 'relu' },
  { stride: [1, 1], padding: [0, 0] },
  { stride: [2, 2], padding: [1, 1], outputPadding: [1, 1], activation: 'tanh' },
  { stride: [0, 1] },
  { padding: [-1, 0] },
  { stride: [2, 2], outputPadding: [2, 0] },
  { stride: [1], padding: 'x' },
  { stride: [2 ** 31, 1], padding: [2 ** 20, 0] },
  { activation: 'swish', leakySlope: Infinity },
];
// 4-D tensors (NHWC images and conv weights), some of them matching each other
const images = () =>
  native.tensorFromArray(new Float32Array(36).map((_, i) => Math.sin(i)), pick([[1, 3, 3, 4], [2, 3, 3, 2], [1, 1, 1, 36], [4, 3, 3, 1], [3, 3, 2, 2], [2, 2, 1, 9], [1, 2, 2, 9]]), 'cpu');

function arg(): unknown {
  switch (Math.floor(rand() * 16)) {
    case 0: return pick(numbers);
    case 1: return pick(['', 'sawbridge', 'circle', 'laplace', 'pfr', 'orc', 'x=y+n', 'y=x+n', 'sign', 'cpu', 'cuda', 'cuda:0', 'cuda:99', 'uniform', 'normal', 'gumbel', 'float32', 'int32', 'x'.repeat(1000)]);
    case 2: return pick([null, undefined, true, false]);
    case 3: return pick([0n, 1n, -1n, 1n << 64n, 123n]);
    case 4: return pick(shapes);
    case 5: return pick([new Uint8Array([1, 2, 3, 250]), Uint32Array.from([0, 3, 1]), Int32Array.from([-5, 7]), Float64Array.from([0.5, 0.25, 0.25]), [Float64Array.from([0.5, 0.5])], [{ lo: -1, pmf: Float64Array.from([0.3, 0.4, 0.3]), tail: 0.01 }], new Float32Array(0), new Float32Array(6).fill(NaN), new Float64Array(6), new Int32Array(6), new Uint8Array(6), detached()]);
    case 6: return pick(specs);
    case 7: return pick([{}, { lr: 0.1, step: 1 }, { lr: NaN, step: 1 }, { lr: 0.1, step: 0 }, { lr: 0.1, step: 1, beta1: 2 }, []]);
    case 8: return [small(), small()];
    case 9: return native.empty(pick([[0], [1], [1, 1], [3, 2]]), pick(['float32', 'int32', 'uint32']), 'cpu');
    case 10: return () => 1;
    case 11: return Symbol('s');
    case 12:
    case 13: return images();
    default: return small();
  }
}

const args = (n: number) => Array.from({ length: n }, arg);

function checkError(e: unknown, label: string): void {
  if (!(e instanceof Error)) throw new Error(`${label} threw a non-Error: ${String(e)}`);
  if (/unknown native error|unreachable/.test(e.message)) throw new Error(`${label}: ${e.message}`);
}

// the settling of the async forms' promises, checked at the end of the test
const settled: Promise<void>[] = [];

function call(fn: () => unknown, label: string, counts: Record<string, number>) {
  try {
    const r = fn();
    if (r instanceof Promise) settled.push(r.then(() => undefined, (e: unknown) => checkError(e, label)));
  } catch (e) {
    checkError(e, label);
  }
  counts[label] = (counts[label] ?? 0) + 1;
}

test('10,000 garbage calls of every entry point each return or throw an Error', async () => {
  const counts: Record<string, number> = {};
  const N = 10_000;
  const n = native as unknown as Record<string, (...a: unknown[]) => unknown>;
  // every function the binding exports, so a new entry point is fuzzed without editing this list
  const entries = Object.keys(native).filter((k) => k !== 'Tensor' && typeof n[k] === 'function');
  assert.ok(entries.length >= 40, `only ${entries.length} entry points found`);
  for (const name of entries) for (let i = 0; i < N; ++i) call(() => n[name](...args(8)), name, counts);
  for (const method of ['toArray', 'view', 'to', 'copyFrom']) {
    for (let i = 0; i < N; ++i) {
      const t = small() as unknown as Record<string, (...a: unknown[]) => unknown>;
      call(() => t[method](...args(3)), method, counts);
    }
  }
  call(() => new (native.Tensor as new (...a: unknown[]) => unknown)(), 'new Tensor', counts);
  for (const [k, v] of Object.entries(counts)) if (k !== 'new Tensor') assert.ok(v >= N, `${k} called ${v} times`);
  await Promise.all(settled);
});

test('well-formed calls with wrong shapes get a RangeError, wrong types a TypeError', () => {
  const x = native.tensorFromArray(new Float32Array(6).fill(0.5), [2, 3], 'cpu');
  assert.throws(() => native.mlpForward({ sizes: [2, 3], acts: ['relu'] }, x, x, [x]), RangeError);
  assert.throws(() => native.mlpForward({ sizes: [2, 3], acts: ['relu'] }, 'x' as never, x, [x]), TypeError);
  assert.throws(() => native.rngFill(x, 'normal', NaN, 0, 0), RangeError);
});

test.run();
