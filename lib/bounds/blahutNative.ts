/**
 * Blahut–Arimoto on the native kernels (CPU or CUDA): the iteration of {@link blahutArimoto}
 * (log domain, double precision inside the kernel) for alphabets too large for the
 * TypeScript reference, e.g. a discretized source or an empirical distribution against
 * a grid of reproductions.
 */
import { runPlan, runPlanAsync, type Plan } from '../plan.js';
import { empty, requireMatrix, tensor, type DeviceName, type Tensor } from '../tensor.js';
import { describeValue, requireFinite, requireObject } from '../validate.js';
import type { BlahutArimotoOptions, BlahutArimotoResult } from './blahut.js';

type NativeOptions = BlahutArimotoOptions & { ny?: number; device?: DeviceName };
type NativeResult = Omit<BlahutArimotoResult, 'q'> & { q: Float32Array };

/**
 * R(D) point at `slope` s ≤ 0 (nats per unit distortion) of the source `p` [nx] with
 * distortions `distortion` [nx, ny] (row-major, as a tensor or a flat array with `ny`).
 * Returns the same fields as {@link blahutArimoto}; q in float32.
 */
export function blahutArimotoNative(p: Float32Array | number[], distortion: Tensor | Float32Array, slope: number, options: NativeOptions = {}): NativeResult {
  return runPlan(blahutArimotoPlan(p, distortion, slope, options));
}

/** {@link blahutArimotoNative} with the iteration on the libuv thread pool (one kernel call). */
export async function blahutArimotoNativeAsync(
  p: Float32Array | number[],
  distortion: Tensor | Float32Array,
  slope: number,
  options: NativeOptions = {},
): Promise<NativeResult> {
  return runPlanAsync(blahutArimotoPlan(p, distortion, slope, options));
}

/** The plan of {@link blahutArimotoNative} (lib/plan.ts). */
export function* blahutArimotoPlan(p: Float32Array | number[], distortion: Tensor | Float32Array, slope: number, options: NativeOptions = {}): Plan<NativeResult> {
  if (Array.isArray(p)) p.forEach((v, i) => requireFinite(`p[${i}]`, v));
  else if (!(p instanceof Float32Array)) throw new TypeError(`p: expected a Float32Array or an array of numbers, got ${describeValue(p)}`);
  if (!(distortion instanceof Float32Array)) requireMatrix('distortion', distortion);
  requireObject('options', options);
  const device = options.device ?? 'cpu';
  const nx = p.length;
  let d: Tensor;
  if (distortion instanceof Float32Array) {
    const ny = options.ny ?? distortion.length / nx;
    if (!Number.isInteger(ny) || ny < 1 || ny * nx !== distortion.length)
      throw new RangeError(`distortion: expected nx * ny = ${nx} * ny elements, got ${distortion.length}`);
    d = tensor(distortion, [nx, ny], device);
  } else d = distortion;
  const ny = d.shape[1];
  const q = empty([ny ?? 1], 'float32', device), out = empty([3], 'float32', device);
  yield ['blahutArimoto', [tensor(Float32Array.from(p), [nx], device), d, slope, q, out, options.tolerance, options.maxIterations]];
  const [rate_bits, dist, iterations] = out.toArray();
  return { rate_bits, distortion: dist, q: q.toArray() as Float32Array, iterations };
}
