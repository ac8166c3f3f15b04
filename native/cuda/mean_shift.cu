// Gaussian mean-shift from s starts on CUDA, as native/cpu/mean_shift.cc: one launch per
// iteration, one block per start (a finished start's block returns at once). A block
// computes its start's terms a_i − λ ||x_i − y||² (mixture_exponent.cuh) into a row of
// scratch, their block max, e^{t − max} and its sum in double (F = max + log sum), then the
// weighted mean Σ_i e_i x_i / sum with the block split into column lanes × groups over i.
#include <math_constants.h>

#include <string>

#include "common.cuh"
#include "kernels.cuh"
#include "mixture_exponent.cuh"

namespace rdlab::cuda {
namespace {

constexpr int kThreads = 256;  // a power of two (block_reduce)
enum Slot { kTerms = 60, kBest = 61, kDone = 62 };

__global__ void start_kernel(int64_t s, double* best, int* done, int32_t* iterations) {
  for (int64_t j = blockIdx.x * int64_t(blockDim.x) + threadIdx.x; j < s; j += int64_t(gridDim.x) * blockDim.x) {
    best[j] = -CUDART_INF;
    done[j] = 0;
    iterations[j] = 0;
  }
}

__global__ void shift_kernel(int64_t k, int64_t m, const float* x, const float* a, float lambda, int32_t it, double tol,
                             float* y, double* best, int* done, float* terms, int32_t* iterations) {
  __shared__ double part[kThreads];
  const int64_t j = blockIdx.x;
  if (done[j] != 0) return;
  const double prev = best[j];
  float* yj = y + j * m;
  float* e = terms + j * k;
  float local = -CUDART_INF_F;
  for (int64_t i = threadIdx.x; i < k; i += blockDim.x) {
    e[i] = mixture_exponent(i, m, yj, x, a, lambda);
    local = fmaxf(local, e[i]);
  }
  const float max = static_cast<float>(block_reduce(local, part, true));
  double sum = 0;
  if (max != -CUDART_INF_F)
    for (int64_t i = threadIdx.x; i < k; i += blockDim.x) {
      e[i] = expf(e[i] - max);
      sum += e[i];
    }
  sum = block_reduce(sum, part, false);
  const double f = max == -CUDART_INF_F ? -CUDART_INF : max + log(sum);
  if (threadIdx.x == 0) iterations[j] = it + 1;
  // F rose by at most tol (a mode, within round-off; or F = −inf): the start ends here (the same in every thread)
  if (!(f - prev > tol)) {
    if (threadIdx.x == 0) done[j] = 1;
    return;
  }
  const int lanes = m < kThreads ? static_cast<int>(m) : kThreads, groups = kThreads / lanes;
  const int lane = threadIdx.x % lanes, g = threadIdx.x / lanes;
  for (int64_t c0 = 0; c0 < m; c0 += lanes) {
    const int64_t c = c0 + lane;
    double acc = 0;
    if (g < groups && c < m)
      for (int64_t i = g; i < k; i += groups) acc += static_cast<double>(e[i]) * x[i * m + c];
    part[threadIdx.x] = acc;
    __syncthreads();
    if (threadIdx.x < lanes && c < m) {
      double total = 0;
      for (int q = 0; q < groups; ++q) total += part[q * lanes + threadIdx.x];
      yj[c] = static_cast<float>(total / sum);
    }
    __syncthreads();
  }
  if (threadIdx.x == 0) best[j] = f;
}

}  // namespace

int mean_shift(int device, int64_t s, int64_t k, int64_t m, const float* x, const float* a, float lambda, int64_t max_iter,
               double tol, float* y, int32_t* iterations) {
  if (!enter(device)) return 1;
  if (s > 2147483647) return refuse("meanShift: at most 2^31 − 1 starts on CUDA, got " + std::to_string(s));
  auto* terms = static_cast<float*>(scratch(device, kTerms, sizeof(float) * s * k));
  auto* best = static_cast<double*>(scratch(device, kBest, sizeof(double) * s));
  auto* done = static_cast<int*>(scratch(device, kDone, sizeof(int) * s));
  if (terms == nullptr || best == nullptr || done == nullptr) return 1;
  start_kernel<<<blocks_for(s, kThreads), kThreads>>>(s, best, done, iterations);
  for (int64_t it = 0; it < max_iter; ++it)
    shift_kernel<<<static_cast<unsigned>(s), kThreads>>>(k, m, x, a, lambda, static_cast<int32_t>(it), tol, y, best, done,
                                                         terms, iterations);
  return finish("meanShift");
}

}  // namespace rdlab::cuda
