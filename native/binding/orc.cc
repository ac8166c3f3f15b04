// orcSearch(method, x [S, m], scale [m], beta, n, seed, sampleOffset, index [S] int32, y [S, m] | null)
// orcCandidates(index [S] int32, scale [m], seed, sampleOffset, y [S, m])
#include <cmath>
#include <string>

#include "../core/dispatch.h"
#include "../core/status.h"
#include "args.h"
#include "registry.h"

namespace rdlab::binding {
namespace {

RccMethod parse_method(const std::string& s) {
  if (s == "pfr") return RccMethod::Pfr;
  if (s == "orc") return RccMethod::Orc;
  fail_range("method: expected 'pfr' or 'orc', got '" + s + "'");
}

void expect_scale(const Tensor& scale, int64_t m) {
  expect_dtype(scale, DType::F32, "scale");
  expect_shape(scale, {m}, "scale");
}

Napi::Value orc_search(const Napi::CallbackInfo& info) {
  RccMethod method = parse_method(arg_string(info, 0, "method"));
  const Tensor& x = arg_tensor(info, 1, "x");
  expect_dtype(x, DType::F32, "x");
  expect_shape(x, {-1, -1}, "x");
  const int64_t S = x.dim(0), m = x.dim(1);
  if (S > 2147483647) fail_range("x: at most 2^31 - 1 samples");
  expect_scale(arg_tensor(info, 2, "scale"), m);
  double beta = arg_number(info, 3, "beta");
  if (!(beta < 0)) fail_range("beta: expected a negative slope (nats per unit distortion), got " + std::to_string(beta));
  int64_t n = arg_int(info, 4, "n", 1, int64_t{1} << 30);
  uint64_t seed = arg_u64(info, 5, "seed"), s0 = arg_u64(info, 6, "sampleOffset");
  const Tensor& index = arg_tensor(info, 7, "index");
  expect_dtype(index, DType::I32, "index");
  expect_shape(index, {S}, "index");
  const Tensor* y = arg_optional_tensor(info, 8, "y");
  if (y != nullptr) {
    expect_dtype(*y, DType::F32, "y");
    expect_shape(*y, {S, m}, "y");
  }
  ops::orc_search(method, x, as_tensor(info[2], "scale"), beta, n, seed, s0, index, y);
  return info.Env().Undefined();
}

Napi::Value orc_candidates(const Napi::CallbackInfo& info) {
  const Tensor& index = arg_tensor(info, 0, "index");
  expect_dtype(index, DType::I32, "index");
  expect_shape(index, {-1}, "index");
  if (index.device.is_cpu())
    for (int64_t s = 0; s < index.numel(); ++s)
      if (index.data<int32_t>()[s] < 0) fail_range("index[" + std::to_string(s) + "]: expected a candidate index >= 0");
  const Tensor& y = arg_tensor(info, 4, "y");
  expect_dtype(y, DType::F32, "y");
  expect_shape(y, {index.dim(0), -1}, "y");
  const Tensor& scale = arg_tensor(info, 1, "scale");
  expect_scale(scale, y.dim(1));
  ops::orc_candidates(index, scale, arg_u64(info, 2, "seed"), arg_u64(info, 3, "sampleOffset"), y);
  return info.Env().Undefined();
}

}  // namespace
RDLAB_EXPORT("orcSearch", orc_search)
RDLAB_EXPORT("orcCandidates", orc_candidates)
}  // namespace rdlab::binding
