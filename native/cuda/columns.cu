// out [B, p + q] = [a | b] and its inverse, as native/cpu/columns.cc; grid-stride loops.
#include "common.cuh"
#include "kernels.cuh"

namespace rdlab::cuda {
namespace {

__global__ void concat_kernel(const float* a, const float* b, int64_t batch, int64_t p, int64_t q, float* out) {
  const int64_t w = p + q, n = batch * w;
  for (int64_t i = blockIdx.x * int64_t(blockDim.x) + threadIdx.x; i < n; i += int64_t(gridDim.x) * blockDim.x) {
    int64_t r = i / w, c = i % w;
    out[i] = c < p ? a[r * p + c] : b[r * q + (c - p)];
  }
}

__global__ void split_kernel(const float* x, int64_t batch, int64_t p, int64_t q, float* a, float* b) {
  const int64_t w = p + q, n = batch * w;
  for (int64_t i = blockIdx.x * int64_t(blockDim.x) + threadIdx.x; i < n; i += int64_t(gridDim.x) * blockDim.x) {
    int64_t r = i / w, c = i % w;
    if (c < p && a != nullptr) a[r * p + c] = x[i];
    if (c >= p && b != nullptr) b[r * q + (c - p)] = x[i];
  }
}

}  // namespace

int concat_columns(int device, const float* a, const float* b, int64_t batch, int64_t p, int64_t q, float* out) {
  if (!enter(device)) return 1;
  if (batch * (p + q) > 0) concat_kernel<<<blocks_for(batch * (p + q), 256), 256>>>(a, b, batch, p, q, out);
  return finish("concatColumns");
}

int split_columns(int device, const float* x, int64_t batch, int64_t p, int64_t q, float* a, float* b) {
  if (!enter(device)) return 1;
  if (batch * (p + q) > 0) split_kernel<<<blocks_for(batch * (p + q), 256), 256>>>(x, batch, p, q, a, b);
  return finish("splitColumns");
}

}  // namespace rdlab::cuda
