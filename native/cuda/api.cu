// The backend's C ABI table (native/core/cuda_api.h) and its device-memory functions.
#include <string>

#include "../core/cuda_api.h"
#include "common.cuh"
#include "kernels.cuh"

namespace rdlab::cuda {
namespace {
thread_local std::string g_error = "no error";
thread_local std::string g_name;
}  // namespace

void set_error(const std::string& what, cudaError_t e) { g_error = what + ": " + cudaGetErrorString(e); }
void set_message(const std::string& what) { g_error = what; }

bool enter(int device) {
  cudaError_t e = cudaSetDevice(device);
  if (e != cudaSuccess) {
    set_error("cudaSetDevice", e);
    return false;
  }
  return true;
}

int finish(const char* op) {
  cudaError_t e = cudaGetLastError();
  if (e != cudaSuccess) {
    set_error(op, e);
    return 1;
  }
  return 0;
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

const rdlab::CudaApi kApi = {
    rdlab::kCudaAbi, device_count, error_string, device_name, alloc, release, copy,
    rng_fill,        mlp_forward,  mlp_backward, adam_step,   mse,        source_sample,
    axpy,            quantize_noise, quantize_round, entropy_forward, entropy_backward, entropy_cdf,
    entropy_pmf_table, fourier_forward, fourier_backward,
    pair_sample, pair_posterior, ecvq_encode, ecvq_rate, ecvq_decoder_input,
    gumbel_softmax,    gumbel_softmax_backward, concrete_rate, concat_columns, split_columns,
    nerd_distortion, nerd_solve_beta, nerd_objective, blahut, orc_search, orc_candidates,
    orc_latents, orc_scan,
};

}  // namespace
}  // namespace rdlab::cuda

extern "C" __attribute__((visibility("default"))) const rdlab::CudaApi* rdlab_cuda_api() { return &rdlab::cuda::kApi; }
