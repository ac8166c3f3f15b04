#include "../core/gumbel_softmax.h"
#include "common.cuh"
#include "kernels.cuh"

namespace rdlab::cuda {
namespace {

// Rows of at most kSharedK categories: a block stages its kRows rows in shared memory with
// coalesced loads, each thread runs the row function of core/gumbel_softmax.h on its row
// there (the same operations in the same order as the CPU) and the block stores the result
// coalesced. A row's stride is K rounded up to odd, so the threads' rows start in distinct
// banks.
constexpr int kRows = 128, kSharedK = 32;

// tile[r * stride + k] = src[(b0 + r) K + k] for the block's rows, and back.
__device__ void stage_in(float* tile, const float* src, int64_t b0, int rows, int K, int stride) {
  for (int e = threadIdx.x; e < rows * K; e += blockDim.x) tile[(e / K) * stride + e % K] = src[b0 * K + e];
}
__device__ void stage_out(float* dst, const float* tile, int64_t b0, int rows, int K, int stride) {
  for (int e = threadIdx.x; e < rows * K; e += blockDim.x) dst[b0 * K + e] = tile[(e / K) * stride + e % K];
}

__global__ void forward_shared_kernel(const float* logits, int64_t batch, int K, float t, bool noise, uint64_t seed,
                                      uint64_t stream, uint64_t counter, float* u, int32_t* index) {
  __shared__ float tile[kRows * (kSharedK + 1)];
  const int stride = K | 1;
  for (int64_t b0 = blockIdx.x * int64_t(kRows); b0 < batch; b0 += int64_t(gridDim.x) * blockDim.x) {
    const int rows = batch - b0 < kRows ? static_cast<int>(batch - b0) : kRows;
    stage_in(tile, logits, b0, rows, K, stride);
    __syncthreads();
    if (threadIdx.x < rows) {
      float* row = tile + threadIdx.x * stride;  // gumbel_softmax_row may run in place
      const int64_t b = b0 + threadIdx.x;
      const int k = gumbel_softmax_row(row, K, t, noise, seed, stream, counter, static_cast<uint64_t>(b * K), row);
      if (index != nullptr) index[b] = k;
    }
    __syncthreads();
    stage_out(u, tile, b0, rows, K, stride);
    __syncthreads();
  }
}

// The backward of the same rows: u and du staged, dlogits computed in place over du.
__global__ void backward_shared_kernel(const float* u, const float* du, int64_t batch, int K, float t,
                                       float* dlogits) {
  __shared__ float us[kRows * (kSharedK + 1)], dus[kRows * (kSharedK + 1)];
  const int stride = K | 1;
  for (int64_t b0 = blockIdx.x * int64_t(kRows); b0 < batch; b0 += int64_t(gridDim.x) * blockDim.x) {
    const int rows = batch - b0 < kRows ? static_cast<int>(batch - b0) : kRows;
    stage_in(us, u, b0, rows, K, stride);
    stage_in(dus, du, b0, rows, K, stride);
    __syncthreads();
    if (threadIdx.x < rows) {
      float* row = dus + threadIdx.x * stride;  // gumbel_softmax_row_backward may run in place over du
      gumbel_softmax_row_backward(us + threadIdx.x * stride, row, K, t, row);
    }
    __syncthreads();
    stage_out(dlogits, dus, b0, rows, K, stride);
    __syncthreads();
  }
}

// Wider rows: a warp per row, lane l on elements l, l + 32, ... (coalesced), the argmax
// and the sums by warp shuffles. The argmax is the row function's (the first maximum; a NaN
// in element 0 keeps index 0), so hard samples stay the CPU's bits; the softmax sum runs in
// another order (a tree over the lanes), within the rows' tolerance. The grid strides over
// threads; the 32 threads of a warp share a row and leave the loop together.
constexpr unsigned kAll = 0xffffffffu;

__device__ float warp_sum(float v) {
  for (int o = 16; o > 0; o /= 2) v += __shfl_xor_sync(kAll, v, o);  // every lane gets the same sum
  return v;
}

__global__ void forward_warp_kernel(const float* logits, int64_t batch, int K, float t, bool noise, uint64_t seed,
                                    uint64_t stream, uint64_t counter, float* u, int32_t* index) {
  const int lane = threadIdx.x & 31;
  for (int64_t g = blockIdx.x * int64_t(blockDim.x) + threadIdx.x; g < batch * 32; g += int64_t(gridDim.x) * blockDim.x) {
    const int64_t b = g >> 5;
    const float* in = logits + b * K;
    float* out = u + b * K;  // may be in: each lane reads its elements before writing them
    float best_v = 0.0f;
    int best_k = -1;  // the lane's first maximum over its non-NaN elements
    for (int k = lane; k < K; k += 32) {
      const float g = noise ? philox_draw(Dist::Gumbel, seed, stream, counter, static_cast<uint64_t>(b * K + k)) : 0.0f;
      const float v = in[k] + g;
      out[k] = v;
      if (!isnan(v) && (best_k < 0 || v > best_v)) {
        best_v = v;
        best_k = k;
      }
    }
    for (int o = 16; o > 0; o /= 2) {
      const float ov = __shfl_xor_sync(kAll, best_v, o);
      const int ok = __shfl_xor_sync(kAll, best_k, o);
      if (ok >= 0 && (best_k < 0 || ov > best_v || (ov == best_v && ok < best_k))) {
        best_v = ov;
        best_k = ok;
      }
    }
    const float first = __shfl_sync(kAll, lane == 0 ? out[0] : 0.0f, 0);  // lane 0 wrote element 0
    const bool first_nan = isnan(first);
    const float top = first_nan ? first : best_v;
    float s = 0.0f;
    for (int k = lane; k < K; k += 32) s += (out[k] = expf((out[k] - top) / t));
    s = warp_sum(s);
    for (int k = lane; k < K; k += 32) out[k] /= s;
    if (lane == 0 && index != nullptr) index[b] = first_nan ? 0 : best_k;
  }
}

__global__ void backward_warp_kernel(const float* u, const float* du, int64_t batch, int K, float t, float* dlogits) {
  const int lane = threadIdx.x & 31;
  for (int64_t g = blockIdx.x * int64_t(blockDim.x) + threadIdx.x; g < batch * 32; g += int64_t(gridDim.x) * blockDim.x) {
    const int64_t b = g >> 5;
    const float *ub = u + b * K, *db = du + b * K;
    float dot = 0.0f;
    for (int k = lane; k < K; k += 32) dot += ub[k] * db[k];
    dot = warp_sum(dot);
    for (int k = lane; k < K; k += 32) dlogits[b * K + k] = ub[k] * (db[k] - dot) / t;  // may be du: own elements
  }
}

}  // namespace

int gumbel_softmax(int device, const float* logits, int64_t batch, int K, float t, bool noise, uint64_t seed,
                   uint64_t stream, uint64_t counter, float* u, int32_t* index) {
  if (!enter(device)) return 1;
  if (batch > 0 && K <= kSharedK)
    forward_shared_kernel<<<blocks_for(batch, kRows), kRows>>>(logits, batch, K, t, noise, seed, stream, counter, u,
                                                               index);
  else if (batch > 0)
    forward_warp_kernel<<<blocks_for(batch * 32, 128), 128>>>(logits, batch, K, t, noise, seed, stream, counter, u, index);
  return finish("gumbelSoftmax");
}

int gumbel_softmax_backward(int device, const float* u, const float* du, int64_t batch, int K, float t,
                            float* dlogits) {
  if (!enter(device)) return 1;
  if (batch > 0 && K <= kSharedK)
    backward_shared_kernel<<<blocks_for(batch, kRows), kRows>>>(u, du, batch, K, t, dlogits);
  else if (batch > 0)
    backward_warp_kernel<<<blocks_for(batch * 32, 128), 128>>>(u, du, batch, K, t, dlogits);
  return finish("gumbelSoftmaxBackward");
}

}  // namespace rdlab::cuda
