// y[i] += alpha * x[i], as native/cpu/axpy.cc; a grid-stride loop. The product and the sum
// are unfused (_rn), as the CPU computes them, so the two are bit-identical.
#include "../core/portable_math.h"
#include "common.cuh"
#include "kernels.cuh"

namespace rdlab::cuda {
namespace {

__global__ void axpy_kernel(float alpha, const float* x, float* y, int64_t n) {
  for (int64_t i = blockIdx.x * int64_t(blockDim.x) + threadIdx.x; i < n; i += int64_t(gridDim.x) * blockDim.x)
    y[i] = add_rn(y[i], mul_rn(alpha, x[i]));
}

}  // namespace

int axpy(int device, float alpha, const float* x, float* y, int64_t n) {
  if (!enter(device)) return 1;
  if (n > 0) axpy_kernel<<<blocks_for(n, 256), 256>>>(alpha, x, y, n);
  return finish("axpy");
}

}  // namespace rdlab::cuda
