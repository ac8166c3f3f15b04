// Module entry: defines the Tensor class, the tensor factories and info(), and exports
// every function registered with RDLAB_EXPORT. Context-aware: all state is per-env
// instance data, so the addon loads in worker_threads.
#include <napi.h>

#include <cstring>
#include <stdexcept>
#include <string>

#include "../dispatch/backend.h"
#include "../core/cpu_features.h"
#include "../core/status.h"
#include "../core/threadpool.h"
#include "args.h"
#include "registry.h"
#include "tensor_wrap.h"

#ifndef RDLAB_VERSION
#define RDLAB_VERSION "0.0.0"
#endif

namespace rdlab::binding {

std::vector<std::pair<const char*, Entry>>& registry() {
  static std::vector<std::pair<const char*, Entry>> r;
  return r;
}

[[noreturn]] void rethrow_as_js(Napi::Env env, std::exception_ptr e) {
  try {
    std::rethrow_exception(e);
  } catch (const rdlab::Error& err) {
    if (err.kind == ErrorKind::Type) throw Napi::TypeError::New(env, err.what());
    if (err.kind == ErrorKind::Range) throw Napi::RangeError::New(env, err.what());
    throw Napi::Error::New(env, err.what());
  } catch (const std::invalid_argument& err) {
    throw Napi::RangeError::New(env, err.what());
  } catch (const std::out_of_range& err) {
    throw Napi::RangeError::New(env, err.what());
  } catch (const std::bad_alloc&) {
    throw Napi::RangeError::New(env, "out of memory");
  } catch (const std::exception& err) {
    throw Napi::Error::New(env, std::string("rdlab: ") + err.what());
  } catch (...) {
    throw Napi::Error::New(env, "rdlab: unknown native error");
  }
  throw Napi::Error::New(env, "rdlab: unreachable");
}

namespace {

Napi::Value info_fn(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Napi::Object o = Napi::Object::New(env);
  o.Set("version", RDLAB_VERSION);
  Napi::Array backends = Napi::Array::New(env);
  backends.Set(0u, "cpu");
#ifdef RDLAB_HAVE_CUDA
  o.Set("cudaBuilt", true);
#else
  o.Set("cudaBuilt", false);
#endif
  const CudaApi* api = cuda_api();
  o.Set("cuda", api != nullptr);
  o.Set("cudaStatus", cuda_status());
  Napi::Array devices = Napi::Array::New(env);
  if (api != nullptr) {
    backends.Set(1u, "cuda");
    for (int d = 0; d < api->device_count(); ++d) devices.Set(uint32_t(d), std::string(api->device_name(d)));
  }
  o.Set("backends", backends);
  o.Set("cudaDevices", devices);
  o.Set("cpuIsa", isa_name(cpu_isa()));
  o.Set("cpuFeatures", cpu_features());
  o.Set("threads", num_threads());
  return o;
}
RDLAB_EXPORT("info", info_fn)

// Tensor::empty for a shape the caller gave as `name`: a size the device's allocator cannot
// satisfy is refused as a RangeError naming the argument and the shape, like a size past the
// element limit (get_shape), rather than as a fault of the library.
Tensor empty_for_argument(const std::vector<int64_t>& shape, DType dtype, Device device, const char* name) {
  try {
    return Tensor::empty(shape, dtype, device);
  } catch (const OutOfMemory& e) {
    Tensor probe;
    probe.shape = shape;
    fail_range(std::string(name) + ": " + probe.shape_str() + " is more than the device can hold (" + e.what() + ")");
  }
}

// tensorFromArray(data: Float32Array|Int32Array|Uint32Array, shape: number[], device: string)
Napi::Value tensor_from_array(const Napi::CallbackInfo& info) {
  if (!info[0].IsTypedArray()) fail_type("data: expected a Float32Array, Int32Array or Uint32Array");
  Napi::TypedArray ta = info[0].As<Napi::TypedArray>();
  DType dtype;
  switch (ta.TypedArrayType()) {
    case napi_float32_array: dtype = DType::F32; break;
    case napi_int32_array: dtype = DType::I32; break;
    case napi_uint32_array: dtype = DType::U32; break;
    default: fail_type("data: expected a Float32Array, Int32Array or Uint32Array");
  }
  if (ta.ArrayBuffer().IsDetached()) fail_type("data: the typed array's buffer is detached");
  std::vector<int64_t> shape = get_shape(info[1], "shape");
  Device device = Device::parse(arg_string(info, 2, "device"), "device");
  Tensor probe;
  probe.shape = shape;
  if (probe.numel() != static_cast<int64_t>(ta.ElementLength()))
    fail_range("shape: " + probe.shape_str() + " holds " + std::to_string(probe.numel()) + " elements but data has " +
               std::to_string(ta.ElementLength()));
  Tensor t = empty_for_argument(shape, dtype, device, "shape");
  // Copied now, on the calling thread: the tensor never aliases JavaScript memory.
  const char* src = static_cast<const char*>(ta.ArrayBuffer().Data()) + ta.ByteOffset();
  copy_from_host(t, src, t.bytes());
  return wrap_tensor(info.Env(), t);
}
RDLAB_EXPORT("tensorFromArray", tensor_from_array)

// empty(shape, dtype, device): uninitialised memory, for outputs a kernel overwrites.
Napi::Value tensor_empty(const Napi::CallbackInfo& info) {
  std::vector<int64_t> shape = get_shape(info[0], "shape");
  DType dtype = dtype_parse(arg_string(info, 1, "dtype"), "dtype");
  Device device = Device::parse(arg_string(info, 2, "device"), "device");
  return wrap_tensor(info.Env(), empty_for_argument(shape, dtype, device, "shape"));
}
RDLAB_EXPORT("empty", tensor_empty)

Napi::Object init(Napi::Env env, Napi::Object exports) {
  auto* data = new AddonData();
  data->tensor_ctor = Napi::Persistent(JsTensor::define(env));
  env.SetInstanceData<AddonData>(data);
  exports.Set("Tensor", data->tensor_ctor.Value());
  for (auto& [name, fn] : registry()) exports.Set(name, Napi::Function::New(env, fn, name));
  return exports;
}

}  // namespace
}  // namespace rdlab::binding

static Napi::Object rdlab_init(Napi::Env env, Napi::Object exports) { return rdlab::binding::init(env, exports); }
NODE_API_MODULE(rdlab, rdlab_init)
