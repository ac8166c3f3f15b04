// mixtureLogDensity(y [s, m], x [k, m], a [k], lambda, out [s]) and mixtureLogDensityAsync:
// out[j] = log Σ_i exp(a_i − λ ||x_i − y_j||²).
#include <cmath>
#include <string>

#include "../core/status.h"
#include "../dispatch/dispatch.h"
#include "args.h"
#include "async_op.h"
#include "registry.h"

namespace rdlab::binding {
namespace {

Kernel mixture_log_density(const Napi::CallbackInfo& info) {
  const Tensor &y = arg_tensor(info, 0, "y", Access::Read), &x = arg_tensor(info, 1, "x", Access::Read),
               &a = arg_tensor(info, 2, "a", Access::Read);
  expect_dtype(y, DType::F32, "y");
  expect_shape(y, {-1, -1}, "y");
  expect_dtype(x, DType::F32, "x");
  expect_shape(x, {-1, y.dim(1)}, "x");
  expect_dtype(a, DType::F32, "a");
  expect_shape(a, {x.dim(0)}, "a");
  const int64_t s = y.dim(0), k = x.dim(0), m = y.dim(1);
  if (s < 1) fail_range("y: expected at least one point to evaluate the mixture at");
  if (k < 1) fail_range("x: expected at least one mixture centre");
  if (m < 1) fail_range("y: expected at least one element per point");
  double lambda = arg_number(info, 3, "lambda");
  if (!(lambda > 0 && lambda <= 3.4e38)) fail_range("lambda: expected a positive float32 number, got " + std::to_string(lambda));
  const Tensor& out = arg_tensor(info, 4, "out");
  expect_dtype(out, DType::F32, "out");
  expect_shape(out, {s}, "out");
  const Device dev = common_device("mixtureLogDensity", {&y, &x, &a, &out});
  // a NaN or ±Inf among the data would make rows of out NaN without saying which input held it
  expect_finite(y, "y", "values");
  expect_finite(x, "x", "values");
  expect_finite(a, "a", "values");
  return [dev, s, k, m, y = y.data<float>(), x = x.data<float>(), a = a.data<float>(), lambda = static_cast<float>(lambda),
          out = out.data<float>()] { ops::mixture_log_density(dev, s, k, m, y, x, a, lambda, out); };
}

}  // namespace
RDLAB_EXPORT_OP("mixtureLogDensity", mixture_log_density)
}  // namespace rdlab::binding
