// meanShift(x [k, m], a [k], lambda, y [s, m], iterations [s] int32, maxIterations, tolerance)
// and meanShiftAsync: Gaussian mean-shift on log Σ_i exp(a_i − λ ||x_i − y||²) from each
// row of y, in place.
#include <cmath>
#include <string>

#include "../core/status.h"
#include "../dispatch/dispatch.h"
#include "args.h"
#include "async_op.h"
#include "registry.h"

namespace rdlab::binding {
namespace {

Kernel mean_shift(const Napi::CallbackInfo& info) {
  const Tensor &x = arg_tensor(info, 0, "x", Access::Read), &a = arg_tensor(info, 1, "a", Access::Read);
  expect_dtype(x, DType::F32, "x");
  expect_shape(x, {-1, -1}, "x");
  expect_dtype(a, DType::F32, "a");
  expect_shape(a, {x.dim(0)}, "a");
  const int64_t k = x.dim(0), m = x.dim(1);
  if (k < 1) fail_range("x: expected at least one mixture centre");
  if (m < 1) fail_range("x: expected at least one element per centre");
  const double lambda = arg_number(info, 2, "lambda");
  if (!(lambda > 0 && lambda <= 3.4e38)) fail_range("lambda: expected a positive float32 number, got " + std::to_string(lambda));
  const Tensor& y = arg_tensor(info, 3, "y");
  expect_dtype(y, DType::F32, "y");
  expect_shape(y, {-1, m}, "y");
  const int64_t s = y.dim(0);
  if (s < 1) fail_range("y: expected at least one start");
  const Tensor& iterations = arg_tensor(info, 4, "iterations");
  expect_dtype(iterations, DType::I32, "iterations");
  expect_shape(iterations, {s}, "iterations");
  const int64_t max_iter = arg_int(info, 5, "maxIterations", 1, 2147483647);
  const double tol = arg_number(info, 6, "tolerance");
  if (!(tol >= 0)) fail_range("tolerance: expected a number >= 0, got " + std::to_string(tol));
  // y is written in place while x and a are read at every iteration
  if (y.storage == x.storage || y.storage == a.storage || iterations.storage == x.storage || iterations.storage == a.storage)
    fail_range("y, iterations: must not share memory with x or a (meanShift writes them while it reads x and a)");
  const Device dev = common_device("meanShift", {&x, &a, &y, &iterations});
  expect_finite(x, "x", "values");
  expect_finite(a, "a", "values");
  expect_finite(y, "y", "values");
  return [dev, s, k, m, x = x.data<float>(), a = a.data<float>(), lambda = static_cast<float>(lambda), max_iter, tol,
          y = y.data<float>(), iterations = iterations.data<int32_t>()] {
    ops::mean_shift(dev, s, k, m, x, a, lambda, max_iter, tol, y, iterations);
  };
}

}  // namespace
RDLAB_EXPORT_OP("meanShift", mean_shift)
}  // namespace rdlab::binding
