// concreteRate(alpha [B, K], xi [K] or [B, K], scale, dalpha [B, K], dxi (the shape of xi), total [1])
// concatColumns(a [B, p], b [B, q], out [B, p + q]) and splitColumns(x [B, p + q], a | null, b | null)
#include <string>

#include "../dispatch/dispatch.h"
#include "../core/status.h"
#include "args.h"
#include "registry.h"

namespace rdlab::binding {
namespace {

const Tensor& arg_matrix(const Napi::CallbackInfo& info, size_t i, const char* name) {
  const Tensor& t = arg_tensor(info, i, name);
  expect_dtype(t, DType::F32, name);
  expect_shape(t, {-1, -1}, name);
  return t;
}

Napi::Value concrete_rate(const Napi::CallbackInfo& info) {
  const Tensor& alpha = arg_matrix(info, 0, "alpha");
  if (alpha.dim(1) < 1 || alpha.dim(1) > (1 << 16)) fail_range("alpha: expected 1 to 65536 categories per row");
  const Tensor& xi = arg_tensor(info, 1, "xi");
  expect_dtype(xi, DType::F32, "xi");
  if (xi.ndim() == 2)
    expect_shape(xi, alpha.shape, "xi");
  else
    expect_shape(xi, {alpha.dim(1)}, "xi");
  double scale = arg_number(info, 2, "scale");
  const Tensor& dalpha = arg_tensor(info, 3, "dalpha");
  expect_dtype(dalpha, DType::F32, "dalpha");
  expect_shape(dalpha, alpha.shape, "dalpha");
  const Tensor& dxi = arg_tensor(info, 4, "dxi");
  expect_dtype(dxi, DType::F32, "dxi");
  expect_shape(dxi, xi.shape, "dxi");
  const Tensor& total = arg_tensor(info, 5, "total");
  expect_dtype(total, DType::F32, "total");
  expect_numel(total, 1, "total");
  ops::concrete_rate(common_device("concreteRate", {&alpha, &xi, &dalpha, &dxi, &total}), alpha.data<float>(),
                     xi.data<float>(), xi.ndim() == 2, alpha.dim(0), static_cast<int>(alpha.dim(1)),
                     static_cast<float>(scale), dalpha.data<float>(), dxi.data<float>(), total.data<float>());
  return info.Env().Undefined();
}

Napi::Value concat_columns(const Napi::CallbackInfo& info) {
  const Tensor& a = arg_matrix(info, 0, "a");
  const Tensor& b = arg_matrix(info, 1, "b");
  expect_shape(b, {a.dim(0), -1}, "b");
  const Tensor& out = arg_matrix(info, 2, "out");
  expect_shape(out, {a.dim(0), a.dim(1) + b.dim(1)}, "out");
  ops::concat_columns(common_device("concatColumns", {&a, &b, &out}), a.data<float>(), b.data<float>(), a.dim(0),
                      a.dim(1), b.dim(1), out.data<float>());
  return info.Env().Undefined();
}

Napi::Value split_columns(const Napi::CallbackInfo& info) {
  const Tensor& x = arg_matrix(info, 0, "x");
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
RDLAB_EXPORT("concreteRate", concrete_rate)
RDLAB_EXPORT("concatColumns", concat_columns)
RDLAB_EXPORT("splitColumns", split_columns)
}  // namespace rdlab::binding
