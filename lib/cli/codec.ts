/** `rdlab compress` and `rdlab decompress`: arrays (.npy) to compressed files (.rdc) and back with a trained model. */
import type { Command } from 'commander';
import { RDC_MAX_CHUNK } from '../coding/rdcFile.js';
import { compressFile, decompressFile, type FileLabels } from '../models/codecStream.js';

const LABELS: FileLabels = { model: '--model', input: '--in', output: '--out', side: '--side-info', force: '--force' };

function chunkOption(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || !(n >= 1 && n <= RDC_MAX_CHUNK)) throw new RangeError(`--chunk: expected an integer in [1, ${RDC_MAX_CHUNK}] (samples per chunk), got '${value}'`);
  return n;
}

export function codecCommands(program: Command): void {
  program
    .command('compress')
    .description('compress a .npy array with a trained model into a .rdc file, one chunk at a time; prints bits per sample')
    .requiredOption('--model <file>', 'model file (.safetensors from rdlab run)')
    .requiredOption('--in <file>', 'input array (.npy, float32/float64, C order; rows are samples)')
    .requiredOption('--out <file>', 'output compressed file (.rdc)')
    .option('--chunk <samples>', 'samples per chunk (default: 2^16 elements worth; memory holds one chunk)', chunkOption)
    .option('--force', 'replace --out if it exists')
    .action(async (o: { model: string; in: string; out: string; chunk?: number; force?: boolean }) => {
      const s = await compressFile(o.model, o.in, o.out, {
        force: o.force === true, chunk: o.chunk, labels: LABELS, onWarning: (w) => console.error(`rdlab: warning: ${w}`),
      });
      console.log(`${((s.bytes * 8) / s.samples).toFixed(4)} bits per sample (${s.bytes} bytes for ${s.samples} samples in ${s.chunks} chunks; payload ${((s.payloadBytes * 8) / s.samples).toFixed(4)})`);
    });
  program
    .command('decompress')
    .description('decode a .rdc file with the model it was made with into a .npy array, one chunk at a time')
    .requiredOption('--model <file>', 'the model file used to compress')
    .requiredOption('--in <file>', 'compressed file (.rdc)')
    .requiredOption('--out <file>', 'output array (.npy, float32)')
    .option('--side-info <file>', 'side information (.npy) for Wyner-Ziv codecs')
    .option('--force', 'replace --out if it exists')
    .action(async (o: { model: string; in: string; out: string; sideInfo?: string; force?: boolean }) => {
      await decompressFile(o.model, o.in, o.out, { force: o.force === true, side: o.sideInfo, labels: LABELS });
    });
}
