// mse(yhat, y, grad | null, loss, gradScale = 1): loss[0] = mean squared error;
// grad = gradScale * d loss / d yhat.
// axpy(alpha, x, y): y += alpha * x.
#include <cmath>

#include "../dispatch/dispatch.h"
#include "../core/status.h"
#include "args.h"
#include "registry.h"

namespace rdlab::binding {
namespace {

Napi::Value mse(const Napi::CallbackInfo& info) {
  const Tensor& yhat = arg_tensor(info, 0, "yhat");
  const Tensor& y = arg_tensor(info, 1, "y");
  expect_dtype(yhat, DType::F32, "yhat");
  expect_dtype(y, DType::F32, "y");
  expect_shape(y, yhat.shape, "y");
  if (yhat.numel() == 0) fail_range("yhat: the mean of no elements is undefined");
  const Tensor* grad = arg_optional_tensor(info, 2, "grad");
  if (grad != nullptr) {
    expect_dtype(*grad, DType::F32, "grad");
    expect_shape(*grad, yhat.shape, "grad");
  }
  const Tensor& loss = arg_tensor(info, 3, "loss");
  expect_dtype(loss, DType::F32, "loss");
  expect_numel(loss, 1, "loss");
  float scale = info[4].IsUndefined() ? 1.0f : static_cast<float>(arg_number(info, 4, "gradScale"));
  ops::mse(common_device("mse", {&yhat, &y, grad, &loss}), yhat.data<float>(), y.data<float>(), yhat.numel(),
           data_or_null<float>(grad), scale, loss.data<float>());
  return info.Env().Undefined();
}

Napi::Value axpy(const Napi::CallbackInfo& info) {
  float alpha = static_cast<float>(arg_number(info, 0, "alpha"));
  if (!std::isfinite(alpha)) fail_range("alpha: expected a value within float32 range");
  const Tensor& x = arg_tensor(info, 1, "x");
  expect_dtype(x, DType::F32, "x");
  const Tensor& y = arg_tensor(info, 2, "y");
  expect_dtype(y, DType::F32, "y");
  expect_shape(y, x.shape, "y");
  ops::axpy(common_device("axpy", {&x, &y}), alpha, x.data<float>(), y.data<float>(), x.numel());
  return info.Env().Undefined();
}

}  // namespace
RDLAB_EXPORT("mse", mse)
RDLAB_EXPORT("axpy", axpy)
}  // namespace rdlab::binding
