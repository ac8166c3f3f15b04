/**
 * The batched Philox draws (native/cpu/draw_batch*.cc) on every instruction set this CPU has:
 * 10^6 normals and exponentials, Gaussian source samples, ORC/PFR latents, searches and chunked scans give the same
 * bits under generic, AVX2 and AVX-512 kernels and thread counts, and a Gaussian RCC index
 * encoded under one ISA decodes to the encoder's Y_K under another. cpu_isa() is chosen once
 * per process, so each ISA runs test/isa/orc-cases.ts in a child process.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { info } from '../lib/index.js';

const child = fileURLToPath(new URL('./isa/orc-cases.js', import.meta.url));
const features = info().cpuFeatures.split(' ');
const isas = ['generic'];
if (features.includes('avx2') && features.includes('fma')) isas.push('avx2');
if (features.includes('avx512f') && features.includes('avx512vl') && features.includes('avx512bw')) isas.push('avx512');

interface Encoded { method: 'pfr' | 'orc'; bytes: string; bits: number; y: string }
interface Run { isa: string; threads: number; draws: Record<string, string>; encoded: Encoded[] }

function runChild(isa: string, threads: number, decode?: Encoded): Record<string, unknown> {
  const env = { ...process.env, RDLAB_CPU_ISA: isa, RDLAB_NUM_THREADS: String(threads) };
  const r = spawnSync(process.execPath, decode ? [child, JSON.stringify(decode)] : [child], { env, encoding: 'utf8' });
  assert.is(r.status, 0, r.stderr);
  return JSON.parse(r.stdout) as Record<string, unknown>;
}

const runs: Run[] = [];
for (const [isa, threads] of [...isas.map((isa) => [isa, 2] as const), [isas[isas.length - 1], 3] as const, ['generic', 1] as const]) {
  test(`draws, searches and scans on ${isa} kernels, ${threads} threads, are the generic kernels' bits`, () => {
    const run = runChild(isa, threads) as unknown as Run;
    assert.is(run.isa, isa);
    assert.is(run.threads, threads);
    runs.push(run);
    assert.equal(run.draws, runs[0].draws, `${isa} vs ${runs[0].isa}`);
    assert.equal(run.encoded, runs[0].encoded, 'the same RCC bitstreams and Y_K');
  });
}

test('a Gaussian RCC index encoded under one ISA decodes to the encoder\'s Y_K under every other', () => {
  assert.ok(runs.length > 0);
  for (let a = 0; a < isas.length; ++a)
    for (const enc of runs[a].encoded)
      for (const isa of isas.filter((_, b) => b !== a || isas.length === 1)) {
        const dec = runChild(isa, 2, enc);
        assert.is(dec.y, enc.y, `${enc.method} encoded on ${isas[a]}, decoded on ${isa}`);
      }
});

if (isas.length < 3) console.log(`  orcIsa: this CPU runs ${isas.join(', ')} only`);

test.run();
