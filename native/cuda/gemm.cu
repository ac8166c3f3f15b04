// The shared tiled product of gemm.cuh: one shared-memory tiled kernel with strided
// operands and a compile-time epilogue, plus the column sums (bias gradients, a parallel
// reduction in a fixed order: fixed_order_sum.cuh) and the activation-gradient product its
// callers pair it with.
#include "../core/activation.h"
#include "common.cuh"
#include "fixed_order_sum.cuh"
#include "gemm.cuh"

namespace rdlab::cuda {
namespace {

constexpr int kTile = 16;

template <int E>
__global__ void tiled_gemm(int64_t m, int64_t n, int64_t k, const float* A, int64_t sai, int64_t sap, const float* B,
                           int64_t sbp, int64_t sbj, float* C, const float* bias, const float* Y, int act, float slope) {
  __shared__ float As[kTile][kTile + 1];
  __shared__ float Bs[kTile][kTile + 1];
  const int64_t j = blockIdx.x * int64_t(kTile) + threadIdx.x;
  // row tiles are grid-stride over gridDim.y (at most 65535 blocks), so m has no limit
  for (int64_t i0 = blockIdx.y * int64_t(kTile); i0 < m; i0 += int64_t(gridDim.y) * kTile) {
    const int64_t i = i0 + threadIdx.y;
    float acc = 0.0f;
    for (int64_t p0 = 0; p0 < k; p0 += kTile) {
      int64_t pa = p0 + threadIdx.x, pb = p0 + threadIdx.y;
      As[threadIdx.y][threadIdx.x] = (i < m && pa < k) ? A[i * sai + pa * sap] : 0.0f;
      Bs[threadIdx.y][threadIdx.x] = (pb < k && j < n) ? B[pb * sbp + j * sbj] : 0.0f;
      __syncthreads();
#pragma unroll
      for (int q = 0; q < kTile; ++q) acc += As[threadIdx.y][q] * Bs[q][threadIdx.x];
      __syncthreads();
    }
    if (i >= m || j >= n) continue;
    float* c = C + i * n + j;
    if (E == kBiasAct) *c = act_forward(act, acc + (bias != nullptr ? bias[j] : 0.0f), slope);
    if (E == kActGrad) *c = (Y != nullptr ? act_grad_from_output(act, Y[i * n + j], slope) : 1.0f) * acc;
    if (E == kAccumulate) *c += acc;
    if (E == kStore) *c = acc;
  }
}

struct LoadMatrix {
  const float* D;
  int64_t n;
  __device__ double operator()(int64_t r, int64_t j) const { return D[r * n + j]; }
};

struct StoreBias {
  float* gb;
  bool accumulate;
  __device__ void operator()(int64_t j, double s) const {
    gb[j] = accumulate ? gb[j] + static_cast<float>(s) : static_cast<float>(s);
  }
};

__global__ void act_grad_product_kernel(int64_t count, const float* dy, const float* y, int act, float slope,
                                        float* out) {
  for (int64_t i = blockIdx.x * int64_t(blockDim.x) + threadIdx.x; i < count; i += int64_t(gridDim.x) * blockDim.x)
    out[i] = dy[i] * act_grad_from_output(act, y[i], slope);
}

}  // namespace

// Column tiles on x (2^31 - 1 blocks), row tiles on y up to its limit of 65535; the kernel
// strides over the rest.
void gemm(GemmEpilogue e, int64_t m, int64_t n, int64_t k, const float* A, int64_t sai, int64_t sap, const float* B,
          int64_t sbp, int64_t sbj, float* C, const float* bias, const float* Y, int act, float slope) {
  const int64_t row_tiles = (m + kTile - 1) / kTile;
  const dim3 grid(static_cast<unsigned>((n + kTile - 1) / kTile),
                  static_cast<unsigned>(row_tiles < 65535 ? row_tiles : 65535));
  const dim3 block(kTile, kTile);
  switch (e) {
    case kBiasAct: return tiled_gemm<kBiasAct><<<grid, block>>>(m, n, k, A, sai, sap, B, sbp, sbj, C, bias, Y, act, slope);
    case kActGrad: return tiled_gemm<kActGrad><<<grid, block>>>(m, n, k, A, sai, sap, B, sbp, sbj, C, bias, Y, act, slope);
    case kAccumulate:
      return tiled_gemm<kAccumulate><<<grid, block>>>(m, n, k, A, sai, sap, B, sbp, sbj, C, bias, Y, act, slope);
    case kStore: return tiled_gemm<kStore><<<grid, block>>>(m, n, k, A, sai, sap, B, sbp, sbj, C, bias, Y, act, slope);
  }
}

bool column_sum(int device, int64_t m, int64_t n, const float* D, float* gb, bool accumulate) {
  return column_sums(device, m, n, LoadMatrix{D, n}, StoreBias{gb, accumulate});
}

void act_grad_product(int64_t count, const float* dy, const float* y, int act, float slope, float* out) {
  act_grad_product_kernel<<<blocks_for(count, 256), 256>>>(count, dy, y, act, slope, out);
}

}  // namespace rdlab::cuda
