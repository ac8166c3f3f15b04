#include "../core/fourier.h"
#include "common.cuh"
#include "kernels.cuh"

namespace rdlab::cuda {
namespace {

__global__ void forward_kernel(const float* y, const float* a, int64_t batch, int64_t d, int64_t m, int64_t width,
                               float* out) {
  const int64_t n = batch * width;
  for (int64_t i = blockIdx.x * int64_t(blockDim.x) + threadIdx.x; i < n; i += int64_t(gridDim.x) * blockDim.x) {
    int64_t b = i / width, j = i % width;
    out[i] = fourier_feature(a, y + b * d, d, m, j);
  }
}

__global__ void backward_kernel(const float* y, const float* a, const float* g, int64_t batch, int64_t d, int64_t m,
                                bool include, int64_t width, float* dy) {
  const int64_t n = batch * d;
  for (int64_t i = blockIdx.x * int64_t(blockDim.x) + threadIdx.x; i < n; i += int64_t(gridDim.x) * blockDim.x) {
    int64_t b = i / d, k = i % d;
    dy[i] = fourier_latent_grad(a, y + b * d, g + b * width, d, m, include, k);
  }
}

}  // namespace

// Same formulas as native/cpu/fourier.cc (native/core/fourier.h).
int fourier_forward(int device, const float* y, const float* a, int64_t batch, int64_t d, int64_t m, bool include,
                    float* out) {
  if (!enter(device)) return 1;
  const int64_t width = m + (include ? d : 0);
  if (batch * width > 0) forward_kernel<<<blocks_for(batch * width, 256), 256>>>(y, a, batch, d, m, width, out);
  return finish("fourierForward");
}

int fourier_backward(int device, const float* y, const float* a, const float* g, int64_t batch, int64_t d, int64_t m,
                     bool include, float* dy) {
  if (!enter(device)) return 1;
  const int64_t width = m + (include ? d : 0);
  if (batch * d > 0)
    backward_kernel<<<blocks_for(batch * d, 256), 256>>>(y, a, g, batch, d, m, include != 0, width, dy);
  return finish("fourierBackward");
}

}  // namespace rdlab::cuda
