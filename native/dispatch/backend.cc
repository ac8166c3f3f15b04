#include "backend.h"

#include <dlfcn.h>

#include <cstdlib>
#include <mutex>
#include <string>

#include "../core/status.h"

namespace rdlab {
namespace {

std::once_flag g_once;
const CudaApi* g_api = nullptr;
std::string g_status = "not loaded";

// The directory holding this addon: librdlab_cuda.so is installed beside it.
std::string own_directory() {
  Dl_info info;
  if (dladdr(reinterpret_cast<void*>(&own_directory), &info) == 0 || info.dli_fname == nullptr) return ".";
  std::string path = info.dli_fname;
  size_t slash = path.find_last_of('/');
  return slash == std::string::npos ? "." : path.substr(0, slash);
}

void load() {
  const char* force = std::getenv("RDLAB_FORCE_CPU");
  if (force != nullptr && std::string(force) != "" && std::string(force) != "0") {
    g_status = "disabled by RDLAB_FORCE_CPU";
    return;
  }
  std::string path = own_directory() + "/librdlab_cuda.so";
  void* handle = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (handle == nullptr) {
    const char* e = dlerror();
    g_status = std::string("CUDA backend not available (") + (e ? e : path) + ")";
    return;
  }
  auto entry = reinterpret_cast<const CudaApi* (*)()>(dlsym(handle, "rdlab_cuda_api"));
  const CudaApi* api = entry ? entry() : nullptr;
  if (api == nullptr || api->abi != kCudaAbi) {
    g_status = "CUDA backend has a different ABI version; rebuild rdlab";
    return;
  }
  int n = api->device_count();
  if (n <= 0) {
    g_status = std::string("CUDA backend built, but no GPU: ") + api->ops.error_string();
    return;
  }
  g_api = api;
  g_status = "ok";
}

}  // namespace

const CudaApi* cuda_api() {
  std::call_once(g_once, load);
  return g_api;
}

std::string cuda_status() {
  std::call_once(g_once, load);
  return g_status;
}

const CudaApi& cuda_for(int device, const char* what) {
  const CudaApi* api = cuda_api();
  if (api == nullptr) fail_range(std::string(what) + ": device cuda:" + std::to_string(device) + " requested but " + cuda_status());
  if (device < 0 || device >= api->device_count())
    fail_range(std::string(what) + ": no device cuda:" + std::to_string(device) + " (" +
               std::to_string(api->device_count()) + " visible)");
  return *api;
}

const OpTable& backend_for(Device device, const char* what) {
  return device.is_cpu() ? cpu_ops() : cuda_for(device.index, what).ops;
}

void cuda_check(int code, const char* op) {
  if (code != 0) fail(std::string(op) + " failed on CUDA: " + (g_api ? g_api->ops.error_string() : "unknown error"));
}

}  // namespace rdlab
