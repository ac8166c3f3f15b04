export { Ntc, type NtcConfig, type NtcMetrics, type NtcEvaluation, type NtcBitstream } from './ntc.js';
export { CategoricalWzModel, type CategoricalEvaluation, type CategoricalBitstream } from './wz/categorical.js';
export { Ecvq, type EcvqConfig, type EcvqMetrics } from './wz/ecvq.js';
export { Concrete, type ConcreteConfig } from './wz/concrete.js';
