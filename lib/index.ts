/**
 * rdlab: learned lossy compression measured against information-theoretic limits.
 *
 * Tensors live on a device (`cpu` or `cuda:N`); the hot kernels are C++ and CUDA behind
 * the typed binding in `binding.d.ts`; this module is the public TypeScript API. The
 * subpaths `rdlab/models`, `rdlab/nn`, `rdlab/coding`, `rdlab/sources` and `rdlab/bounds`
 * hold the same names by area.
 */
import { native } from './native.js';
import type { NativeInfo } from './native.js';

export { tensor, empty, full, item, isTensor, requireTensor, axpy, type Tensor, type DType } from './tensor.js';
export { resolveDevice, defaultDevice, type DeviceName, type DeviceRequest } from './device.js';
export { cudaSelfCheck, selfCheckCases, type SelfCheckResult, type SelfCheckFailure } from './selfCheck.js';
export { scope, keep, dispose, memory, type DeviceMemory } from './scope.js';
export type { AsyncOptions } from './plan.js';
export { fillRandom, Rng, type Distribution } from './rng.js';
export * from './nn/index.js';
export * from './sources/index.js';
export * from './bounds/index.js';
export * from './models/index.js';
export * from './coding/index.js';
export {
  runExperiment, resumeRun, RunInterrupted, type RunOptions, type LoopOptions, type RunResult, type ProgressEvent,
  mergeRuns, defineExperiment, streamPurposes, stepDecay, type StreamPurpose, type Experiment, type Trainable, type TrainableState, type StateValue, type SettingsSchema,
  type SweepPoint, type BuildContext, type TrainMetrics, type PointEvaluation, type RateKind, type ModelExport,
  type Bound, type PlotSpec, type PlotField, type Figure, type FinishedRun,
  resultsSchema, type Results, type ResultPoint,
} from './runner/index.js';
export {
  registerExperiment, getExperiment, listExperiments,
  convNtcTransforms, trainNtcCompressor, type ConvNtcShape, type NtcCompressorOptions, type NtcCompressorPoint,
} from './experiments/index.js';
export { VERSION } from './version.js';
export type { NativeInfo };

/** What the native module was built with and what it sees: version, backends, CUDA devices, CPU features, threads. */
export function info(): NativeInfo {
  return native.info();
}
