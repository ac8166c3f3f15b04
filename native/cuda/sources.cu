#include "../core/source_draw.h"
#include "common.cuh"
#include "kernels.cuh"

namespace rdlab::cuda {
namespace {

__global__ void source_kernel(int kind, float* out, float* u, int64_t batch, int64_t n, const float* scale,
                              uint64_t seed, uint64_t stream, uint64_t counter) {
  const int64_t total = batch * n;
  for (int64_t i = blockIdx.x * int64_t(blockDim.x) + threadIdx.x; i < total; i += int64_t(gridDim.x) * blockDim.x) {
    int64_t b = i / n, j = i % n;
    out[i] = source_value(static_cast<SourceKind>(kind), seed, stream, counter, b, j, n, scale);
    if (u != nullptr && j == 0) u[b] = source_latent(seed, stream, counter, b);
  }
}

}  // namespace

int source_sample(int device, int kind, float* out, float* u, int64_t batch, int64_t n, const float* scale,
                  uint64_t seed, uint64_t stream, uint64_t counter) {
  if (!enter(device)) return 1;
  if (batch * n > 0) source_kernel<<<blocks_for(batch * n, 256), 256>>>(kind, out, u, batch, n, scale, seed, stream, counter);
  return finish("sourceSample");
}

}  // namespace rdlab::cuda
