#include "../core/quantize.h"
#include "common.cuh"
#include "kernels.cuh"

namespace rdlab::cuda {
namespace {

__global__ void noise_kernel(const float* y, float* out, int64_t n, uint64_t seed, uint64_t stream, uint64_t counter) {
  for (int64_t i = blockIdx.x * int64_t(blockDim.x) + threadIdx.x; i < n; i += int64_t(gridDim.x) * blockDim.x)
    out[i] = y[i] + uniform_noise(seed, stream, counter, i);
}

__global__ void round_kernel(const float* y, const float* offset, int64_t n, int64_t cols, float* out) {
  for (int64_t i = blockIdx.x * int64_t(blockDim.x) + threadIdx.x; i < n; i += int64_t(gridDim.x) * blockDim.x)
    out[i] = round_offset(y[i], offset != nullptr ? offset[i % cols] : 0.0f);
}

}  // namespace

// Same formulas as native/cpu/quantize.cc (native/core/quantize.h).
int quantize_noise(int device, const float* y, float* out, int64_t n, uint64_t seed, uint64_t stream, uint64_t counter) {
  if (!enter(device)) return 1;
  if (n > 0) noise_kernel<<<blocks_for(n, 256), 256>>>(y, out, n, seed, stream, counter);
  return finish("quantizeNoise");
}

int quantize_round(int device, const float* y, const float* offset, int64_t rows, int64_t cols, float* out) {
  if (!enter(device)) return 1;
  int64_t n = rows * cols;
  if (n > 0) round_kernel<<<blocks_for(n, 256), 256>>>(y, offset, n, cols, out);
  return finish("quantizeRound");
}

}  // namespace rdlab::cuda
