// out[i] = portable_fn(fn, x[i]) (native/core/portable_math_op.h), as native/cpu/portable_math.cc.
#include "../core/portable_math_op.h"
#include "common.cuh"
#include "kernels.cuh"

namespace rdlab::cuda {
namespace {

__global__ void portable_math_kernel(int fn, const float* x, int64_t n, float* out) {
  for (int64_t i = blockIdx.x * int64_t(blockDim.x) + threadIdx.x; i < n; i += int64_t(gridDim.x) * blockDim.x)
    out[i] = portable_fn(static_cast<PortableFn>(fn), x[i]);
}

}  // namespace

int portable_math(int device, int fn, const float* x, int64_t n, float* out) {
  if (!enter(device)) return 1;
  if (n > 0) portable_math_kernel<<<blocks_for(n, 256), 256>>>(fn, x, n, out);
  return finish("portableMath");
}

}  // namespace rdlab::cuda
