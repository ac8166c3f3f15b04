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

// Wider rows: a thread per row, in place in global memory.
__global__ void forward_kernel(const float* logits, int64_t batch, int K, float t, bool noise, uint64_t seed,
                               uint64_t stream, uint64_t counter, float* u, int32_t* index) {
  for (int64_t b = blockIdx.x * int64_t(blockDim.x) + threadIdx.x; b < batch; b += int64_t(gridDim.x) * blockDim.x) {
    int k = gumbel_softmax_row(logits + b * K, K, t, noise != 0, seed, stream, counter, static_cast<uint64_t>(b * K),
                               u + b * K);
    if (index != nullptr) index[b] = k;
  }
}

__global__ void backward_kernel(const float* u, const float* du, int64_t batch, int K, float t, float* dlogits) {
  for (int64_t b = blockIdx.x * int64_t(blockDim.x) + threadIdx.x; b < batch; b += int64_t(gridDim.x) * blockDim.x)
    gumbel_softmax_row_backward(u + b * K, du + b * K, K, t, dlogits + b * K);
}

}  // namespace

int gumbel_softmax(int device, const float* logits, int64_t batch, int K, float t, bool noise, uint64_t seed,
                   uint64_t stream, uint64_t counter, float* u, int32_t* index) {
  if (!enter(device)) return 1;
  if (batch > 0 && K <= kSharedK)
    forward_shared_kernel<<<blocks_for(batch, kRows), kRows>>>(logits, batch, K, t, noise, seed, stream, counter, u,
                                                               index);
  else if (batch > 0)
    forward_kernel<<<blocks_for(batch, 128), 128>>>(logits, batch, K, t, noise, seed, stream, counter, u, index);
  return finish("gumbelSoftmax");
}

int gumbel_softmax_backward(int device, const float* u, const float* du, int64_t batch, int K, float t,
                            float* dlogits) {
  if (!enter(device)) return 1;
  if (batch > 0 && K <= kSharedK)
    backward_shared_kernel<<<blocks_for(batch, kRows), kRows>>>(u, du, batch, K, t, dlogits);
  else if (batch > 0)
    backward_kernel<<<blocks_for(batch, 128), 128>>>(u, du, batch, K, t, dlogits);
  return finish("gumbelSoftmaxBackward");
}

}  // namespace rdlab::cuda
