/**
 * The NERD and ECVQ wide loops (native/cpu/nerd_kernels*.cc) on every instruction set this
 * CPU has: each matches the float64 references at odd sizes, and the p ≠ 2 distortion
 * matrix, its gradient, the β* solve and the objective give the same bits under generic,
 * AVX2 and AVX-512 kernels and thread counts. cpu_isa() is chosen once per process, so each
 * ISA runs test/isa/nerd-cases.ts in a child process.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { info } from '../lib/index.js';

const child = fileURLToPath(new URL('./isa/nerd-cases.js', import.meta.url));
const features = info().cpuFeatures.split(' ');
const isas = ['generic'];
if (features.includes('avx2') && features.includes('fma')) isas.push('avx2');
if (features.includes('avx512f') && features.includes('avx512vl') && features.includes('avx512bw')) isas.push('avx512');

interface Run { isa: string; threads: number; digests: Record<string, string>; errors: Record<string, number> }

/** Tolerances by case: the distortion and gradient to float32 accuracy, β* to the solve's tolerance, ECVQ's indices exactly. */
const tolerance = (name: string) => (name.includes('mismatches') ? 0 : name.startsWith('gradient') || name.startsWith('beta') ? 1e-4 : 1e-5);

const runs: Run[] = [];
for (const [isa, threads] of [...isas.map((isa) => [isa, 2] as const), [isas[isas.length - 1], 3] as const, ['generic', 1] as const]) {
  test(`NERD and ECVQ kernels on ${isa}, ${threads} threads: float64 references, and the generic kernels' bits`, () => {
    const env = { ...process.env, RDLAB_CPU_ISA: isa, RDLAB_NUM_THREADS: String(threads) };
    const r = spawnSync(process.execPath, [child], { env, encoding: 'utf8' });
    assert.is(r.status, 0, r.stderr);
    const run = JSON.parse(r.stdout) as Run;
    assert.is(run.isa, isa);
    assert.is(run.threads, threads);
    for (const [name, err] of Object.entries(run.errors)) assert.ok(err <= tolerance(name), `${isa}: ${name}: error ${err}`);
    runs.push(run);
    assert.equal(run.digests, runs[0].digests, `${isa} vs ${runs[0].isa}`);
  });
}

if (isas.length < 3) console.log(`  nerdIsa: this CPU runs ${isas.join(', ')} only`);

test.run();
