#include "../core/pair_draw.h"
#include "common.cuh"
#include "kernels.cuh"

namespace rdlab::cuda {
namespace {

__global__ void pair_kernel(int kind, float v0, float v1, float* x, float* y, int64_t n, uint64_t seed,
                            uint64_t stream, uint64_t counter) {
  for (int64_t i = blockIdx.x * int64_t(blockDim.x) + threadIdx.x; i < n; i += int64_t(gridDim.x) * blockDim.x)
    pair_value(static_cast<PairKind>(kind), v0, v1, seed, stream, counter, static_cast<uint64_t>(i), x[i], y[i]);
}

__global__ void posterior_kernel(int kind, float v0, float v1, const float* x, float* ys, int64_t batch, int64_t S,
                                 int64_t m, uint64_t seed, uint64_t stream, uint64_t counter) {
  const int64_t total = batch * S * m;
  for (int64_t i = blockIdx.x * int64_t(blockDim.x) + threadIdx.x; i < total; i += int64_t(gridDim.x) * blockDim.x) {
    int64_t row = i / (S * m), j = i % m;
    ys[i] = pair_posterior(static_cast<PairKind>(kind), v0, v1, x[row * m + j], seed, stream, counter,
                           static_cast<uint64_t>(i));
  }
}

__global__ void posterior_nodes_kernel(int kind, float v0, float v1, const float* x, const float* z, float* ys,
                                       int64_t batch, int64_t S, int64_t m) {
  const int64_t total = batch * S * m;
  for (int64_t i = blockIdx.x * int64_t(blockDim.x) + threadIdx.x; i < total; i += int64_t(gridDim.x) * blockDim.x)
    ys[i] = pair_posterior_at(static_cast<PairKind>(kind), v0, v1, x[i / (S * m) * m + i % m], z[i / m % S]);
}

}  // namespace

int pair_sample(int device, int kind, float v0, float v1, float* x, float* y, int64_t n, uint64_t seed,
                uint64_t stream, uint64_t counter) {
  if (!enter(device)) return 1;
  if (n > 0) pair_kernel<<<blocks_for(n, 256), 256>>>(kind, v0, v1, x, y, n, seed, stream, counter);
  return finish("pairSample");
}

int pair_posterior(int device, int kind, float v0, float v1, const float* x, float* ys, int64_t batch, int64_t S,
                   int64_t m, uint64_t seed, uint64_t stream, uint64_t counter) {
  if (!enter(device)) return 1;
  int64_t total = batch * S * m;
  if (total > 0)
    posterior_kernel<<<blocks_for(total, 256), 256>>>(kind, v0, v1, x, ys, batch, S, m, seed, stream, counter);
  return finish("pairPosterior");
}

int pair_posterior_nodes(int device, int kind, float v0, float v1, const float* x, const float* z, float* ys,
                         int64_t batch, int64_t S, int64_t m) {
  if (!enter(device)) return 1;
  int64_t total = batch * S * m;
  if (total > 0) posterior_nodes_kernel<<<blocks_for(total, 256), 256>>>(kind, v0, v1, x, z, ys, batch, S, m);
  return finish("pairPosteriorNodes");
}

}  // namespace rdlab::cuda
