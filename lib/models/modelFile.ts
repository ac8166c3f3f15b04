/**
 * Loading a trained model from its model file (safetensors, as `rdlab run` writes under
 * `models/`), by the codec named in its metadata, with the file's SHA-256 digest so that
 * compressed files can name the exact model they need.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { decodeSafetensors, type SafetensorsFile } from '../coding/safetensors.js';
import { pairFromSpec, type PairSource, type PairSpec } from '../sources/pairs.js';
import type { DeviceName } from '../tensor.js';
import { Ntc, type NtcConfig } from './ntc.js';
import { Concrete, type ConcreteConfig } from './wz/concrete.js';
import { Ecvq, type EcvqConfig } from './wz/ecvq.js';

/** A loaded model by codec, with the SHA-256 of the model file's bytes. */
export type LoadedModel =
  | { codec: 'ntc'; model: Ntc; digest: Uint8Array }
  /** `pair` is the source whose posterior p(y|x) the ECVQ encoder averages over. */
  | { codec: 'wz-ecvq'; model: Ecvq; pair: PairSource; digest: Uint8Array }
  | { codec: 'wz-concrete'; model: Concrete; digest: Uint8Array };

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
  const config = <T>(key: string): T => {
    try {
      return JSON.parse(file.metadata[key]) as T;
    } catch {
      throw new RangeError(`${path}: model file metadata '${key}' is missing or not JSON`);
    }
  };
  const data = (name: string) => tensorData(file, name, path);
  if (codec === 'ntc') {
    const c = config<NtcConfig>('ntc.config');
    const model = new Ntc(c, {
      device,
      params: {
        analysis: data('analysis.params'), synthesis: data('synthesis.params'), prior: data('prior.params'),
        ...(c.fourier ? { fourier: data('fourier.freqs') } : {}),
        // files written before the offsets existed quantize at m = 0
        ...('quant.offsets' in file.tensors ? { offsets: data('quant.offsets') } : {}),
      },
    });
    return { codec, model, digest };
  }
  if (codec === 'wz-ecvq') {
    const model = new Ecvq(config<EcvqConfig>('ecvq.config'), { device, params: { decoder: data('decoder.params'), logits: data('logits') } });
    return { codec, model, pair: pairFromSpec(config<PairSpec>('wz.pair')), digest };
  }
  if (codec === 'wz-concrete') {
    const c = config<ConcreteConfig>('concrete.config');
    const model = new Concrete(c, {
      device,
      params: {
        encoder: data('encoder.params'), decoder: data('decoder.params'),
        ...(c.entropyModel === 'conditional' ? { conditional: data('conditional.params') } : { logits: data('logits') }),
      },
    });
    return { codec, model, digest };
  }
  throw new RangeError(`${path}: unknown codec '${String(codec)}' in the model file's metadata (this rdlab knows: ntc, wz-ecvq, wz-concrete)`);
}

/** An NTC model file's model; a RangeError when the file holds another codec. */
export function loadNtcModel(path: string, device: DeviceName = 'cpu'): Ntc {
  const loaded = loadModel(path, device);
  if (loaded.codec !== 'ntc') throw new RangeError(`${path}: expected an NTC model file, got codec '${loaded.codec}'`);
  return loaded.model;
}
