/**
 * An NTC model's layout in a model file (safetensors): metadata `rdlab.codec` = 'ntc' and
 * `ntc.config` (the NtcConfig as JSON); tensors `analysis.params`, `synthesis.params`,
 * `prior.params` (the entropy model's density), `quant.offsets` (its quantization offsets)
 * and, with Fourier features, `fourier.freqs`.
 */
import type { SafetensorsFile } from '../coding/safetensors.js';
import { metadataJson, tensorData } from './fileFields.js';
import type { Tensor } from '../tensor.js';
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
}

/** The tensors and metadata of a model file for an NTC model with `config` and these parameters. */
export function ntcModelTensors(config: NtcConfig, params: NtcParams<Tensor>): { tensors: Record<string, Tensor>; metadata: Record<string, string> } {
  const tensors: Record<string, Tensor> = { 'analysis.params': params.analysis, 'synthesis.params': params.synthesis, 'prior.params': params.prior };
  if (params.offsets) tensors['quant.offsets'] = params.offsets;
  if (params.fourier) tensors['fourier.freqs'] = params.fourier;
  return { tensors, metadata: { 'rdlab.codec': 'ntc', 'ntc.config': JSON.stringify(config) } };
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
    },
  };
}
