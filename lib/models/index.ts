export { Ntc, type NtcConfig, type NtcMetrics, type NtcEvaluation, type NtcBitstream } from './ntc.js';
export { Ecvq, type EcvqConfig, type EcvqMetrics, type EcvqEvaluation, type EcvqBitstream } from './wz/ecvq.js';
