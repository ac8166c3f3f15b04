/**
 * Tensor lifetime. A tensor's native memory is freed by `dispose()`, by the end of the
 * {@link scope} it was made in, or, failing both, when the garbage collector finalizes its
 * handle (V8 is told each CPU tensor's size, so the collector weighs it). `using t = …`
 * (TypeScript's explicit resource management) disposes at the end of the block.
 */
import { native } from './native.js';
import type { DeviceMemoryNative, DeviceName } from './native.js';
import { isTensor, type Tensor } from './tensor.js';
import { requireFunction } from './validate.js';

export type DeviceMemory = DeviceMemoryNative;

/** The tensors in a value: a tensor, or arrays and objects (any depth) holding tensors. */
function tensorsIn(value: unknown, out: Tensor[], seen: Set<object>): Tensor[] {
  if (value === null || typeof value !== 'object' || ArrayBuffer.isView(value) || seen.has(value)) return out;
  seen.add(value);
  if (isTensor(value)) out.push(value);
  else if (value instanceof Map) for (const v of value.values()) tensorsIn(v, out, seen);
  else for (const v of Object.values(value)) tensorsIn(v, out, seen);
  return out;
}

/**
 * Runs `fn` and then disposes every tensor made while it ran (by rdlab's functions, models
 * and kernels) except those reachable from its result: a tensor, or arrays, Maps and objects
 * holding tensors, at any depth (an object returned keeps the tensors its fields hold).
 * Scopes nest; a kept tensor belongs to the enclosing scope. When `fn` throws, everything it
 * made is disposed and the error passes on.
 *
 * `fn` must be synchronous: a scope is open for the time `fn` runs on the stack, and code
 * after an `await` would run outside it (or inside an unrelated one). A `fn` that returns a
 * Promise is refused with a TypeError after its tensors are disposed; for async code dispose
 * explicitly, or open a scope in each synchronous step.
 *
 * A tensor that must outlive the scope without being returned (a cache, state assigned to
 * an object made outside) is passed to {@link keep}.
 */
export function scope<T>(fn: () => T): T {
  requireFunction('fn', fn);
  native.scopeBegin();
  let result: T;
  try {
    result = fn();
  } catch (e) {
    native.scopeEnd([]);
    throw e;
  }
  if (result instanceof Promise) {
    native.scopeEnd([]);
    throw new TypeError('scope: fn returned a Promise; a scope holds only synchronous code (dispose tensors of async code explicitly)');
  }
  native.scopeEnd(tensorsIn(result, [], new Set()));
  return result;
}

/**
 * Takes every tensor in `value` (a tensor, or arrays and objects holding tensors) out of every
 * open scope, so that only `dispose()` (or the collector) frees it; returns `value`. For state
 * made lazily inside whatever scope the caller has open: caches and workspaces.
 */
export function keep<T>(value: T): T {
  for (const t of tensorsIn(value, [], new Set())) native.scopeKeep(t);
  return value;
}

/** Disposes every tensor in `value` (a tensor, or arrays and objects holding tensors). */
export function dispose(value: unknown): void {
  for (const t of tensorsIn(value, [], new Set())) t.dispose();
}

/**
 * Live memory per device: `tensors` (handles neither disposed nor collected, this thread),
 * `storages` and `bytes` (native allocations alive in the process; views share storage).
 */
export function memory(): Record<DeviceName, DeviceMemory> {
  return native.memory();
}
