export { Ntc, type NtcConfig, type NtcMetrics, type NtcEvaluation, type NtcBitstream } from './ntc.js';
export { Nerd, estimateRD, type NerdConfig, type NerdTarget, type NerdPoint, type EstimateRDOptions, type RDEstimate } from './nerd.js';
export { GaussianRcc, gaussianRdChannel, type GaussianRdChannel, type RccOptions, type RccBitstream } from './rcc.js';
