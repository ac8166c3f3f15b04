/**
 * Loading a trained model from its model file (safetensors, as `rdlab run` writes under
 * `models/`), by the codec named in its metadata, with the file's SHA-256 digest so that
 * compressed files can name the exact model they need.
 */
import { requireString } from '../validate.js';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { decodeSafetensors, type SafetensorsFile } from '../coding/safetensors.js';
import { pairFromSpec, type PairSource, type PairSpec } from '../sources/pairs.js';
import type { DeviceName } from '../tensor.js';
import { metadataJson, tensorData } from './fileFields.js';
import { Nerd, type NerdConfig } from './nerd.js';
import { Ntc } from './ntc.js';
import { readNtcParams } from './ntcFile.js';
import { rccFromFile, type LoadedRccModel } from './rccFile.js';
import { Concrete, type ConcreteConfig } from './wz/concrete.js';
import { Ecvq, type EcvqConfig } from './wz/ecvq.js';

/** A loaded model by codec, with the SHA-256 of the model file's bytes. */
export type LoadedModel =
  | { codec: 'ntc'; model: Ntc; digest: Uint8Array }
  /** `pair` is the source whose posterior p(y|x) the ECVQ encoder averages over. */
  | { codec: 'wz-ecvq'; model: Ecvq; pair: PairSource; digest: Uint8Array }
  | { codec: 'wz-concrete'; model: Concrete; digest: Uint8Array };

/**
 * Loads the model file at `path` onto `device`: the model of the codec its metadata names, and
 * the file's SHA-256 digest (what a `.rdc` file records to name its model).
 */
export function loadModel(path: string, device: DeviceName = 'cpu'): LoadedModel {
  requireString('path', path);
  const bytes = new Uint8Array(readFileSync(path));
  const file = decodeSafetensors(bytes, path);
  const digest = new Uint8Array(createHash('sha256').update(bytes).digest());
  const codec = file.metadata['rdlab.codec'];
  const config = <T>(key: string): T => metadataJson<T>(file, key, path);
  const data = (name: string) => tensorData(file, name, path);
  if (codec === 'ntc') {
    const { config: c, params } = readNtcParams(file, path);
    return { codec, model: new Ntc(c, { device, params }), digest };
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
  if (NERD_CODECS.includes(String(codec))) throw new RangeError(`${path}: holds a NERD estimator (codec '${String(codec)}'), not a compressor: load it with loadNerdModel`);
  throw new RangeError(`${path}: unknown codec '${String(codec)}' in the model file's metadata (this rdlab knows: ntc, wz-ecvq, wz-concrete)`);
}

/** An NTC model file's model; a RangeError when the file holds another codec. */
export function loadNtcModel(path: string, device: DeviceName = 'cpu'): Ntc {
  const loaded = loadModel(path, device);
  if (loaded.codec !== 'ntc') throw new RangeError(`${path}: expected an NTC model file, got codec '${loaded.codec}'`);
  return loaded.model;
}

/** The codecs of NERD model files: a NERD point's ('nerd': nerd-gaussian, nerd-fmnist, sandwich-gaussian) and an RCC experiment's NERD series' ('rcc-nerd'). */
const NERD_CODECS = ['nerd', 'rcc-nerd'];

/**
 * A trained NERD model from its model file (codec 'nerd' or 'rcc-nerd': the generator's flat
 * parameters `generator.params` and its {@link NerdConfig} in the metadata `nerd.config`,
 * with an MLP or a ConvNet generator) on `device`, to sample its Q_Y or evaluate it again.
 * The file has no Adam moments: training resumes from a run's checkpoint, not from here.
 */
export function loadNerdModel(path: string, device: DeviceName = 'cpu'): Nerd {
  return readNerdFile(path, NERD_CODECS, device).nerd;
}

/**
 * An 'rcc-nerd' model file (lib/models/rccFile.ts): its NERD model on `device` and, from a
 * version 2 file, the PFR/ORC codecs that coded with it (`codec(method)`).
 */
export function loadRccModel(path: string, device: DeviceName = 'cpu'): LoadedRccModel {
  const { file, nerd } = readNerdFile(path, ['rcc-nerd'], device);
  return rccFromFile(file, nerd, path);
}

/** The decoded file at `path` (its codec one of `codecs`) and the NERD model it holds. */
function readNerdFile(path: string, codecs: string[], device: DeviceName): { file: SafetensorsFile; nerd: Nerd } {
  requireString('path', path);
  const file = decodeSafetensors(new Uint8Array(readFileSync(path)), path);
  const codec = file.metadata['rdlab.codec'];
  if (!codecs.includes(String(codec)))
    throw new RangeError(`${path}: expected ${codecs.length > 1 ? 'a NERD' : 'an RCC'} model file (codec ${codecs.map((c) => `'${c}'`).join(' or ')}), got codec '${String(codec)}'`);
  const config = metadataJson<NerdConfig>(file, 'nerd.config', path), params = tensorData(file, 'generator.params', path);
  try {
    return { file, nerd: new Nerd(config, { device, params }) };
  } catch (e) {
    if (e instanceof Error) e.message = `${path}: ${e.message}`;
    throw e;
  }
}
