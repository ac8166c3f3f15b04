/** `rdlab compress` and `rdlab decompress`: arrays (.npy) to compressed files (.rdc) and back with a trained model. */
import { existsSync, readFileSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { readNpy, writeNpy } from '../coding/npy.js';
import { decodeRdc, encodeRdc } from '../coding/rdcFile.js';
import { writeFileAtomic } from '../runner/atomic.js';
import { loadModel, type LoadedModel } from '../models/modelFile.js';
import { Rng } from '../rng.js';
import { requireFiniteValues, tensor, type Tensor } from '../tensor.js';

/** `file`'s real path, also before it exists (then its folder's real path and its name). */
function realPath(file: string, flag: string): string {
  if (existsSync(file)) return realpathSync(file);
  const dir = path.dirname(path.resolve(file));
  if (!existsSync(dir)) throw new RangeError(`${flag}: the folder ${dir} does not exist`);
  return path.join(realpathSync(dir), path.basename(file));
}

/**
 * Refuses an output that is one of the command's inputs (by real path, or the same file
 * through a hard link) or that exists without --force: a command never destroys its input
 * or an earlier result by accident.
 */
function checkOutput(out: string, inputs: Record<string, string | undefined>, force: boolean): void {
  const target = realPath(out, '--out');
  for (const [flag, file] of Object.entries(inputs)) {
    if (file === undefined) continue;
    if (!existsSync(file)) throw new RangeError(`${flag}: ${file} does not exist`);
    const same = realPath(file, flag) === target ||
      (existsSync(out) && existsSync(file) && statSync(out).ino === statSync(file).ino && statSync(out).dev === statSync(file).dev);
    if (same) throw new RangeError(`--out: ${out} is the file given as ${flag}; refusing to write over an input`);
  }
  if (existsSync(out) && !force) throw new RangeError(`--out: ${out} exists; pass --force to replace it`);
}

/** Rows checked by {@link outOfRangeWarning}: the largest in magnitude. */
const CHECKED_ROWS = 1024;

/**
 * The relative distortion ||x - x̂||² / ||x||² of the largest-magnitude samples through a
 * point-to-point NTC model, coded and decoded as the whole input will be, and a warning when it
 * passes 1/2: values far outside what the model was trained on decode to about one constant.
 */
function outOfRangeWarning(m: LoadedModel, x: Float32Array, n: number, inputs: number): string | null {
  if (m.codec !== 'ntc' || (m.model.config.sideInputs ?? 0) > 0) return null;
  const norm = (i: number) => { let s = 0; for (let j = 0; j < inputs; ++j) s += x[i * inputs + j] ** 2; return s; };
  const norms = Float64Array.from({ length: n }, (_, i) => norm(i));
  const rows = Array.from({ length: n }, (_, i) => i).sort((a, b) => norms[b] - norms[a]).slice(0, CHECKED_ROWS);
  const picked = new Float32Array(rows.length * inputs);
  rows.forEach((r, k) => picked.set(x.subarray(r * inputs, (r + 1) * inputs), k * inputs));
  const ntc = m.model;
  const xHat = ntc.decompress(ntc.compress(tensor(picked, [rows.length, inputs])), 'cpu').toArray();
  let err = 0, energy = 0;
  for (let i = 0; i < picked.length; ++i) { err += (picked[i] - xHat[i]) ** 2; energy += picked[i] ** 2; }
  const relative = energy > 0 ? err / energy : 0;
  if (!(relative > 0.5)) return null;
  return `warning: the ${rows.length} largest samples (norm up to ${Math.sqrt(norms[rows[0]]).toPrecision(3)}) decode with relative distortion ${relative.toPrecision(3)} (||x - x̂||² / ||x||²); the input lies outside what the model was trained on`;
}

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
    .option('--force', 'replace --out if it exists')
    .action((o: { model: string; in: string; out: string; force?: boolean }) => {
      checkOutput(o.out, { '--model': o.model, '--in': o.in }, o.force === true);
      const loaded = loadModel(o.model);
      const { codec, digest } = loaded;
      const arr = readNpy(new Uint8Array(readFileSync(o.in)));
      const inputs = inputsOf(loaded);
      const n = samplesOf(arr.shape, inputs, o.in);
      const x = Float32Array.from(arr.data);
      const xt = tensor(x, [n, inputs]);
      requireFiniteValues(o.in, xt, inputs);
      const warning = outOfRangeWarning(loaded, x, n, inputs);
      if (warning !== null) console.error(`rdlab: ${warning}`);
      const stream = compressWith(loaded, xt);
      const file = encodeRdc({ codec, modelDigest: digest, shape: arr.shape, payload: stream.bytes });
      writeFileAtomic(o.out, file);
      console.log(`${((file.length * 8) / n).toFixed(4)} bits per sample (${file.length} bytes for ${n} samples; payload ${((stream.bytes.length * 8) / n).toFixed(4)})`);
    });
  program
    .command('decompress')
    .description('decode a .rdc file with the model it was made with into a .npy array')
    .requiredOption('--model <file>', 'the model file used to compress')
    .requiredOption('--in <file>', 'compressed file (.rdc)')
    .requiredOption('--out <file>', 'output array (.npy, float32)')
    .option('--side-info <file>', 'side information (.npy) for Wyner-Ziv codecs')
    .option('--force', 'replace --out if it exists')
    .action((o: { model: string; in: string; out: string; sideInfo?: string; force?: boolean }) => {
      checkOutput(o.out, { '--model': o.model, '--in': o.in, '--side-info': o.sideInfo }, o.force === true);
      const loaded = loadModel(o.model);
      const { codec, digest } = loaded;
      const file = decodeRdc(new Uint8Array(readFileSync(o.in)));
      if (file.codec !== codec) throw new RangeError(`${o.in}: made with codec '${file.codec}', but the model is '${codec}'`);
      if (Buffer.compare(Buffer.from(file.modelDigest), Buffer.from(digest)) !== 0)
        throw new RangeError(`${o.in}: made with a different model (digest ${Buffer.from(file.modelDigest).toString('hex').slice(0, 16)}…, this model ${Buffer.from(digest).toString('hex').slice(0, 16)}…)`);
      const n = samplesOf(file.shape, inputsOf(loaded), o.in);
      if (loaded.codec === 'ntc') {
        // the decoder refuses this too; checked here to name the file and its header
        const capacity = loaded.model.entropyModel.sampleCapacity(file.payload.length);
        if (n > capacity) throw new RangeError(`${o.in}: the header declares ${n} samples, but its ${file.payload.length}-byte payload can hold at most ${capacity} under this model; the file is corrupt or crafted`);
      }
      const stream = { bytes: file.payload, samples: n };
      const m = loaded.codec === 'ntc' ? loaded.model.config.sideInputs ?? 0 : loaded.model.sideDim;
      if (m === 0 && o.sideInfo !== undefined) throw new RangeError(`--side-info: this '${codec}' model takes no side information`);
      if (m > 0 && o.sideInfo === undefined) throw new RangeError(`--side-info: this '${codec}' model decodes with the side information y (.npy, one row per sample)`);
      let side: Tensor | null = null;
      if (o.sideInfo !== undefined) {
        const arr = readNpy(new Uint8Array(readFileSync(o.sideInfo)));
        if (samplesOf(arr.shape, m, o.sideInfo) !== n) throw new RangeError(`--side-info: ${o.sideInfo} holds ${arr.data.length / m} samples, the compressed file ${n}`);
        side = tensor(Float32Array.from(arr.data), [n, m]);
        requireFiniteValues(o.sideInfo, side, m);
      }
      const xHat = loaded.codec === 'ntc' ? loaded.model.decompress(stream, 'cpu', side) : loaded.model.decompress(stream, side!);
      writeFileAtomic(o.out, writeNpy({ data: xHat.toArray() as Float32Array, shape: file.shape }));
    });
}
