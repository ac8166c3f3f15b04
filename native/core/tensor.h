// A dense, row-major, contiguous tensor on one device. A tensor may be a view into a
// larger storage (an offset and a shape), which is how an Mlp's flat parameter vector
// is exported as named per-layer tensors without copies.
#pragma once
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "device.h"
#include "status.h"

namespace rdlab {

enum class DType { F32 = 0, I32 = 1, U32 = 2 };

size_t dtype_size(DType d);
const char* dtype_name(DType d);
DType dtype_parse(const std::string& s, const char* what);

// What Storage throws when the device's allocator refuses a request (an Error of kind
// Runtime): callers that know which argument set the size can report it by name.
struct OutOfMemory : Error {
  explicit OutOfMemory(const std::string& message) : Error(ErrorKind::Runtime, message) {}
};

// Owns device memory; frees it through the device's allocator.
struct Storage {
  void* ptr = nullptr;   // 64-byte aligned
  void* base = nullptr;  // what the CPU allocator returned (ptr rounded down)
  size_t bytes = 0;
  Device device;
  Storage(size_t bytes, Device device);
  ~Storage();
  Storage(const Storage&) = delete;
  Storage& operator=(const Storage&) = delete;
};

struct Tensor {
  std::shared_ptr<Storage> storage;
  size_t offset = 0;  // in elements
  std::vector<int64_t> shape;
  DType dtype = DType::F32;
  Device device;

  static Tensor empty(const std::vector<int64_t>& shape, DType dtype, Device device);

  int64_t numel() const;
  int64_t dim(int i) const { return shape[i < 0 ? shape.size() + i : i]; }
  int ndim() const { return static_cast<int>(shape.size()); }
  size_t bytes() const { return static_cast<size_t>(numel()) * dtype_size(dtype); }
  void* raw() const { return static_cast<char*>(storage->ptr) + offset * dtype_size(dtype); }
  template <typename T> T* data() const { return static_cast<T*>(raw()); }
  std::string shape_str() const;

  // A view of `shape` starting `offset` elements into this tensor.
  Tensor view(size_t offset, const std::vector<int64_t>& shape) const;
};

// Bytes held by live Storage allocations on one device (padding excluded), counted as
// storages are made and freed: what memory() reports and the V8 heap is told about.
struct DeviceMemory {
  Device device;
  int64_t storages = 0;
  int64_t bytes = 0;
};
std::vector<DeviceMemory> live_memory();

// Copies between host memory and a tensor, or between tensors on any devices.
void copy_from_host(const Tensor& dst, const void* src, size_t bytes);
void copy_to_host(const Tensor& src, void* dst, size_t bytes);
void copy_tensor(const Tensor& dst, const Tensor& src);

}  // namespace rdlab
