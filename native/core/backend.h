// Which backends this process can use. The CUDA backend is a separate shared library
// loaded on first use; a build without it, a machine without a driver or GPU, or
// RDLAB_FORCE_CPU=1 all leave the CPU as the only backend.
#pragma once
#include <string>

#include "cuda_api.h"

namespace rdlab {

// The loaded CUDA backend, or nullptr. Never throws.
const CudaApi* cuda_api();
// Why cuda_api() is null ("not built", "no GPU", "RDLAB_FORCE_CPU=1", a dlopen error...).
std::string cuda_status();
// The CUDA backend for `device`, or a RangeError naming `what` when that device is absent.
const CudaApi& cuda_for(int device, const char* what);
// Throws an Error with the backend's message when `code` is nonzero.
void cuda_check(int code, const char* op);

}  // namespace rdlab
