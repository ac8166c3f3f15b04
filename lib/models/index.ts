/** The learned codecs and estimators, and loading a trained model from its model file. */
export { Ntc, type NtcConfig, type NtcMetrics, type NtcEvaluation, type NtcBitstream } from './ntc.js';
export { CategoricalWzModel, type CategoricalConfig, type CategoricalEvaluation, type CategoricalBitstream, type EntropyModelKind } from './wz/categorical.js';
export { Ecvq, type EcvqConfig, type EcvqMetrics } from './wz/ecvq.js';
export { Concrete, type ConcreteConfig, type ConcreteParams, type ConcreteEvaluation } from './wz/concrete.js';
export { Nerd, estimateRD, estimateRDAsync, type NerdConfig, type NerdDistortion, type NerdTarget, type NerdPoint, type EstimateRDOptions, type RDEstimate } from './nerd.js';
export { GaussianRcc, GeneratorRcc, RccCodec, gaussianRdChannel, type GaussianRdChannel, type GeneratorRccOptions, type RccGenerator, type RccOptions, type RccBitstream, type RccSlope } from './rcc.js';
export { loadModel, loadNerdModel, loadNtcModel, loadRccModel, type LoadedModel } from './modelFile.js';
export { rccModelTensors, RCC_FILE_VERSION, type LoadedRccModel, type RccFileCodec, type RccMethod } from './rccFile.js';
export {
  compressStream, decompressStream, compressFile, decompressFile, DEFAULT_CHUNK_ELEMENTS,
  type CompressOptions, type DecompressOptions, type DecodedStream, type FileOptions, type FileLabels, type CompressSummary,
} from './codecStream.js';
export { OUT_OF_RANGE_WARNING } from './rangeCheck.js';
export { RdLowerBound, estimateLowerBoundLine, lowerBoundAt, trainingObjective, type RdLowerBoundConfig, type LowerBoundLine } from './rdLowerBound.js';
export { logSupPartition, type SupPartition, type SupPartitionSearch } from './supPartition.js';
