#include "tensor_wrap.h"

#include "args.h"
#include "registry.h"

namespace rdlab::binding {

Napi::Function JsTensor::define(Napi::Env env) {
  return DefineClass(env, "Tensor",
                     {InstanceAccessor<&JsTensor::shape>("shape"), InstanceAccessor<&JsTensor::dtype>("dtype"),
                      InstanceAccessor<&JsTensor::device>("device"), InstanceAccessor<&JsTensor::size>("size"),
                      InstanceMethod<&JsTensor::to_array>("toArray"), InstanceMethod<&JsTensor::view>("view"),
                      InstanceMethod<&JsTensor::to>("to"), InstanceMethod<&JsTensor::copy_from>("copyFrom")});
}

JsTensor::JsTensor(const Napi::CallbackInfo& info) : Napi::ObjectWrap<JsTensor>(info) {
  if (info.Length() != 1 || !info[0].IsExternal())
    throw Napi::TypeError::New(info.Env(), "Tensor: not constructible directly; use tensor() or empty()");
}

JsTensor::~JsTensor() {
  // Only CPU memory is reported: it is what the JavaScript heap competes with.
  if (external_bytes_ != 0 && env_ != nullptr) {
    int64_t unused;
    napi_adjust_external_memory(env_, -external_bytes_, &unused);
  }
}

void JsTensor::set(Napi::Env env, Tensor t) {
  tensor_ = std::move(t);
  if (tensor_.device.is_cpu() && tensor_.offset == 0 && tensor_.storage.use_count() == 1) {
    external_bytes_ = static_cast<int64_t>(tensor_.storage->bytes);
    env_ = env;
    Napi::MemoryManagement::AdjustExternalMemory(env, external_bytes_);
  }
}

Napi::Value JsTensor::shape(const Napi::CallbackInfo& info) {
  Napi::Array a = Napi::Array::New(info.Env(), tensor_.shape.size());
  for (size_t i = 0; i < tensor_.shape.size(); ++i) a.Set(i, Napi::Number::New(info.Env(), double(tensor_.shape[i])));
  return a;
}
Napi::Value JsTensor::dtype(const Napi::CallbackInfo& info) { return Napi::String::New(info.Env(), dtype_name(tensor_.dtype)); }
Napi::Value JsTensor::device(const Napi::CallbackInfo& info) { return Napi::String::New(info.Env(), tensor_.device.str()); }
Napi::Value JsTensor::size(const Napi::CallbackInfo& info) { return Napi::Number::New(info.Env(), double(tensor_.numel())); }

Napi::Value JsTensor::to_array(const Napi::CallbackInfo& info) {
  return js_guard(info.Env(), [&]() -> Napi::Value {
  Napi::Env env = info.Env();
  size_t n = static_cast<size_t>(tensor_.numel());
  Napi::ArrayBuffer buf = Napi::ArrayBuffer::New(env, tensor_.bytes());
  if (n > 0) copy_to_host(tensor_, buf.Data(), tensor_.bytes());
  if (tensor_.dtype == DType::F32) return Napi::Float32Array::New(env, n, buf, 0);
  if (tensor_.dtype == DType::I32) return Napi::Int32Array::New(env, n, buf, 0);
  return Napi::Uint32Array::New(env, n, buf, 0);
  });
}

Napi::Value JsTensor::view(const Napi::CallbackInfo& info) {
  return js_guard(info.Env(), [&]() -> Napi::Value {
  int64_t off = arg_int(info, 0, "offset", 0, tensor_.numel());
  std::vector<int64_t> shape = get_shape(info[1], "shape");
  Tensor probe;
  probe.shape = shape;
  if (off + probe.numel() > tensor_.numel())
    throw Napi::RangeError::New(info.Env(), "view: offset + size of shape exceeds the tensor's " +
                                                std::to_string(tensor_.numel()) + " elements");
  return wrap_tensor(info.Env(), tensor_.view(static_cast<size_t>(off), shape));
  });
}

Napi::Value JsTensor::to(const Napi::CallbackInfo& info) {
  return js_guard(info.Env(), [&]() -> Napi::Value {
  Device d = Device::parse(arg_string(info, 0, "device"), "device");
  Tensor t = Tensor::empty(tensor_.shape, tensor_.dtype, d);
  copy_tensor(t, tensor_);
  return wrap_tensor(info.Env(), t);
  });
}

Napi::Value JsTensor::copy_from(const Napi::CallbackInfo& info) {
  return js_guard(info.Env(), [&]() -> Napi::Value {
  const Tensor& src = arg_tensor(info, 0, "source");
  if (src.dtype != tensor_.dtype || src.numel() != tensor_.numel())
    throw Napi::RangeError::New(info.Env(), "copyFrom: source must have dtype " + std::string(dtype_name(tensor_.dtype)) +
                                                " and " + std::to_string(tensor_.numel()) + " elements, got " +
                                                dtype_name(src.dtype) + " " + src.shape_str());
  copy_tensor(tensor_, src);
  return info.Env().Undefined();
  });
}

Napi::Value wrap_tensor(Napi::Env env, Tensor t) {
  AddonData* data = env.GetInstanceData<AddonData>();
  Napi::Object obj = data->tensor_ctor.New({Napi::External<void>::New(env, nullptr)});
  JsTensor::Unwrap(obj)->set(env, std::move(t));
  return obj;
}

}  // namespace rdlab::binding
