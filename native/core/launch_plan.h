// The CUDA backend's grid plans that depend on sizes alone, in plain C++ so that they are
// checked where no GPU is: the fixed-order sums' row chunks (native/cuda/fixed_order_sum.cuh)
// and the k slices of a split product (native/cuda/gemm.cu). Being functions of the sizes
// only (never of the device), they make those sums reproducible. The static_asserts at the
// end check the invariants the kernels rely on, over a sweep of sizes, at every compile.
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

constexpr bool sweep() {
  for (int64_t m = 0; m < 3000; ++m)
    if (!sum_plan_ok(m)) return false;
  for (int64_t m : {262143LL, 262144LL, 262145LL, 300007LL, 1048577LL, 1LL << 31, (1LL << 40) + 7})
    if (!sum_plan_ok(m)) return false;
  for (int64_t m : {1LL, 4LL, 5LL, 17LL, 40LL, 100LL, 255LL, 257LL})
    for (int64_t n : {1LL, 3LL, 16LL, 33LL, 100LL, 784LL})
      for (int64_t k : {0LL, 1LL, 1023LL, 1024LL, 2047LL, 5001LL, 70001LL, 1048577LL, (1LL << 33) + 1})
        if (!k_slices_ok(m, n, k)) return false;
  return true;
}
static_assert(sweep(), "a CUDA grid plan breaks its invariants (native/core/launch_plan.h)");

}  // namespace launch_plan_check
}  // namespace rdlab
