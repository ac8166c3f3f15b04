export type { Source, SourceBatch } from './types.js';
export { gaussian, laplace, sawbridge, ramp, circle } from './synthetic.js';
export { xEqualsYPlusNoise, yEqualsXPlusNoise, signSideInformation, pairFromSpec, type PairSource, type PairSpec, type PairBatch, type PairKindName } from './pairs.js';
export { GAUSSIAN_SPECTRA, gaussianSpectrum, type GaussianSpectrumName } from './spectra.js';
export { idxImages, ImageSource, FASHION_MNIST } from './images.js';
export { npyPairs, type NpyPairsOptions } from './npyPairs.js';
