// concatColumns(a [B, p], b [B, q], out [B, p + q]) and splitColumns(x [B, p + q], a | null, b | null)
#include "../core/status.h"
#include "../dispatch/dispatch.h"
#include "args.h"
#include "registry.h"

namespace rdlab::binding {
namespace {

Napi::Value concat_columns(const Napi::CallbackInfo& info) {
  const Tensor& a = arg_f32_matrix(info, 0, "a");
  const Tensor& b = arg_f32_matrix(info, 1, "b");
  expect_shape(b, {a.dim(0), -1}, "b");
  const Tensor& out = arg_f32_matrix(info, 2, "out");
  expect_shape(out, {a.dim(0), a.dim(1) + b.dim(1)}, "out");
  ops::concat_columns(common_device("concatColumns", {&a, &b, &out}), a.data<float>(), b.data<float>(), a.dim(0),
                      a.dim(1), b.dim(1), out.data<float>());
  return info.Env().Undefined();
}

Napi::Value split_columns(const Napi::CallbackInfo& info) {
  const Tensor& x = arg_f32_matrix(info, 0, "x");
  const Tensor* a = arg_optional_tensor(info, 1, "a");
  const Tensor* b = arg_optional_tensor(info, 2, "b");
  if (a == nullptr && b == nullptr) fail_type("a, b: expected at least one output tensor");
  int64_t p = -1;
  if (a != nullptr) {
    expect_dtype(*a, DType::F32, "a");
    expect_shape(*a, {x.dim(0), -1}, "a");
    if (a->dim(1) > x.dim(1)) fail_range("a: wider than x");
    p = a->dim(1);
  }
  if (b != nullptr) {
    expect_dtype(*b, DType::F32, "b");
    expect_shape(*b, {x.dim(0), p < 0 ? -1 : x.dim(1) - p}, "b");
    if (b->dim(1) > x.dim(1)) fail_range("b: wider than x");
  }
  if (p < 0) p = x.dim(1) - b->dim(1);
  ops::split_columns(common_device("splitColumns", {&x, a, b}), x.data<float>(), x.dim(0), p, x.dim(1) - p,
                     data_or_null<float>(a), data_or_null<float>(b));
  return info.Env().Undefined();
}

}  // namespace
RDLAB_EXPORT("concatColumns", concat_columns)
RDLAB_EXPORT("splitColumns", split_columns)
}  // namespace rdlab::binding
