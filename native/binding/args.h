// Argument checks for every entry point: each throws a TypeError or RangeError that names
// the argument and says what was expected. No arithmetic here.
#pragma once
#include <napi.h>

#include <cstdint>
#include <string>
#include <vector>

#include "../core/tensor.h"
#include "tensor_wrap.h"

namespace rdlab::binding {

// A tensor argument, used as `access` (JsTensor::use): Read for one the call only reads,
// so that calls in flight may share it.
const Tensor& arg_tensor(const Napi::CallbackInfo& info, size_t i, const char* name, Access access = Access::Write);
const Tensor& as_tensor(const Napi::Value& v, const char* name, Access access = Access::Write);
bool is_tensor(const Napi::Value& v);
// A tensor or null/undefined (then nullptr).
const Tensor* arg_optional_tensor(const Napi::CallbackInfo& info, size_t i, const char* name,
                                  Access access = Access::Write);
std::vector<Tensor> arg_tensor_list(const Napi::CallbackInfo& info, size_t i, const char* name);
// A float32 tensor of two dimensions.
const Tensor& arg_f32_matrix(const Napi::CallbackInfo& info, size_t i, const char* name);

void expect_dtype(const Tensor& t, DType d, const char* name);
// Checks the shape; -1 in `shape` accepts any size in that dimension.
void expect_shape(const Tensor& t, const std::vector<int64_t>& shape, const char* name);
void expect_numel(const Tensor& t, int64_t n, const char* name);
// Checks a float32 tensor's data where it lives: a RangeError "<name>: expected finite <what>,
// element i is not" names the first NaN or ±Inf.
void expect_finite(const Tensor& t, const char* name, const char* what);

double arg_number(const Napi::CallbackInfo& info, size_t i, const char* name);  // finite
double get_number(const Napi::Value& v, const char* name);                       // finite
int64_t get_int(const Napi::Value& v, const char* name, int64_t min, int64_t max);
int64_t arg_int(const Napi::CallbackInfo& info, size_t i, const char* name, int64_t min, int64_t max);
// A non-negative integer given as a safe-integer number or a BigInt (seeds, counters).
uint64_t arg_u64(const Napi::CallbackInfo& info, size_t i, const char* name);
std::string arg_string(const Napi::CallbackInfo& info, size_t i, const char* name);
bool arg_bool(const Napi::CallbackInfo& info, size_t i, const char* name);
Napi::Object arg_object(const Napi::CallbackInfo& info, size_t i, const char* name);
std::vector<int64_t> get_shape(const Napi::Value& v, const char* name);

// A typed array's elements, checked for its type and for a detached buffer. The view is
// only valid during the call (copy before any asynchronous work).
template <typename T>
struct ArrayView {
  const T* data;
  size_t size;
};
ArrayView<uint8_t> get_bytes(const Napi::Value& v, const char* name);             // Uint8Array
ArrayView<uint32_t> get_uint32_array(const Napi::Value& v, const char* name);     // Uint32Array
ArrayView<int32_t> get_int32_array(const Napi::Value& v, const char* name);       // Int32Array
ArrayView<double> get_float64_array(const Napi::Value& v, const char* name);      // Float64Array
// A new Uint8Array / Uint32Array / Int32Array holding a copy of `data`.
Napi::Value to_uint8_array(Napi::Env env, const std::vector<uint8_t>& data);
Napi::Value to_uint32_array(Napi::Env env, const std::vector<uint32_t>& data);
Napi::Value to_int32_array(Napi::Env env, const std::vector<int32_t>& data);

// Wraps a core tensor as a JavaScript Tensor object.
Napi::Value wrap_tensor(Napi::Env env, Tensor t);

}  // namespace rdlab::binding
