// nerdDistortion(x [B, n], y [M, n], d [B, M], p = 2)
// nerdSolveBeta(d [B, M], distortion, beta [1], tolerance = 1e-6)
// nerdObjective(x [B, n], y [M, n], d [B, M], beta [1], out [2], dy [M, n] | null, gradScale = 1, p = 2)
// each with its Async form
#include <cmath>
#include <string>

#include "../dispatch/dispatch.h"
#include "../core/status.h"
#include "args.h"
#include "async_op.h"
#include "registry.h"

namespace rdlab::binding {
namespace {

// B rows of x: at most 10^6 (the CUDA distortion kernel tiles B in its grid's y dimension).
constexpr int64_t kMaxRows = 1000000;

struct Shapes {
  int64_t B, M, n;
};

// x [B, n], y [M, n] and their distortion matrix d [B, M] (arguments 0, 1, 2 of both calls).
Shapes distortion_args(const Tensor& x, const Tensor& y, const Tensor& d) {
  expect_dtype(x, DType::F32, "x");
  expect_shape(x, {-1, -1}, "x");
  expect_dtype(y, DType::F32, "y");
  expect_shape(y, {-1, x.dim(1)}, "y");
  Shapes s{x.dim(0), y.dim(0), x.dim(1)};
  if (s.B < 1 || s.B > kMaxRows) fail_range("x: expected 1 to 1000000 rows, got " + std::to_string(s.B));
  if (s.M < 1) fail_range("y: expected at least one sample of Q_Y");
  if (s.n < 1) fail_range("x: expected at least one element per sample");
  expect_dtype(d, DType::F32, "d");
  expect_shape(d, {s.B, s.M}, "d");
  return s;
}

const Tensor& beta_arg(const Napi::CallbackInfo& info, size_t i, bool check_value) {
  const Tensor& beta = arg_tensor(info, i, "beta", check_value ? Access::Read : Access::Write);
  expect_dtype(beta, DType::F32, "beta");
  expect_numel(beta, 1, "beta");
  if (check_value) {  // read on the host on every device
    float b = host_copy<float>(beta)[0];
    if (!(std::isfinite(b) && b <= 0.0f)) fail_range("beta: expected a finite value <= 0, got " + std::to_string(b));
  }
  return beta;
}

// The exponent of d = ||x − y||_p² at argument i: 2 when absent, else a number >= 1 that
// float32 holds (any such p is computed without overflow: native/cpu/nerd_distortion.cc).
float p_arg(const Napi::CallbackInfo& info, size_t i) {
  if (info[i].IsUndefined()) return 2.0f;
  double p = arg_number(info, i, "p");
  if (!(p >= 1.0 && p <= 3.0e38)) fail_range("p: expected a finite number >= 1, got " + std::to_string(p));
  return static_cast<float>(p);
}

Kernel nerd_distortion(const Napi::CallbackInfo& info) {
  const Tensor &x = arg_tensor(info, 0, "x", Access::Read), &y = arg_tensor(info, 1, "y", Access::Read),
               &d = arg_tensor(info, 2, "d");
  Shapes s = distortion_args(x, y, d);
  return [dev = common_device("nerdDistortion", {&x, &y, &d}), s, x = x.data<float>(), y = y.data<float>(),
          p = p_arg(info, 3), d = d.data<float>()] { ops::nerd_distortion(dev, s.B, s.M, s.n, x, y, p, d); };
}

Kernel nerd_solve_beta(const Napi::CallbackInfo& info) {
  const Tensor& d = arg_tensor(info, 0, "d", Access::Read);
  expect_dtype(d, DType::F32, "d");
  expect_shape(d, {-1, -1}, "d");
  if (d.dim(0) < 1 || d.dim(0) > kMaxRows || d.dim(1) < 1)
    fail_range("d: expected [B, M] with 1 <= B <= 1000000 and M >= 1, got " + d.shape_str());
  double target = arg_number(info, 1, "distortion");
  if (!(target > 0)) fail_range("distortion: expected a positive target distortion, got " + std::to_string(target));
  const Tensor& beta = beta_arg(info, 2, false);
  double tol = info[3].IsUndefined() ? 1e-6 : arg_number(info, 3, "tolerance");
  if (!(tol > 0 && tol <= 0.5)) fail_range("tolerance: expected a relative tolerance in (0, 0.5], got " + std::to_string(tol));
  // the kernel holds its own reference to beta: the result is checked after it ran
  return [dev = common_device("nerdSolveBeta", {&d, &beta}), B = d.dim(0), M = d.dim(1), d = d.data<float>(), target, tol,
          beta] {
    ops::nerd_solve_beta(dev, B, M, d, target, tol, beta.data<float>());
    if (std::isnan(host_copy<float>(beta)[0])) fail_range("d: holds non-finite distortions (are x and y finite?)");
  };
}

Kernel nerd_objective(const Napi::CallbackInfo& info) {
  const Tensor &x = arg_tensor(info, 0, "x", Access::Read), &y = arg_tensor(info, 1, "y", Access::Read),
               &d = arg_tensor(info, 2, "d", Access::Read);
  Shapes s = distortion_args(x, y, d);
  const Tensor& beta = beta_arg(info, 3, true);
  const Tensor& out = arg_tensor(info, 4, "out");
  expect_dtype(out, DType::F32, "out");
  expect_numel(out, 2, "out");
  const Tensor* dy = arg_optional_tensor(info, 5, "dy");
  if (dy != nullptr) {
    expect_dtype(*dy, DType::F32, "dy");
    expect_shape(*dy, {s.M, s.n}, "dy");
  }
  float scale = info[6].IsUndefined() ? 1.0f : static_cast<float>(arg_number(info, 6, "gradScale"));
  if (!std::isfinite(scale)) fail_range("gradScale: expected a value within float32 range");
  return [dev = common_device("nerdObjective", {&x, &y, &d, &beta, &out, dy}), s, x = x.data<float>(),
          y = y.data<float>(), d = d.data<float>(), beta = beta.data<float>(), p = p_arg(info, 7), out = out.data<float>(),
          dy = data_or_null<float>(dy), scale] { ops::nerd_objective(dev, s.B, s.M, s.n, x, y, d, beta, p, out, dy, scale); };
}

}  // namespace
RDLAB_EXPORT_OP("nerdDistortion", nerd_distortion)
RDLAB_EXPORT_OP("nerdSolveBeta", nerd_solve_beta)
RDLAB_EXPORT_OP("nerdObjective", nerd_objective)
}  // namespace rdlab::binding
