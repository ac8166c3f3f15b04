#include "../core/categorical_kl.h"
#include "common.cuh"
#include "fixed_order_sum.cuh"
#include "kernels.cuh"

namespace rdlab::cuda {
namespace {

enum Slot { kKl = 20, kLse = 24 };

// Row b: its KL into kl[b], the gradient into dalpha and, with xi_rows, into row b of dxi;
// for a shared xi, logsumexp(alpha[b]) into lse[b] and logsumexp(xi) into lse[batch].
__device__ void rate_row(const float* alpha, const float* xi, bool xi_rows, int64_t batch, int64_t b, int K,
                         float scale, float* dalpha, float* dxi, float* kl, float* lse) {
  const float* q = xi_rows ? xi + b * K : xi;
  const float lse_q = logsumexp(q, K);
  const float* a = alpha + b * K;
  float* p = dalpha + b * K;
  kl[b] = categorical_kl_row(a, q, lse_q, K, p);
  const float lse_a = logsumexp(a, K), kl_nats = kl[b] * 0.6931471805599453f;
  if (xi_rows)
    for (int k = 0; k < K; ++k) dxi[b * K + k] = scale * (expf(q[k] - lse_q) - p[k]) * 1.4426950408889634f;
  else {
    lse[b] = lse_a;
    if (b == 0) lse[batch] = lse_q;
  }
  for (int k = 0; k < K; ++k) p[k] = scale * p[k] * ((a[k] - lse_a) - (q[k] - lse_q) - kl_nats) * 1.4426950408889634f;
}

// A thread per row, grid-stride; with xi_rows, row b of xi [B, K] is that row's model (as
// the CPU). A row is read in place, so K has no limit here.
__global__ void rate_rows(const float* alpha, const float* xi, bool xi_rows, int64_t batch, int K, float scale,
                          float* dalpha, float* dxi, float* kl, float* lse) {
  for (int64_t b = blockIdx.x * int64_t(blockDim.x) + threadIdx.x; b < batch; b += int64_t(gridDim.x) * blockDim.x)
    rate_row(alpha, xi, xi_rows, batch, b, K, scale, dalpha, dxi, kl, lse);
}

// p_b[k] = softmax(alpha[b])_k, the CPU's categorical_kl_row value, for the column sums Σ_b p_b.
struct LoadSoftmax {
  const float* alpha;
  const float* lse;
  int K;
  __device__ double operator()(int64_t b, int64_t k) const { return expf(alpha[b * K + k] - lse[b]); }
};

// d total / d xi_k = scale (B q_k - Σ_b p_b[k]) / ln 2, with q = softmax(xi) in double.
struct StoreXiGrad {
  const float* xi;
  const float* lse_xi;
  int64_t batch;
  float scale;
  float* dxi;
  __device__ void operator()(int64_t k, double psum) const {
    const double q = exp(static_cast<double>(xi[k]) - lse_xi[0]);
    dxi[k] = static_cast<float>(scale * (batch * q - psum) * 1.4426950408889634);
  }
};

}  // namespace

// The rows in parallel; the total and, for a shared xi, Σ_b p_b by the fixed-order column
// sums (fixed_order_sum.cuh): O(B K) work in all, the CPU's order of terms within a row.
int concrete_rate(int device, const float* alpha, const float* xi, bool xi_rows, int64_t batch, int K, float scale,
                  float* dalpha, float* dxi, float* total) {
  if (!enter(device)) return 1;
  if (batch == 0) {  // no rows: the total and d total / d xi are 0 (as the CPU)
    cudaError_t e = cudaMemsetAsync(total, 0, sizeof(float));
    if (e == cudaSuccess && !xi_rows) e = cudaMemsetAsync(dxi, 0, sizeof(float) * K);
    if (e != cudaSuccess) {
      set_error("cudaMemsetAsync", e);
      return 1;
    }
    return finish("concreteRate");
  }
  auto* kl = static_cast<float*>(scratch(device, kKl, sizeof(float) * batch));
  auto* lse = xi_rows ? nullptr : static_cast<float*>(scratch(device, kLse, sizeof(float) * (batch + 1)));
  if (kl == nullptr || (!xi_rows && lse == nullptr)) return 1;
  rate_rows<<<blocks_for(batch, 128), 128>>>(alpha, xi, xi_rows, batch, K, scale, dalpha, dxi, kl, lse);
  if (!column_sums(device, batch, 1, LoadVector{kl}, StoreFloat{total, 1.0})) return 1;
  if (!xi_rows && !column_sums(device, batch, K, LoadSoftmax{alpha, lse, K}, StoreXiGrad{xi, lse + batch, batch, scale, dxi}))
    return 1;
  return finish("concreteRate");
}

}  // namespace rdlab::cuda
