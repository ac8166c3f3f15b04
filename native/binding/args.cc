#include "args.h"

#include <cmath>
#include <cstring>
#include <string>

#include "../core/status.h"
#include "../dispatch/dispatch.h"
#include "tensor_wrap.h"

namespace rdlab::binding {
namespace {

std::string describe(const Napi::Value& v) {
  if (v.IsUndefined()) return "undefined";
  if (v.IsNull()) return "null";
  if (v.IsBoolean()) return "a boolean";
  if (v.IsNumber()) return "the number " + std::to_string(v.As<Napi::Number>().DoubleValue());
  if (v.IsString()) return "a string";
  if (v.IsBigInt()) return "a bigint";
  if (v.IsTypedArray()) return "a typed array";
  if (v.IsArray()) return "an array";
  if (v.IsFunction()) return "a function";
  return "an object";
}

constexpr int64_t kMaxElements = int64_t{1} << 38;

}  // namespace

bool is_tensor(const Napi::Value& v) {
  if (!v.IsObject()) return false;
  AddonData* data = v.Env().GetInstanceData<AddonData>();
  return v.As<Napi::Object>().InstanceOf(data->tensor_ctor.Value());
}

const Tensor& as_tensor(const Napi::Value& v, const char* name, Access access) {
  if (!is_tensor(v)) fail_type(std::string(name) + ": expected a Tensor, got " + describe(v));
  return JsTensor::Unwrap(v.As<Napi::Object>())->use(name, access);
}

const Tensor& arg_tensor(const Napi::CallbackInfo& info, size_t i, const char* name, Access access) {
  return as_tensor(info[i], name, access);
}

const Tensor& arg_f32_matrix(const Napi::CallbackInfo& info, size_t i, const char* name) {
  const Tensor& t = arg_tensor(info, i, name);
  expect_dtype(t, DType::F32, name);
  expect_shape(t, {-1, -1}, name);
  return t;
}

const Tensor* arg_optional_tensor(const Napi::CallbackInfo& info, size_t i, const char* name, Access access) {
  if (info[i].IsUndefined() || info[i].IsNull()) return nullptr;
  return &as_tensor(info[i], name, access);
}

std::vector<Tensor> arg_tensor_list(const Napi::CallbackInfo& info, size_t i, const char* name) {
  if (!info[i].IsArray()) fail_type(std::string(name) + ": expected an array of Tensors, got " + describe(info[i]));
  Napi::Array a = info[i].As<Napi::Array>();
  std::vector<Tensor> out;
  for (uint32_t k = 0; k < a.Length(); ++k) {
    std::string item = std::string(name) + "[" + std::to_string(k) + "]";
    out.push_back(as_tensor(a.Get(k), item.c_str()));
  }
  return out;
}

void expect_dtype(const Tensor& t, DType d, const char* name) {
  if (t.dtype != d) fail_type(std::string(name) + ": expected dtype " + dtype_name(d) + ", got " + dtype_name(t.dtype));
}

void expect_shape(const Tensor& t, const std::vector<int64_t>& shape, const char* name) {
  bool ok = t.shape.size() == shape.size();
  for (size_t i = 0; ok && i < shape.size(); ++i) ok = shape[i] < 0 || shape[i] == t.shape[i];
  if (!ok) {
    std::string want = "[";
    for (size_t i = 0; i < shape.size(); ++i) want += (i ? ", " : "") + (shape[i] < 0 ? std::string("*") : std::to_string(shape[i]));
    fail_range(std::string(name) + ": expected shape " + want + "], got " + t.shape_str());
  }
}

void expect_numel(const Tensor& t, int64_t n, const char* name) {
  if (t.numel() != n)
    fail_range(std::string(name) + ": expected " + std::to_string(n) + " elements, got " + std::to_string(t.numel()) +
               " (shape " + t.shape_str() + ")");
}

double get_number(const Napi::Value& v, const char* name) {
  if (!v.IsNumber()) fail_type(std::string(name) + ": expected a number, got " + describe(v));
  double x = v.As<Napi::Number>().DoubleValue();
  if (!std::isfinite(x)) fail_range(std::string(name) + ": expected a finite number, got " + std::to_string(x));
  return x;
}

double arg_number(const Napi::CallbackInfo& info, size_t i, const char* name) { return get_number(info[i], name); }

int64_t get_int(const Napi::Value& v, const char* name, int64_t min, int64_t max) {
  double x = get_number(v, name);
  if (x != std::floor(x)) fail_range(std::string(name) + ": expected an integer, got " + std::to_string(x));
  if (x < static_cast<double>(min) || x > static_cast<double>(max))
    fail_range(std::string(name) + ": expected an integer in [" + std::to_string(min) + ", " + std::to_string(max) +
               "], got " + std::to_string(static_cast<long long>(x)));
  return static_cast<int64_t>(x);
}

int64_t arg_int(const Napi::CallbackInfo& info, size_t i, const char* name, int64_t min, int64_t max) {
  return get_int(info[i], name, min, max);
}

uint64_t arg_u64(const Napi::CallbackInfo& info, size_t i, const char* name) {
  if (info[i].IsBigInt()) {
    bool lossless = false;
    uint64_t x = info[i].As<Napi::BigInt>().Uint64Value(&lossless);
    if (!lossless) fail_range(std::string(name) + ": expected a bigint in [0, 2^64)");
    return x;
  }
  return static_cast<uint64_t>(arg_int(info, i, name, 0, (int64_t{1} << 53) - 1));
}

std::string arg_string(const Napi::CallbackInfo& info, size_t i, const char* name) {
  if (!info[i].IsString()) fail_type(std::string(name) + ": expected a string, got " + describe(info[i]));
  return info[i].As<Napi::String>().Utf8Value();
}

bool arg_bool(const Napi::CallbackInfo& info, size_t i, const char* name) {
  if (!info[i].IsBoolean()) fail_type(std::string(name) + ": expected a boolean, got " + describe(info[i]));
  return info[i].As<Napi::Boolean>().Value();
}

Napi::Object arg_object(const Napi::CallbackInfo& info, size_t i, const char* name) {
  if (!info[i].IsObject() || info[i].IsArray() || info[i].IsFunction())
    fail_type(std::string(name) + ": expected an options object, got " + describe(info[i]));
  return info[i].As<Napi::Object>();
}

std::vector<int64_t> get_shape(const Napi::Value& v, const char* name) {
  if (!v.IsArray()) fail_type(std::string(name) + ": expected an array of dimension sizes, got " + describe(v));
  Napi::Array a = v.As<Napi::Array>();
  if (a.Length() > 8) fail_range(std::string(name) + ": at most 8 dimensions, got " + std::to_string(a.Length()));
  std::vector<int64_t> shape;
  int64_t n = 1;
  for (uint32_t k = 0; k < a.Length(); ++k) {
    std::string item = std::string(name) + "[" + std::to_string(k) + "]";
    int64_t d = get_int(a.Get(k), item.c_str(), 0, kMaxElements);
    if (d != 0 && n > kMaxElements / d) fail_range(std::string(name) + ": more than 2^38 elements");
    n *= d;
    shape.push_back(d);
  }
  return shape;
}

namespace {

template <typename T>
ArrayView<T> typed_view(const Napi::Value& v, napi_typedarray_type type, const char* type_name, const char* name) {
  if (!v.IsTypedArray() || v.As<Napi::TypedArray>().TypedArrayType() != type)
    fail_type(std::string(name) + ": expected a " + type_name + ", got " + describe(v));
  Napi::TypedArray ta = v.As<Napi::TypedArray>();
  if (ta.ArrayBuffer().IsDetached()) fail_type(std::string(name) + ": the typed array's buffer is detached");
  const char* base = static_cast<const char*>(ta.ArrayBuffer().Data()) + ta.ByteOffset();
  return ArrayView<T>{reinterpret_cast<const T*>(base), ta.ElementLength()};
}

template <typename T, typename A>
Napi::Value copy_out(Napi::Env env, const std::vector<T>& data) {
  A out = A::New(env, data.size());
  if (!data.empty()) std::memcpy(out.Data(), data.data(), data.size() * sizeof(T));
  return out;
}

}  // namespace

ArrayView<uint8_t> get_bytes(const Napi::Value& v, const char* name) {
  return typed_view<uint8_t>(v, napi_uint8_array, "Uint8Array", name);
}
ArrayView<uint32_t> get_uint32_array(const Napi::Value& v, const char* name) {
  return typed_view<uint32_t>(v, napi_uint32_array, "Uint32Array", name);
}
ArrayView<int32_t> get_int32_array(const Napi::Value& v, const char* name) {
  return typed_view<int32_t>(v, napi_int32_array, "Int32Array", name);
}
ArrayView<double> get_float64_array(const Napi::Value& v, const char* name) {
  return typed_view<double>(v, napi_float64_array, "Float64Array", name);
}
Napi::Value to_uint8_array(Napi::Env env, const std::vector<uint8_t>& d) { return copy_out<uint8_t, Napi::Uint8Array>(env, d); }
Napi::Value to_uint32_array(Napi::Env env, const std::vector<uint32_t>& d) { return copy_out<uint32_t, Napi::Uint32Array>(env, d); }
Napi::Value to_int32_array(Napi::Env env, const std::vector<int32_t>& d) { return copy_out<int32_t, Napi::Int32Array>(env, d); }

void expect_finite(const Tensor& t, const char* name, const char* what) {
  int64_t bad = -1;
  ops::first_nonfinite(t.device, t.data<float>(), t.numel(), &bad);
  if (bad >= 0)
    fail_range(std::string(name) + ": expected finite " + what + ", element " + std::to_string(bad) + " is not");
}

}  // namespace rdlab::binding
