import { existsSync } from 'node:fs';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { defaultDevice, info, resolveDevice } from '../lib/index.js';
import { isDeviceRequest } from '../lib/device.js';
import { runCliSync, tempDir, useToyExperiment } from './fixtures/runs.js';

useToyExperiment();

test('one resolver: auto is what defaultDevice says, cuda means cuda:0, cpu stays', () => {
  const i = info();
  assert.is(defaultDevice(), resolveDevice('auto'));
  assert.is(defaultDevice(), i.cuda ? 'cuda:0' : 'cpu');
  assert.is(resolveDevice('cpu'), 'cpu');
  if (i.cuda) assert.is(resolveDevice('cuda'), 'cuda:0');
});

test('bad device names and absent devices are RangeErrors naming the device, not a CLI flag', () => {
  for (const bad of ['tpu', 'cuda:', 'cuda:-1', 'CPU', 'cuda:x'])
    assert.throws(() => resolveDevice(bad), (e: Error) => e instanceof RangeError && e.message.includes(`device '${bad}'`) && !e.message.includes('--'));
  assert.throws(() => resolveDevice('cuda:99'), (e: Error) => e instanceof RangeError && /device 'cuda:99': (no usable CUDA device|only \d+ CUDA device)/.test(e.message));
  assert.ok(['auto', 'cpu', 'cuda', 'cuda:0', 'cuda:12'].every(isDeviceRequest));
  assert.not.ok(['tpu', 'cuda:', 'gpu', '', 3].some(isDeviceRequest));
});

test('rdlab run --device accepts cuda:N and refuses an absent device before making a run folder', () => {
  const out = path.join(tempDir('device'), 'run');
  const r = runCliSync(['run', 'test-toy', '--quick', '--device', 'cuda:99', '--out', out, '--quiet']);
  assert.is(r.status, 1, r.stderr);
  assert.match(r.stderr, /device 'cuda:99': (no usable CUDA device|only \d+ CUDA device)/);
  assert.not.ok(existsSync(out));
});

test.run();
