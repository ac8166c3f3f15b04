#include "../core/categorical_kl.h"
#include "common.cuh"
#include "kernels.cuh"

namespace rdlab::cuda {
namespace {

enum Slot { kKl = 20 };

// Row b: its KL into kl[b], the gradient into dalpha and, with xi_rows, into row b of dxi.
__device__ void rate_row(const float* alpha, const float* xi, bool xi_rows, int64_t b, int K, float scale,
                         float* dalpha, float* dxi, float* kl) {
  const float* q = xi_rows ? xi + b * K : xi;
  const float lse_q = logsumexp(q, K);
  const float* a = alpha + b * K;
  float* p = dalpha + b * K;
  kl[b] = categorical_kl_row(a, q, lse_q, K, p);
  const float lse_a = logsumexp(a, K), kl_nats = kl[b] * 0.6931471805599453f;
  if (xi_rows)
    for (int k = 0; k < K; ++k) dxi[b * K + k] = scale * (expf(q[k] - lse_q) - p[k]) * 1.4426950408889634f;
  for (int k = 0; k < K; ++k) p[k] = scale * p[k] * ((a[k] - lse_a) - (q[k] - lse_q) - kl_nats) * 1.4426950408889634f;
}

// A thread per row, grid-stride; with xi_rows, row b of xi [B, K] is that row's model (as
// the CPU). A row is read in place, so K has no limit here.
__global__ void rate_rows(const float* alpha, const float* xi, bool xi_rows, int64_t batch, int K, float scale,
                          float* dalpha, float* dxi, float* kl) {
  for (int64_t b = blockIdx.x * int64_t(blockDim.x) + threadIdx.x; b < batch; b += int64_t(gridDim.x) * blockDim.x)
    rate_row(alpha, xi, xi_rows, b, K, scale, dalpha, dxi, kl);
}

// One block: the total, and for a shared xi [K] d total / d xi, summing rows in order (as the CPU).
__global__ void rate_xi(const float* alpha, const float* xi, bool xi_rows, int64_t batch, int K, float scale,
                        const float* kl, float* dxi, float* total) {
  if (!xi_rows) {
    const float lse_xi = logsumexp(xi, K);
    for (int k = threadIdx.x; k < K; k += blockDim.x) {
      double psum = 0.0;
      for (int64_t b = 0; b < batch; ++b) psum += expf(alpha[b * K + k] - logsumexp(alpha + b * K, K));
      double q = exp(static_cast<double>(xi[k]) - lse_xi);
      dxi[k] = static_cast<float>(scale * (batch * q - psum) * 1.4426950408889634);
    }
  }
  if (threadIdx.x == 0) {
    double t = 0.0;
    for (int64_t b = 0; b < batch; ++b) t += kl[b];
    total[0] = static_cast<float>(t);
  }
}

}  // namespace

int concrete_rate(int device, const float* alpha, const float* xi, bool xi_rows, int64_t batch, int K, float scale,
                  float* dalpha, float* dxi, float* total) {
  if (!enter(device)) return 1;
  auto* kl = static_cast<float*>(scratch(device, kKl, sizeof(float) * (batch > 0 ? batch : 1)));
  if (kl == nullptr) return 1;
  if (batch > 0) rate_rows<<<blocks_for(batch, 128), 128>>>(alpha, xi, xi_rows, batch, K, scale, dalpha, dxi, kl);
  rate_xi<<<1, 256>>>(alpha, xi, xi_rows, batch, K, scale, kl, dxi, total);
  return finish("concreteRate");
}

}  // namespace rdlab::cuda
