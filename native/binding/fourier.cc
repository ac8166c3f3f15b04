// fourierForward(y [B, d], a [m, d], includeLatent, out [B, m (+ d)]): out = (cos(a_i · y_b), y_b);
// fourierBackward(y, a, g [B, m (+ d)], includeLatent, dy [B, d]): the gradient to the latent.
#include <string>

#include "../dispatch/dispatch.h"
#include "../core/status.h"
#include "args.h"
#include "registry.h"

namespace rdlab::binding {
namespace {

// Checks y [B, d] and a [m, d] (m, d >= 1); returns the feature width m + (include ? d : 0).
int64_t check_inputs(const Tensor& y, const Tensor& a, bool include) {
  expect_dtype(y, DType::F32, "y");
  expect_shape(y, {-1, -1}, "y");
  if (y.dim(1) < 1) fail_range("y: expected at least one latent dimension, got shape " + y.shape_str());
  expect_dtype(a, DType::F32, "a");
  expect_shape(a, {-1, y.dim(1)}, "a");
  if (a.dim(0) < 1) fail_range("a: expected at least one frequency row, got shape " + a.shape_str());
  return a.dim(0) + (include ? y.dim(1) : 0);
}

Napi::Value fourier_forward(const Napi::CallbackInfo& info) {
  const Tensor& y = arg_tensor(info, 0, "y");
  const Tensor& a = arg_tensor(info, 1, "a");
  bool include = arg_bool(info, 2, "includeLatent");
  int64_t width = check_inputs(y, a, include);
  const Tensor& out = arg_tensor(info, 3, "out");
  expect_dtype(out, DType::F32, "out");
  expect_shape(out, {y.dim(0), width}, "out");
  ops::fourier_forward(common_device("fourierForward", {&y, &a, &out}), y.data<float>(), a.data<float>(), y.dim(0),
                       y.dim(1), a.dim(0), include, out.data<float>());
  return info.Env().Undefined();
}

Napi::Value fourier_backward(const Napi::CallbackInfo& info) {
  const Tensor& y = arg_tensor(info, 0, "y");
  const Tensor& a = arg_tensor(info, 1, "a");
  const Tensor& g = arg_tensor(info, 2, "g");
  bool include = arg_bool(info, 3, "includeLatent");
  int64_t width = check_inputs(y, a, include);
  expect_dtype(g, DType::F32, "g");
  expect_shape(g, {y.dim(0), width}, "g");
  const Tensor& dy = arg_tensor(info, 4, "dy");
  expect_dtype(dy, DType::F32, "dy");
  expect_shape(dy, y.shape, "dy");
  ops::fourier_backward(common_device("fourierBackward", {&y, &a, &g, &dy}), y.data<float>(), a.data<float>(),
                        g.data<float>(), y.dim(0), y.dim(1), a.dim(0), include, dy.data<float>());
  return info.Env().Undefined();
}

}  // namespace
RDLAB_EXPORT("fourierForward", fourier_forward)
RDLAB_EXPORT("fourierBackward", fourier_backward)
}  // namespace rdlab::binding
