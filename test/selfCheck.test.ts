import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { cudaSelfCheck, info, resolveDevice, selfCheckCases } from '../lib/index.js';
import { deviceResolver } from '../lib/device.js';
import { selfCheckReport } from '../lib/cli/info.js';
import { runSelfCheck } from '../lib/selfCheck.js';
import { runCliSync } from './fixtures/runs.js';

/** Runs `fn` with environment variables set (undefined: unset), restoring them after. */
function withEnv<T>(vars: Record<string, string | undefined>, fn: () => T): T {
  const saved = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
  const set = (v: Record<string, string | undefined>) => {
    for (const [k, x] of Object.entries(v)) if (x === undefined) delete process.env[k]; else process.env[k] = x;
  };
  set(vars);
  try {
    return fn();
  } finally {
    set(saved);
  }
}

/** A machine that reports one GPU whose "self-check" compares the CPU with itself. */
const oneGpu = () => ({ cuda: true, cudaStatus: 'ok', cudaDevices: ['test GPU'] });
const cpuAgainstCpu = () => runSelfCheck('cpu', 'cpu');
const forced = selfCheckCases[1];

async function warningsOf(fn: () => void): Promise<Error[]> {
  const seen: Error[] = [];
  const listen = (w: Error) => seen.push(w);
  process.on('warning', listen);
  try {
    fn();
    await new Promise((r) => setImmediate(r)); // emitWarning delivers on a later tick
  } finally {
    process.off('warning', listen);
  }
  return seen;
}

test('the self-check passes on the CPU against itself: every case runs its comparison', () => {
  const r = withEnv({ RDLAB_SELFCHECK_FAIL: undefined }, () => runSelfCheck('cpu', 'cpu'));
  assert.ok(r.ok, JSON.stringify(r.failures));
  assert.equal(r.failures, []);
  assert.is(r.device, 'cpu');
  assert.ok(r.ms > 0 && r.ms < 5000, `${r.ms} ms`);
  assert.equal([...selfCheckCases], ['rng uniform', 'mlp forward+backward', 'entropy model forward', 'orc/pfr search']);
});

test('RDLAB_SELFCHECK_FAIL=<case> fails that case only; an unknown case is a RangeError listing the cases', () => {
  for (const name of selfCheckCases) {
    const r = withEnv({ RDLAB_SELFCHECK_FAIL: name }, () => runSelfCheck('cpu', 'cpu'));
    assert.not.ok(r.ok);
    assert.equal(r.failures.map((f) => f.case), [name]);
  }
  assert.throws(() => withEnv({ RDLAB_SELFCHECK_FAIL: 'mlp' }, () => runSelfCheck('cpu', 'cpu')),
    (e: Error) => e instanceof RangeError && e.message.includes("RDLAB_SELFCHECK_FAIL='mlp'") && e.message.includes("'mlp forward+backward'"));
});

test('a failed self-check: auto falls back to the CPU with exactly one warning, explicit cuda throws naming the case', async () => {
  await withEnv({ RDLAB_SELFCHECK_FAIL: forced, RDLAB_SELFCHECK: undefined }, async () => {
    let checks = 0;
    const results = new Map<string, ReturnType<typeof cpuAgainstCpu>>();
    const resolve = deviceResolver(oneGpu, (d) => {
      ++checks;
      if (!results.has(d)) results.set(d, cpuAgainstCpu());
      return results.get(d)!;
    });
    const warnings = await warningsOf(() => {
      assert.is(resolve('auto'), 'cpu');
      assert.is(resolve('auto'), 'cpu');
      assert.is(resolve('cpu'), 'cpu');
    });
    assert.is(warnings.length, 1, warnings.map((w) => w.message).join('\n'));
    assert.not.ok(warnings[0].message.includes('\n'));
    assert.match(warnings[0].message, `the CUDA self-check of cuda:0 failed: ${forced}`);
    assert.is((warnings[0] as Error & { code?: string }).code, 'RDLAB_CUDA_SELFCHECK');
    for (const explicit of ['cuda', 'cuda:0'])
      assert.throws(() => resolve(explicit), (e: Error) => e.constructor === Error && e.message.includes(`device '${explicit}'`) && e.message.includes(`failed: ${forced}`));
    assert.ok(checks >= 3);
  });
});

test('a passing self-check lets auto and cuda use the GPU; RDLAB_SELFCHECK=0 skips it', async () => {
  await withEnv({ RDLAB_SELFCHECK_FAIL: undefined, RDLAB_SELFCHECK: undefined }, async () => {
    const resolve = deviceResolver(oneGpu, cpuAgainstCpu);
    const warnings = await warningsOf(() => {
      assert.is(resolve('auto'), 'cuda:0');
      assert.is(resolve('cuda'), 'cuda:0');
    });
    assert.is(warnings.length, 0);
  });
  withEnv({ RDLAB_SELFCHECK_FAIL: forced, RDLAB_SELFCHECK: '0' }, () => {
    const resolve = deviceResolver(oneGpu, () => { throw new Error('RDLAB_SELFCHECK=0 must not run the check'); });
    assert.is(resolve('auto'), 'cuda:0');
    assert.is(resolve('cuda:0'), 'cuda:0');
  });
});

test('rdlab info shows the self-check: failed with the case, passed, or not run and why', () => {
  withEnv({ RDLAB_SELFCHECK_FAIL: forced, RDLAB_SELFCHECK: undefined }, () => {
    const failed = selfCheckReport(oneGpu(), cpuAgainstCpu);
    assert.is(failed.status, 'failed');
    assert.equal(failed.results[0].failures.map((f) => f.case), [forced]);
    assert.equal(selfCheckReport({ cuda: false, cudaStatus: 'no GPU', cudaDevices: [] }, cpuAgainstCpu), { status: 'not run', reason: 'no usable CUDA device (no GPU)', results: [] });
  });
  withEnv({ RDLAB_SELFCHECK_FAIL: undefined }, () => assert.is(selfCheckReport(oneGpu(), cpuAgainstCpu).status, 'passed'));
  withEnv({ RDLAB_SELFCHECK: '0' }, () => assert.is(selfCheckReport(oneGpu(), cpuAgainstCpu).reason, 'RDLAB_SELFCHECK=0'));

  // the command itself, with a forced failure: on a GPU machine it must show it, elsewhere say why it did not run
  const r = withEnv({ RDLAB_SELFCHECK_FAIL: forced, RDLAB_SELFCHECK: undefined }, () => runCliSync(['info', '--json']));
  assert.is(r.status, 0, r.stderr);
  const shown = JSON.parse(r.stdout) as { selfCheck: { status: string; reason?: string; results: { failures: { case: string }[] }[] } };
  if (info().cuda) {
    assert.is(shown.selfCheck.status, 'failed');
    assert.equal(shown.selfCheck.results[0].failures.map((f) => f.case), [forced]);
  } else {
    assert.is(shown.selfCheck.status, 'not run');
    assert.match(shown.selfCheck.reason!, /^no usable CUDA device/);
  }
  const text = runCliSync(['info']);
  assert.match(text.stdout, /^self-check {3}(not run \(|cuda:0: (passed|failed))/m);
});

test('the resolver over the native module: without a GPU auto is the CPU with no check; with one, auto follows cudaSelfCheck', () => {
  if (!info().cuda) {
    assert.is(resolveDevice('auto'), 'cpu');
    return;
  }
  assert.is(resolveDevice('auto'), cudaSelfCheck('cuda:0').ok ? 'cuda:0' : 'cpu');
  assert.is(cudaSelfCheck('cuda:0'), cudaSelfCheck('cuda:0'), 'cached per device');
});

test.run();
