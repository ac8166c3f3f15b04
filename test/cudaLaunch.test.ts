// The CUDA launch sizes, checked from the sources (runs without a GPU): `blocks_for`
// (native/cuda/common.cuh) caps a grid at 65535 * 16 blocks, so every kernel it sizes must
// stride over the rest, or the tail past the cap would never be written; and sums over a
// batch are parallel reductions in a fixed order, not one thread or one block walking it.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';

const cudaDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../native/cuda');
const sources = readdirSync(cudaDir)
  .filter((f) => f.endsWith('.cu') || f.endsWith('.cuh'))
  .map((f) => ({ file: f, text: readFileSync(path.join(cudaDir, f), 'utf8') }));

/** The body of `__global__ void name(...) { ... }` in text, by brace matching. */
function kernelBody(text: string, name: string): string | null {
  const start = text.search(new RegExp(`__global__ void ${name}\\(`));
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
  assert.ok(single > 0, 'the scan found the single-thread launches (ecvq, nerd)');
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

test.run();
