// Which backends this process can use, and the op table of each. The CPU backend is
// always there (native/cpu/api.cc); the CUDA backend is a separate shared library loaded
// on first use: a build without it, a machine without a driver or GPU, or
// RDLAB_FORCE_CPU=1 all leave the CPU as the only backend.
#pragma once
#include <string>

#include "../core/device.h"
#include "../ops/op_table.h"

namespace rdlab {

// The CPU backend's op table (native/cpu/api.cc).
const OpTable& cpu_ops();
// The loaded CUDA backend, or nullptr. Never throws.
const CudaApi* cuda_api();
// Why cuda_api() is null ("not built", "no GPU", "RDLAB_FORCE_CPU=1", a dlopen error...).
std::string cuda_status();
// The CUDA backend for `device`, or a RangeError naming `what` when that device is absent.
const CudaApi& cuda_for(int device, const char* what);
// The op table of the backend that owns `device`, or a RangeError naming `what`.
const OpTable& backend_for(Device device, const char* what);
// Throws an Error with the CUDA backend's message when a memory call's `code` is nonzero.
void cuda_check(int code, const char* op);

}  // namespace rdlab
