// blahutArimoto(p [nx], d [nx, ny], slope, q [ny], out [3], tolerance = 1e-12, maxIterations = 100000), and
// blahutArimotoAsync
#include <cmath>
#include <string>

#include "../dispatch/dispatch.h"
#include "../core/status.h"
#include "args.h"
#include "async_op.h"
#include "registry.h"

namespace rdlab::binding {
namespace {

Kernel blahut_arimoto(const Napi::CallbackInfo& info) {
  const Tensor& p = arg_tensor(info, 0, "p", Access::Read);
  expect_dtype(p, DType::F32, "p");
  expect_shape(p, {-1}, "p");
  const Tensor& d = arg_tensor(info, 1, "d", Access::Read);
  expect_dtype(d, DType::F32, "d");
  expect_shape(d, {p.dim(0), -1}, "d");
  if (p.dim(0) < 1 || d.dim(1) < 1) fail_range("d: expected at least one source and one reproduction symbol");
  if (p.dim(0) > 1000000) fail_range("p: at most 10^6 source symbols, got " + std::to_string(p.dim(0)));
  // the pmf and the distortions are data, checked alike on every device: p (at most 10^6
  // values) on the host, d where it lives
  const std::vector<float> pv = host_copy<float>(p);
  double total = 0;
  for (size_t x = 0; x < pv.size(); ++x) {
    if (!(std::isfinite(pv[x]) && pv[x] >= 0)) fail_range("p[" + std::to_string(x) + "]: expected a probability, got " + std::to_string(pv[x]));
    total += pv[x];
  }
  if (std::fabs(total - 1) > 1e-5) fail_range("p: expected probabilities summing to 1, sum is " + std::to_string(total));
  expect_finite(d, "d", "distortions");
  double s = arg_number(info, 2, "slope");
  if (s > 0) fail_range("slope: expected a value <= 0 (nats per unit distortion), got " + std::to_string(s));
  const Tensor& q = arg_tensor(info, 3, "q");
  expect_dtype(q, DType::F32, "q");
  expect_shape(q, {d.dim(1)}, "q");
  const Tensor& out = arg_tensor(info, 4, "out");
  expect_dtype(out, DType::F32, "out");
  expect_numel(out, 3, "out");
  double tol = info[5].IsUndefined() ? 1e-12 : arg_number(info, 5, "tolerance");
  if (!(tol > 0)) fail_range("tolerance: expected a positive number, got " + std::to_string(tol));
  int64_t max_iter = info[6].IsUndefined() ? 100000 : arg_int(info, 6, "maxIterations", 1, int64_t{1} << 40);
  return [dev = common_device("blahutArimoto", {&p, &d, &q, &out}), nx = d.dim(0), ny = d.dim(1), p = p.data<float>(),
          d = d.data<float>(), s, tol, max_iter, q = q.data<float>(), out = out.data<float>()] {
    ops::blahut(dev, nx, ny, p, d, s, tol, max_iter, q, out);
  };
}

}  // namespace
RDLAB_EXPORT_OP("blahutArimoto", blahut_arimoto)
}  // namespace rdlab::binding
