// out[j] = log Σ_i exp(a_i − λ ||x_i − y_j||²) on CUDA, as native/cpu/mixture_log_density.cc:
// one block per row y_j, its threads striding over the centres x_i; the distances come from
// the differences (no cancellation), the log-sum-exp from a block max, then a block sum of
// e^{t − max} in double.
#include <math_constants.h>

#include "common.cuh"
#include "kernels.cuh"
#include "mixture_exponent.cuh"

namespace rdlab::cuda {
namespace {

constexpr int kThreads = 256;  // a power of two (block_reduce)

__global__ void mixture_kernel(int64_t k, int64_t m, const float* y, const float* x, const float* a, float lambda,
                               float* out) {
  __shared__ double part[kThreads];
  const float* yj = y + int64_t(blockIdx.x) * m;
  float local = -CUDART_INF_F;
  for (int64_t i = threadIdx.x; i < k; i += blockDim.x) local = fmaxf(local, mixture_exponent(i, m, yj, x, a, lambda));
  const float max = static_cast<float>(block_reduce(local, part, true));
  if (max == -CUDART_INF_F) {  // every term is −inf (λ d overflowed): the density is 0
    if (threadIdx.x == 0) out[blockIdx.x] = max;
    return;
  }
  double sum = 0;
  for (int64_t i = threadIdx.x; i < k; i += blockDim.x) sum += expf(mixture_exponent(i, m, yj, x, a, lambda) - max);
  sum = block_reduce(sum, part, false);
  if (threadIdx.x == 0) out[blockIdx.x] = static_cast<float>(max + log(sum));
}

}  // namespace

int mixture_log_density(int device, int64_t s, int64_t k, int64_t m, const float* y, const float* x, const float* a,
                        float lambda, float* out) {
  if (!enter(device)) return 1;
  if (s > 2147483647) return refuse("mixtureLogDensity: at most 2^31 − 1 rows of y on CUDA, got " + std::to_string(s));
  mixture_kernel<<<static_cast<unsigned>(s), kThreads>>>(k, m, y, x, a, lambda, out);
  return finish("mixtureLogDensity");
}

}  // namespace rdlab::cuda
