// The deep factorized density on CUDA: a thread per (row, channel), a block per
// (rows slice, channel) so that the block's channel parameters are transformed once into
// shared memory. The math is native/core/deep_factorized.h, as on the CPU. The backward
// sums parameter gradients without atomics, in a fixed order: bit-identical run to run.
#include <algorithm>

#include "../core/deep_factorized.h"
#include "common.cuh"
#include "fixed_order_sum.cuh"
#include "kernels.cuh"

namespace rdlab::cuda {
namespace {

constexpr int kThreads = 128;  // a multiple of the warp size: WarpAcc reduces whole warps

// Channel blockIdx.y's parameters as softplus(H), b, tanh(a), into shared memory T.
__device__ void load_channel(const DeepFactorizedSpec& s, const float* params, float* T) {
  const float* raw = params + int64_t(blockIdx.y) * s.per_channel;
  for (int i = threadIdx.x; i < s.per_channel; i += blockDim.x) T[i] = df_transformed(s, raw, i);
  __syncthreads();
}

__global__ void likelihood_kernel(DeepFactorizedSpec s, int64_t batch, const float* params, const float* z,
                                  float* likelihood) {
  extern __shared__ float T[];
  load_channel(s, params, T);
  const int64_t c = blockIdx.y, C = s.channels;
  for (int64_t b = blockIdx.x * int64_t(blockDim.x) + threadIdx.x; b < batch; b += int64_t(gridDim.x) * blockDim.x)
    likelihood[b * C + c] = df_likelihood(s, T, z[b * C + c]);
}

// bits[b] = -Σ_c log2 likelihood[b, c], in double as on the CPU.
__global__ void row_bits_kernel(int64_t batch, int64_t C, const float* likelihood, float* bits) {
  for (int64_t b = blockIdx.x * int64_t(blockDim.x) + threadIdx.x; b < batch; b += int64_t(gridDim.x) * blockDim.x) {
    double row = 0.0;
    for (int64_t c = 0; c < C; ++c) row -= log2(static_cast<double>(likelihood[b * C + c]));
    bits[b] = static_cast<float>(row);
  }
}

constexpr int kWarps = kThreads / 32;
// Blocks per channel in the backward pass: fixed (not a function of the hardware), so the
// partial sums and the order they are added in are the same on every run.
constexpr int64_t kBackwardBlocks = 64;

// Sums a parameter gradient over the warp; lane 0 adds it to its warp's row of `part`
// [kWarps, P] in shared memory, in the warp's iteration order (no atomics).
struct WarpAcc {
  float* part;
  int P;
  __device__ void operator()(int i, float v) const {
    for (int o = 16; o > 0; o /= 2) v += __shfl_down_sync(0xffffffffu, v, o);
    if ((threadIdx.x & 31) == 0) part[(threadIdx.x / 32) * P + i] += v;
  }
};

// Block (x, c) writes its parameter gradients, summed over its warps in order, into
// partial[c, x, :] (P floats).
__global__ void backward_kernel(DeepFactorizedSpec s, int64_t batch, const float* params, const float* z, float scale,
                                float* dz, float* partial) {
  extern __shared__ float T[];  // the channel's P parameters, then the warps' sums [kWarps, P]
  load_channel(s, params, T);
  const int P = s.per_channel;
  float* part = T + P;
  for (int i = threadIdx.x; i < kWarps * P; i += blockDim.x) part[i] = 0.0f;
  __syncthreads();
  const int64_t c = blockIdx.y, C = s.channels;
  WarpAcc acc{part, P};
  // every thread of a block runs the same iterations (WarpAcc needs whole warps);
  // rows past the batch contribute with weight 0
  for (int64_t b0 = blockIdx.x * int64_t(blockDim.x); b0 < batch; b0 += int64_t(gridDim.x) * blockDim.x) {
    const int64_t b = b0 + threadIdx.x;
    const bool active = b < batch;
    float d = df_backward(s, T, active ? z[b * C + c] : 0.5f, active ? scale : 0.0f, acc);
    if (active && dz != nullptr) dz[b * C + c] = d;
  }
  __syncthreads();
  float* out = partial + (c * gridDim.x + blockIdx.x) * P;
  for (int i = threadIdx.x; i < P; i += blockDim.x) {
    float v = 0.0f;
    for (int w = 0; w < kWarps; ++w) v += part[w * P + i];
    out[i] = v;
  }
}

// grad[c, i] (+)= Σ_x partial[c, x, i], the blocks in order.
__global__ void sum_partials_kernel(int64_t count, int P, int blocks, const float* partial, float* grad,
                                    bool accumulate) {
  for (int64_t e = blockIdx.x * int64_t(blockDim.x) + threadIdx.x; e < count; e += int64_t(gridDim.x) * blockDim.x) {
    const int64_t c = e / P, i = e % P;
    float v = 0.0f;
    for (int x = 0; x < blocks; ++x) v += partial[(c * blocks + x) * P + i];
    grad[e] = accumulate ? grad[e] + v : v;
  }
}

__global__ void cdf_kernel(DeepFactorizedSpec s, int64_t batch, const float* params, const float* z, float* out) {
  extern __shared__ float T[];
  load_channel(s, params, T);
  const int64_t c = blockIdx.y, C = s.channels;
  for (int64_t b = blockIdx.x * int64_t(blockDim.x) + threadIdx.x; b < batch; b += int64_t(gridDim.x) * blockDim.x)
    out[b * C + c] = df_sigmoid(df_logit(s, T, z[b * C + c], nullptr));
}

__global__ void pmf_kernel(DeepFactorizedSpec s, const float* params, int64_t lo, int64_t n, const float* offsets,
                           float* pmf, float* tails) {
  extern __shared__ float T[];
  load_channel(s, params, T);
  const int64_t c = blockIdx.y;
  const float m = offsets != nullptr ? offsets[c] : 0.0f;
  for (int64_t k = blockIdx.x * int64_t(blockDim.x) + threadIdx.x; k < n; k += int64_t(gridDim.x) * blockDim.x) {
    const float below = df_logit(s, T, df_pmf_edge(lo, k, m), nullptr);
    const float above = df_logit(s, T, df_pmf_edge(lo, k + 1, m), nullptr);
    pmf[c * n + k] = df_prob(below, above);
    if (k == 0) tails[2 * c] = df_sigmoid(below);
    if (k == n - 1) tails[2 * c + 1] = df_sigmoid(-above);
  }
}

dim3 grid_for(int64_t rows, int channels) { return dim3(blocks_for(rows, kThreads), static_cast<unsigned>(channels)); }

size_t shared_bytes(const DeepFactorizedSpec& s) { return sizeof(float) * s.per_channel; }

enum Slot { kPartials = 40 };

}  // namespace

int entropy_forward(int device, const DeepFactorizedSpec& s, int64_t batch, const float* params, const float* z,
                    float* likelihood, float* bits, float* total) {
  if (!enter(device)) return 1;
  likelihood_kernel<<<grid_for(batch, s.channels), kThreads, shared_bytes(s)>>>(s, batch, params, z, likelihood);
  row_bits_kernel<<<blocks_for(batch, 256), 256>>>(batch, s.channels, likelihood, bits);
  if (!column_sums(device, batch, 1, LoadVector{bits}, StoreFloat{total, 1.0})) return 1;
  return finish("entropyForward");
}

int entropy_backward(int device, const DeepFactorizedSpec& s, int64_t batch, const float* params, const float* z,
                     float scale, float* dz, float* grad, bool accumulate) {
  if (!enter(device)) return 1;
  const unsigned blocks = static_cast<unsigned>(std::min<int64_t>(std::max<int64_t>((batch + kThreads - 1) / kThreads, 1), kBackwardBlocks));
  const int64_t count = int64_t(s.channels) * s.per_channel;
  auto* partial = static_cast<float*>(scratch(device, kPartials, sizeof(float) * count * blocks));
  if (partial == nullptr) return 1;
  backward_kernel<<<dim3(blocks, static_cast<unsigned>(s.channels)), kThreads, shared_bytes(s) * (1 + kWarps)>>>(
      s, batch, params, z, scale, dz, partial);
  sum_partials_kernel<<<blocks_for(count, 256), 256>>>(count, s.per_channel, static_cast<int>(blocks), partial, grad,
                                                      accumulate);
  return finish("entropyBackward");
}

int entropy_cdf(int device, const DeepFactorizedSpec& s, int64_t batch, const float* params, const float* z, float* out) {
  if (!enter(device)) return 1;
  cdf_kernel<<<grid_for(batch, s.channels), kThreads, shared_bytes(s)>>>(s, batch, params, z, out);
  return finish("entropyCdf");
}

int entropy_pmf_table(int device, const DeepFactorizedSpec& s, const float* params, int64_t lo, int64_t hi,
                      const float* offsets, float* pmf, float* tails) {
  if (!enter(device)) return 1;
  const int64_t n = hi - lo + 1;
  pmf_kernel<<<grid_for(n, s.channels), kThreads, shared_bytes(s)>>>(s, params, lo, n, offsets, pmf, tails);
  return finish("entropyPmfTable");
}

}  // namespace rdlab::cuda
