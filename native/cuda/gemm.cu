// The shared tiled product of gemm.cuh: one shared-memory tiled kernel with strided
// operands and a compile-time epilogue, plus the column sums (bias gradients, a parallel
// reduction in a fixed order: fixed_order_sum.cuh) and the activation-gradient product its
// callers pair it with.
#include "../core/activation.h"
#include "../core/launch_plan.h"
#include "common.cuh"
#include "fixed_order_sum.cuh"
#include "gemm.cuh"

namespace rdlab::cuda {
namespace {

constexpr int kTile = 16;
static_assert(kTile == kGemmTile, "k_slices (native/core/launch_plan.h) counts this product's tiles");

// Block z of gridDim.z takes the slice [z kc, (z + 1) kc) of the k dimension and writes
// C + z m n (a split product's partials; one slice, z = 0, is the whole product). Each
// operand tile is loaded with consecutive threads on the operand's unit stride, so the
// loads coalesce whether or not the operand is transposed; the sum over q is the same.
template <int E>
__global__ void tiled_gemm(int64_t m, int64_t n, int64_t k, int64_t kc, const float* A, int64_t sai, int64_t sap,
                           const float* B, int64_t sbp, int64_t sbj, float* C, const float* bias, const float* Y,
                           int act, float slope) {
  __shared__ float As[kTile][kTile + 1];
  __shared__ float Bs[kTile][kTile + 1];
  const int64_t z = blockIdx.z;
  A += z * kc * sap;
  B += z * kc * sbp;
  C += z * m * n;
  k = k - z * kc < kc ? k - z * kc : kc;
  const bool a_by_rows = sai == 1 && sap != 1, b_by_rows = sbp == 1 && sbj != 1;
  const int tx = threadIdx.x, ty = threadIdx.y;
  const int64_t j0 = blockIdx.x * int64_t(kTile), j = j0 + tx;
  // row tiles are grid-stride over gridDim.y (at most 65535 blocks), so m has no limit
  for (int64_t i0 = blockIdx.y * int64_t(kTile); i0 < m; i0 += int64_t(gridDim.y) * kTile) {
    const int64_t i = i0 + ty;
    float acc = 0.0f;
    for (int64_t p0 = 0; p0 < k; p0 += kTile) {
      // As[r][c] = A(i0 + r, p0 + c), Bs[r][c] = B(p0 + r, j0 + c), whichever thread loads it
      const int ar = a_by_rows ? tx : ty, ac = a_by_rows ? ty : tx;
      As[ar][ac] = (i0 + ar < m && p0 + ac < k) ? A[(i0 + ar) * sai + (p0 + ac) * sap] : 0.0f;
      const int br = b_by_rows ? tx : ty, bc = b_by_rows ? ty : tx;
      Bs[br][bc] = (p0 + br < k && j0 + bc < n) ? B[(p0 + br) * sbp + (j0 + bc) * sbj] : 0.0f;
      __syncthreads();
#pragma unroll
      for (int q = 0; q < kTile; ++q) acc = __fmaf_rn(As[ty][q], Bs[q][tx], acc);  // as fused_layer.cu
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

// out[j] (+)= s
struct StoreSum {
  float* out;
  bool accumulate;
  __device__ void operator()(int64_t j, double s) const {
    out[j] = accumulate ? out[j] + static_cast<float>(s) : static_cast<float>(s);
  }
};

// A split product's partials (gemm_sum_k): their scratch slot, distinct from the column sums'.
constexpr int kSplitPartials = 61;

__global__ void act_grad_product_kernel(int64_t count, const float* dy, const float* y, int act, float slope,
                                        float* out) {
  for (int64_t i = blockIdx.x * int64_t(blockDim.x) + threadIdx.x; i < count; i += int64_t(gridDim.x) * blockDim.x)
    out[i] = dy[i] * act_grad_from_output(act, y[i], slope);
}

dim3 grid_for(int64_t m, int64_t n, int64_t slices) {
  const int64_t row_tiles = (m + kTile - 1) / kTile;
  return dim3(static_cast<unsigned>((n + kTile - 1) / kTile), static_cast<unsigned>(row_tiles < 65535 ? row_tiles : 65535),
              static_cast<unsigned>(slices));
}

}  // namespace

// Column tiles on x (2^31 - 1 blocks), row tiles on y up to its limit of 65535; the kernel
// strides over the rest.
void gemm(GemmEpilogue e, int64_t m, int64_t n, int64_t k, const float* A, int64_t sai, int64_t sap, const float* B,
          int64_t sbp, int64_t sbj, float* C, const float* bias, const float* Y, int act, float slope) {
  const dim3 grid = grid_for(m, n, 1), block(kTile, kTile);
  switch (e) {
    case kBiasAct:
      return tiled_gemm<kBiasAct><<<grid, block>>>(m, n, k, k, A, sai, sap, B, sbp, sbj, C, bias, Y, act, slope);
    case kActGrad:
      return tiled_gemm<kActGrad><<<grid, block>>>(m, n, k, k, A, sai, sap, B, sbp, sbj, C, bias, Y, act, slope);
    case kAccumulate:
      return tiled_gemm<kAccumulate><<<grid, block>>>(m, n, k, k, A, sai, sap, B, sbp, sbj, C, bias, Y, act, slope);
    case kStore: return tiled_gemm<kStore><<<grid, block>>>(m, n, k, k, A, sai, sap, B, sbp, sbj, C, bias, Y, act, slope);
  }
}

// C (+)= A B with k split into k_slices slices (native/core/launch_plan.h): each slice's
// product into the partials, then the fixed-order column sums add the slices in order.
bool gemm_sum_k(int device, bool accumulate, int64_t m, int64_t n, int64_t k, const float* A, int64_t sai,
                int64_t sap, const float* B, int64_t sbp, int64_t sbj, float* C) {
  const int64_t slices = k_slices(m, n, k);
  if (slices == 1) {
    gemm(accumulate ? kAccumulate : kStore, m, n, k, A, sai, sap, B, sbp, sbj, C, nullptr, nullptr, 0, 0.0f);
    return true;
  }
  auto* partial = static_cast<float*>(scratch(device, kSplitPartials, sizeof(float) * slices * m * n));
  if (partial == nullptr) return false;
  const int64_t kc = (k + slices - 1) / slices;
  tiled_gemm<kStore><<<grid_for(m, n, slices), dim3(kTile, kTile)>>>(m, n, k, kc, A, sai, sap, B, sbp, sbj, partial,
                                                                    nullptr, nullptr, 0, 0.0f);
  return column_sums(device, slices, m * n, LoadMatrix{partial, m * n}, StoreSum{C, accumulate});
}

bool column_sum(int device, int64_t m, int64_t n, const float* D, float* gb, bool accumulate) {
  return column_sums(device, m, n, LoadMatrix{D, n}, StoreSum{gb, accumulate});
}

void act_grad_product(int64_t count, const float* dy, const float* y, int act, float slope, float* out) {
  act_grad_product_kernel<<<blocks_for(count, 256), 256>>>(count, dy, y, act, slope, out);
}

}  // namespace rdlab::cuda
