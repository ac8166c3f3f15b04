// Shared by the CUDA kernel files: error capture and launch helpers. Every entry point
// returns an OpStatus (native/ops/op_table.h) and leaves a message for error_string()
// (thread-local).
#pragma once
#include <cuda_runtime.h>

#include <cstddef>
#include <cstdint>
#include <string>

#include "../ops/op_table.h"

namespace rdlab::cuda {

void set_error(const std::string& what, cudaError_t e);
// Refuses the call's input (an unsupported size, a value a kernel flagged): sets `what` as
// the message and returns kOpBadInput, which the dispatch raises as a RangeError.
int refuse(const std::string& what);
// Clears an error left by an earlier call, then selects `device`; false (with the error
// set) on failure.
bool enter(int device);
// Checks the launches of `op`: kOpOk, or kOpFault with the error set under op's name. With
// RDLAB_CUDA_SYNC=1 it also waits for the kernels, so a fault inside one is reported by
// the op that launched it rather than by a later call.
int finish(const char* op);
// A grow-only device buffer of at least `bytes` on the current device, private to the
// calling thread and `slot` (scratch.cu); nullptr with the error set when allocation fails.
void* scratch(int device, int slot, size_t bytes);

inline unsigned blocks_for(int64_t n, int threads) {
  int64_t b = (n + threads - 1) / threads;
  return static_cast<unsigned>(b > 65535 * 16 ? 65535 * 16 : b);
}

// The sum (or, with take_max, the maximum) of v over the block: every thread passes its
// value and gets the result; part holds blockDim.x doubles (a power of two) of shared memory.
__device__ inline double block_reduce(double v, double* part, bool take_max) {
  part[threadIdx.x] = v;
  __syncthreads();
  for (int w = blockDim.x / 2; w > 0; w /= 2) {
    if (threadIdx.x < w)
      part[threadIdx.x] = take_max ? fmax(part[threadIdx.x], part[threadIdx.x + w]) : part[threadIdx.x] + part[threadIdx.x + w];
    __syncthreads();
  }
  const double r = part[0];
  __syncthreads();
  return r;
}

}  // namespace rdlab::cuda
