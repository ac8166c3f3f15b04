/**
 * The streaming codec at scale: trains one 1-D NTC model of `gaussian-ntc` (its quick preset
 * at λ = 256, through the CLI), writes 10M unit-Gaussian samples to a .npy (40 MB), then
 * compresses and decompresses them with the library's compressFile / decompressFile, each in
 * its own process (bench/codec-child.ts), and reports the time, the peak RSS and the peak
 * RSS's growth over the process with the model loaded (VmHWM of /proc/self/status), the
 * rate and the distortion. RDLAB_CODEC_BENCH_SAMPLES overrides the sample count.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gaussian, readNpy, Rng, writeNpy } from '../lib/index.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const cli = path.join(here, '..', 'lib', 'cli', 'main.js');
const MB = 2 ** 20;

function run(args: string[]): string {
  const r = spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 1 << 24 });
  if (r.status !== 0) throw new Error(`${args.join(' ')} failed (${r.status}): ${r.stderr}`);
  return r.stdout;
}

export default async function codecBench(): Promise<Record<string, unknown>[]> {
  const samples = Number(process.env.RDLAB_CODEC_BENCH_SAMPLES ?? 10_000_000);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'rdlab-codec-bench-'));
  try {
    const t0 = performance.now();
    run([cli, 'run', 'gaussian-ntc', '--quick', '--set', 'lambdas=[256]', '--out', path.join(dir, 'run')]);
    const trainSeconds = (performance.now() - t0) / 1000;
    const models = path.join(dir, 'run', 'models');
    const model = path.join(models, readdirSync(models).find((f) => f.endsWith('.safetensors'))!);
    const x = new Float32Array(samples), source = gaussian(1), rng = new Rng(11, 1);
    for (let at = 0; at < samples; at += 2 ** 20) {
      const batch = source.sample(Math.min(2 ** 20, samples - at), rng).x;
      x.set(batch.toArray() as Float32Array, at);
      batch.dispose();
    }
    writeFileSync(path.join(dir, 'x.npy'), writeNpy({ data: x, shape: [samples, 1] }));
    const rows = [];
    for (const [op, input, output] of [['compress', 'x.npy', 'x.rdc'], ['decompress', 'x.rdc', 'xhat.npy']]) {
      const r = JSON.parse(run([path.join(here, 'codec-child.js'), op, model, path.join(dir, input), path.join(dir, output)]));
      rows.push({
        op, samples, seconds: r.seconds, samples_per_second: samples / r.seconds,
        peak_rss_mb: r.peakRssBytes / MB, peak_rss_growth_mb: (r.peakRssBytes - r.peakRssBeforeBytes) / MB,
        ...(op === 'compress' ? { chunks: r.summary.chunks, bits_per_sample: (8 * statSync(path.join(dir, 'x.rdc')).size) / samples } : {}),
      });
    }
    const xHat = readNpy(new Uint8Array(readFileSync(path.join(dir, 'xhat.npy')))).data;
    let mse = 0;
    for (let i = 0; i < samples; ++i) mse += (x[i] - xHat[i]) ** 2;
    (rows[1] as Record<string, unknown>).mse = mse / samples;
    for (const r of rows) (r as Record<string, unknown>).model = `gaussian-ntc --quick, lambda 256 (trained in ${trainSeconds.toFixed(1)} s)`;
    return rows;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
