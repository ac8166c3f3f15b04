/**
 * The asynchronous forms (`<op>Async` in the binding, `...Async` methods, lib/plan.ts): the
 * same results as the synchronous forms, a JavaScript thread that stays free while they
 * run, tensors held and guarded while a call is in flight, the same errors, and AbortSignal.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  blahutArimotoNative, blahutArimotoNativeAsync, Ecvq, empiricalBlahutArimoto, empiricalBlahutArimotoAsync, empty, estimateRD,
  compressStream, decompressStream, estimateRDAsync, gaussian, GaussianRcc, gaussianRdChannel, GeneratorRcc, info, Mlp, Nerd, Ntc, Rng, scope, tensor,
  type Tensor,
} from '../lib/index.js';
import { native } from '../lib/native.js';
import { availableParallelism, loadavg } from 'node:os';
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
 * A latency bound in ms for this machine now: `ms` where the machine is no busier than its
 * cores, stretched by the ratio of the one-minute load average to the cores where it is (at
 * most tenfold, so that a stall bound stays a fifth of the second a timed call lasts). On
 * a machine that runs more runnable threads than it has cores, the scheduler delays the
 * JavaScript thread by whole time slices however free the event loop is; a call that runs on
 * the JavaScript thread still stalls it for the whole call, many times any such bound.
 */
function loadScaled(ms: number): number {
  return ms * Math.min(10, Math.max(1, loadavg()[0] / availableParallelism()));
}

/**
 * Times the call that `prepare(scale)` returns, with the scale grown until the call lasts at
 * least a second on this machine (the first, at scale 1, measures), until one such call ran
 * with the timer never stalled by more than `loadScaled(20)` ms. A call on the JavaScript thread would
 * stall it for the whole second every time; a few tries absorb the scheduler's delays on a
 * loaded machine (with the load of other processes an idle timer here misses by 10 ms at
 * times). The setup is not timed, and the collector work it leaves (V8 schedules a full
 * collection when large tensors are reported to it) is let run first. A call that allocates
 * its buffers (the first at a batch size) can meet such a collection too; a retry at the
 * same scale reuses them.
 */
