import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { empty, full, info, isTensor, item, Mlp, Nerd, Ntc, tensor, type DeviceName } from '../lib/index.js';
import { randomArray } from './reference/prng.js';

test('tensors round-trip float32, int32 and uint32 data with their shape', () => {
  const f = randomArray(3 * 5 * 7, 1);
  const t = tensor(f, [3, 5, 7]);
  assert.equal(t.shape, [3, 5, 7]);
  assert.is(t.dtype, 'float32');
  assert.is(t.device, 'cpu');
  assert.is(t.size, 105);
  assert.equal(Array.from(t.toArray()), Array.from(f));
  const i = tensor(Int32Array.from([-3, 7, 2 ** 31 - 1]), [3]);
  assert.is(i.dtype, 'int32');
  assert.equal(Array.from(i.toArray()), [-3, 7, 2 ** 31 - 1]);
  assert.is(tensor(Uint32Array.from([2 ** 32 - 1])).dtype, 'uint32');
  assert.ok(isTensor(t) && !isTensor({ shape: [1] }));
});

test('data is copied: later writes to the source array do not reach the tensor', () => {
  const a = Float32Array.from([1.5, 2.5]);
  const t = tensor(a);
  a[0] = 99;
  assert.is(t.toArray()[0], 1.5);
});

test('views share memory; copyFrom and to() copy', () => {
  const t = tensor(randomArray(12, 2), [3, 4]);
  const v = t.view(4, [2, 2]);
  assert.equal(Array.from(v.toArray()), Array.from(t.toArray().slice(4, 8)));
  v.copyFrom(tensor([9, 8, 7, 6], [4]));
  assert.equal(Array.from(t.toArray().slice(4, 8)), [9, 8, 7, 6]);
  const c = t.to('cpu');
  c.copyFrom(full([12], 0.25));
  assert.is(t.toArray()[0] === 0.25, false);
  assert.is(item(full([1], 3.5)), 3.5);
});

test('bad shapes, dtypes and devices are rejected with errors naming the argument', () => {
  assert.throws(() => tensor(randomArray(5, 1), [2, 2]), /shape: \[2, 2\] holds 4 elements but data has 5/);
  assert.throws(() => tensor(new Float64Array(2) as unknown as Float32Array), /data: expected a Float32Array/);
  assert.throws(() => tensor([1, 2], [2], 'tpu' as DeviceName), /device: unknown device 'tpu'/);
  assert.throws(() => tensor([1, 2], [-2]), /shape\[0\]/);
  assert.throws(() => empty([2], 'float16' as 'float32'), /dtype/);
  assert.throws(() => empty([2 ** 20, 2 ** 20]), /2\^38/);
  const t = tensor([1, 2, 3]);
  assert.throws(() => t.view(2, [2]), /exceeds/);
  assert.throws(() => t.copyFrom(tensor([1, 2])), /copyFrom/);
  assert.throws(() => item(t), /one-element/);
  if (!info().cuda) assert.throws(() => tensor([1], [1], 'cuda:0'), /cuda:0 requested/);
});

test('info reports the version, backends, CPU features and threads', () => {
  const i = info();
  assert.is(i.version, '0.1.0');
  assert.ok(i.backends.includes('cpu'));
  assert.ok(['generic', 'avx2', 'avx512'].includes(i.cpuIsa));
  assert.ok(i.threads >= 1);
  assert.is(i.cuda, i.backends.includes('cuda'));
});

test('a model method given something other than a tensor names the argument (never a JavaScript internal error)', () => {
  const net = new Mlp({ inputs: 2, hidden: [3], outputs: 1 }, { seed: 1 });
  const ntc = new Ntc({ inputs: 2, latents: 1, lambda: 10, reduction: 'sum', analysis: { hidden: [3] }, synthesis: { hidden: [3] } }, { seed: 1 });
  const nerd = new Nerd({ dim: 2, hidden: [3], samples: 5, target: { distortion: 0.5 } }, { seed: 1 });
  const calls: [string, () => unknown, RegExp][] = [
    ['Mlp.forward(null)', () => net.forward(null as never), /^x: expected a Tensor, got null$/],
    ['Mlp.backward([])', () => net.backward([] as never), /^dy: expected a Tensor, got an array$/],
    ['Ntc.compress(undefined)', () => ntc.compress(undefined as never), /^x: expected a Tensor, got undefined$/],
    ['Ntc.evaluate(3)', () => ntc.evaluate(3 as never), /^x: expected a Tensor, got 3$/],
    ['Nerd.step({}, …)', () => nerd.step({} as never, null as never), /^x: expected a Tensor, got an object$/],
  ];
  for (const [what, call, message] of calls) assert.throws(call, (e: Error) => e instanceof TypeError && message.test(e.message), what);
});

test.run();
