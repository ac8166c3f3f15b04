// The exhaustive ECVQ encoder on CUDA: a thread per (sample, codeword), grid-stride, evaluates the
// decoder on its S side-information samples in registers/local memory, so the distortion
// sums in a fixed order (as on the CPU); a second kernel takes the argmin per sample.
// Decoder widths are limited to kMaxWidth here.
#include <string>

#include "../core/activation.h"
#include "../core/categorical_bits.h"
#include "common.cuh"
#include "fixed_order_sum.cuh"
#include "kernels.cuh"

namespace rdlab::cuda {
namespace {

constexpr int kMaxWidth = 128;

__device__ int g_bad_index;

// The mean squared error over the S side-information samples of sample b decoded with codeword k.
__device__ float distortion(const MlpSpec& s, int K, int64_t S, const float* params, const float* x, const float* ys,
                            int64_t b, int k) {
  const int L = s.n_layers, m = s.sizes[0] - K, n = s.sizes[L], H0 = s.sizes[1];
  const float* W0 = params + mlp_weight_offset(s, 0);
  const float* b0 = params + mlp_bias_offset(s, 0);
  float a[kMaxWidth], c[kMaxWidth];
  double acc = 0.0;
  for (int64_t r = 0; r < S; ++r) {
    const float* y = ys + (b * S + r) * m;
    for (int h = 0; h < H0; ++h) {
      float v = W0[k * H0 + h] + b0[h];
      for (int j = 0; j < m; ++j) v += y[j] * W0[(K + j) * H0 + h];
      a[h] = act_forward(s.acts[0], v, s.leaky_slope);
    }
    float* in = a;
    float* out = c;
    for (int l = 1; l < L; ++l) {
      const int ni = s.sizes[l], no = s.sizes[l + 1];
      const float* W = params + mlp_weight_offset(s, l);
      const float* bias = params + mlp_bias_offset(s, l);
      for (int o = 0; o < no; ++o) {
        float v = bias[o];
        for (int p = 0; p < ni; ++p) v += in[p] * W[p * no + o];
        out[o] = act_forward(s.acts[l], v, s.leaky_slope);
      }
      float* t = in;
      in = out;
      out = t;
    }
    for (int j = 0; j < n; ++j) {
      double d = static_cast<double>(in[j]) - x[b * n + j];
      acc += d * d;
    }
  }
  return static_cast<float>(acc / static_cast<double>(S));
}

__global__ void distortion_kernel(MlpSpec s, int K, int64_t batch, int64_t S, const float* params, const float* x,
                                  const float* ys, float* dist) {
  for (int64_t idx = blockIdx.x * int64_t(blockDim.x) + threadIdx.x; idx < batch * K;
       idx += int64_t(gridDim.x) * blockDim.x)
    dist[idx] = distortion(s, K, S, params, x, ys, idx / K, static_cast<int>(idx % K));
}

// lse[0] = logsumexp(logits [K]), once per call (categorical_bits.h, as the CPU).
__global__ void lse_kernel(int K, const float* logits, float* lse) { lse[0] = logsumexp(logits, K); }

__global__ void argmin_kernel(int K, int64_t batch, const float* logits, const float* lse_of, float lambda,
                              const float* dist, int32_t* index) {
  const float lse = lse_of[0];
  for (int64_t b = blockIdx.x * int64_t(blockDim.x) + threadIdx.x; b < batch; b += int64_t(gridDim.x) * blockDim.x) {
    int32_t best = 0;
    float best_cost = 0.0f;
    for (int k = 0; k < K; ++k) {
      float cost = categorical_bits(logits, lse, k) + lambda * dist[b * K + k];
      if (!isfinite(cost)) atomicExch(&g_bad_index, -1);
      if (k == 0 || cost < best_cost) best = k, best_cost = cost;
    }
    index[b] = best;
  }
}

// count[k] = #{b : index[b] = k}, by integer atomics (exact, so in any order the same).
__global__ void count_kernel(int K, int64_t batch, const int32_t* index, unsigned long long* count) {
  for (int64_t b = blockIdx.x * int64_t(blockDim.x) + threadIdx.x; b < batch; b += int64_t(gridDim.x) * blockDim.x) {
    const int32_t k = index[b];
    if (k < 0 || k >= K) {
      atomicExch(&g_bad_index, 1);
      continue;
    }
    atomicAdd(&count[k], 1ull);
  }
}

// The marginal rate's gradient, a thread per codeword: scale (B p_k - count_k) / ln 2.
__global__ void rate_grad_kernel(int K, int64_t batch, const float* logits, const float* lse,
                                 const unsigned long long* count, float scale, float* grad) {
  for (int64_t k = blockIdx.x * int64_t(blockDim.x) + threadIdx.x; k < K; k += int64_t(gridDim.x) * blockDim.x) {
    const double p = exp(static_cast<double>(logits[k]) - lse[0]);
    grad[k] = static_cast<float>(scale * (static_cast<double>(batch) * p - static_cast<double>(count[k])) /
                                 0.6931471805599453);
  }
}

// The marginal rate's bits, Σ_k count_k bits(k): the CPU's Σ_b bits(index[b]) grouped by k.
struct LoadCountBits {
  const float* logits;
  const float* lse;
  const unsigned long long* count;
  __device__ double operator()(int64_t k, int64_t) const {
    return count[k] == 0 ? 0.0 : static_cast<double>(count[k]) * categorical_bits(logits, lse[0], static_cast<int>(k));
  }
};

enum Slot { kRowBits = 21, kLse = 22, kCount = 23 };

// Per-row logits [B, K] (a conditional model): a thread per row (grid-stride) writes its bits and the
// fused softmax cross-entropy gradient (p_b - one-hot) / ln 2.
__global__ void rate_rows_kernel(int K, int64_t batch, const float* logits, const int32_t* index, float scale,
                                 float* grad, float* row_bits) {
  for (int64_t b = blockIdx.x * int64_t(blockDim.x) + threadIdx.x; b < batch; b += int64_t(gridDim.x) * blockDim.x) {
    const int32_t u = index[b];
    if (u < 0 || u >= K) {
      atomicExch(&g_bad_index, 1);
      continue;
    }
    const float* l = logits + b * K;
    const float lse = logsumexp(l, K);
    row_bits[b] = categorical_bits(l, lse, u);
    for (int k = 0; k < K; ++k)
      grad[b * K + k] = scale * (expf(l[k] - lse) - (k == u ? 1.0f : 0.0f)) * 1.4426950408889634f;
  }
}

__global__ void decoder_input_kernel(int K, int64_t batch, int64_t S, int64_t m, const int32_t* index,
                                     const float* ys, float* out) {
  const int64_t w = K + m, total = batch * S * w;
  for (int64_t i = blockIdx.x * int64_t(blockDim.x) + threadIdx.x; i < total; i += int64_t(gridDim.x) * blockDim.x) {
    int64_t r = i / w, c = i % w;
    int32_t k = index[r / S];
    if (k < 0 || k >= K) atomicExch(&g_bad_index, 1);
    out[i] = c < K ? (c == k ? 1.0f : 0.0f) : ys[r * m + (c - K)];
  }
}

bool reset_flag() {
  int zero = 0;
  cudaError_t e = cudaMemcpyToSymbol(g_bad_index, &zero, sizeof(int));
  if (e != cudaSuccess) set_error("cudaMemcpyToSymbol", e);
  return e == cudaSuccess;
}

// 0, or 1 with the error set when a kernel flagged a bad index (1) or a non-finite cost (-1).
int check_flag(const char* op) {
  if (finish(op) != 0) return 1;
  int flag = 0;
  cudaError_t e = cudaMemcpyFromSymbol(&flag, g_bad_index, sizeof(int));
  if (e != cudaSuccess) {
    set_error("cudaMemcpyFromSymbol", e);
    return 1;
  }
  if (flag == 1) return refuse(std::string(op) + ": an index is outside [0, K)");
  if (flag == -1) return refuse(std::string(op) + ": the decoder or the logits give a non-finite cost");
  return 0;
}

}  // namespace

int ecvq_encode(int device, const MlpSpec& s, int K, int64_t batch, int64_t S, const float* params,
                const float* logits, const float* x, const float* ys, float lambda, int32_t* index, float* dist) {
  if (!enter(device)) return 1;
  for (int l = 1; l <= s.n_layers; ++l)
    if (s.sizes[l] > kMaxWidth)
      return refuse("ecvqEncode: the CUDA encoder supports decoder widths up to " + std::to_string(kMaxWidth));
  auto* lse = static_cast<float*>(scratch(device, kLse, sizeof(float)));
  if (lse == nullptr || !reset_flag()) return 1;
  distortion_kernel<<<blocks_for(batch * K, 128), 128>>>(s, K, batch, S, params, x, ys, dist);
  lse_kernel<<<1, 1>>>(K, logits, lse);
  argmin_kernel<<<blocks_for(batch, 128), 128>>>(K, batch, logits, lse, lambda, dist, index);
  return check_flag("ecvqEncode");
}

int ecvq_rate(int device, int K, int64_t batch, const float* logits, bool logit_rows, const int32_t* index,
              float scale, float* grad, float* bits) {
  if (!enter(device) || !reset_flag()) return 1;
  if (logit_rows) {
    auto* row_bits = static_cast<float*>(scratch(device, kRowBits, sizeof(float) * (batch > 0 ? batch : 1)));
    if (row_bits == nullptr) return 1;
    if (batch > 0) rate_rows_kernel<<<blocks_for(batch, 128), 128>>>(K, batch, logits, index, scale, grad, row_bits);
    if (!column_sums(device, batch, 1, LoadVector{row_bits}, StoreFloat{bits, 1.0})) return 1;
  } else {
    auto* lse = static_cast<float*>(scratch(device, kLse, sizeof(float)));
    auto* count = static_cast<unsigned long long*>(scratch(device, kCount, sizeof(unsigned long long) * K));
    if (lse == nullptr || count == nullptr) return 1;
    cudaError_t e = cudaMemsetAsync(count, 0, sizeof(unsigned long long) * K);
    if (e != cudaSuccess) {
      set_error("cudaMemsetAsync", e);
      return 1;
    }
    lse_kernel<<<1, 1>>>(K, logits, lse);
    if (batch > 0) count_kernel<<<blocks_for(batch, 256), 256>>>(K, batch, index, count);
    rate_grad_kernel<<<blocks_for(K, 128), 128>>>(K, batch, logits, lse, count, scale, grad);
    if (!column_sums(device, K, 1, LoadCountBits{logits, lse, count}, StoreFloat{bits, 1.0})) return 1;
  }
  return check_flag("ecvqRate");
}

int ecvq_decoder_input(int device, int K, int64_t batch, int64_t S, int64_t m, const int32_t* index, const float* ys,
                       float* out) {
  if (!enter(device) || !reset_flag()) return 1;
  int64_t total = batch * S * (K + m);
  if (total > 0) decoder_input_kernel<<<blocks_for(total, 256), 256>>>(K, batch, S, m, index, ys, out);
  return check_flag("ecvqDecoderInput");
}

}  // namespace rdlab::cuda
