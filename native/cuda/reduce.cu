// loss[0] = mean_i (yhat_i - y_i)^2, grad_i = scale * 2 (yhat_i - y_i) / n, as
// native/cpu/reduce.cc: the squares summed in double by the fixed-order reduction of
// fixed_order_sum.cuh, the gradient by a grid-stride kernel.
#include "common.cuh"
#include "fixed_order_sum.cuh"
#include "kernels.cuh"

namespace rdlab::cuda {
namespace {

struct LoadSquare {
  const float* yhat;
  const float* y;
  __device__ double operator()(int64_t i, int64_t) const {
    const float d = yhat[i] - y[i];
    return static_cast<double>(d) * d;
  }
};

__global__ void mse_grad_kernel(const float* yhat, const float* y, int64_t n, float g, float* grad) {
  for (int64_t i = blockIdx.x * int64_t(blockDim.x) + threadIdx.x; i < n; i += int64_t(gridDim.x) * blockDim.x)
    grad[i] = g * (yhat[i] - y[i]);
}

}  // namespace

int mse(int device, const float* yhat, const float* y, int64_t n, float* grad, float scale, float* loss) {
  if (!enter(device)) return 1;
  if (!column_sums(device, n, 1, LoadSquare{yhat, y}, StoreFloat{loss, static_cast<double>(n)})) return 1;
  if (grad != nullptr && n > 0)
    mse_grad_kernel<<<blocks_for(n, 256), 256>>>(yhat, y, n, scale * 2.0f / static_cast<float>(n), grad);
  return finish("mse");
}

}  // namespace rdlab::cuda
