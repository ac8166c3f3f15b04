// Grow-only per-thread buffers, so that kernels called every training step do not allocate
// (and fault in fresh pages) on every call. Compiled at the baseline instruction set.
#pragma once
#include <cstdint>

namespace rdlab::cpu {

// Which buffer: Call is owned by the thread that called the kernel and may be shared with
// the pool for the duration of one call; Worker is private to the thread running a chunk of
// a parallel_for (the caller runs chunks too, so the two must differ); Pass belongs to a
// whole MLP pass whose slices call kernels that use the other two (mlp.cc's partial
// gradients).
enum class Scratch { Call, Worker, Pass };

// At least n floats, valid until the next scratch() of the same kind on the same thread.
float* scratch(Scratch kind, int64_t n);

}  // namespace rdlab::cpu
