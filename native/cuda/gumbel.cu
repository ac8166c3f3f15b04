#include "../core/gumbel_softmax.h"
#include "common.cuh"
#include "kernels.cuh"

namespace rdlab::cuda {
namespace {

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
  if (batch > 0) forward_kernel<<<blocks_for(batch, 128), 128>>>(logits, batch, K, t, noise, seed, stream, counter, u, index);
  return finish("gumbelSoftmax");
}

int gumbel_softmax_backward(int device, const float* u, const float* du, int64_t batch, int K, float t,
                            float* dlogits) {
  if (!enter(device)) return 1;
  if (batch > 0) backward_kernel<<<blocks_for(batch, 128), 128>>>(u, du, batch, K, t, dlogits);
  return finish("gumbelSoftmaxBackward");
}

}  // namespace rdlab::cuda
