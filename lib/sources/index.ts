export type { Source, SourceBatch } from './types.js';
export { gaussian, laplace, sawbridge, ramp, circle } from './synthetic.js';
export { GAUSSIAN_SPECTRA, gaussianSpectrum, type GaussianSpectrumName } from './spectra.js';
