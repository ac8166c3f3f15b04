/**
 * The fused MLP products, and the convolutions built on them, on every instruction set this
 * CPU has (generic, AVX2, AVX-512) against the float64 reference. cpu_isa() is chosen once per process, so each ISA runs
 * in a child process with RDLAB_CPU_ISA set, on two threads so that the parallel splits run
 * (and the widest ISA on three too: uneven splits).
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { info } from '../lib/index.js';

const child = fileURLToPath(new URL('./isa/mlp-cases.js', import.meta.url));
const convChild = fileURLToPath(new URL('./isa/conv-cases.js', import.meta.url));
const features = info().cpuFeatures.split(' ');
const isas = ['generic'];
if (features.includes('avx2') && features.includes('fma')) isas.push('avx2');
if (features.includes('avx512f')) isas.push('avx512');

const runs = isas.map((isa) => ({ isa, threads: 2 }));
runs.push({ isa: isas[isas.length - 1], threads: 3 });

for (const { isa, threads } of runs) {
  test(`mlp forward/backward on ${isa} kernels, ${threads} threads, match the float64 reference at odd sizes`, () => {
    const env = { ...process.env, RDLAB_CPU_ISA: isa, RDLAB_NUM_THREADS: String(threads) };
    const r = spawnSync(process.execPath, [child], { env, encoding: 'utf8' });
    assert.is(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout) as { isa: string; threads: number; repeatable: boolean; cases: { name: string; err: number }[] };
    assert.is(out.isa, isa);
    assert.is(out.threads, threads);
    assert.ok(out.repeatable, 'a pass split over threads gave different bits when repeated');
    for (const c of out.cases) assert.ok(c.err < 1e-4, `${isa} ${c.name}: relative error ${c.err}`);
  });

  test(`conv2d / convTranspose2d forward/backward on ${isa} kernels, ${threads} threads, match the float64 reference`, () => {
    const env = { ...process.env, RDLAB_CPU_ISA: isa, RDLAB_NUM_THREADS: String(threads) };
    const r = spawnSync(process.execPath, [convChild], { env, encoding: 'utf8' });
    assert.is(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout) as { isa: string; threads: number; cases: { name: string; err: number }[] };
    assert.is(out.isa, isa);
    assert.is(out.threads, threads);
    for (const c of out.cases) assert.ok(c.err < 1e-5, `${isa} ${c.name}: relative error ${c.err}`);
  });
}

test.run();
