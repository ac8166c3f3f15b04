// first[0] = the index of the first NaN or ±Inf among x[0..n), or -1, as
// native/cpu/first_nonfinite.cc: every thread of a grid-stride loop offers the indices of
// its bad elements to one atomicMin, so the minimum index comes back whatever the order.
#include <cstdint>

#include "common.cuh"
#include "kernels.cuh"

namespace rdlab::cuda {
namespace {

enum Slot { kFirst = 30 };

__global__ void first_nonfinite_kernel(const float* x, int64_t n, unsigned long long* first) {
  for (int64_t i = blockIdx.x * int64_t(blockDim.x) + threadIdx.x; i < n; i += int64_t(gridDim.x) * blockDim.x)
    if (!isfinite(x[i])) {
      atomicMin(first, static_cast<unsigned long long>(i));
      return;  // this thread's later elements have larger indices
    }
}

}  // namespace

int first_nonfinite(int device, const float* x, int64_t n, int64_t* first) {
  if (!enter(device)) return 1;
  auto* d_first = static_cast<unsigned long long*>(scratch(device, kFirst, sizeof(unsigned long long)));
  if (d_first == nullptr) return 1;
  const unsigned long long none = static_cast<unsigned long long>(n);
  cudaError_t e = cudaMemcpy(d_first, &none, sizeof none, cudaMemcpyHostToDevice);
  if (e != cudaSuccess) return set_error("firstNonFinite: cudaMemcpy", e), 1;
  if (n > 0) first_nonfinite_kernel<<<blocks_for(n, 256), 256>>>(x, n, d_first);
  if (int status = finish("firstNonFinite")) return status;
  unsigned long long found = none;
  e = cudaMemcpy(&found, d_first, sizeof found, cudaMemcpyDeviceToHost);
  if (e != cudaSuccess) return set_error("firstNonFinite: cudaMemcpy", e), 1;
  first[0] = found == none ? -1 : static_cast<int64_t>(found);
  return 0;
}

}  // namespace rdlab::cuda
