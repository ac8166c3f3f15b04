// The CUDA backend's grid plans, in plain C++ so that they are checked where no GPU is: the
// fixed-order sums' row chunks (native/cuda/fixed_order_sum.cuh), the k slices of a split
// product (native/cuda/gemm.cu), the MLP's fused narrow-layer kernel (native/cuda/fused_layer.cu)
// and the size of a cooperative grid (native/cuda/cooperative.cuh). The first three are
// functions of the sizes only (never of the device), which makes those sums reproducible; a
// cooperative grid depends on the device, so its kernels give each block's work an order
// that does not. The static_asserts at the end check the invariants the kernels rely on,
// over a sweep of sizes, at every compile.
#pragma once
#include <cstdint>
#include <initializer_list>

namespace rdlab {

// Rows cut into `chunks` of `rows_per_chunk` (the last may be short, none is empty): at
// least kMinRowsPerChunk rows a chunk (unless m is smaller), at most kMaxChunks chunks
// (gridDim.y).
struct SumPlan {
  int64_t chunks;
  int64_t rows_per_chunk;
};
constexpr int64_t kMinRowsPerChunk = 256, kMaxChunks = 1024;

constexpr SumPlan sum_plan(int64_t m) {
  if (m <= 0) return {1, 0};
  int64_t chunks = m / kMinRowsPerChunk;
  if (chunks > kMaxChunks) chunks = kMaxChunks;
  if (chunks < 1) chunks = 1;
  const int64_t rows = (m + chunks - 1) / chunks;
  return {(m + rows - 1) / rows, rows};  // drops chunks that rounding up would leave empty
}

// The slices of the k dimension of an [m, n] product made of 16 x 16 tiles: one when the
// output has kSplitBlocks tiles or more; else enough for about kSplitBlocks blocks, each
// slice at least kMinSliceK long.
constexpr int64_t kGemmTile = 16, kSplitBlocks = 256, kMinSliceK = 1024;

constexpr int64_t k_slices(int64_t m, int64_t n, int64_t k) {
  const int64_t tiles = ((m + kGemmTile - 1) / kGemmTile) * ((n + kGemmTile - 1) / kGemmTile);
  if (tiles >= kSplitBlocks) return 1;
  const int64_t by_k = k / kMinSliceK, by_tiles = (kSplitBlocks + tiles - 1) / tiles;
  const int64_t s = by_k < by_tiles ? by_k : by_tiles;
  return s > 1 ? s : 1;
}

// A layer of the MLP whose input and output widths are both at most kFusedWidth runs as one
// fused kernel (tiny-cuda-nn's approach, Müller et al. 2021): each block loads the layer's
// weights [k, n] (and bias) into shared memory once and keeps them for its whole batch tile,
// streaming tiles of `rows` input rows through shared memory; a thread computes one output
// column for kFusedRowsPerThread rows. Wider layers use the tiled product.
constexpr int64_t kFusedWidth = 128, kFusedThreads = 256, kFusedRowsPerThread = 4, kFusedMaxBlocks = 1024;
// bytes of shared memory for the input rows of a tile (the weights come on top)
constexpr int64_t kFusedRowBytes = 32 * 1024;

struct FusedPlan {
  bool fused;       // false: the tiled product
  int64_t rows;     // rows of a batch tile, a multiple of kFusedRowsPerThread
  int64_t stride;   // floats between staged input rows: k rounded up to odd (no bank conflicts)
  int64_t smem;     // bytes of dynamic shared memory: weights, bias, staged rows
  int64_t blocks;   // grid size (blocks stride over the tiles)
};

constexpr FusedPlan fused_plan(int64_t m, int64_t k, int64_t n) {
  if (k < 1 || n < 1 || k > kFusedWidth || n > kFusedWidth) return {false, 0, 0, 0, 0};
  const int64_t stride = k | 1;
  // enough rows that n columns x rows / kFusedRowsPerThread keep every thread busy, within
  // the row budget; at least kFusedRowsPerThread
  int64_t rows = (kFusedThreads * kFusedRowsPerThread + n - 1) / n;
  const int64_t cap = kFusedRowBytes / (4 * stride);
  if (rows > cap) rows = cap;
  rows = rows / kFusedRowsPerThread * kFusedRowsPerThread;
  if (rows < kFusedRowsPerThread) rows = kFusedRowsPerThread;
  const int64_t tiles = (m + rows - 1) / rows;
  const int64_t blocks = tiles < 1 ? 1 : (tiles > kFusedMaxBlocks ? kFusedMaxBlocks : tiles);
  return {true, rows, stride, 4 * (k * n + n + rows * stride), blocks};
}

// A cooperative grid (every block resident at once, so grid-wide barriers cannot deadlock):
// as many blocks as there is work for, at most what the device holds at once; 0 when the
// kernel does not fit on a multiprocessor at all.
constexpr int64_t cooperative_blocks(int64_t work, int64_t per_sm, int64_t sms) {
  const int64_t most = per_sm * sms;
  if (most < 1) return 0;
  return work < 1 ? 1 : (work < most ? work : most);
}

namespace launch_plan_check {

// Every row in exactly one chunk, no chunk empty, the chunk count within the grid.
constexpr bool sum_plan_ok(int64_t m) {
  const SumPlan p = sum_plan(m);
  if (p.chunks < 1 || p.chunks > kMaxChunks) return false;
  if (p.chunks * p.rows_per_chunk < m) return false;
  if (m > 0 && (p.chunks - 1) * p.rows_per_chunk >= m) return false;
  return m < kMinRowsPerChunk || p.rows_per_chunk >= kMinRowsPerChunk;
}

// Slices within gridDim.z, each slice non-empty (block z starts before k ends).
constexpr bool k_slices_ok(int64_t m, int64_t n, int64_t k) {
  const int64_t s = k_slices(m, n, k);
  if (s < 1 || s > kSplitBlocks) return false;
  const int64_t kc = (k + s - 1) / s;
  return s == 1 || ((s - 1) * kc < k && kc >= kMinSliceK);
}

// Shared memory within the 163 KiB a block may opt into on sm_80 (227 KiB on sm_90), every
// tile's rows covered by the threads, the grid within its cap.
constexpr bool fused_plan_ok(int64_t m, int64_t k, int64_t n) {
  const FusedPlan p = fused_plan(m, k, n);
  if (!p.fused) return k > kFusedWidth || n > kFusedWidth;
  if (p.smem > 163 * 1024 || p.rows % kFusedRowsPerThread != 0 || p.rows < kFusedRowsPerThread) return false;
  if (p.stride % 2 != 1 || p.stride < k) return false;
  if (p.blocks < 1 || p.blocks > kFusedMaxBlocks || (m > 0 && p.blocks * p.rows < m && p.blocks != kFusedMaxBlocks))
    return false;
  return p.rows * p.stride * 4 <= kFusedRowBytes || p.rows == kFusedRowsPerThread;
}

constexpr bool cooperative_ok(int64_t work, int64_t per_sm, int64_t sms) {
  const int64_t b = cooperative_blocks(work, per_sm, sms);
  if (per_sm * sms < 1) return b == 0;
  return b >= 1 && b <= per_sm * sms && (work < 1 || b <= work);
}

constexpr bool sweep() {
  for (int64_t m = 0; m < 3000; ++m)
    if (!sum_plan_ok(m)) return false;
  for (int64_t m : {262143LL, 262144LL, 262145LL, 300007LL, 1048577LL, 1LL << 31, (1LL << 40) + 7})
    if (!sum_plan_ok(m)) return false;
  for (int64_t m : {1LL, 4LL, 5LL, 17LL, 40LL, 100LL, 255LL, 257LL})
    for (int64_t n : {1LL, 3LL, 16LL, 33LL, 100LL, 784LL})
      for (int64_t k : {0LL, 1LL, 1023LL, 1024LL, 2047LL, 5001LL, 70001LL, 1048577LL, (1LL << 33) + 1})
        if (!k_slices_ok(m, n, k)) return false;
  for (int64_t k = 1; k <= 131; ++k)
    for (int64_t n = 1; n <= 131; n += (n < 8 ? 1 : 3))
      for (int64_t m : {0LL, 1LL, 7LL, 1023LL, 1048577LL})
        if (!fused_plan_ok(m, k, n)) return false;
  for (int64_t work : {0LL, 1LL, 37LL, 3001LL, 1000000LL})
    for (int64_t per_sm : {0LL, 1LL, 8LL})
      for (int64_t sms : {1LL, 108LL, 132LL})
        if (!cooperative_ok(work, per_sm, sms)) return false;
  return true;
}
static_assert(sweep(), "a CUDA grid plan breaks its invariants (native/core/launch_plan.h)");

}  // namespace launch_plan_check
}  // namespace rdlab
