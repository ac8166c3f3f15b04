#include "../core/adam_update.h"
#include "common.cuh"
#include "kernels.cuh"

namespace rdlab::cuda {
namespace {

__global__ void adam_kernel(float* p, const float* g, float* m, float* v, int64_t n, AdamConsts c) {
  for (int64_t i = blockIdx.x * int64_t(blockDim.x) + threadIdx.x; i < n; i += int64_t(gridDim.x) * blockDim.x)
    adam_update(p[i], g[i], m[i], v[i], c);
}

}  // namespace

// The update of native/core/adam_update.h, as on the CPU.
int adam_step(int device, float* p, const float* g, float* m, float* v, int64_t n, const AdamParams& a) {
  if (!enter(device)) return 1;
  if (n > 0) adam_kernel<<<blocks_for(n, 256), 256>>>(p, g, m, v, n, adam_consts(a));
  return finish("adamStep");
}

}  // namespace rdlab::cuda
