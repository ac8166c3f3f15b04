#include "tensor_wrap.h"

#include <string>

#include "../core/status.h"
#include "args.h"
#include "registry.h"

namespace rdlab::binding {

void AddonData::count_handle(Device d, int64_t sign) {
  for (auto& [device, n] : handles) {
    if (device == d) {
      n += sign;
      return;
    }
  }
  handles.emplace_back(d, sign);
}

Napi::Function JsTensor::define(Napi::Env env) {
  return DefineClass(env, "Tensor",
                     {InstanceAccessor<&JsTensor::shape>("shape"), InstanceAccessor<&JsTensor::dtype>("dtype"),
                      InstanceAccessor<&JsTensor::device>("device"), InstanceAccessor<&JsTensor::size>("size"),
                      InstanceAccessor<&JsTensor::disposed>("disposed"),
                      InstanceMethod<&JsTensor::to_array>("toArray"), InstanceMethod<&JsTensor::view>("view"),
                      InstanceMethod<&JsTensor::to>("to"), InstanceMethod<&JsTensor::copy_from>("copyFrom"),
                      InstanceMethod<&JsTensor::dispose>("dispose")});
}

void AddonData::begin_call(const char* op, const std::vector<TensorUse>& uses) {
  for (const TensorUse& u : uses) {
    InFlight& f = in_flight[u.tensor.storage.get()];
    if (f.readers + f.writers == 0) {
      f.op = op;
      f.name = u.name;
    }
    ++(u.access == Access::Write ? f.writers : f.readers);
  }
}

void AddonData::end_call(const std::vector<TensorUse>& uses) {
  for (const TensorUse& u : uses) {
    auto it = in_flight.find(u.tensor.storage.get());
    --(u.access == Access::Write ? it->second.writers : it->second.readers);
    if (it->second.readers + it->second.writers == 0) in_flight.erase(it);
  }
}

JsTensor::JsTensor(const Napi::CallbackInfo& info) : Napi::ObjectWrap<JsTensor>(info) {
  if (info.Length() != 1 || !info[0].IsExternal())
    throw Napi::TypeError::New(info.Env(), "Tensor: not constructible directly; use tensor() or empty()");
}

JsTensor::~JsTensor() { release(); }

const Tensor& JsTensor::live(const char* what) const {
  if (!live_) fail(std::string(what) + ": the tensor was disposed (dispose() or the end of its scope freed it)");
  return tensor_;
}

const Tensor& JsTensor::use(const char* what, Access access) const {
  live(what);
  auto it = data_->in_flight.find(tensor_.storage.get());
  if (it != data_->in_flight.end() && (it->second.writers > 0 || access == Access::Write))
    fail(std::string(what) + ": the tensor is " + (it->second.writers > 0 ? "being written" : "in use") + " by " +
         it->second.op + " (as " + it->second.name + "), which is still running; await it first");
  if (data_->recording != nullptr) data_->recording->push_back(TensorUse{tensor_, access, what});
  return tensor_;
}

void JsTensor::set(Napi::Env env, Tensor t) {
  tensor_ = std::move(t);
  live_ = true;
  env_ = env;
  data_ = env.GetInstanceData<AddonData>();
  data_->count_handle(tensor_.device, 1);
  if (!data_->scopes.empty()) {
    scope_depth_ = static_cast<int>(data_->scopes.size()) - 1;
    data_->scopes.back().insert(this);
  }
  // The handle that allocates a CPU storage reports it to V8, so that the collector weighs
  // a small handle by the memory it holds; GPU memory does not compete with the JS heap.
  if (tensor_.device.is_cpu() && tensor_.offset == 0 && tensor_.storage.use_count() == 1) {
    external_bytes_ = static_cast<int64_t>(tensor_.storage->bytes);
    Napi::MemoryManagement::AdjustExternalMemory(env, external_bytes_);
  }
}

void JsTensor::release() {
  if (!live_) return;
  live_ = false;
  if (scope_depth_ >= 0) data_->scopes[scope_depth_].erase(this);
  scope_depth_ = -1;
  data_->count_handle(tensor_.device, -1);
  tensor_.storage.reset();  // shape, dtype and device stay readable
  if (external_bytes_ != 0) {
    int64_t unused;
    napi_adjust_external_memory(env_, -external_bytes_, &unused);
    external_bytes_ = 0;
  }
}

void JsTensor::move_out_of_scope() {
  if (scope_depth_ < 0) return;
  data_->scopes[scope_depth_].erase(this);
  --scope_depth_;
  if (scope_depth_ >= 0) data_->scopes[scope_depth_].insert(this);
}

Napi::Value JsTensor::shape(const Napi::CallbackInfo& info) {
  Napi::Array a = Napi::Array::New(info.Env(), tensor_.shape.size());
  for (size_t i = 0; i < tensor_.shape.size(); ++i) a.Set(i, Napi::Number::New(info.Env(), double(tensor_.shape[i])));
  return a;
}
Napi::Value JsTensor::dtype(const Napi::CallbackInfo& info) { return Napi::String::New(info.Env(), dtype_name(tensor_.dtype)); }
Napi::Value JsTensor::device(const Napi::CallbackInfo& info) { return Napi::String::New(info.Env(), tensor_.device.str()); }
Napi::Value JsTensor::size(const Napi::CallbackInfo& info) { return Napi::Number::New(info.Env(), double(tensor_.numel())); }
Napi::Value JsTensor::disposed(const Napi::CallbackInfo& info) { return Napi::Boolean::New(info.Env(), !live_); }

Napi::Value JsTensor::to_array(const Napi::CallbackInfo& info) {
  return js_guard(info.Env(), [&]() -> Napi::Value {
  Napi::Env env = info.Env();
  const Tensor& t = use("Tensor.toArray", Access::Read);
  size_t n = static_cast<size_t>(t.numel());
  Napi::ArrayBuffer buf = Napi::ArrayBuffer::New(env, t.bytes());
  if (n > 0) copy_to_host(t, buf.Data(), t.bytes());
  if (t.dtype == DType::F32) return Napi::Float32Array::New(env, n, buf, 0);
  if (t.dtype == DType::I32) return Napi::Int32Array::New(env, n, buf, 0);
  return Napi::Uint32Array::New(env, n, buf, 0);
  });
}

Napi::Value JsTensor::view(const Napi::CallbackInfo& info) {
  return js_guard(info.Env(), [&]() -> Napi::Value {
  const Tensor& t = live("Tensor.view");
  int64_t off = arg_int(info, 0, "offset", 0, t.numel());
  std::vector<int64_t> shape = get_shape(info[1], "shape");
  Tensor probe;
  probe.shape = shape;
  if (off + probe.numel() > t.numel())
    throw Napi::RangeError::New(info.Env(), "view: offset + size of shape exceeds the tensor's " +
                                                std::to_string(t.numel()) + " elements");
  return wrap_tensor(info.Env(), t.view(static_cast<size_t>(off), shape));
  });
}

Napi::Value JsTensor::to(const Napi::CallbackInfo& info) {
  return js_guard(info.Env(), [&]() -> Napi::Value {
  const Tensor& src = use("Tensor.to", Access::Read);
  Device d = Device::parse(arg_string(info, 0, "device"), "device");
  Tensor t = Tensor::empty(src.shape, src.dtype, d);
  copy_tensor(t, src);
  return wrap_tensor(info.Env(), t);
  });
}

Napi::Value JsTensor::copy_from(const Napi::CallbackInfo& info) {
  return js_guard(info.Env(), [&]() -> Napi::Value {
  const Tensor& dst = use("Tensor.copyFrom", Access::Write);
  const Tensor& src = arg_tensor(info, 0, "copyFrom: source", Access::Read);
  if (src.dtype != dst.dtype || src.numel() != dst.numel())
    throw Napi::RangeError::New(info.Env(), "copyFrom: source must have dtype " + std::string(dtype_name(dst.dtype)) +
                                                " and " + std::to_string(dst.numel()) + " elements, got " +
                                                dtype_name(src.dtype) + " " + src.shape_str());
  copy_tensor(dst, src);
  return info.Env().Undefined();
  });
}

// An explicit dispose of a storage that a running asynchronous call holds is refused; the
// end of a scope and the collector release the handle, and the call's own reference keeps
// the memory until it completes.
Napi::Value JsTensor::dispose(const Napi::CallbackInfo& info) {
  return js_guard(info.Env(), [&]() -> Napi::Value {
    if (live_) use("Tensor.dispose", Access::Write);
    release();
    return info.Env().Undefined();
  });
}

Napi::Value wrap_tensor(Napi::Env env, Tensor t) {
  AddonData* data = env.GetInstanceData<AddonData>();
  Napi::Object obj = data->tensor_ctor.New({Napi::External<void>::New(env, nullptr)});
  JsTensor::Unwrap(obj)->set(env, std::move(t));
  return obj;
}

namespace {

JsTensor* unwrap_handle(const Napi::Value& v, const char* what) {
  if (!is_tensor(v)) fail_type(std::string(what) + ": expected a Tensor");
  return JsTensor::Unwrap(v.As<Napi::Object>());
}

// scopeBegin(): opens a scope; every handle made until the matching scopeEnd belongs to it.
Napi::Value scope_begin(const Napi::CallbackInfo& info) {
  info.Env().GetInstanceData<AddonData>()->scopes.emplace_back();
  return info.Env().Undefined();
}
RDLAB_EXPORT("scopeBegin", scope_begin)

// scopeEnd(keep: Tensor[]): closes the innermost scope, disposing its handles except
// those in `keep`, which move to the scope around it (or to none).
Napi::Value scope_end(const Napi::CallbackInfo& info) {
  AddonData* data = info.Env().GetInstanceData<AddonData>();
  if (data->scopes.empty()) fail("scopeEnd: no scope is open");
  if (!info[0].IsArray()) fail_type("keep: expected an array of Tensors");
  Napi::Array keep = info[0].As<Napi::Array>();
  const int depth = static_cast<int>(data->scopes.size()) - 1;
  for (uint32_t i = 0; i < keep.Length(); ++i) {
    JsTensor* t = unwrap_handle(keep.Get(i), "keep");
    if (t->scope_depth() == depth) t->move_out_of_scope();
  }
  // release() erases from the set it iterates, so take the set out first
  std::unordered_set<JsTensor*> doomed = std::move(data->scopes.back());
  data->scopes.back().clear();
  for (JsTensor* t : doomed) t->release();
  data->scopes.pop_back();
  return info.Env().Undefined();
}
RDLAB_EXPORT("scopeEnd", scope_end)

// scopeKeep(t): takes a handle out of every scope; only dispose() or the collector frees it.
Napi::Value scope_keep(const Napi::CallbackInfo& info) {
  JsTensor* t = unwrap_handle(info[0], "keep");
  while (t->scope_depth() >= 0) t->move_out_of_scope();
  return info[0];
}
RDLAB_EXPORT("scopeKeep", scope_keep)

// memory(): { [device]: { tensors, bytes, storages } } for every device that has held memory.
Napi::Value memory(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  AddonData* data = env.GetInstanceData<AddonData>();
  Napi::Object out = Napi::Object::New(env);
  auto entry = [&](Device d) {
    std::string key = d.str();
    if (!out.Has(key)) {
      Napi::Object o = Napi::Object::New(env);
      o.Set("tensors", 0.0);
      o.Set("bytes", 0.0);
      o.Set("storages", 0.0);
      out.Set(key, o);
    }
    return out.Get(key).As<Napi::Object>();
  };
  entry(Device{});
  for (const auto& [d, n] : data->handles) entry(d).Set("tensors", double(n));
  for (const DeviceMemory& m : live_memory()) {
    Napi::Object o = entry(m.device);
    o.Set("bytes", double(m.bytes));
    o.Set("storages", double(m.storages));
  }
  return out;
}
RDLAB_EXPORT("memory", memory)

}  // namespace
}  // namespace rdlab::binding
