// Column sums of an [m, n] matrix in a fixed order, the CUDA backend's one parallel
// reduction (bias gradients, per-row totals, histograms' weighted sums): no float atomics,
// so two runs give the same bits. Element (r, j) comes from a loader `load(r, j)` (a
// __device__ functor returning double), so a caller sums a formula without storing it.
//
// Pass 1: the rows are cut into `chunks` of `rows_per_chunk` rows (sum_plan, a function of m
// only: native/core/launch_plan.h); block (x, y) sums its chunk y of a tile of columns x,
// each thread a strided slice in double, then a shared-memory tree over the threads of a column. Pass 2: a thread per
// column adds the chunks' partials in chunk order and hands the total to `store(j, sum)`.
// The partition and both orders depend on (m, n) alone, never on the schedule.
#pragma once
#include <cstdint>

#include "../core/launch_plan.h"
#include "common.cuh"

namespace rdlab::cuda {

// The scratch slot (scratch.cu) of the partials, distinct from the kernels' own: sums on one
// stream run in order, so one slot serves every sum of a call.
constexpr int kSumPartials = 60;

// A block is BX columns by BY row slices (BX * BY = 256): 32 x 8 for a matrix, 1 x 256 for
// a vector (n = 1), so consecutive threads read consecutive addresses in both.
template <int BX, int BY, class Load>
__global__ void partial_column_sums(Load load, int64_t m, int64_t n, int64_t rows_per_chunk, double* partial) {
  __shared__ double part[BY][BX];
  const int64_t j = blockIdx.x * int64_t(BX) + threadIdx.x;
  const int64_t r0 = blockIdx.y * rows_per_chunk;
  const int64_t r1 = r0 + rows_per_chunk < m ? r0 + rows_per_chunk : m;
  double s = 0.0;
  if (j < n)
    for (int64_t r = r0 + threadIdx.y; r < r1; r += BY) s += load(r, j);
  part[threadIdx.y][threadIdx.x] = s;
  __syncthreads();
  for (int w = BY / 2; w > 0; w /= 2) {
    if (threadIdx.y < w) part[threadIdx.y][threadIdx.x] += part[threadIdx.y + w][threadIdx.x];
    __syncthreads();
  }
  if (threadIdx.y == 0 && j < n) partial[blockIdx.y * n + j] = part[0][threadIdx.x];
}

template <class Store>
__global__ void finish_column_sums(const double* partial, int64_t chunks, int64_t n, Store store) {
  for (int64_t j = blockIdx.x * int64_t(blockDim.x) + threadIdx.x; j < n; j += int64_t(gridDim.x) * blockDim.x) {
    double s = 0.0;
    for (int64_t c = 0; c < chunks; ++c) s += partial[c * n + j];
    store(j, s);
  }
}

// Launches both passes on the current device, the partials in scratch of `device`; false
// with the error set when that buffer cannot be had. Column tiles sit on gridDim.x (up to
// 2^31 - 1) and chunks on gridDim.y (at most kMaxChunks), so any m and n.
template <class Load, class Store>
bool column_sums(int device, int64_t m, int64_t n, Load load, Store store) {
  if (n <= 0) return true;
  const SumPlan plan = sum_plan(m);
  auto* partial = static_cast<double*>(scratch(device, kSumPartials, sizeof(double) * plan.chunks * n));
  if (partial == nullptr) return false;
  if (n == 1) {
    partial_column_sums<1, 256><<<dim3(1, plan.chunks), dim3(1, 256)>>>(load, m, n, plan.rows_per_chunk, partial);
  } else {
    const dim3 grid(static_cast<unsigned>((n + 31) / 32), static_cast<unsigned>(plan.chunks));
    partial_column_sums<32, 8><<<grid, dim3(32, 8)>>>(load, m, n, plan.rows_per_chunk, partial);
  }
  finish_column_sums<<<blocks_for(n, 128), 128>>>(partial, plan.chunks, n, store);
  return true;
}

// The loader of a vector x [m] as an [m, 1] matrix, and a store of a total (or a column's
// sum) divided by `divisor`, as float.
struct LoadVector {
  const float* x;
  __device__ double operator()(int64_t r, int64_t) const { return x[r]; }
};
struct StoreFloat {
  float* out;
  double divisor;
  __device__ void operator()(int64_t j, double s) const { out[j] = static_cast<float>(s / divisor); }
};

}  // namespace rdlab::cuda
