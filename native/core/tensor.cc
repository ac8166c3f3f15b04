#include "tensor.h"

#include <cstdlib>
#include <cstring>
#include <limits>
#include <mutex>

#include "../dispatch/backend.h"
#include "status.h"

namespace rdlab {

size_t dtype_size(DType) { return 4; }

const char* dtype_name(DType d) {
  switch (d) {
    case DType::F32: return "float32";
    case DType::I32: return "int32";
    case DType::U32: return "uint32";
  }
  return "?";
}

DType dtype_parse(const std::string& s, const char* what) {
  if (s == "float32") return DType::F32;
  if (s == "int32") return DType::I32;
  if (s == "uint32") return DType::U32;
  fail_range(std::string(what) + ": unknown dtype '" + s + "' (expected float32, int32 or uint32)");
}

Device Device::parse(const std::string& s, const char* what) {
  if (s == "cpu") return Device{};
  if (s == "cuda") return Device{CUDA, 0};
  if (s.rfind("cuda:", 0) == 0 && s.size() > 5 && s.size() < 9 && s.find_first_not_of("0123456789", 5) == std::string::npos)
    return Device{CUDA, std::stoi(s.substr(5))};
  fail_range(std::string(what) + ": unknown device '" + s + "' (expected 'cpu', 'cuda' or 'cuda:N')");
}

namespace {

std::mutex live_mutex;
std::vector<DeviceMemory> live;  // one entry per device that has ever held a storage

void count_storage(Device d, int64_t sign, size_t bytes) {
  std::lock_guard<std::mutex> lock(live_mutex);
  for (DeviceMemory& m : live) {
    if (m.device == d) {
      m.storages += sign;
      m.bytes += sign * static_cast<int64_t>(bytes);
      return;
    }
  }
  live.push_back(DeviceMemory{d, sign, sign * static_cast<int64_t>(bytes)});
}

}  // namespace

std::vector<DeviceMemory> live_memory() {
  std::lock_guard<std::mutex> lock(live_mutex);
  return live;
}

Storage::Storage(size_t n, Device d) : bytes(n), device(d) {
  size_t padded = ((n == 0 ? 1 : n) + 63) / 64 * 64;  // 64-byte aligned rows for wide loads
  if (d.is_cpu()) {
    // malloc plus manual alignment, not aligned_alloc: glibc's memalign asks for more than a
    // freed block of the same request holds, so a loop of equal-sized tensors would never
    // reuse the memory it frees and the heap would grow without bound
    base = std::malloc(padded + 64);
    if (base != nullptr) ptr = reinterpret_cast<void*>((reinterpret_cast<uintptr_t>(base) + 63) / 64 * 64);
  } else {
    ptr = cuda_for(d.index, "tensor").alloc(d.index, padded);
  }
  if (ptr == nullptr) throw OutOfMemory("out of memory allocating " + std::to_string(n) + " bytes on " + d.str());
  count_storage(device, 1, bytes);
}

Storage::~Storage() {
  count_storage(device, -1, bytes);
  if (device.is_cpu()) {
    std::free(base);
  } else if (const CudaApi* api = cuda_api()) {
    api->release(device.index, ptr);
  }
}

Tensor Tensor::empty(const std::vector<int64_t>& shape, DType dtype, Device device) {
  int64_t n = 1;
  for (int64_t d : shape) {
    if (d < 0) fail_range("tensor shape has a negative dimension");
    if (d != 0 && n > std::numeric_limits<int64_t>::max() / 8 / d) fail_range("tensor shape is too large");
    n *= d;
  }
  if (static_cast<uint64_t>(n) * dtype_size(dtype) > (uint64_t{1} << 40)) fail_range("tensor shape is too large (over 1 TiB)");
  Tensor t;
  t.storage = std::make_shared<Storage>(static_cast<size_t>(n) * dtype_size(dtype), device);
  t.shape = shape;
  t.dtype = dtype;
  t.device = device;
  return t;
}

int64_t Tensor::numel() const {
  int64_t n = 1;
  for (int64_t d : shape) n *= d;
  return n;
}

std::string Tensor::shape_str() const {
  std::string s = "[";
  for (size_t i = 0; i < shape.size(); ++i) s += (i ? ", " : "") + std::to_string(shape[i]);
  return s + "]";
}

Tensor Tensor::view(size_t off, const std::vector<int64_t>& new_shape) const {
  Tensor t = *this;
  t.offset = offset + off;
  t.shape = new_shape;
  if ((t.offset + t.numel()) * dtype_size(dtype) > storage->bytes) fail_range("view exceeds its tensor's storage");
  return t;
}

void copy_from_host(const Tensor& dst, const void* src, size_t bytes) {
  if (bytes != dst.bytes()) fail_range("copy: size mismatch");
  if (bytes == 0) return;
  if (dst.device.is_cpu()) {
    std::memcpy(dst.raw(), src, bytes);
  } else {
    const CudaApi& api = cuda_for(dst.device.index, "copy");
    cuda_check(api.memcpy(dst.device.index, dst.raw(), src, bytes, H2D), "copy to device");
  }
}

void copy_to_host(const Tensor& src, void* dst, size_t bytes) {
  if (bytes != src.bytes()) fail_range("copy: size mismatch");
  if (bytes == 0) return;
  if (src.device.is_cpu()) {
    std::memcpy(dst, src.raw(), bytes);
  } else {
    const CudaApi& api = cuda_for(src.device.index, "copy");
    cuda_check(api.memcpy(src.device.index, dst, src.raw(), bytes, D2H), "copy from device");
  }
}

void copy_tensor(const Tensor& dst, const Tensor& src) {
  if (dst.bytes() != src.bytes()) fail_range("copy: size mismatch");
  if (src.device.is_cpu()) {
    copy_from_host(dst, src.raw(), src.bytes());
  } else if (dst.device.is_cpu()) {
    copy_to_host(src, dst.raw(), dst.bytes());
  } else if (src.device == dst.device) {
    const CudaApi& api = cuda_for(src.device.index, "copy");
    cuda_check(api.memcpy(src.device.index, dst.raw(), src.raw(), src.bytes(), D2D), "copy on device");
  } else {
    std::vector<char> host(src.bytes());
    copy_to_host(src, host.data(), host.size());
    copy_from_host(dst, host.data(), host.size());
  }
}

}  // namespace rdlab
