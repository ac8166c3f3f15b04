// The exponent of a Gaussian mixture's term, a_i − λ ||x_i − y||², shared by the CUDA
// mixture kernels (mixture_log_density.cu, mean_shift.cu): the squared distance from the
// differences (no cancellation), summed in float in element order.
#pragma once
#include <cstdint>

namespace rdlab::cuda {

__device__ inline float mixture_exponent(int64_t i, int64_t m, const float* y, const float* x, const float* a,
                                         float lambda) {
  float d = 0.0f;
  for (int64_t c = 0; c < m; ++c) {
    const float t = x[i * m + c] - y[c];
    d += t * t;
  }
  return a[i] - lambda * d;
}

}  // namespace rdlab::cuda
