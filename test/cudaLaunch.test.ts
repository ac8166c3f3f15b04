// The CUDA launch sizes, checked from the sources (runs without a GPU): `blocks_for`
// (native/cuda/common.cuh) caps a grid at 65535 * 16 blocks, so every kernel it sizes must
// stride over the rest, or the tail past the cap would never be written; and sums over a
// batch are parallel reductions in a fixed order, not one thread or one block walking it.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { cases } from './parity/cases.js';

const cudaDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../native/cuda');
const sources = readdirSync(cudaDir)
  .filter((f) => f.endsWith('.cu') || f.endsWith('.cuh'))
  .map((f) => ({ file: f, text: readFileSync(path.join(cudaDir, f), 'utf8') }));

/** The body of `__global__ void name(...) { ... }` in text, by brace matching. */
function kernelBody(text: string, name: string): string | null {
  return body(text, new RegExp(`__global__ void ${name}\\(`));
}

/** The body of the first function whose head matches `head`, by brace matching. */
function body(text: string, head: RegExp): string | null {
  const start = text.search(head);
  if (start < 0) return null;
  const open = text.indexOf('{', start);
  let depth = 0;
  for (let i = open; i < text.length; ++i) {
    if (text[i] === '{') ++depth;
    if (text[i] === '}' && --depth === 0) return text.slice(open, i + 1);
  }
  return null;
}

