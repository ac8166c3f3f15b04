// The MLP's narrow layers in one fused kernel (tiny-cuda-nn's approach, Müller et al.,
// "Real-time neural radiance caching", 2021): a layer whose input and output widths are at
// most kFusedWidth (native/core/launch_plan.h, fused_plan) keeps its weights [k, n] and bias
// in shared memory for the block's whole batch tile, where the tiled product (gemm.cu)
// reloads a 16 x 16 tile of them for every 16 rows. Tiles of input rows are staged in shared
// memory with coalesced loads (row stride k rounded up to odd: no bank conflicts); a thread
// computes one output column for kFusedRowsPerThread rows, acc = fma(a, w, acc) over p in
// order from 0, which is the tiled product's sum: both paths give the same values (the
// tiled one adds fma(0, 0, ·) past k, which only turns a −0 sum into +0).
#include "../core/activation.h"
#include "../core/launch_plan.h"
#include "common.cuh"
#include "gemm.cuh"

namespace rdlab::cuda {
namespace {

constexpr int kPer = static_cast<int>(kFusedRowsPerThread);

// C[i, j] = epilogue(Σ_p A[i, p] B(p, j)) for A row-major [m, k], B(p, j) = B[p sbp + j sbj].
// Shared memory: Ws [k n] (p-major), bs [n], xs [rows stride].
template <int E>
__global__ void fused_layer_kernel(int64_t m, int n, int k, int rows, int stride, const float* A, const float* B,
                                   int64_t sbp, int64_t sbj, float* C, const float* bias, const float* Y, int act,
                                   float slope) {
  extern __shared__ float smem[];
  float *Ws = smem, *bs = Ws + k * n, *xs = bs + n;
  // the weights once, loaded along B's unit stride (a transposed B has p fastest)
  const bool p_fast = sbp == 1 && sbj != 1;
  for (int e = threadIdx.x; e < k * n; e += blockDim.x) {
    const int p = p_fast ? e % k : e / n, j = p_fast ? e / k : e % n;
    Ws[p * n + j] = B[p * sbp + j * sbj];
  }
  for (int j = threadIdx.x; j < n; j += blockDim.x) bs[j] = (E == kBiasAct && bias != nullptr) ? bias[j] : 0.0f;
  const int groups = rows / kPer;  // thread item e: column e % n, rows g, g + groups, ... (g = e / n)
  for (int64_t r0 = blockIdx.x * int64_t(rows); r0 < m; r0 += int64_t(gridDim.x) * rows) {
    const int here = m - r0 < rows ? static_cast<int>(m - r0) : rows;
    __syncthreads();  // the weights are in; the previous tile's rows are no longer read
    for (int e = threadIdx.x; e < here * k; e += blockDim.x) xs[(e / k) * stride + e % k] = A[r0 * k + e];
    for (int e = here * k + threadIdx.x; e < rows * k; e += blockDim.x) xs[(e / k) * stride + e % k] = 0.0f;
    __syncthreads();
    for (int e = threadIdx.x; e < n * groups; e += blockDim.x) {
      const int j = e % n, g = e / n;
      float acc[kPer] = {};
      for (int p = 0; p < k; ++p) {
        const float w = Ws[p * n + j];
#pragma unroll
        for (int q = 0; q < kPer; ++q) acc[q] = __fmaf_rn(xs[(g + q * groups) * stride + p], w, acc[q]);
      }
#pragma unroll
      for (int q = 0; q < kPer; ++q) {
        const int r = g + q * groups;
        if (r >= here) continue;
        float* c = C + (r0 + r) * n + j;
        if (E == kBiasAct) *c = act_forward(act, acc[q] + bs[j], slope);
        if (E == kActGrad) *c = (Y != nullptr ? act_grad_from_output(act, Y[(r0 + r) * n + j], slope) : 1.0f) * acc[q];
      }
    }
  }
}

template <int E>
void launch(const FusedPlan& f, int64_t m, int64_t n, int64_t k, const float* A, const float* B, int64_t sbp,
            int64_t sbj, float* C, const float* bias, const float* Y, int act, float slope) {
  // above 48 KiB a kernel must opt in; a launch error, if any, reaches the op's finish()
  cudaFuncSetAttribute(fused_layer_kernel<E>, cudaFuncAttributeMaxDynamicSharedMemorySize, static_cast<int>(f.smem));
  fused_layer_kernel<E><<<static_cast<unsigned>(f.blocks), static_cast<unsigned>(kFusedThreads),
                          static_cast<size_t>(f.smem)>>>(m, static_cast<int>(n), static_cast<int>(k),
                                                         static_cast<int>(f.rows), static_cast<int>(f.stride), A, B,
                                                         sbp, sbj, C, bias, Y, act, slope);
}

}  // namespace

void layer_product(GemmEpilogue e, int64_t m, int64_t n, int64_t k, const float* A, const float* B, int64_t sbp,
                   int64_t sbj, float* C, const float* bias, const float* Y, int act, float slope) {
  const FusedPlan f = fused_plan(m, k, n);
  if (m < 1) return;
  if (f.fused && e == kBiasAct) return launch<kBiasAct>(f, m, n, k, A, B, sbp, sbj, C, bias, Y, act, slope);
  if (f.fused && e == kActGrad) return launch<kActGrad>(f, m, n, k, A, B, sbp, sbj, C, bias, Y, act, slope);
  gemm(e, m, n, k, A, k, 1, B, sbp, sbj, C, bias, Y, act, slope);
}

}  // namespace rdlab::cuda
