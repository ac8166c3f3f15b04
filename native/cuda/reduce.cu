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

__global__ void axpy_kernel(float alpha, const float* x, float* y, int64_t n) {
  for (int64_t i = blockIdx.x * int64_t(blockDim.x) + threadIdx.x; i < n; i += int64_t(gridDim.x) * blockDim.x)
    y[i] += alpha * x[i];
}

}  // namespace

int mse(int device, const float* yhat, const float* y, int64_t n, float* grad, float scale, float* loss) {
  if (!enter(device)) return 1;
  mse_kernel<<<1, 256>>>(yhat, y, n, grad, scale, loss);
  return finish("mse");
}

int axpy(int device, float alpha, const float* x, float* y, int64_t n) {
  if (!enter(device)) return 1;
  if (n > 0) axpy_kernel<<<blocks_for(n, 256), 256>>>(alpha, x, y, n);
  return finish("axpy");
}

}  // namespace rdlab::cuda
