// Grow-only per-thread buffers, so that kernels called every training step do not allocate
// (and fault in fresh pages) on every call. Compiled at the baseline instruction set.
#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

namespace rdlab::cpu {

// Which buffer: Call is owned by the thread that called the kernel and may be shared with
// the pool for the duration of one call; Worker is private to the thread running a chunk of
// a parallel_for (the caller runs chunks too, so the two must differ); Pass belongs to a
// whole MLP pass whose slices call kernels that use the other two (mlp.cc's partial
// gradients).
enum class Scratch { Call, Worker, Pass };

// At least n floats, valid until the next scratch() of the same kind on the same thread.
float* scratch(Scratch kind, int64_t n);

// At least n floats in buffer `which` of a set of grow-only buffers of the calling thread, one
// set per enum type E whose enumerators below Count name them: for kernels that need several
// at once (the GEMM kernels they call use Scratch::Call themselves). Valid until the next call
// for the same buffer on the same thread.
template <class E, E Count>
float* thread_buffer(E which, int64_t n) {
  thread_local std::vector<float> bufs[static_cast<int>(Count)];
  std::vector<float>& b = bufs[static_cast<int>(which)];
  if (static_cast<int64_t>(b.size()) < n) b.resize(static_cast<std::size_t>(n));
  return b.data();
}

}  // namespace rdlab::cpu
