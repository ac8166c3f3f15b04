/**
 * Entropy coders with exact contracts, the compressed-file format (`.rdc`), and the array
 * and model file formats rdlab reads and writes (safetensors, .npy, IDX).
 */
export {
  crc32, DEFAULT_PRECISION, type DiscretizedTableSpec, type DiscretizedFreqTable, type DiscretizedTable,
  encodeCategorical, decodeCategorical, discretizedTables, encodeDiscretized, decodeDiscretized, discretizedBits,
  encodeZipfIndices, decodeZipfIndices, encodeExpGolomb, decodeExpGolomb,
} from './entropyCoders.js';
export {
  encodeRdc, decodeRdc, encodeRdcHeader, encodeRdcChunk, decodeRdcHeader, RDC_MAGIC, RDC_VERSION, RDC_MAX_CHUNK,
  type RdcFile, type RdcHeader, type RdcChunk, type RdcHeaderFields,
} from './rdcFile.js';
export { type Pieces } from './byteSource.js';
export {
  encodeSafetensors, decodeSafetensors, readSafetensors, dtypeOf,
  type SafetensorsFile, type SafetensorsTensor, type SafetensorsDType, type SafetensorsArray,
} from './safetensors.js';
export { readNpy, writeNpy, type NpyArray } from './npy.js';
export { readIdx, readIdxFile, writeIdx, IDX_TYPES, type IdxArray, type IdxType } from './idx.js';
