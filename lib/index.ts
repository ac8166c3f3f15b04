/**
 * rdlab: learned lossy compression measured against information-theoretic limits.
 *
 * Tensors live on a device (`cpu` or `cuda:N`); the hot kernels are C++ and CUDA behind
 * the typed binding in `binding.d.ts`; this module is the public TypeScript API.
 */
import { native } from './native.js';
import type { NativeInfo } from './native.js';

export { tensor, empty, full, item, isTensor, axpy, type Tensor, type DType, type DeviceName } from './tensor.js';
export { scope, keep, dispose, memory, type DeviceMemory } from './scope.js';
export { fillRandom, Rng, type Distribution } from './rng.js';
export * from './nn/index.js';
export * from './sources/index.js';
export * from './bounds/index.js';
export * from './models/index.js';

/** What the native module was built with and what it sees: version, backends, CUDA devices, CPU features, threads. */
export function info(): NativeInfo {
  return native.info();
}

/** 'cuda' when a GPU backend is usable, else 'cpu': what `--device auto` resolves to. */
export function defaultDevice(): 'cpu' | 'cuda' {
  return native.info().cuda ? 'cuda' : 'cpu';
}
export * from './experiments/index.js';
export {
  encodeSafetensors, decodeSafetensors, readSafetensors, dtypeOf,
  type SafetensorsFile, type SafetensorsTensor, type SafetensorsDType, type SafetensorsArray,
} from './coding/safetensors.js';
export { VERSION } from './version.js';
