import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { axpy, dispose, empty, gaussian, keep, memory, Ntc, Rng, scope, tensor, type Tensor } from '../lib/index.js';
import { randomArray } from './reference/prng.js';

const live = () => memory().cpu.tensors;

test('dispose() frees a tensor once; afterwards its data and kernels throw an Error naming the call, its shape stays readable', () => {
  const before = memory().cpu;
  const t = tensor(randomArray(37, 3), [37]);
  assert.is(memory().cpu.tensors, before.tensors + 1);
  assert.is(memory().cpu.bytes, before.bytes + 37 * 4);
  t.dispose();
  t.dispose();
  assert.ok(t.disposed);
  assert.is(memory().cpu.tensors, before.tensors);
  assert.is(memory().cpu.bytes, before.bytes);
  assert.equal(t.shape, [37]);
  assert.throws(() => t.toArray(), /Tensor\.toArray: the tensor was disposed/);
  assert.throws(() => t.view(0, [2]), /Tensor\.view: the tensor was disposed/);
  assert.throws(() => t.to('cpu'), /Tensor\.to: the tensor was disposed/);
  const y = tensor(randomArray(37, 4), [37]);
  assert.throws(() => axpy(0.5, t, y), /x: the tensor was disposed/);
  assert.throws(() => y.copyFrom(t), /source: the tensor was disposed/);
  assert.throws(() => t.copyFrom(y), /Tensor\.copyFrom: the tensor was disposed/);
});

test('a view keeps its storage alive after the tensor it came from is disposed', () => {
  const data = randomArray(24, 5);
  const t = tensor(data, [4, 6]);
  const v = t.view(6, [3, 6]);
  t.dispose();
  assert.equal(Array.from(v.toArray()), Array.from(data.slice(6)));
  const storages = memory().cpu.storages;
  v.dispose();
  assert.is(memory().cpu.storages, storages - 1);
});

test('`using` disposes at the end of the block', () => {
  let seen: Tensor;
  {
    using t = tensor([1.5, 2.5]);
    seen = t;
    assert.is(t.toArray()[1], 2.5);
  }
  assert.ok(seen.disposed);
});

test('scope() frees what it made except what it returns, in tensors, arrays, Maps and objects at any depth', () => {
  const base = live();
  const outside = tensor([1, 2, 3]);
  let made: Tensor[] = [];
  const r = scope(() => {
    const a = tensor(randomArray(5, 6)), b = empty([2, 3]), c = a.view(1, [2]), d = tensor([4]);
    made = [a, b, c, d];
    axpy(1, outside, tensor([0, 0, 0]));
    return { list: [a], deep: { m: new Map([['d', d]]) } };
  });
  assert.ok(!made[0].disposed && made[1].disposed && made[2].disposed && !made[3].disposed);
  assert.is(r.list[0], made[0]);
  assert.ok(!outside.disposed);
  assert.is(live(), base + 3);
  dispose([r, outside]);
  assert.is(live(), base);
  const single = scope(() => tensor([7]));
  assert.is(single.toArray()[0], 7);
  single.dispose();
});

test('nested scopes: a tensor kept by the inner scope belongs to the outer one', () => {
  const base = live();
  let inner: Tensor | undefined, dropped: Tensor | undefined;
  const kept = scope(() => {
    inner = scope(() => {
      dropped = tensor([1]);
      return tensor([2]);
    });
    assert.ok(dropped!.disposed && !inner.disposed);
    return tensor([3]);
  });
  assert.ok(inner!.disposed, 'the outer scope frees what the inner one returned');
  assert.ok(!kept.disposed);
  kept.dispose();
  assert.is(live(), base);
});

test('keep() takes tensors (also in objects) out of every scope; a throwing fn frees its tensors; a Promise is refused', () => {
  const base = live();
  let cached: Tensor | undefined, temp: Tensor | undefined;
  scope(() => scope(() => {
    cached = keep(tensor([5]));
  }));
  assert.ok(!cached!.disposed);
  cached!.dispose();
  assert.throws(() => scope(() => {
    temp = tensor([1]);
    throw new Error('boom');
  }), /boom/);
  assert.ok(temp!.disposed);
  assert.throws(() => scope(() => Promise.resolve(tensor([1]))), /fn returned a Promise/);
  let kept: { a: Tensor; b: Tensor[] } | undefined;
  scope(() => {
    kept = keep({ a: tensor([1]), b: [tensor([2])] });
  });
  assert.ok(!kept!.a.disposed && !kept!.b[0].disposed);
  dispose(kept);
  assert.is(live(), base);
});

test('a model trained, calibrated and evaluated in scopes keeps its state and workspaces, and matches one run without scopes', () => {
  const train = (inScope: boolean) => {
    const model = new Ntc({ inputs: 1, latents: 1, lambda: 64, reduction: 'sum', analysis: { hidden: [16] }, synthesis: { hidden: [16] } }, { seed: 3, lr: 3e-3 });
    const src = gaussian(1), data = new Rng(5, 1), noise = new Rng(5, 2);
    const run = <T>(fn: () => T) => (inScope ? scope(fn) : fn());
    run(() => {
      for (let i = 0; i < 150; ++i) model.step(src.sample(256, data).x, noise);
      model.fitOffsets(src.sample(1000, data).x);
    });
    return run(() => model.evaluate(src.sample(3000, data).x));
  };
  const scoped = train(true);
  assert.ok(scoped.rate_bits > 0 && scoped.distortion > 0 && scoped.distortion < 1);
  assert.equal(scoped, train(false));
});

const here = path.dirname(fileURLToPath(import.meta.url));
const loop = (mode: string, iterations: number) => {
  const r = spawnSync(process.execPath, [path.join(here, 'fixtures', 'lifetimeLoop.js'), mode, String(iterations)], { encoding: 'utf8' });
  assert.is(r.status, 0, r.stderr);
  return JSON.parse(r.stdout) as { growthMB: number; handles: number; loss: number };
};

test('100k iterations of sawbridge(64).sample(1024) and tensor() inside scope() grow RSS by under 64 MB (child process)', () => {
  const { growthMB, handles } = loop('sample', 100_000);
  assert.ok(growthMB < 64, `RSS grew by ${growthMB.toFixed(1)} MB`);
  assert.ok(handles <= 0, `${handles} more live tensors than before the loop`);
});

test('20k NTC training steps inside scope() grow RSS by under 64 MB and leave no tensor behind (child process)', () => {
  const { growthMB, handles, loss } = loop('ntc', 20_000);
  assert.ok(growthMB < 64, `RSS grew by ${growthMB.toFixed(1)} MB`);
  assert.ok(handles <= 0, `${handles} more live tensors than before the loop`);
  assert.ok(Number.isFinite(loss));
});

test.run();
