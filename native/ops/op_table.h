// The function table every backend fills, generated from the op list (ops.def), and the
// ABI of the optional CUDA backend library (librdlab_cuda.so). The addon dlopens that
// library at run time when it sits beside the addon and a driver and a GPU are present, so
// one addon binary serves machines with and without a GPU. Both sides are C++ built by the
// same compiler family (nvcc hands host code to g++), so entries take references and bool
// exactly as the CPU kernels do. kCudaAbi follows the op list by itself; bump
// kCudaApiRevision when CudaApi changes.
#pragma once
#include <cstddef>
#include <cstdint>

#include "../core/adam_params.h"
#include "../core/conv_spec.h"
#include "../core/deep_factorized.h"
#include "../core/mlp_spec.h"

#define RDLAB_UNPAREN(...) __VA_ARGS__

namespace rdlab {

// FNV-1a of a string, at compile time.
constexpr uint32_t fnv1a(const char* s) {
  uint32_t h = 2166136261u;
  for (; *s != 0; ++s) h = (h ^ static_cast<unsigned char>(*s)) * 16777619u;
  return h;
}

// Every op's name and parameters as text: a library built from another op list has
// another kCudaAbi, and the addon refuses to load it.
constexpr const char kOpListText[] =
#define RDLAB_OP(name, js, params) #name #params
#include "ops.def"
#undef RDLAB_OP
    "";

constexpr uint32_t kCudaApiRevision = 15;
constexpr uint32_t kCudaAbi = fnv1a(kOpListText) + kCudaApiRevision;

// What an entry returns. kOpBadInput: the data is outside what the op accepts (a
// RangeError, the same on every backend); kOpFault: the backend failed (an Error naming
// the op and the device). The entry leaves the message for error_string().
enum OpStatus : int { kOpOk = 0, kOpFault = 1, kOpBadInput = 2 };

struct OpTable {
  // Why the calling thread's last entry (or memory call) failed.
  const char* (*error_string)();
#define RDLAB_OP(name, js, params) int (*name)(int device, RDLAB_UNPAREN params);
#include "ops.def"
#undef RDLAB_OP
};

enum MemcpyKind : int { H2D = 0, D2H = 1, D2D = 2 };

// The CUDA library's table: its devices and memory, and its ops.
struct CudaApi {
  uint32_t abi;
  int (*device_count)();
  const char* (*device_name)(int device);
  void* (*alloc)(int device, size_t bytes);
  int (*release)(int device, void* ptr);
  int (*memcpy)(int device, void* dst, const void* src, size_t bytes, int kind);
  // Waits for every kernel queued on the device; nonzero (with error_string) when one failed.
  int (*synchronize)(int device);
  OpTable ops;
};

}  // namespace rdlab

extern "C" const rdlab::CudaApi* rdlab_cuda_api();
