export { Ntc, type NtcConfig, type NtcMetrics, type NtcEvaluation, type NtcBitstream } from './ntc.js';
