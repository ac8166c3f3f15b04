/** `rdlab compress` and `rdlab decompress`: arrays (.npy) to compressed files (.rdc) and back with a trained model. */
import { readFileSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { readNpy, writeNpy } from '../coding/npy.js';
import { decodeRdc, encodeRdc } from '../coding/rdcFile.js';
import { loadModel, type LoadedModel } from '../models/modelFile.js';
import { Rng } from '../rng.js';
import { tensor, type Tensor } from '../tensor.js';

function samplesOf(shape: number[], inputs: number, what: string): number {
  const total = shape.reduce((a, b) => a * b, 1);
  if (total === 0 || total % inputs !== 0)
    throw new RangeError(`${what}: shape (${shape.join(', ')}) does not hold whole samples of ${inputs} elements for this model`);
  return total / inputs;
}

/** Elements of x per sample. */
function inputsOf(m: LoadedModel): number {
  return m.codec === 'ntc' ? m.model.config.inputs : m.model.dim;
}

function compressWith(m: LoadedModel, x: Tensor) {
  // the ECVQ encoder averages over draws of p(y|x): encoder-side randomness the decoder never needs
  if (m.codec === 'wz-ecvq') return m.model.compress(x, m.pair.posterior(x, m.model.config.sideSamples, new Rng(0)));
  return m.model.compress(x);
}

export function codecCommands(program: Command): void {
  program
    .command('compress')
    .description('compress a .npy array with a trained model into a .rdc file; prints bits per sample')
    .requiredOption('--model <file>', 'model file (.safetensors from rdlab run)')
    .requiredOption('--in <file>', 'input array (.npy, float32/float64, C order; rows are samples)')
    .requiredOption('--out <file>', 'output compressed file (.rdc)')
    .action((o: { model: string; in: string; out: string }) => {
      const loaded = loadModel(o.model);
      const { codec, digest } = loaded;
      const arr = readNpy(new Uint8Array(readFileSync(o.in)));
      const inputs = inputsOf(loaded);
      const n = samplesOf(arr.shape, inputs, o.in);
      const stream = compressWith(loaded, tensor(Float32Array.from(arr.data), [n, inputs]));
      const file = encodeRdc({ codec, modelDigest: digest, shape: arr.shape, payload: stream.bytes });
      writeFileSync(o.out, file);
      console.log(`${((file.length * 8) / n).toFixed(4)} bits per sample (${file.length} bytes for ${n} samples; payload ${((stream.bytes.length * 8) / n).toFixed(4)})`);
    });
  program
    .command('decompress')
    .description('decode a .rdc file with the model it was made with into a .npy array')
    .requiredOption('--model <file>', 'the model file used to compress')
    .requiredOption('--in <file>', 'compressed file (.rdc)')
    .requiredOption('--out <file>', 'output array (.npy, float32)')
    .option('--side-info <file>', 'side information (.npy) for Wyner-Ziv codecs')
    .action((o: { model: string; in: string; out: string; sideInfo?: string }) => {
      const loaded = loadModel(o.model);
      const { codec, digest } = loaded;
      const file = decodeRdc(new Uint8Array(readFileSync(o.in)));
      if (file.codec !== codec) throw new RangeError(`${o.in}: made with codec '${file.codec}', but the model is '${codec}'`);
      if (Buffer.compare(Buffer.from(file.modelDigest), Buffer.from(digest)) !== 0)
        throw new RangeError(`${o.in}: made with a different model (digest ${Buffer.from(file.modelDigest).toString('hex').slice(0, 16)}…, this model ${Buffer.from(digest).toString('hex').slice(0, 16)}…)`);
      const n = samplesOf(file.shape, inputsOf(loaded), o.in);
      const stream = { bytes: file.payload, samples: n };
      const m = loaded.codec === 'ntc' ? loaded.model.config.sideInputs ?? 0 : loaded.model.sideDim;
      if (m === 0 && o.sideInfo !== undefined) throw new RangeError(`--side-info: this '${codec}' model takes no side information`);
      if (m > 0 && o.sideInfo === undefined) throw new RangeError(`--side-info: this '${codec}' model decodes with the side information y (.npy, one row per sample)`);
      let side: Tensor | null = null;
      if (o.sideInfo !== undefined) {
        const arr = readNpy(new Uint8Array(readFileSync(o.sideInfo)));
        if (samplesOf(arr.shape, m, o.sideInfo) !== n) throw new RangeError(`--side-info: ${o.sideInfo} holds ${arr.data.length / m} samples, the compressed file ${n}`);
        side = tensor(Float32Array.from(arr.data), [n, m]);
      }
      const xHat = loaded.codec === 'ntc' ? loaded.model.decompress(stream, 'cpu', side) : loaded.model.decompress(stream, side!);
      writeFileSync(o.out, writeNpy({ data: xHat.toArray() as Float32Array, shape: file.shape }));
    });
}
