// The CUDA backend's table (native/ops/op_table.h), filled by name from the op list, its
// device-memory functions and the error state every entry shares.
#include <cstdlib>
#include <string>

#include "../ops/op_table.h"
#include "common.cuh"
#include "kernels.cuh"

namespace rdlab::cuda {
namespace {
thread_local std::string g_error = "no error";
thread_local std::string g_name;
}  // namespace

void set_error(const std::string& what, cudaError_t e) { g_error = what + ": " + cudaGetErrorString(e); }
int refuse(const std::string& what) {
  g_error = what;
  return kOpBadInput;
}

bool sync_checks() {
  static const bool on = [] {
    const char* v = std::getenv("RDLAB_CUDA_SYNC");
    return v != nullptr && std::string(v) != "" && std::string(v) != "0";
  }();
  return on;
}

bool enter(int device) {
  cudaGetLastError();  // a caught failure of an earlier call must not be blamed on this one
  cudaError_t e = cudaSetDevice(device);
  if (e != cudaSuccess) {
    set_error("cudaSetDevice", e);
    return false;
  }
  return true;
}

int finish(const char* op) {
  cudaError_t e = cudaGetLastError();
  if (e == cudaSuccess && sync_checks()) e = cudaDeviceSynchronize();
  if (e != cudaSuccess) {
    set_error(op, e);
    return kOpFault;
  }
  return kOpOk;
}

namespace {

int device_count() {
  int n = 0;
  cudaError_t e = cudaGetDeviceCount(&n);
  if (e != cudaSuccess) {
    set_error("cudaGetDeviceCount", e);
    return 0;
  }
  return n;
}

const char* error_string() { return g_error.c_str(); }

const char* device_name(int device) {
  cudaDeviceProp p;
  if (cudaGetDeviceProperties(&p, device) != cudaSuccess) return "unknown";
  g_name = std::string(p.name) + " (sm_" + std::to_string(p.major) + std::to_string(p.minor) + ")";
  return g_name.c_str();
}

void* alloc(int device, size_t bytes) {
  if (!enter(device)) return nullptr;
  void* p = nullptr;
  cudaError_t e = cudaMalloc(&p, bytes);
  if (e != cudaSuccess) {
    set_error("cudaMalloc", e);
    return nullptr;
  }
  return p;
}

int release(int device, void* ptr) {
  if (!enter(device)) return 1;
  cudaError_t e = cudaFree(ptr);
  if (e != cudaSuccess) {
    set_error("cudaFree", e);
    return 1;
  }
  return 0;
}

int copy(int device, void* dst, const void* src, size_t bytes, int kind) {
  if (!enter(device)) return 1;
  cudaMemcpyKind k = kind == rdlab::H2D ? cudaMemcpyHostToDevice
                     : kind == rdlab::D2H ? cudaMemcpyDeviceToHost
                                          : cudaMemcpyDeviceToDevice;
  cudaError_t e = cudaMemcpy(dst, src, bytes, k);
  if (e != cudaSuccess) {
    set_error("cudaMemcpy", e);
    return 1;
  }
  return 0;
}

int synchronize(int device) {
  if (!enter(device)) return 1;
  cudaError_t e = cudaDeviceSynchronize();
  if (e != cudaSuccess) {
    set_error("cudaDeviceSynchronize", e);
    return 1;
  }
  return 0;
}

rdlab::CudaApi make_api() {
  rdlab::CudaApi api{};
  api.abi = rdlab::kCudaAbi;
  api.device_count = device_count;
  api.device_name = device_name;
  api.alloc = alloc;
  api.release = release;
  api.memcpy = copy;
  api.synchronize = synchronize;
  api.ops.error_string = error_string;
#define RDLAB_OP(name, js, params) api.ops.name = name;
#include "../ops/ops.def"
#undef RDLAB_OP
  return api;
}

const rdlab::CudaApi kApi = make_api();

}  // namespace
}  // namespace rdlab::cuda

extern "C" __attribute__((visibility("default"))) const rdlab::CudaApi* rdlab_cuda_api() { return &rdlab::cuda::kApi; }