test('every kernel sized by blocks_for strides over the whole range', () => {
  let launches = 0;
  for (const { file, text } of sources) {
    for (const m of text.matchAll(/(\w+)(?:<\w+>)?<<<blocks_for\(/g)) {
      ++launches;
      const body = kernelBody(text, m[1]);
      assert.ok(body, `${file}: kernel ${m[1]} not found`);
      assert.match(body!, /\+= int64_t\(gridDim\.x\) \* blockDim\.x/, `${file}: ${m[1]} is sized by blocks_for but has no grid-stride loop`);
    }
  }
  assert.ok(launches > 20, `found ${launches} launches sized by blocks_for`);
});

test('the shared tiled product (MLP, convolutions) strides over row tiles beyond the 65535 blocks of gridDim.y', () => {
  const gemm = sources.find((s) => s.file === 'gemm.cu')!.text;
  assert.match(kernelBody(gemm, 'tiled_gemm')!, /i0 \+= int64_t\(gridDim\.y\) \* kTile/);
  assert.match(gemm, /row_tiles < 65535 \? row_tiles : 65535/);
  // no second copy of the product
  for (const { file, text } of sources) if (file !== 'gemm.cu') assert.not.match(text, /__global__ void tiled_gemm/, file);
});

/** The kernels launched as `name<<<1, threads>>>` (one block) in text. */
function singleBlockLaunches(text: string): { name: string; threads: string }[] {
  return [...text.matchAll(/(\w+)<<<1, (\w+)>>>/g)].map((m) => ({ name: m[1], threads: m[2] }));
}

test('no single-thread kernel loops, and no single-block kernel walks a batch', () => {
  let single = 0;
  for (const { file, text } of sources)
    for (const { name, threads } of singleBlockLaunches(text)) {
      const body = kernelBody(text, name);
      assert.ok(body, `${file}: kernel ${name} not found`);
      if (threads === '1') {
        ++single;
        assert.not.match(body!, /\bfor \(/, `${file}: ${name} runs as one thread but loops`);
      }
      // a batch is B or batch rows: one block over it serialises a training step's sum
      assert.not.match(body!, /< (batch|n);/, `${file}: ${name} is one block looping over the batch`);
    }
  assert.ok(single > 0, 'the scan found the single-thread launches (ecvq)');
});

test('bias gradients and batch totals go through the fixed-order column sums', () => {
  const text = (f: string) => sources.find((s) => s.file === f)!.text;
  assert.match(text('gemm.cu'), /return column_sums\(device, m, n, LoadMatrix/);
  assert.not.match(text('gemm.cu'), /for \(int64_t r = 0; r < m; \+\+r\)/, 'no thread walks all the rows of a column');
  for (const f of ['reduce.cu', 'ecvq.cu', 'concrete.cu', 'entropy.cu']) assert.match(text(f), /column_sums\(device, /, f);
  // the partition is a function of m alone: no device properties, no atomics on floats
  const sum = text('fixed_order_sum.cuh');
  assert.not.match(sum, /atomicAdd|cudaGetDeviceProperties|multiProcessorCount/);
  for (const { file, text: t } of sources) assert.not.match(t, /atomicAdd\((?!&count)/, `${file}: an atomicAdd other than an integer count`);
});

test('NERD β* and Blahut–Arimoto iterate in one cooperative launch that stops on convergence', () => {
  const text = (f: string) => sources.find((s) => s.file === f)!.text;
  for (const [file, entry, kernel] of [['nerd.cu', 'nerd_solve_beta', 'solve_kernel'], ['blahut.cu', 'blahut', 'iterate_kernel']]) {
    const host = body(text(file), new RegExp(`^int ${entry}\\(`, 'm'))!;
    assert.ok(host, `${file}: ${entry} not found`);
    assert.match(host, new RegExp(`launch_cooperative\\("\\w+", ${kernel},`), `${file}: ${kernel} is launched cooperatively`);
    // no loop of launches and no read of the state on the host
    assert.not.match(host, /for \(/, `${file}: ${entry} loops on the host`);
    assert.not.match(host, /cudaMemcpy/, `${file}: ${entry} reads back from the device`);
    assert.match(kernelBody(text(file), kernel)!, /grid\.sync\(\)/, `${file}: ${kernel} waits at grid barriers`);
  }
  // a cooperative grid's size depends on the device, so nothing it sums may depend on it:
  // the batch means run in one block, the change of Blahut–Arimoto is a maximum
  assert.match(kernelBody(text('nerd.cu'), 'solve_kernel')!, /if \(blockIdx\.x == 0\) \{\s*double t\[3\];\s*batch_means/);
  assert.match(kernelBody(text('blahut.cu'), 'iterate_kernel')!, /atomicMax\(/);
});

test('Gumbel rows are read coalesced: a shared-memory tile or a warp per row, never a thread per row in global memory', () => {
  const gumbel = sources.find((s) => s.file === 'gumbel.cu')!.text;
  assert.not.match(gumbel, /gumbel_softmax_row(_backward)?\((logits|u) \+ b \* K/);
  for (const k of ['forward_warp_kernel', 'backward_warp_kernel']) assert.match(kernelBody(gumbel, k)!, /__shfl_xor_sync|warp_sum\(/, k);
});

test('the MLP layer products go through layer_product (fused_plan), not straight to the tiled product', () => {
  const mlp = sources.find((s) => s.file === 'mlp.cu')!.text;
  assert.is((mlp.match(/layer_product\(/g) ?? []).length, 2, 'forward and the backward delta W^T');
  assert.not.match(mlp, /\bgemm\(/);
  assert.match(sources.find((s) => s.file === 'fused_layer.cu')!.text, /const FusedPlan f = fused_plan\(m, k, n\);/);
});

// The plans (row chunks of the sums, k slices of a split product) are plain C++ with
// static_asserts over a sweep of sizes; the CUDA build checks them, and so does this test
// with the host compiler wherever one is (a source build has one).
const compiler = ['c++', 'g++', 'clang++'].find((cc) => spawnSync(cc, ['--version'], { stdio: 'ignore' }).status === 0);
(compiler ? test : test.skip)('the grid plans of native/core/launch_plan.h keep their invariants (host compiler)', () => {
  const header = path.join(cudaDir, '..', 'core', 'launch_plan.h');
  const r = spawnSync(compiler!, ['-std=c++17', '-fsyntax-only', '-x', 'c++', header], { encoding: 'utf8' });
  assert.is(r.status, 0, r.stderr);
  for (const f of ['fixed_order_sum.cuh', 'gemm.cu']) assert.match(sources.find((s) => s.file === f)!.text, /#include "\.\.\/core\/launch_plan\.h"/, f);
});

/** Runs `main` (C++, after launch_plan.h) built by the host compiler; its stdout. */
function runPlan(main: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'rdlab-plan-'));
  try {
    const src = path.join(dir, 'plan.cc'), exe = path.join(dir, 'plan');
    writeFileSync(src, `#include "${path.join(cudaDir, '..', 'core', 'launch_plan.h')}"\n#include <cstdio>\nusing namespace rdlab;\n${main}`);
    const c = spawnSync(compiler!, ['-std=c++17', '-O1', src, '-o', exe], { encoding: 'utf8' });
    assert.is(c.status, 0, c.stderr);
    const r = spawnSync(exe, [], { encoding: 'utf8' });
    assert.is(r.status, 0, r.stderr);
    return r.stdout;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// fused_plan picks the MLP layer kernel: the fused one for widths up to 128, with its shared
// memory within what sm_80 lets a block have; the parity table must run both paths.
(compiler ? test : test.skip)('fused_plan: which MLP layers are fused, and the parity rows run both paths', () => {
  const rows = cases.map((c) => /^mlp ([\d-]+) .*B=(\d+)/.exec(c.name)).filter((m) => m !== null).map((m) => ({ sizes: m![1].split('-').map(Number), batch: Number(m![2]) }));
  assert.ok(rows.length > 0, 'the parity table has MLP rows');
  // the forward's layers (k -> n)
  const layers = rows.flatMap(({ sizes, batch }) => sizes.slice(1).map((n, l) => [batch, sizes[l], n]));
  const probe = [[1001, 128, 128], [1001, 129, 3], [1001, 3, 129], [7, 1, 1], [2 ** 20 + 1, 1, 4], [333, 127, 101]];
  const all = [...probe, ...layers];
  const out = runPlan(`int main() {
  const long long q[][3] = {${all.map((v) => `{${v.join(', ')}}`).join(', ')}};
  for (auto& v : q) {
    const FusedPlan p = fused_plan(v[0], v[1], v[2]);
    std::printf("%d %lld %lld %lld %lld\\n", p.fused ? 1 : 0, (long long)p.rows, (long long)p.stride, (long long)p.smem, (long long)p.blocks);
  }
  std::printf("%lld %lld %lld %lld\\n", (long long)cooperative_blocks(3001, 8, 132), (long long)cooperative_blocks(37, 8, 132),
              (long long)cooperative_blocks(37, 0, 132), (long long)cooperative_blocks(0, 8, 132));
}`).trim().split('\n').map((l) => l.split(' ').map(Number));
  const plans = out.slice(0, all.length);
  assert.equal(out[all.length], [1056, 37, 0, 1], 'cooperative_blocks: the work, at most what the device holds, 0 when nothing fits');
  for (const [i, [m, k, n]] of all.entries()) {
    const [fused, rowsPer, stride, smem, blocks] = plans[i];
    assert.is(fused, k <= 128 && n <= 128 ? 1 : 0, `${m} x ${k} -> ${n}`);
    if (!fused) continue;
    assert.ok(smem <= 163 * 1024 && smem === 4 * (k * n + n + rowsPer * stride), `${k} -> ${n}: ${smem} bytes`);
    assert.ok(stride % 2 === 1 && stride >= k && rowsPer % 4 === 0);
    assert.ok(blocks === Math.min(1024, Math.ceil(m / rowsPer)), `${m} rows: ${blocks} blocks of ${rowsPer}-row tiles`);
  }
  assert.equal(plans[0].slice(0, 4), [1, 8, 129, 4 * (128 * 128 + 128 + 8 * 129)], 'a 128 -> 128 layer: 8-row tiles, 256 columns x rows / 4 threads busy');
  // per parity row, whether its forward layers are all fused, all tiled or mixed
  let at = probe.length;
  const kinds = rows.map(({ sizes }) => {
    const f = sizes.slice(1).map(() => plans[at++][0]);
    return f.every((v) => v === 1) ? 'fused' : f.every((v) => v === 0) ? 'tiled' : 'mixed';
  });
  for (const kind of ['fused', 'tiled', 'mixed'] as const) assert.ok(kinds.includes(kind), `a parity row whose MLP layers are ${kind}`);
  // odd sizes on both paths
  assert.ok(rows.some(({ sizes, batch }, i) => kinds[i] !== 'fused' && batch % 2 === 1 && sizes.some((v) => v > 128 && v % 2 === 1)));
});

test.run();
