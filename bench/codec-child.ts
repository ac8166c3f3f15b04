/**
 * One codec operation in its own process, for bench/codec.bench.ts: loads the model, notes the
 * peak RSS so far (VmHWM: the runtime, the addon and the model), runs compressFile or
 * decompressFile, and prints one JSON line with the time and the peak RSS after.
 *   node dist/bench/codec-child.js compress|decompress MODEL IN OUT
 */
import { readFileSync } from 'node:fs';
import { compressFile, decompressFile, loadModel } from '../lib/index.js';

/** A field of /proc/self/status in bytes (kB there). */
function status(field: 'VmHWM' | 'VmRSS'): number {
  const line = readFileSync('/proc/self/status', 'utf8').split('\n').find((l) => l.startsWith(`${field}:`));
  if (!line) throw new Error(`/proc/self/status has no ${field}`);
  return Number(/(\d+)\s*kB/.exec(line)![1]) * 1024;
}

const [op, model, input, output] = process.argv.slice(2);
const loaded = loadModel(model);
const before = status('VmHWM');
const t0 = performance.now();
const summary = op === 'compress'
  ? await compressFile(loaded, input, output, { force: true })
  : await decompressFile(loaded, input, output, { force: true });
const seconds = (performance.now() - t0) / 1000;
console.log(JSON.stringify({ op, seconds, peakRssBeforeBytes: before, peakRssBytes: status('VmHWM'), summary }));
