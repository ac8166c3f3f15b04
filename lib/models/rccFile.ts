/**
 * A NERD-RCC codec's model file (safetensors, metadata `rdlab.codec` = 'rcc-nerd'): the NERD
 * model — tensor `generator.params` and metadata `nerd.config`, whose generator is an MLP or
 * a ConvNet (`convNet`, e.g. the DCGAN generator of rcc-fmnist) — and what PFR/ORC code with.
 *
 * Version 2 (metadata `rcc.version` = '2'): `rcc.channel` = { beta, rateBits } (β* and C of
 * the Zipf law) and `rcc.options` = { methods, candidates, seed, coder }, so that the file
 * alone rebuilds the codec that wrote a bitstream. Version 1 (rcc-gaussian's files before
 * 2026-12-06, no `rcc.version`) has one method, `rcc.method`, and no channel: it still loads,
 * with its NERD model and method, but has no codec.
 */
import { requireObject, requireOneOf } from '../validate.js';
import type { SafetensorsFile } from '../coding/safetensors.js';
import type { Tensor } from '../tensor.js';
import { metadataJson } from './fileFields.js';
import { Nerd } from './nerd.js';
import { GeneratorRcc, type RccOptions, type RccSlope } from './rcc.js';

/** The version {@link rccModelTensors} writes. */
export const RCC_FILE_VERSION = 2;

export type RccMethod = RccOptions['method'];

/** What a version 2 file stores besides the NERD model: the slope and C, and the options of the codecs that used it. */
export interface RccFileCodec {
  channel: RccSlope;
  /** The methods coded with this Q_Y (one codec each). */
  methods: RccMethod[];
  candidates: number;
  seed: number;
  coder?: RccOptions['coder'];
}

/** The tensors and metadata of a version 2 'rcc-nerd' model file for `model` and `codec`. */
export function rccModelTensors(model: Nerd, codec: RccFileCodec): { tensors: Record<string, Tensor>; metadata: Record<string, string> } {
  if (!(model instanceof Nerd)) throw new TypeError('model: expected a Nerd');
  requireObject('codec', codec);
  const { channel, methods, candidates, seed, coder = 'huffman' } = codec;
  if (!Array.isArray(methods) || methods.length === 0) throw new RangeError('codec.methods: expected a non-empty array of \'pfr\', \'orc\'');
  methods.forEach((m, i) => requireOneOf(`codec.methods[${i}]`, m, ['pfr', 'orc'] as const));
  // the codecs' own checks, before anything is written
  for (const method of methods) new GeneratorRcc(model.generator, channel, { method, candidates, seed, coder });
  return {
    tensors: { 'generator.params': model.generator.params },
    metadata: {
      'rdlab.codec': 'rcc-nerd', 'rcc.version': String(RCC_FILE_VERSION), 'nerd.config': JSON.stringify(model.config),
      'rcc.channel': JSON.stringify({ beta: channel.beta, rateBits: channel.rateBits }), 'rcc.options': JSON.stringify({ methods, candidates, seed, coder }),
    },
  };
}

/** A loaded 'rcc-nerd' file. */
export interface LoadedRccModel {
  /** 1: no channel stored (no codec); 2: the codec's channel and options. */
  version: 1 | 2;
  nerd: Nerd;
  methods: RccMethod[];
  /** The stored β* and C (version 2), else null. */
  channel: RccSlope | null;
  /** The codec that wrote bitstreams with `method` (default the file's first); a RangeError for a version 1 file. */
  codec(method?: RccMethod): GeneratorRcc;
}

/** The RCC half of a decoded 'rcc-nerd' file around its NERD model (lib/models/modelFile.ts reads the file). */
export function rccFromFile(file: SafetensorsFile, nerd: Nerd, path: string): LoadedRccModel {
  const raw = file.metadata['rcc.version'];
  if (raw === undefined) {
    const method = file.metadata['rcc.method'];
    if (method !== 'pfr' && method !== 'orc') throw new RangeError(`${path}: model file metadata 'rcc.method' should be 'pfr' or 'orc', got ${String(method)}`);
    return {
      version: 1, nerd, methods: [method], channel: null,
      codec: () => {
        throw new RangeError(`${path}: a version 1 'rcc-nerd' file stores no channel (rcc.channel: β*, C) nor seed; re-run the experiment to write a version ${RCC_FILE_VERSION} file`);
      },
    };
  }
  if (raw !== '2') throw new RangeError(`${path}: 'rcc-nerd' file version ${raw}; this rdlab reads versions 1 and ${RCC_FILE_VERSION}`);
  const channel = metadataJson<RccSlope>(file, 'rcc.channel', path);
  const options = metadataJson<Omit<RccFileCodec, 'channel'>>(file, 'rcc.options', path);
  if (!Array.isArray(options?.methods) || options.methods.length === 0) throw new RangeError(`${path}: model file metadata 'rcc.options' has no methods`);
  const build = (method: RccMethod) => {
    try {
      return new GeneratorRcc(nerd.generator, channel, { method, candidates: options.candidates, seed: options.seed, coder: options.coder });
    } catch (e) {
      if (e instanceof Error) e.message = `${path}: ${e.message}`;
      throw e;
    }
  };
  options.methods.forEach(build);  // a bad stored field fails the load, naming it
  return {
    version: 2, nerd, methods: [...options.methods], channel,
    codec(method = options.methods[0]) {
      if (!options.methods.includes(method)) throw new RangeError(`method: this file's codecs are ${options.methods.join(', ')}, not ${String(method)}`);
      return build(method);
    },
  };
}
