// PFR / ORC index search on CUDA: a block per sample scans the candidates in chunks of
// kThreads (a thread per candidate): the weights' prefix sums by a shared-memory scan in
// double, a block argmin (ties to the smaller index, as the CPU's sequential scan), and
// the same early stop as native/cpu/orc.cc, tested once per chunk. Draws and formulas:
// native/core/orc_draw.h.
#include <math_constants.h>

#include "../core/orc_draw.h"
#include "common.cuh"
#include "kernels.cuh"

namespace rdlab::cuda {
namespace {

constexpr int kThreads = 256;

__global__ void orc_kernel(int method, int64_t m, const float* x, const float* scale, double beta, int64_t n,
                           uint64_t seed, uint64_t s0, int32_t* index) {
  __shared__ double scan[kThreads], score[kThreads];
  __shared__ int64_t which[kThreads];
  __shared__ double carry, best;
  __shared__ int64_t best_i;
  __shared__ int stop;
  const RccMethod how = static_cast<RccMethod>(method);
  const int64_t s = blockIdx.x;
  const float* xs = x + s * m;
  const double inv = -1.0 / beta;
  const int t = threadIdx.x;
  if (t == 0) {
    carry = 0;
    best = CUDART_INF;
    best_i = 0;
    stop = 0;
  }
  __syncthreads();
  for (int64_t base = 0; base < n; base += kThreads) {
    const int64_t i = base + t;
    scan[t] = i < n ? rcc_weight_step(how, seed, s0 + s, i, n) : 0.0;
    __syncthreads();
    for (int off = 1; off < kThreads; off *= 2) {  // inclusive Hillis–Steele scan
      double v = t >= off ? scan[t - off] : 0.0;
      __syncthreads();
      scan[t] += v;
      __syncthreads();
    }
    double sc = CUDART_INF;
    if (i < n) {
      const double penalty = inv * log(carry + scan[t]);
      if (penalty < best) {
        float d = 0;
        for (int64_t k = 0; k < m; ++k) {
          float u = xs[k] - rcc_candidate(seed, s0 + s, i, k, m, scale);
          d += u * u;
        }
        sc = d + penalty;
      }
    }
    score[t] = sc;
    which[t] = i;
    __syncthreads();
    for (int w = kThreads / 2; w > 0; w /= 2) {
      if (t < w && (score[t + w] < score[t] || (score[t + w] == score[t] && which[t + w] < which[t]))) {
        score[t] = score[t + w];
        which[t] = which[t + w];
      }
      __syncthreads();
    }
    if (t == 0) {
      if (score[0] < best) {
        best = score[0];
        best_i = which[0];
      }
      carry += scan[kThreads - 1];
      stop = inv * log(carry) >= best;
    }
    __syncthreads();
    if (stop) break;
  }
  if (t == 0) index[s] = static_cast<int32_t>(best_i);
}

__global__ void candidates_kernel(int64_t S, int64_t m, const int32_t* index, const float* scale, uint64_t seed,
                                  uint64_t s0, float* y) {
  for (int64_t e = blockIdx.x * int64_t(blockDim.x) + threadIdx.x; e < S * m; e += int64_t(gridDim.x) * blockDim.x) {
    const int64_t s = e / m, k = e % m;
    y[e] = rcc_candidate(seed, s0 + s, index[s], k, m, scale);
  }
}

}  // namespace

int orc_candidates(int device, int64_t S, int64_t m, const int32_t* index, const float* scale, uint64_t seed,
                   uint64_t s0, float* y) {
  if (!enter(device)) return 1;
  if (S * m > 0) candidates_kernel<<<blocks_for(S * m, 256), 256>>>(S, m, index, scale, seed, s0, y);
  return finish("orcCandidates");
}

int orc_search(int device, int method, int64_t S, int64_t m, const float* x, const float* scale, double beta,
               int64_t n, uint64_t seed, uint64_t s0, int32_t* index, float* y) {
  if (!enter(device)) return 1;
  if (S > 0) orc_kernel<<<static_cast<unsigned>(S), kThreads>>>(method, m, x, scale, beta, n, seed, s0, index);
  if (y != nullptr && S * m > 0) candidates_kernel<<<blocks_for(S * m, 256), 256>>>(S, m, index, scale, seed, s0, y);
  return finish("orcSearch");
}

}  // namespace rdlab::cuda
