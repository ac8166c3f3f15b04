// PFR / ORC index search on CUDA: a block per sample scans the candidates in chunks of
// kThreads, a thread per candidate computing its weight step and distance; one thread then
// sums the weights in candidate order and walks the chunk as native/cpu/orc.cc does (best,
// ties to the smaller index, and the early stop at the same candidate), so the scan state
// after each call equals the CPU's. The one-call search
// draws Gaussian candidates as it scores them; the chunked search scores candidates a
// generator computed and carries the scan state between calls. Draws, state and formulas:
// native/core/orc_draw.h and native/core/orc_scan.h; every double operation there is an
// unfused _rn one (native/core/portable_math.h), so W, the scores and the index are the CPU's
// bit for bit.
#include <math_constants.h>

#include <algorithm>

#include "../core/orc_scan.h"
#include "common.cuh"
#include "kernels.cuh"

namespace rdlab::cuda {
namespace {

constexpr int kThreads = 256;

// Scans candidates first … last − 1 of sample blockIdx.x from the state in `state` (a fresh
// scan when null); writes the state back, or, without one, the index.
template <class Candidates>
__global__ void scan_kernel(int method, int64_t m, const float* x, Candidates cand, double beta, int64_t n,
                            int64_t first, int64_t last, uint64_t seed, uint64_t s0, uint32_t* state, int32_t* index) {
  __shared__ double w[kThreads], penalty[kThreads], score[kThreads];
  __shared__ double carry, best;  // RccScan's fields (a __shared__ variable takes no initializer)
  __shared__ int64_t best_i;
  __shared__ int stop;
  const RccMethod how = static_cast<RccMethod>(method);
  const int64_t s = blockIdx.x;
  const float* xs = x + s * m;
  const double inv = -1.0 / beta;
  const int t = threadIdx.x;
  if (t == 0) {
    const RccScan st = state ? rcc_load(state + s * kRccStateWords) : RccScan{};
    carry = st.w;
    best = st.best;
    best_i = st.best_i;
    stop = st.stopped;
  }
  __syncthreads();
  for (int64_t base = first; base < last && !stop; base += kThreads) {
    const int64_t i = base + t;
    w[t] = i < last ? rcc_weight_step(how, seed, s0 + s, i, n) : 0.0;
    __syncthreads();
    if (t == 0)  // W_i summed in candidate order, as on the CPU
      for (int u = 0; u < kThreads; ++u) w[u] = add_rn(u == 0 ? carry : w[u - 1], w[u]);
    __syncthreads();
    penalty[t] = rcc_penalty(inv, w[t]);
    // a candidate whose penalty reaches the best so far is never scored (the loop below stops there)
    score[t] = i < last && penalty[t] < best ? rcc_score(rcc_distance(cand, xs, s, i, m), penalty[t]) : CUDART_INF;
    __syncthreads();
    if (t == 0) {  // the CPU's walk over the chunk (rcc_visit): the same W, best and stop
      RccScan st{carry, best, best_i, 0, false};
      for (int u = 0; u < kThreads && base + u < last; ++u)
        if (!rcc_visit(st, base + u, w[u], penalty[u], [&] { return score[u]; })) break;
      carry = st.w;
      best = st.best;
      best_i = st.best_i;
      stop = st.stopped ? 1 : 0;
    }
    __syncthreads();
  }
  if (t == 0) {
    const RccScan st{carry, best, best_i, last, stop != 0};
    if (state) rcc_store(st, state + s * kRccStateWords);
    else index[s] = static_cast<int32_t>(st.best_i);
  }
}

__global__ void candidates_kernel(int64_t S, int64_t m, const int32_t* index, const float* scale, uint64_t seed,
                                  uint64_t s0, float* y) {
  for (int64_t e = blockIdx.x * int64_t(blockDim.x) + threadIdx.x; e < S * m; e += int64_t(gridDim.x) * blockDim.x) {
    const int64_t s = e / m, k = e % m;
    y[e] = rcc_candidate(seed, s0 + s, index[s], k, m, scale);
  }
}

__global__ void latents_kernel(int64_t S, int64_t chunk, int64_t l, uint64_t seed, uint64_t s0, int64_t first,
                               float* z) {
  for (int64_t e = blockIdx.x * int64_t(blockDim.x) + threadIdx.x; e < S * chunk * l;
       e += int64_t(gridDim.x) * blockDim.x) {
    const int64_t r = e / l, k = e % l;
    z[e] = rcc_latent(seed, s0 + r / chunk, first + r % chunk, k, l);
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
  if (S > 0)
    scan_kernel<<<static_cast<unsigned>(S), kThreads>>>(method, m, x, GaussianCandidates{scale, seed, s0, m}, beta, n,
                                                        0, n, seed, s0, nullptr, index);
  if (y != nullptr && S * m > 0) candidates_kernel<<<blocks_for(S * m, 256), 256>>>(S, m, index, scale, seed, s0, y);
  return finish("orcSearch");
}

int orc_latents(int device, int64_t S, int64_t chunk, int64_t l, uint64_t seed, uint64_t s0, int64_t first,
                float* z) {
  if (!enter(device)) return 1;
  if (S * chunk * l > 0) latents_kernel<<<blocks_for(S * chunk * l, 256), 256>>>(S, chunk, l, seed, s0, first, z);
  return finish("orcLatents");
}

int orc_scan(int device, int method, int64_t S, int64_t m, const float* x, const float* y, int64_t chunk, double beta,
             int64_t n, int64_t first, uint64_t seed, uint64_t s0, uint32_t* state) {
  if (!enter(device)) return 1;
  if (S > 0)
    scan_kernel<<<static_cast<unsigned>(S), kThreads>>>(method, m, x, StoredCandidates{y, chunk, first, m}, beta, n,
                                                        first, std::min(first + chunk, n), seed, s0, state, nullptr);
  return finish("orcScan");
}

}  // namespace rdlab::cuda
