/**
 * The asynchronous forms (`<op>Async` in the binding, `...Async` methods, lib/plan.ts): the
 * same results as the synchronous forms, a JavaScript thread that stays free while they
 * run, tensors held and guarded while a call is in flight, the same errors, and AbortSignal.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { empty, Mlp, scope, tensor, type Tensor } from '../lib/index.js';
import { native } from '../lib/native.js';
import { randomArray } from './reference/prng.js';

/**
 * Runs `run()` while a 2 ms interval timer ticks; the longest gap between ticks (from the
 * call to the first tick, between ticks, from the last tick to the settling) shows how long
 * the JavaScript thread was blocked.
 */
async function timed<T>(run: () => Promise<T>): Promise<{ value: T; ms: number; maxGap: number; gapAt: number }> {
  const t0 = performance.now();
  let last = t0, maxGap = 0, gapAt = 0;
  const tick = () => {
    const now = performance.now();
    if (now - last > maxGap) [maxGap, gapAt] = [now - last, last - t0];
    last = now;
  };
  const timer = setInterval(tick, 2);
  try {
    const value = await run();
    tick();
    return { value, ms: performance.now() - t0, maxGap, gapAt };
  } finally {
    clearInterval(timer);
  }
}

/**
 * Times the call that `prepare(scale)` returns, with the scale grown until the call lasts at
 * least a second on this machine (the first, at scale 1, measures), and checks that the timer
 * never stalled by more than 20 ms in any of them. The setup is not timed, and the collector
 * work it leaves (V8 schedules a full collection when large tensors are reported to it) is
 * let run first: the test is about the kernels, not about allocation.
 */
async function keepsTicking(name: string, prepare: (scale: number) => Promise<() => Promise<unknown>>): Promise<void> {
  let scale = 1;
  const runs: string[] = [];
  for (let attempt = 0; attempt < 6; ++attempt) {
    const run = await prepare(scale);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const r = await timed(run);
    runs.push(`scale ${scale}: ${r.ms.toFixed(0)} ms, longest gap ${r.maxGap.toFixed(1)} ms at ${r.gapAt.toFixed(0)} ms`);
    if (r.ms < 1000) scale = Math.ceil(scale * Math.min(32, 1300 / Math.max(r.ms, 40)));
    else if (r.maxGap <= 20) return;
  }
  assert.unreachable(`${name}: no run of a second or more with the timer ticking within 20 ms (${runs.join('; ')})`);
}

/** The error `f` throws (synchronously), or fails. */
function thrown(f: () => unknown): Error {
  try {
    f();
  } catch (e) {
    return e as Error;
  }
  return assert.unreachable('expected a throw') as never;
}

/** Checks that the promise of `call` rejects with the class and message of `sync`'s throw. */
async function rejectsLike(call: () => Promise<unknown>, sync: () => unknown, what: string): Promise<void> {
  const want = thrown(sync);
  const got = await call().then(() => null, (e: Error) => e);
  assert.ok(got !== null, `${what}: the promise resolved`);
  assert.is(got!.constructor, want.constructor, `${what}: ${got!.constructor.name} instead of ${want.constructor.name}`);
  assert.is(got!.message, want.message, what);
}

const same = (a: Tensor | null, b: Tensor | null) => assert.equal(Array.from(a!.toArray()), Array.from(b!.toArray()));

test('Mlp.forwardAsync and backwardAsync give the results of forward and backward, bit for bit', async () => {
  const config = { inputs: 7, hidden: [33, 17], outputs: 5, activation: 'tanh' as const };
  const a = new Mlp(config, { seed: 3 }), b = new Mlp(config, { seed: 3 });
  for (const batch of [29, 1, 301]) {
    const x = tensor(randomArray(batch * 7, batch), [batch, 7]), dy = randomArray(batch * 5, batch + 1);
    same(a.forward(x), await b.forwardAsync(x));
    same(a.backward(tensor(dy, [batch, 5]), { accumulate: batch !== 29 }), await b.backwardAsync(tensor(dy, [batch, 5]), { accumulate: batch !== 29 }));
    same(a.grad, b.grad);
  }
});

test('the timer keeps ticking while mlpForwardAsync and mlpBackwardAsync run for a second', async () => {
  const net = new Mlp({ inputs: 64, hidden: [1536, 1536], outputs: 64 }, { seed: 1 });
  const batch = (scale: number) => 256 * scale;
  await keepsTicking('forwardAsync', async (scale) => {
    const x = tensor(randomArray(batch(scale) * 64, 5), [batch(scale), 64]);
    await net.forwardAsync(x);  // allocates the workspace of this batch size
    return async () => {
      await net.forwardAsync(x);
      x.dispose();
    };
  });
  await keepsTicking('backwardAsync', async (scale) => {
    const x = tensor(randomArray(batch(scale) * 64, 6), [batch(scale), 64]), dy = empty([batch(scale), 64]);
    dy.copyFrom(await net.forwardAsync(x));
    return async () => {
      await net.backwardAsync(dy);
      x.dispose();
      dy.dispose();
    };
  });
});

