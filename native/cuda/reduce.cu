#include "common.cuh"
#include "kernels.cuh"

namespace rdlab::cuda {
namespace {

// One block: each thread sums a strided slice in double, then a shared-memory tree.
__global__ void mse_kernel(const float* yhat, const float* y, int64_t n, float* grad, float scale, float* loss) {
  __shared__ double part[256];
  const float g = scale * 2.0f / static_cast<float>(n);
  double s = 0.0;
  for (int64_t i = threadIdx.x; i < n; i += blockDim.x) {
    float d = yhat[i] - y[i];
    s += static_cast<double>(d) * d;
    if (grad != nullptr) grad[i] = g * d;
  }
  part[threadIdx.x] = s;
  __syncthreads();
  for (int w = blockDim.x / 2; w > 0; w /= 2) {
    if (threadIdx.x < w) part[threadIdx.x] += part[threadIdx.x + w];
    __syncthreads();
  }
  if (threadIdx.x == 0) loss[0] = static_cast<float>(part[0] / static_cast<double>(n));
}

}  // namespace

int mse(int device, const float* yhat, const float* y, int64_t n, float* grad, float scale, float* loss) {
  if (!enter(device)) return 1;
  mse_kernel<<<1, 256>>>(yhat, y, n, grad, scale, loss);
  return finish("mse");
}

}  // namespace rdlab::cuda
