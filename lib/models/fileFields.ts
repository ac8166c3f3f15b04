/** Reading a model file's fields with errors that name the file and the field. */
import type { SafetensorsFile } from '../coding/safetensors.js';

/** A float32 tensor of a model file, by name. */
export function tensorData(file: SafetensorsFile, name: string, path: string): Float32Array {
  const t = file.tensors[name];
  if (!t) throw new RangeError(`${path}: model file has no tensor '${name}'`);
  if (t.dtype !== 'F32') throw new RangeError(`${path}: tensor '${name}' should be F32, is ${t.dtype}`);
  return t.data as Float32Array;
}

/** A model file's metadata entry parsed as JSON. */
export function metadataJson<T>(file: SafetensorsFile, key: string, path: string): T {
  try {
    return JSON.parse(file.metadata[key]) as T;
  } catch {
    throw new RangeError(`${path}: model file metadata '${key}' is missing or not JSON`);
  }
}
