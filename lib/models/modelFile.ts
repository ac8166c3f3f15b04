/**
 * Loading a trained model from its model file (safetensors, as `rdlab run` writes under
 * `models/`), by the codec named in its metadata, with the file's SHA-256 digest so that
 * compressed files can name the exact model they need.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { decodeSafetensors, type SafetensorsFile } from '../coding/safetensors.js';
import type { DeviceName } from '../tensor.js';
import { Ntc, type NtcConfig } from './ntc.js';

export interface LoadedModel {
  codec: 'ntc';
  model: Ntc;
  /** SHA-256 of the model file's bytes. */
  digest: Uint8Array;
}

function tensorData(file: SafetensorsFile, name: string, path: string): Float32Array {
  const t = file.tensors[name];
  if (!t) throw new RangeError(`${path}: model file has no tensor '${name}'`);
  if (t.dtype !== 'F32') throw new RangeError(`${path}: tensor '${name}' should be F32, is ${t.dtype}`);
  return t.data as Float32Array;
}

export function loadModel(path: string, device: DeviceName = 'cpu'): LoadedModel {
  const bytes = new Uint8Array(readFileSync(path));
  const file = decodeSafetensors(bytes, path);
  const digest = new Uint8Array(createHash('sha256').update(bytes).digest());
  const codec = file.metadata['rdlab.codec'];
  if (codec !== 'ntc') throw new RangeError(`${path}: unknown codec '${String(codec)}' in the model file's metadata (this rdlab knows: ntc)`);
  let config: NtcConfig;
  try {
    config = JSON.parse(file.metadata['ntc.config']) as NtcConfig;
  } catch {
    throw new RangeError(`${path}: model file metadata 'ntc.config' is missing or not JSON`);
  }
  const model = new Ntc(config, {
    device,
    params: {
      analysis: tensorData(file, 'analysis.params', path),
      synthesis: tensorData(file, 'synthesis.params', path),
      prior: tensorData(file, 'prior.params', path),
      ...(config.fourier ? { fourier: tensorData(file, 'fourier.freqs', path) } : {}),
    },
  });
  return { codec, model, digest };
}
