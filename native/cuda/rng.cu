#include "../core/philox.h"
#include "common.cuh"
#include "kernels.cuh"

namespace rdlab::cuda {
namespace {

__global__ void rng_kernel(float* out, int64_t n, int dist, uint64_t seed, uint64_t stream, uint64_t counter) {
  for (int64_t i = blockIdx.x * int64_t(blockDim.x) + threadIdx.x; i < n; i += int64_t(gridDim.x) * blockDim.x)
    out[i] = philox_draw(static_cast<Dist>(dist), seed, stream, counter, static_cast<uint64_t>(i));
}

}  // namespace

int rng_fill(int device, float* out, int64_t n, int dist, uint64_t seed, uint64_t stream, uint64_t counter) {
  if (!enter(device)) return 1;
  if (n > 0) rng_kernel<<<blocks_for(n, 256), 256>>>(out, n, dist, seed, stream, counter);
  return finish("rngFill");
}

}  // namespace rdlab::cuda
