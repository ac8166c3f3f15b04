/**
 * An NTC model's layout in a model file (safetensors): metadata `rdlab.codec` = 'ntc' and
 * `ntc.config` (the NtcConfig as JSON); tensors `analysis.params`, `synthesis.params`,
 * `prior.params` (the entropy model's density), `quant.offsets` (its quantization offsets)
 * and, with Fourier features, `fourier.freqs`. The coder's integer tables (what encoder and
 * decoder code with, so that any machine decodes any other's files): `coder.lo` I32 [C] (each
 * table's first bin), `coder.freq` U32 [C, K] (the K bins' frequencies), `coder.escape` U32
 * [C], and metadata `ntc.coderPrecision` (each table sums to 2^precision). Files written
 * before the tables were stored lack them: the tables are then computed from the prior on
 * load, which is exact only on a machine that computes the prior's float32 masses the same.
 */
import type { SafetensorsFile } from '../coding/safetensors.js';
import { metadataJson, tensorData, typedTensor } from './fileFields.js';
import { tensor, type Tensor } from '../tensor.js';
import { checkCoderTables, type CoderTables } from '../nn/continuousEntropyModel.js';
import type { NtcConfig } from './ntc.js';

/** An NTC model's parameters by part (tensors when writing, the file's arrays when reading). */
export interface NtcParams<T> {
  analysis: T;
  synthesis: T;
  prior: T;
  /** The Fourier frequencies, with Fourier features. */
  fourier?: T;
  /** The quantization offsets (absent in files written before they existed: m = 0). */
  offsets?: T;
  /** The coder's integer tables (absent in files written before they were stored: computed on load). */
  coder?: CoderTables;
}

/** The tensors and metadata of a model file for an NTC model with `config` and these parameters. */
export function ntcModelTensors(config: NtcConfig, params: NtcParams<Tensor>): { tensors: Record<string, Tensor>; metadata: Record<string, string> } {
  const tensors: Record<string, Tensor> = { 'analysis.params': params.analysis, 'synthesis.params': params.synthesis, 'prior.params': params.prior };
  if (params.offsets) tensors['quant.offsets'] = params.offsets;
  if (params.fourier) tensors['fourier.freqs'] = params.fourier;
  const metadata: Record<string, string> = { 'rdlab.codec': 'ntc', 'ntc.config': JSON.stringify(config) };
  if (params.coder) {
    const { tables, precision } = params.coder, C = tables.length, K = tables[0].freq.length;
    if (tables.some((t) => t.freq.length !== K)) throw new RangeError('params.coder.tables: a model file stores tables of one length');
    const freq = new Uint32Array(C * K);
    tables.forEach((t, c) => freq.set(t.freq, c * K));
    tensors['coder.lo'] = tensor(Int32Array.from(tables, (t) => t.lo), [C]);
    tensors['coder.freq'] = tensor(freq, [C, K]);
    tensors['coder.escape'] = tensor(Uint32Array.from(tables, (t) => t.escape), [C]);
    metadata['ntc.coderPrecision'] = String(precision);
  }
  return { tensors, metadata };
}

/** The stored coder tables of a model file, or undefined when it has none; shapes checked against the C latents. */
function readCoderTables(file: SafetensorsFile, C: number, path: string): CoderTables | undefined {
  if (!('coder.freq' in file.tensors)) return undefined;
  const lo = typedTensor(file, 'coder.lo', 'I32', path), freq = typedTensor(file, 'coder.freq', 'U32', path);
  const escape = typedTensor(file, 'coder.escape', 'U32', path);
  const K = freq.shape[1];
  if (lo.shape.join() !== String(C) || escape.shape.join() !== String(C) || freq.shape.length !== 2 || freq.shape[0] !== C || !(K >= 1))
    throw new RangeError(`${path}: coder tables should be coder.lo [${C}], coder.freq [${C}, K], coder.escape [${C}]; got [${lo.shape.join(', ')}], [${freq.shape.join(', ')}], [${escape.shape.join(', ')}]`);
  const precision = Number(file.metadata['ntc.coderPrecision']);
  if (!Number.isInteger(precision)) throw new RangeError(`${path}: model file metadata 'ntc.coderPrecision' is missing or not an integer`);
  return checkCoderTables({
    precision,
    tables: Array.from({ length: C }, (_, c) => ({ lo: lo.data[c], freq: (freq.data as Uint32Array).slice(c * K, (c + 1) * K), escape: escape.data[c] })),
  }, C, `${path}: coder`);
}

/** Reads an NTC model file's config and parameters; `path` names the file in errors. */
export function readNtcParams(file: SafetensorsFile, path: string): { config: NtcConfig; params: NtcParams<Float32Array> } {
  const config = metadataJson<NtcConfig>(file, 'ntc.config', path);
  const data = (name: string) => tensorData(file, name, path);
  return {
    config,
    params: {
      analysis: data('analysis.params'), synthesis: data('synthesis.params'), prior: data('prior.params'),
      ...(config.fourier ? { fourier: data('fourier.freqs') } : {}),
      ...('quant.offsets' in file.tensors ? { offsets: data('quant.offsets') } : {}),
      ...('coder.freq' in file.tensors ? { coder: readCoderTables(file, config.latents, path) } : {}),
    },
  };
}
