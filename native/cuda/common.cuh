// Shared by the CUDA kernel files: error capture and launch helpers. Every entry point
// returns 0 or 1 and leaves a message for error_string() (thread-local).
#pragma once
#include <cuda_runtime.h>

#include <cstddef>
#include <cstdint>
#include <string>

namespace rdlab::cuda {

void set_error(const std::string& what, cudaError_t e);
// Sets a message of rdlab's own (an unsupported size, a flagged bad input).
void set_message(const std::string& what);
// Selects `device` and clears stale errors; false (with the error set) on failure.
bool enter(int device);
// Checks the last launch; 0 on success, 1 with the error set.
int finish(const char* op);
// A grow-only device buffer of at least `bytes` on the current device, private to the
// calling thread and `slot` (scratch.cu); nullptr with the error set when allocation fails.
void* scratch(int device, int slot, size_t bytes);

inline unsigned blocks_for(int64_t n, int threads) {
  int64_t b = (n + threads - 1) / threads;
  return static_cast<unsigned>(b > 65535 * 16 ? 65535 * 16 : b);
}

}  // namespace rdlab::cuda
