/** Reading a model file's fields with errors that name the file and the field. */
import type { SafetensorsDType, SafetensorsFile, SafetensorsTensor } from '../coding/safetensors.js';

/** A float32 tensor of a model file, by name. */
export function tensorData(file: SafetensorsFile, name: string, path: string): Float32Array {
  return typedTensor(file, name, 'F32', path).data as Float32Array;
}

/** A tensor of a model file, by name, that must have `dtype`. */
export function typedTensor(file: SafetensorsFile, name: string, dtype: SafetensorsDType, path: string): SafetensorsTensor {
  const t = file.tensors[name];
  if (!t) throw new RangeError(`${path}: model file has no tensor '${name}'`);
  if (t.dtype !== dtype) throw new RangeError(`${path}: tensor '${name}' should be ${dtype}, is ${t.dtype}`);
  return t;
}

/** A model file's metadata entry parsed as JSON. */
export function metadataJson<T>(file: SafetensorsFile, key: string, path: string): T {
  try {
    return JSON.parse(file.metadata[key]) as T;
  } catch {
    throw new RangeError(`${path}: model file metadata '${key}' is missing or not JSON`);
  }
}
