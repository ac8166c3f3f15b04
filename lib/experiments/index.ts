/** The experiments shipped with rdlab and their registry, with the runner framework that executes them. */
export * from '../runner/index.js';
export { registerExperiment, getExperiment, listExperiments } from './registry.js';
export { convNtcTransforms, trainNtcCompressor, type ConvNtcShape, type NtcCompressorOptions, type NtcCompressorPoint } from './oneShotDnn.js';
