/**
 * Device tensors. A {@link Tensor} is a handle on native memory (CPU or a CUDA device);
 * data moves between JavaScript and a tensor only through {@link tensor} and
 * `toArray()`, never inside a training step. Its memory is freed by `dispose()`, `using`,
 * the end of a `scope()` (lib/scope.ts), or at the latest by the garbage collector.
 */
import { native } from './native.js';
import type { DType, DeviceName, NativeTensor } from './native.js';
import { describeValue, requireFinite, requireString } from './validate.js';

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
  if (Array.isArray(data)) data.forEach((v, i) => {
    if (typeof v !== 'number') throw new TypeError(`data[${i}]: expected a number, got ${describeValue(v)}`);
  });
  else if (!ArrayBuffer.isView(data)) throw new TypeError(`data: expected a Float32Array, Int32Array, Uint32Array or an array of numbers, got ${describeValue(data)}`);
  const typed = Array.isArray(data) ? Float32Array.from(data) : data;
  return native.tensorFromArray(typed, shape === undefined ? [typed.length] : shape, device);
}

/** An uninitialised tensor for a kernel to overwrite. */
export function empty(shape: number[], dtype: DType = 'float32', device: DeviceName = 'cpu'): Tensor {
  return native.empty(shape, dtype, device);
}

/** A float32 tensor filled with `value`. */
export function full(shape: number[], value: number, device: DeviceName = 'cpu'): Tensor {
  requireFinite('value', value);
  // empty() checks the shape (names it, refuses element counts past the allocator's limit)
  const out = native.empty(shape, 'float32', device);
  const host = native.tensorFromArray(new Float32Array(out.size).fill(value), out.shape, 'cpu');
  out.copyFrom(host);
  host.dispose();
  return out;
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
  requireString('name', name);
  if (!isTensor(x)) throw new TypeError(`${name}: expected a Tensor, got ${describeValue(x)}`);
  return x;
}

/**
 * `x` when it is a float32 tensor of shape [batch, cols] (batch >= 1; any cols when not
 * given), the layout of a batch of samples; otherwise an error naming the argument.
 */
export function requireMatrix(name: string, x: unknown, cols?: number): Tensor {
  const t = requireTensor(name, x);
  if (t.dtype !== 'float32') throw new TypeError(`${name}: expected a float32 tensor, got ${t.dtype}`);
  if (t.shape.length !== 2 || !(t.shape[0] >= 1) || (cols !== undefined && t.shape[1] !== cols))
    throw new RangeError(`${name}: expected shape [batch, ${cols ?? 'n'}], got [${t.shape.join(', ')}]`);
  return t;
}

/**
 * `x` when it holds no NaN or ±Infinity; otherwise a RangeError naming the first bad element
 * as a sample (a row of `rowLength` elements) and column: what a codec would silently turn
 * into garbage. One pass of a native kernel (firstNonFinite).
 */
export function requireFiniteValues(name: string, x: Tensor, rowLength = x.shape[x.shape.length - 1] ?? 1): Tensor {
  const i = native.firstNonFinite(x);
  if (i >= 0) {
    const bad = x.view(i, [1]);
    const value = bad.toArray()[0];
    bad.dispose();
    throw new RangeError(`${name}: element ${i} (sample ${Math.floor(i / rowLength)}, column ${i % rowLength}) is ${value}; only finite values can be compressed`);
  }
  return x;
}

/** The single element of a one-element tensor, read back to JavaScript. */
export function item(t: Tensor): number {
  requireTensor('t', t);
  if (t.size !== 1) throw new RangeError(`t: expected a one-element tensor, got shape [${t.shape.join(', ')}]`);
  return t.toArray()[0];
}

/** y += alpha · x (same shape), in place on the device: sums gradients that reach one tensor by two paths. */
export function axpy(alpha: number, x: Tensor, y: Tensor): Tensor {
  native.axpy(alpha, x, y);
  return y;
}