test('a call in flight holds its tensors: what it writes cannot be used, what it reads cannot be written or disposed', async () => {
  const net = new Mlp({ inputs: 9, hidden: [301], outputs: 3 }, { seed: 2 });
  const x = tensor(randomArray(4001 * 9, 7), [4001, 9]), other = tensor(randomArray(13 * 9, 8), [13, 9]);
  const pending = net.forwardAsync(x);
  const held = /the tensor is in use by mlpForwardAsync \(as x\), which is still running; await it first/;
  assert.throws(() => x.dispose(), (e: Error) => e.constructor === Error && /^Tensor\.dispose: /.test(e.message) && held.test(e.message));
  assert.throws(() => x.copyFrom(x.to('cpu')), /Tensor\.copyFrom: the tensor is in use by mlpForwardAsync \(as x\)/);
  assert.throws(() => net.params.dispose(), /the tensor is in use by mlpForwardAsync \(as params\)/);
  assert.throws(() => native.adamStep(net.params, net.grad, net.grad, net.grad, { lr: 1e-3, step: 1 }), /params: the tensor is in use by mlpForwardAsync \(as params\)/);
  // the output is being written: not even read
  const out = (net as unknown as { workspace(b: number): { outs: Tensor[] } }).workspace(4001).outs[1];
  assert.throws(() => out.toArray(), /Tensor\.toArray: the tensor is being written by mlpForwardAsync \(as outs\[1\]\)/);
  assert.throws(() => net.forward(x), /outs\[0\]: the tensor is being written by mlpForwardAsync \(as outs\[0\]\)/);
  await rejectsLike(() => net.forwardAsync(x), () => net.forward(x), 'a second pass into the same workspace');
  // what it only reads may be read by others: a pass of another batch on the same parameters and input
  const y = await Promise.all([net.forwardAsync(other), pending]);
  assert.equal(y[1].shape, [4001, 3]);
  // settled: usable again
  x.copyFrom(tensor(randomArray(4001 * 9, 9), [4001, 9]));
  assert.is(out.toArray().length, 4001 * 3);
  x.dispose();
  net.params.toArray();
});

test('a tensor released by the end of its scope while a call holds it keeps its memory until the call settles', async () => {
  const net = new Mlp({ inputs: 5, hidden: [211], outputs: 4 }, { seed: 4 });
  const data = randomArray(3001 * 5, 10);
  const want = net.forward(tensor(data, [3001, 5])).toArray();
  let pending: Promise<Tensor> | undefined;
  let x: Tensor | undefined;
  scope(() => {
    x = tensor(data, [3001, 5]);
    pending = net.forwardAsync(x);
  });
  assert.ok(x!.disposed);
  assert.equal(Array.from((await pending!).toArray()), Array.from(want));
});



test('a rejected promise carries the error class and message of the synchronous throw: bad arguments and backend faults', async () => {
  const net = new Mlp({ inputs: 3, hidden: [5], outputs: 2 }, { seed: 5 });
  const x = tensor(randomArray(7 * 3, 11), [7, 3]), wrong = tensor(randomArray(7 * 4, 12), [7, 4]);
  const outs = [empty([7, 5]), empty([7, 2])];
  await rejectsLike(() => net.forwardAsync(null as unknown as Tensor), () => net.forward(null as unknown as Tensor), 'forwardAsync(null)');
  await rejectsLike(() => net.backwardAsync(x), () => net.backward(x), 'backwardAsync before a forward');
  await rejectsLike(() => native.mlpForwardAsync(net.spec, net.params, wrong, outs), () => native.mlpForward(net.spec, net.params, wrong, outs), 'x of the wrong width');
  await rejectsLike(() => native.mlpForwardAsync(net.spec, net.params, x, [outs[0]]), () => native.mlpForward(net.spec, net.params, x, [outs[0]]), 'too few outputs');
  process.env.RDLAB_FAULT_OP = 'mlpForward';
  try {
    await rejectsLike(() => net.forwardAsync(x), () => net.forward(x), 'a backend fault');
    assert.match(thrown(() => net.forward(x)).message, /^mlpForward failed on cpu: fault injected/);
  } finally {
    delete process.env.RDLAB_FAULT_OP;
  }
  await net.forwardAsync(x);
});

test.run();
