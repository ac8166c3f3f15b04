// concreteRate(alpha [B, K], xi [K] or [B, K], scale, dalpha [B, K], dxi (the shape of xi), total [1])
#include <string>

#include "../dispatch/dispatch.h"
#include "../core/status.h"
#include "args.h"
#include "registry.h"

namespace rdlab::binding {
namespace {

Napi::Value concrete_rate(const Napi::CallbackInfo& info) {
  const Tensor& alpha = arg_f32_matrix(info, 0, "alpha");
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

}  // namespace
RDLAB_EXPORT("concreteRate", concrete_rate)
}  // namespace rdlab::binding
