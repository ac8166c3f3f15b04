// Batched MLP forward/backward on CUDA: the same three fused products as native/cpu/gemm.h,
// as one shared-memory tiled kernel with strided operands and an epilogue per use.
#include "../core/activation.h"
#include "common.cuh"
#include "kernels.cuh"

namespace rdlab::cuda {
namespace {

constexpr int kTile = 16;

enum Epilogue { kBiasAct = 0, kActGrad = 1, kAccumulate = 2, kStore = 3 };

// C[i,j] = epilogue( sum_p A[i*sai + p*sap] * B[p*sbp + j*sbj] )
template <int E>
__global__ void tiled_gemm(int64_t m, int64_t n, int64_t k, const float* A, int64_t sai, int64_t sap, const float* B,
                           int64_t sbp, int64_t sbj, float* C, const float* bias, const float* Y, int act, float slope) {
  __shared__ float As[kTile][kTile + 1];
  __shared__ float Bs[kTile][kTile + 1];
  const int64_t j = blockIdx.x * int64_t(kTile) + threadIdx.x;
  // row tiles are grid-stride over gridDim.y (at most 65535 blocks), so m has no limit
  for (int64_t i0 = blockIdx.y * int64_t(kTile); i0 < m; i0 += int64_t(gridDim.y) * kTile) {
    const int64_t i = i0 + threadIdx.y;
    float acc = 0.0f;
    for (int64_t p0 = 0; p0 < k; p0 += kTile) {
      int64_t pa = p0 + threadIdx.x, pb = p0 + threadIdx.y;
      As[threadIdx.y][threadIdx.x] = (i < m && pa < k) ? A[i * sai + pa * sap] : 0.0f;
      Bs[threadIdx.y][threadIdx.x] = (pb < k && j < n) ? B[pb * sbp + j * sbj] : 0.0f;
      __syncthreads();
#pragma unroll
      for (int q = 0; q < kTile; ++q) acc += As[threadIdx.y][q] * Bs[q][threadIdx.x];
      __syncthreads();
    }
    if (i >= m || j >= n) continue;
    float* c = C + i * n + j;
    if (E == kBiasAct) *c = act_forward(act, acc + bias[j], slope);
    if (E == kActGrad) *c = (Y != nullptr ? act_grad_from_output(act, Y[i * n + j], slope) : 1.0f) * acc;
    if (E == kAccumulate) *c += acc;
    if (E == kStore) *c = acc;
  }
}

// gb[j] (+)= sum_r D[r, j]
__global__ void column_sum(int64_t m, int64_t n, const float* D, float* gb, bool accumulate) {
  for (int64_t j = blockIdx.x * int64_t(blockDim.x) + threadIdx.x; j < n; j += int64_t(gridDim.x) * blockDim.x) {
    float s = 0.0f;
    for (int64_t r = 0; r < m; ++r) s += D[r * n + j];
    gb[j] = accumulate ? gb[j] + s : s;
  }
}

__global__ void scale_by_act_grad(float* dy, const float* y, int64_t count, int act, float slope) {
  for (int64_t i = blockIdx.x * int64_t(blockDim.x) + threadIdx.x; i < count; i += int64_t(gridDim.x) * blockDim.x)
    dy[i] *= act_grad_from_output(act, y[i], slope);
}

// Column tiles on x (2^31 - 1 blocks), row tiles on y up to its limit of 65535; the kernel
// strides over the rest.
dim3 grid_for(int64_t m, int64_t n) {
  const int64_t row_tiles = (m + kTile - 1) / kTile;
  return dim3(static_cast<unsigned>((n + kTile - 1) / kTile), static_cast<unsigned>(row_tiles < 65535 ? row_tiles : 65535));
}

}  // namespace

int mlp_forward(int device, const MlpSpec& s, int64_t batch, const float* params, const float* x, float* const* outs) {
  if (!enter(device)) return 1;
  const float* in = x;
  for (int l = 0; l < s.n_layers; ++l) {
    int64_t k = s.sizes[l], n = s.sizes[l + 1];
    tiled_gemm<kBiasAct><<<grid_for(batch, n), dim3(kTile, kTile)>>>(
        batch, n, k, in, k, 1, params + mlp_weight_offset(s, l), n, 1, outs[l], params + mlp_bias_offset(s, l),
        nullptr, s.acts[l], s.leaky_slope);
    in = outs[l];
  }
  return finish("mlpForward");
}

int mlp_backward(int device, const MlpSpec& s, int64_t batch, const float* params, const float* x, float* const* outs,
                 float* dy, float* grad, float* dx, bool accumulate) {
  if (!enter(device)) return 1;
  const int L = s.n_layers;
  if (s.acts[L - 1] != static_cast<int>(Act::Identity)) {
    int64_t count = batch * s.sizes[L];
    scale_by_act_grad<<<blocks_for(count, 256), 256>>>(dy, outs[L - 1], count, s.acts[L - 1], s.leaky_slope);
  }
  float* delta = dy;
  for (int l = L - 1; l >= 0; --l) {
    int64_t in_dim = s.sizes[l], out_dim = s.sizes[l + 1];
    const float* in = l == 0 ? x : outs[l - 1];
    const float* W = params + mlp_weight_offset(s, l);
    float* gW = grad + mlp_weight_offset(s, l);
    // dW[in_dim, out_dim] (+)= in^T delta
    if (accumulate)
      tiled_gemm<kAccumulate><<<grid_for(in_dim, out_dim), dim3(kTile, kTile)>>>(
          in_dim, out_dim, batch, in, 1, in_dim, delta, out_dim, 1, gW, nullptr, nullptr, 0, 0.0f);
    else
      tiled_gemm<kStore><<<grid_for(in_dim, out_dim), dim3(kTile, kTile)>>>(
          in_dim, out_dim, batch, in, 1, in_dim, delta, out_dim, 1, gW, nullptr, nullptr, 0, 0.0f);
    column_sum<<<blocks_for(out_dim, 128), 128>>>(batch, out_dim, delta, grad + mlp_bias_offset(s, l), accumulate);
    // delta W^T, times act'(out_{l-1}) (in place) or plain into dx
    float* target = l > 0 ? outs[l - 1] : dx;
    if (target == nullptr) continue;
    const float* Y = l > 0 ? outs[l - 1] : nullptr;
    int act = l > 0 ? s.acts[l - 1] : 0;
    tiled_gemm<kActGrad><<<grid_for(batch, in_dim), dim3(kTile, kTile)>>>(
        batch, in_dim, out_dim, delta, out_dim, 1, W, 1, out_dim, target, nullptr, Y, act, s.leaky_slope);
    delta = target;
  }
  return finish("mlpBackward");
}

}  // namespace rdlab::cuda
