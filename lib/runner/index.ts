/** The runner framework: the experiment contract, the run folder, shard merging and the results.json schema. */
export * from './types.js';
export { runExperiment, resumeRun, resolveDevice, RunInterrupted, type RunOptions, type LoopOptions, type RunResult, type ProgressEvent } from './runner.js';
export { mergeRuns } from './merge.js';
export { resolveSettings, parseOverrides, type Preset } from './settings.js';
export { parseShard, type Shard } from './shard.js';
export { gapToBound, type BoundGap } from './gap.js';
export { resultsSchema, resultPointSchema, boundSchema, type Results, type ResultPoint } from './resultsSchema.js';
export { streamPurposes, pointSeed, type StreamPurpose } from './streams.js';
export { stepDecay } from '../nn/schedule.js';
export { lowerBoundAtDistortion, type SeriesKind } from './sandwich.js';