async function keepsTicking(name: string, prepare: (scale: number) => Promise<() => Promise<unknown>>): Promise<void> {
  let scale = 1;
  const runs: string[] = [];
  for (let attempt = 0; attempt < 8; ++attempt) {
    const run = await prepare(scale);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const r = await timed(run);
    runs.push(`scale ${scale}: ${r.ms.toFixed(0)} ms, longest gap ${r.maxGap.toFixed(1)} ms at ${r.gapAt.toFixed(0)} ms`);
    if (r.ms < 1000) scale = Math.ceil(scale * Math.min(64, 1400 / Math.max(r.ms, 20)));
    else if (r.maxGap <= loadScaled(20)) return;
  }
  assert.unreachable(`${name}: no run of a second or more with the timer ticking within ${loadScaled(20).toFixed(0)} ms (${runs.join('; ')})`);
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
  const batch = (scale: number) => 1024 * scale;
  await keepsTicking('forwardAsync', async (scale) => {
    const x = tensor(randomArray(batch(scale) * 64, 5), [batch(scale), 64]);
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
  const out = (net as unknown as { workspaces: { get(b: number): { outs: Tensor[] } } }).workspaces.get(4001).outs[1];
  assert.throws(() => out.toArray(), /Tensor\.toArray: the tensor is being written by mlpForwardAsync \(as outs\[1\]\)/);
  const part = out.view(3, [2, 3]);  // a view touches no data: allowed, but shares the storage's state
  assert.throws(() => part.toArray(), /Tensor\.toArray: the tensor is being written by mlpForwardAsync \(as outs\[1\]\)/);
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

const nerdConfig = (M: number, hidden = [13, 13]) => ({ dim: 3, hidden, samples: M, target: { distortion: 1.1 } });

test('the other async forms give the results of their sync forms, bit for bit, at odd sizes', async () => {
  // a NERD step, evaluation and the whole trainer
  const a = new Nerd(nerdConfig(37), { seed: 4, lr: 1e-3 }), b = new Nerd(nerdConfig(37), { seed: 4, lr: 1e-3 });
  const xs = [29, 31, 29].map((B, i) => tensor(randomArray(B * 3, 20 + i, -2, 2), [B, 3]));
  for (const [i, x] of xs.entries()) {
    a.step(x, new Rng(9, i));
    await b.stepAsync(x, new Rng(9, i));
  }
  same(a.generator.params, b.generator.params);
  assert.equal(a.metrics(), b.metrics());
  assert.equal(a.evaluate(xs, new Rng(10, 0), 41), await b.evaluateAsync(xs, new Rng(10, 0), 41));
  const src = gaussian([1.5, 0.5, 0.25]), opts = { targets: [0.9, 0.4], M: 33, B: 17, steps: 7, evalBatches: 2, evalSamples: 45, seed: 3 };
  const ra = estimateRD(src, opts), rb = await estimateRDAsync(src, opts);
  assert.equal(ra.points, rb.points);
  ra.models.forEach((m, k) => same(m.generator.params, rb.models[k].generator.params));
  // ORC/PFR: the Gaussian search (one kernel) and the generator's, chunk by chunk
  const x = tensor(randomArray(13 * 3, 30, -2, 2), [13, 3]);
  const gauss = new GaussianRcc(gaussianRdChannel([1, 0.5, 2], 1.2), { method: 'orc', candidates: 301, seed: 5 });
  const sa = gauss.search(x, 7), sb = await gauss.searchAsync(x, 7);
  assert.equal(Array.from(sa.indices), Array.from(sb.indices));
  same(sa.y, sb.y);
  assert.equal(Array.from(gauss.encode(x, 3).bytes), Array.from((await gauss.encodeAsync(x, 3)).bytes));
  const gen = new GeneratorRcc(new Mlp({ inputs: 2, hidden: [9], outputs: 3 }, { seed: 6 }), { beta: -2, rateBits: 2 }, { method: 'pfr', candidates: 500, seed: 7, chunk: 37 });
  const ga = gen.search(x, 11), gb = await gen.searchAsync(x, 11);
  assert.equal(Array.from(ga.indices), Array.from(gb.indices));
  same(ga.y, gb.y);
  // the ECVQ encoder
  const ecvq = new Ecvq({ codewords: 5, hidden: [13], lambda: 3, sideSamples: 7 }, { seed: 8 });
  const ex = tensor(randomArray(23, 31, -2, 2), [23, 1]), ys = tensor(randomArray(23 * 7, 32, -2, 2), [23, 7, 1]);
  const ua = Array.from(ecvq.encode(ex, ys).toArray());
  assert.equal(Array.from((await ecvq.encodeAsync(ex, ys)).toArray()), ua);
  // Blahut–Arimoto, once and over slopes
  const p = randomArray(7, 33, 0.1, 1), total = p.reduce((u, v) => u + v, 0), d = randomArray(7 * 11, 34, 0, 3);
  const pn = Array.from(p, (v) => v / total);
  const ba = blahutArimotoNative(pn, d, -2, { ny: 11 }), bb = await blahutArimotoNativeAsync(pn, d, -2, { ny: 11 });
  assert.equal({ ...ba, q: Array.from(ba.q) }, { ...bb, q: Array.from(bb.q) });
  const px = tensor(randomArray(19 * 2, 35), [19, 2]), alphabet = tensor(randomArray(7 * 2, 36), [7, 2]);
  assert.equal(empiricalBlahutArimoto(px, alphabet, [-1, -4]), await empiricalBlahutArimotoAsync(px, alphabet, [-1, -4]));
});

test('the timer keeps ticking while each of the other async calls runs for a second', async () => {
  const x = tensor(randomArray(255 * 16, 40, -2, 2), [255, 16]);
  const nerds = new Map<number, Nerd>();  // a retry at the same scale finds its buffers made
  await keepsTicking('Nerd.stepAsync', async (scale) => {
    let nerd = nerds.get(scale);
    if (!nerd) nerds.set(scale, (nerd = new Nerd({ ...nerdConfig(2048 * scale, [1024, 1024]), dim: 16 }, { seed: 1 })));
    return () => nerd.stepAsync(x, new Rng(1, scale));
  });
  const src = gaussian([1.5, 0.5, 0.25]);
  await keepsTicking('estimateRDAsync', async (scale) => async () =>
    estimateRDAsync(src, { targets: [0.7], M: 255, B: 129, steps: 50 * scale, evalBatches: 1, evalSamples: 257, seed: 1 }));
  const channel = gaussianRdChannel([1, 0.5, 2, 0.7], 0.9);
  const gauss = new GaussianRcc(channel, { method: 'orc', candidates: 2 ** 24, seed: 5 });
  await keepsTicking('GaussianRcc.searchAsync', async (scale) => {
    const S = 256 * scale;
    return () => gauss.searchAsync(tensor(randomArray(S * 4, 41 + scale, -2, 2), [S, 4]));
  });
  const gen = new GeneratorRcc(new Mlp({ inputs: 4, hidden: [255], outputs: 4 }, { seed: 6 }), { beta: -0.6, rateBits: 3 }, { method: 'pfr', candidates: 2 ** 16, seed: 7, chunk: 4095 });
  await keepsTicking('GeneratorRcc.searchAsync', async (scale) => {
    const S = 8 * scale;
    return () => gen.searchAsync(tensor(randomArray(S * 4, 42 + scale, -2, 2), [S, 4]));
  });
  const ecvq = new Ecvq({ codewords: 63, hidden: [100, 100], lambda: 3, sideSamples: 16 }, { seed: 8 });
  await keepsTicking('Ecvq.encodeAsync', async (scale) => {
    const B = 256 * scale, x = tensor(randomArray(B, 43, -2, 2), [B, 1]), ys = tensor(randomArray(B * 16, 44, -2, 2), [B, 16, 1]);
    return () => ecvq.encodeAsync(x, ys);
  });
  const nb = 601, pb = new Array<number>(nb).fill(1 / nb), db = randomArray(nb * nb, 45, 0, 4);
  await keepsTicking('blahutArimotoNativeAsync', async (scale) => () =>
    blahutArimotoNativeAsync(pb, db, -3, { ny: nb, tolerance: 1e-300, maxIterations: 20 * scale }));
});

/** Aborts `start(signal)` after `afterMs` and checks that it rejects with an AbortError within `loadScaled(100)` ms of the abort. */
async function abortsPromptly(name: string, start: (signal: AbortSignal) => Promise<unknown>, afterMs = 150): Promise<void> {
  const controller = new AbortController();
  const pending = start(controller.signal).then(() => null, (e: Error) => e);
  await new Promise((resolve) => setTimeout(resolve, afterMs));
  const t0 = performance.now();
  controller.abort();
  const e = await pending;
  const ms = performance.now() - t0;
  assert.ok(e !== null, `${name}: finished before the abort`);
  assert.is(e!.name, 'AbortError', `${name}: ${e!.name}: ${e!.message}`);
  const bound = loadScaled(100);
  assert.ok(ms < bound, `${name}: rejected ${ms.toFixed(0)} ms after the abort (bound ${bound.toFixed(0)} ms at load ${loadavg()[0].toFixed(1)})`);
}

test('an AbortSignal stops estimateRD, the chunked ORC scan and Blahut over slopes promptly with an AbortError', async () => {
  const src = gaussian([1.5, 0.5]);
  await abortsPromptly('estimateRDAsync', (signal) => estimateRDAsync(src, { targets: [0.5, 0.2], M: 257, B: 129, steps: 100000, signal }));
  // in 8 dimensions at so steep a slope no scan stops early among 2^30 candidates
  const gen = new GeneratorRcc(new Mlp({ inputs: 8, hidden: [63], outputs: 8 }, { seed: 6 }), { beta: -1e6, rateBits: 9 }, { method: 'pfr', candidates: 2 ** 30, seed: 7, chunk: 1023 });
  await abortsPromptly('GeneratorRcc.searchAsync', (signal) => gen.searchAsync(tensor(randomArray(64 * 8, 50), [64, 8]), 0, { signal }));
  const ex = tensor(randomArray(301 * 2, 51), [301, 2]);
  await abortsPromptly('empiricalBlahutArimotoAsync', (signal) =>
    empiricalBlahutArimotoAsync(ex, ex, Array.from({ length: 10000 }, (_, i) => -1 - i), { tolerance: 1e-300, maxIterations: 100, signal }));
  // an already aborted signal rejects before any work; the reason given to abort() is the rejection
  const why = new Error('stop now');
  const rejected = await estimateRDAsync(src, { targets: [0.5], steps: 1000, signal: AbortSignal.abort(why) }).catch((e: unknown) => e);
  assert.is(rejected, why);
  await rejectsLike(() => estimateRDAsync(src, { targets: [0.5], signal: 'soon' as unknown as AbortSignal }), () => { throw new TypeError('options.signal: expected an AbortSignal'); }, 'a signal that is not an AbortSignal');
});

test('the other async forms reject with the sync forms\' errors for bad input', async () => {
  const nerd = new Nerd(nerdConfig(9), { seed: 1 }), wrong = tensor(randomArray(5 * 4, 60), [5, 4]);
  await rejectsLike(() => nerd.stepAsync(wrong, new Rng(1, 0)), () => nerd.step(wrong, new Rng(1, 0)), 'Nerd.stepAsync, x of the wrong width');
  const src = gaussian([1, 2]);
  await rejectsLike(() => estimateRDAsync(src, { targets: [-1] }), () => estimateRD(src, { targets: [-1] }), 'estimateRDAsync, a negative target');
  await rejectsLike(() => estimateRDAsync(src, { targets: [1], betas: [-1] }), () => estimateRD(src, { targets: [1], betas: [-1] }), 'estimateRDAsync, targets and betas');
  const gauss = new GaussianRcc(gaussianRdChannel([1, 0.5], 0.6), { method: 'pfr', candidates: 64, seed: 5 });
  await rejectsLike(() => gauss.searchAsync(wrong), () => gauss.search(wrong), 'GaussianRcc.searchAsync, x of the wrong width');
  await rejectsLike(() => gauss.searchAsync(tensor([1, 2], [1, 2]), -1), () => gauss.search(tensor([1, 2], [1, 2]), -1), 'a negative sample offset');
  const ecvq = new Ecvq({ codewords: 3, hidden: [5], lambda: 1, sideSamples: 2 }, { seed: 2 });
  const ex = tensor(randomArray(4, 61), [4, 1]);
  await rejectsLike(() => ecvq.encodeAsync(ex, null), () => ecvq.encode(ex, null), 'Ecvq.encodeAsync without side samples');
  const ys = tensor(randomArray(4 * 3 * 2, 62), [4, 3, 2]);
  await rejectsLike(() => ecvq.encodeAsync(ex, ys), () => ecvq.encode(ex, ys), 'Ecvq.encodeAsync, ys of 2 values for sideDim 1');
  const d = randomArray(3 * 2, 63, 0, 1);
  await rejectsLike(() => blahutArimotoNativeAsync([0.5, 0.2, 0.1], d, -1, { ny: 2 }), () => blahutArimotoNative([0.5, 0.2, 0.1], d, -1, { ny: 2 }), 'Blahut, p not summing to 1');
  await rejectsLike(() => blahutArimotoNativeAsync([0.5, 0.5, 0], d, 1, { ny: 2 }), () => blahutArimotoNative([0.5, 0.5, 0], d, 1, { ny: 2 }), 'Blahut, a positive slope');
  process.env.RDLAB_FAULT_OP = 'orcSearch';
  try {
    const x = tensor([0.5, -0.25], [1, 2]);
    await rejectsLike(() => gauss.searchAsync(x), () => gauss.search(x), 'a backend fault in orcSearch');
  } finally {
    delete process.env.RDLAB_FAULT_OP;
  }
});

test('the timer keeps ticking while the streaming codec compresses and decompresses for a second', async () => {
  const ntc = new Ntc({ inputs: 1, latents: 1, lambda: 64, reduction: 'sum', analysis: { hidden: [32, 32] }, synthesis: { hidden: [32, 32] } }, { seed: 2, lr: 3e-3 });
  const src = gaussian(1), data = new Rng(4, 1), noise = new Rng(4, 2);
  for (let i = 0; i < 100; ++i) ntc.step(src.sample(256, data).x, noise);
  const loaded = { codec: 'ntc' as const, model: ntc, digest: new Uint8Array(32) };
  const x = randomArray(1 << 20, 74, -2, 2);
  /** `scale` copies of x's 2^20 samples, as the pieces of one input. */
  const input = function* (scale: number) { for (let k = 0; k < scale; ++k) yield x; };
  const compressAll = async (scale: number) => {
    const parts: Uint8Array[] = [];
    for await (const p of compressStream(loaded, [scale << 20, 1], input(scale), { onWarning: () => {} })) parts.push(p);
    return Uint8Array.from(Buffer.concat(parts));
  };
  await keepsTicking('compressStream', async (scale) => async () => compressAll(scale));
  await keepsTicking('decompressStream', async (scale) => {
    const file = await compressAll(scale);
    return async () => {
      for await (const _ of (await decompressStream(loaded, file)).pieces);
    };
  });
});

// On a GPU an async call settles once its kernels have run (the worker waits for the device):
// the results equal the synchronous form's on the same device, and the timer keeps ticking
// while a second of kernels runs. Runs where a GPU exists (npm run check:gpu machines).
test('on CUDA: async forms give the sync results and settle after their kernels ran', async () => {
  if (!info().cuda) return;
  const device = 'cuda:0' as const;
  const config = { inputs: 7, hidden: [1021, 333], outputs: 5 };
  const a = new Mlp(config, { seed: 3, device }), b = new Mlp(config, { seed: 3, device });
  const x = tensor(randomArray(4099 * 7, 70), [4099, 7], device), dy = randomArray(4099 * 5, 71);
  same(a.forward(x), await b.forwardAsync(x));
  same(a.backward(tensor(dy, [4099, 5], device)), await b.backwardAsync(tensor(dy, [4099, 5], device)));
  same(a.grad, b.grad);
  const gauss = new GaussianRcc(gaussianRdChannel([1, 0.5, 2], 1.2), { method: 'orc', candidates: 4097, seed: 5 });
  const xs = tensor(randomArray(301 * 3, 72, -2, 2), [301, 3], device);
  assert.equal(Array.from(gauss.search(xs, 9).indices), Array.from((await gauss.searchAsync(xs, 9)).indices));
  const net = new Mlp({ inputs: 64, hidden: [8192, 8192], outputs: 64 }, { seed: 1, device });
  await keepsTicking('forwardAsync on cuda:0', async (scale) => {
    const xb = tensor(randomArray(8192 * scale * 64, 73), [8192 * scale, 64], device);
    await net.forwardAsync(xb);  // allocates the workspace of this batch size
    return async () => {
      await net.forwardAsync(xb);
      xb.dispose();
    };
  });
});

test.run();
