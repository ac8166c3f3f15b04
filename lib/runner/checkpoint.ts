/**
 * Checkpoints: a trainable's state as a safetensors file. Tensors are stored as tensors;
 * numbers, bigints and strings go into the metadata key `rdlab.scalars` as tagged strings so
 * that they come back exactly (a float64 through `String()`, a bigint in decimal).
 */
import { tensor, isTensor, type Tensor } from '../tensor.js';
import { encodeSafetensors, readSafetensors, type SafetensorsArray } from '../coding/safetensors.js';
import { writeFileAtomic } from '../coding/atomicFile.js';
import type { TrainableState } from './types.js';

type Scalar = { t: 'number' | 'bigint' | 'string'; v: string };

/** Host copies of tensors, ready for {@link encodeSafetensors}. */
export function hostTensors(tensors: Record<string, Tensor>): Record<string, { shape: number[]; data: SafetensorsArray }> {
  const out: Record<string, { shape: number[]; data: SafetensorsArray }> = {};
  for (const [k, t] of Object.entries(tensors)) out[k] = { shape: t.shape, data: t.toArray() };
  return out;
}

/** Writes `state` atomically to `file`, with `metadata` (the runner's own keys) beside it. */
export function saveState(file: string, state: TrainableState, metadata: Record<string, string>): void {
  const tensors: Record<string, Tensor> = {};
  const scalars: Record<string, Scalar> = {};
  for (const [k, v] of Object.entries(state)) {
    if (isTensor(v)) tensors[k] = v;
    else if (typeof v === 'number' || typeof v === 'bigint' || typeof v === 'string') scalars[k] = { t: typeof v as Scalar['t'], v: String(v) };
    else throw new TypeError(`state.${k}: expected a Tensor, number, bigint or string`);
  }
  const bytes = encodeSafetensors({ tensors: hostTensors(tensors), metadata: { ...metadata, 'rdlab.scalars': JSON.stringify(scalars) } });
  writeFileAtomic(file, bytes);
}

/** Reads a checkpoint: the state (tensors on the CPU) and the runner's metadata. */
export function loadState(file: string): { state: TrainableState; metadata: Record<string, string> } {
  const { tensors, metadata } = readSafetensors(file);
  const state: TrainableState = {};
  for (const [k, t] of Object.entries(tensors)) {
    if (t.data instanceof Float64Array) throw new Error(`${file}: state tensor '${k}' is F64; rdlab tensors are F32, I32 or U32`);
    state[k] = tensor(t.data, t.shape);
  }
  const { 'rdlab.scalars': scalarText, ...rest } = metadata;
  let scalars: Record<string, Scalar>;
  try {
    scalars = JSON.parse(scalarText ?? '{}') as Record<string, Scalar>;
  } catch {
    throw new Error(`${file}: metadata 'rdlab.scalars' is not JSON`);
  }
  for (const [k, s] of Object.entries(scalars)) state[k] = s.t === 'number' ? Number(s.v) : s.t === 'bigint' ? BigInt(s.v) : s.v;
  return { state, metadata: rest };
}
