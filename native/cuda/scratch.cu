// Grow-only device buffers per (thread, device, slot), the CUDA counterpart of
// native/cpu/scratch.h: kernels called every training step reuse them instead of
// allocating. Freed when the thread exits.
#include <map>
#include <utility>

#include "common.cuh"

namespace rdlab::cuda {
namespace {

struct Buffers {
  struct Buf {
    void* ptr = nullptr;
    size_t bytes = 0;
  };
  std::map<std::pair<int, int>, Buf> bufs;
  ~Buffers() {
    for (auto& kv : bufs) {
      cudaSetDevice(kv.first.first);
      cudaFree(kv.second.ptr);
    }
  }
};

}  // namespace

void* scratch(int device, int slot, size_t bytes) {
  thread_local Buffers all;
  Buffers::Buf& b = all.bufs[{device, slot}];
  if (b.bytes >= bytes) return b.ptr;
  if (b.ptr != nullptr) cudaFree(b.ptr);
  b = Buffers::Buf{};
  cudaError_t e = cudaMalloc(&b.ptr, bytes);
  if (e != cudaSuccess) {
    set_error("cudaMalloc (scratch)", e);
    b.ptr = nullptr;
    return nullptr;
  }
  b.bytes = bytes;
  return b.ptr;
}

}  // namespace rdlab::cuda
