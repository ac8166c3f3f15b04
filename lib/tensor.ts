/**
 * Device tensors. A {@link Tensor} is a handle on native memory (CPU or a CUDA device);
 * data moves between JavaScript and a tensor only through {@link tensor} and
 * `toArray()`, never inside a training step. Its memory is freed by `dispose()`, `using`,
 * the end of a `scope()` (lib/scope.ts), or at the latest by the garbage collector.
 */
import { native } from './native.js';
import type { DType, DeviceName, NativeTensor } from './native.js';

export type Tensor = NativeTensor;
export type { DType, DeviceName };

// `using t = …` calls [Symbol.dispose]; Node has the symbol from 18.18 and 20.4.
const disposeSymbol = (Symbol as { dispose?: symbol }).dispose;
if (disposeSymbol !== undefined) {
  Object.defineProperty((native.Tensor as { prototype: object }).prototype, disposeSymbol, {
    value(this: Tensor) {
      this.dispose();
    },
    configurable: true,
  });
}

/** Copies `data` into a new tensor of `shape` (default: 1-D) on `device` (default 'cpu'). */
export function tensor(
  data: Float32Array | Int32Array | Uint32Array | number[],
  shape?: number[],
  device: DeviceName = 'cpu',
): Tensor {
  const typed = Array.isArray(data) ? Float32Array.from(data) : data;
  return native.tensorFromArray(typed, shape ?? [typed.length], device);
}

/** An uninitialised tensor for a kernel to overwrite. */
export function empty(shape: number[], dtype: DType = 'float32', device: DeviceName = 'cpu'): Tensor {
  return native.empty(shape, dtype, device);
}

/** A float32 tensor filled with `value`. */
export function full(shape: number[], value: number, device: DeviceName = 'cpu'): Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  return tensor(new Float32Array(n).fill(value), shape, device);
}

/** True for a tensor created by rdlab. */
export function isTensor(x: unknown): x is Tensor {
  return x instanceof (native.Tensor as new () => object);
}

/**
 * `x` itself when it is a tensor rdlab made; otherwise a TypeError naming the argument, so
 * a wrong argument to a public function never fails inside JavaScript's internals.
 */
export function requireTensor(name: string, x: unknown): Tensor {
  if (!isTensor(x)) throw new TypeError(`${name}: expected a Tensor, got ${x === null ? 'null' : Array.isArray(x) ? 'an array' : typeof x}`);
  return x;
}

/** The single element of a one-element tensor, read back to JavaScript. */
export function item(t: Tensor): number {
  if (t.size !== 1) throw new RangeError(`item: expected a one-element tensor, got shape [${t.shape.join(', ')}]`);
  return t.toArray()[0];
}

/** y += alpha · x (same shape), in place on the device: sums gradients that reach one tensor by two paths. */
export function axpy(alpha: number, x: Tensor, y: Tensor): Tensor {
  native.axpy(alpha, x, y);
  return y;
}
