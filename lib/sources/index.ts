export type { Source, SourceBatch } from './types.js';
export { gaussian, laplace, sawbridge, ramp, circle } from './synthetic.js';
export { xEqualsYPlusNoise, yEqualsXPlusNoise, signSideInformation, type PairSource, type PairBatch, type PairKindName } from './pairs.js';
