/**
 * The CUDA self-check: a few rows of the CPU/CUDA parity table (test/parity), small enough
 * to run in well under a second, that a GPU must pass before {@link resolveDevice} lets
 * 'auto', 'cuda' or 'cuda:N' put tensors on it. Each case runs on the device under test and
 * on a reference device on the same inputs, and the outputs must agree within the parity
 * table's tolerance for that kernel family. The result is cached per device per process.
 *
 * Switches: `RDLAB_SELFCHECK=0` skips the check (the device is used unchecked);
 * `RDLAB_SELFCHECK_FAIL=<case>` makes that case report a failure (for tests of what follows
 * a failure on machines whose GPU passes, or that have none).
 */
import { describeValue } from './validate.js';
import { native, type DeviceName } from './native.js';
import { DeepFactorizedEntropyModel } from './nn/entropyModel.js';
import { Mlp } from './nn/mlp.js';
import { fillRandom } from './rng.js';
import { scope } from './scope.js';
import { empty, tensor } from './tensor.js';

/** One case that did not agree: its name and the error or the thrown message. */
export interface SelfCheckFailure {
  case: string;
  error: string;
}

/** The outcome of a self-check of `device` against `reference`. */
export interface SelfCheckResult {
  device: DeviceName;
  reference: DeviceName;
  ok: boolean;
  failures: SelfCheckFailure[];
  /** Wall time of the whole check, both devices, in milliseconds. */
  ms: number;
}

interface Case {
  /** Normwise relative tolerance (max|a − b| / max|b| over each output); 0 is bit-identical. */
  tol: number;
  /** Runs the kernel on `device` and returns its outputs, copied to the host. */
  run(device: DeviceName): Float32Array[];
}

/** n Philox uniforms in [lo, hi), made on the CPU so that both devices get the same inputs. */
function inputs(n: number, stream: number, lo = -1, hi = 1): Float32Array {
  const t = fillRandom(empty([n]), 'uniform', 20261204n, BigInt(stream));
  const u = t.toArray() as Float32Array;
  t.dispose();
  return u.map((v) => lo + (hi - lo) * v);
}

const host = (t: { toArray(): unknown }): Float32Array => Float32Array.from(t.toArray() as ArrayLike<number>);

/** The cases, by name; sizes odd, so that no kernel sees only whole tiles. */
const cases: Record<string, Case> = {
  'rng uniform': {
    tol: 0,
    run(device) {
      return [host(fillRandom(empty([4099], 'float32', device), 'uniform', 77n, 5n, 12345n))];
    },
  },
  'mlp forward+backward': {
    tol: 1e-5,
    run(device) {
      const B = 37, config = { inputs: 5, hidden: [33, 17], outputs: 3, activation: 'relu' as const };
      const net = new Mlp(config, { seed: 3, device });
      const y = host(net.forward(tensor(inputs(B * config.inputs, 1), [B, config.inputs], device)));
      const dx = host(net.backward(tensor(inputs(B * config.outputs, 2), [B, config.outputs], device))!);
      return [y, host(net.grad), dx];
    },
  },
  'entropy model forward': {
    tol: 1e-5,
    run(device) {
      const C = 7, B = 29, filters = [3, 3, 3];
      const m = new DeepFactorizedEntropyModel(C, { filters, device, params: DeepFactorizedEntropyModel.initialParams(C, filters, 8, 4) });
      const f = m.forward(tensor(inputs(B * C, 3, -30, 30), [B, C], device));
      return [f.likelihood, f.bits, f.total].map(host);
    },
  },
  'orc/pfr search': {
    // bit-identical, or an index encoded on this device would not decode on another
    tol: 0,
    run(device) {
      const S = 3, m = 20;
      const x = tensor(inputs(S * m, 4, -2, 2), [S, m], device), scale = tensor(inputs(m, 5, 0.1, 1.2), [m], device);
      return (['pfr', 'orc'] as const).flatMap((method) => {
        const index = empty([S], 'int32', device), y = empty([S, m], 'float32', device);
        native.orcSearch(method, x, scale, -0.3, 4099, 7n, 100n, index, y);
        return [host(index), host(y)];
      });
    },
  },
};

/** The names of the self-check's cases (what `RDLAB_SELFCHECK_FAIL` accepts). */
export const selfCheckCases: readonly string[] = Object.keys(cases);

/**
 * The normwise relative error max|a − b| / max|b| (the absolute error where b is all zero;
 * Infinity for different lengths): the measure of the self-check and the parity table.
 */
export function maxRelError(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Infinity;
  let err = 0, size = 0;
  for (let i = 0; i < a.length; ++i) {
    err = Math.max(err, Math.abs(a[i] - b[i]));
    size = Math.max(size, Math.abs(b[i]));
  }
  return size === 0 ? err : err / size;
}

function forcedFailure(): string | null {
  const name = process.env.RDLAB_SELFCHECK_FAIL;
  if (!name) return null;
  if (!(name in cases)) throw new RangeError(`RDLAB_SELFCHECK_FAIL='${name}': expected one of ${selfCheckCases.map((c) => `'${c}'`).join(', ')}`);
  return name;
}

function checkCase(c: Case, device: DeviceName, reference: DeviceName): string | null {
  try {
    const want = scope(() => c.run(reference)), got = scope(() => c.run(device));
    if (got.length !== want.length) return `${got.length} outputs, expected ${want.length}`;
    for (let i = 0; i < want.length; ++i) {
      const err = maxRelError(got[i], want[i]);
      // !(err <= tol) also catches NaN
      if (!(err <= c.tol)) return `output ${i}: relative error ${err.toExponential(2)} > tolerance ${c.tol}`;
    }
    return null;
  } catch (e) {
    return (e as Error).message;
  }
}

/**
 * Runs every self-check case on `device` and on `reference` and compares the outputs
 * (not cached; {@link cudaSelfCheck} is the cached check of a GPU against the CPU).
 */
export function runSelfCheck(device: DeviceName, reference: DeviceName = 'cpu'): SelfCheckResult {
  const forced = forcedFailure();
  const t0 = performance.now();
  const failures: SelfCheckFailure[] = [];
  for (const [name, c] of Object.entries(cases)) {
    const error = name === forced ? 'forced by RDLAB_SELFCHECK_FAIL' : checkCase(c, device, reference);
    if (error !== null) failures.push({ case: name, error });
  }
  return { device, reference, ok: failures.length === 0, failures, ms: performance.now() - t0 };
}

const results = new Map<DeviceName, SelfCheckResult>();

/** The self-check of `device` against the CPU, run on the first call for that device in this process. */
export function cudaSelfCheck(device: DeviceName): SelfCheckResult {
  if (typeof device !== 'string' || !/^(cpu|cuda:\d+)$/.test(device)) throw new RangeError(`device: expected 'cpu' or 'cuda:N', got ${describeValue(device)}`);
  let r = results.get(device);
  if (r === undefined) {
    r = runSelfCheck(device, 'cpu');
    results.set(device, r);
  }
  return r;
}

/** False when `RDLAB_SELFCHECK=0`: devices are used without the self-check. */
export function selfCheckEnabled(): boolean {
  return process.env.RDLAB_SELFCHECK !== '0';
}

/** One line: "passed (4 cases, 12 ms)" or "failed: <case>: <error>; ...". */
export function describeSelfCheck(r: SelfCheckResult): string {
  return r.ok
    ? `passed (${selfCheckCases.length} cases, ${r.ms.toFixed(0)} ms)`
    : `failed: ${r.failures.map((f) => `${f.case}: ${f.error}`).join('; ')}`;
}
