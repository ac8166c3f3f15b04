// pairSample(kind, x, y, v0, v1, seed, stream, counter) and
// pairPosterior(kind, x [B, m], ys [B, S, m], v0, v1, seed, stream, counter) and
// pairPosteriorNodes(kind, x [B, m], z [S], ys [B, S, m], v0, v1)
// kind: 'x=y+n' | 'y=x+n' | 'sign'; v0, v1 the variances of native/core/pair_draw.h.
#include <string>

#include "../core/pair_draw.h"
#include "../dispatch/dispatch.h"
#include "../core/status.h"
#include "args.h"
#include "registry.h"

namespace rdlab::binding {
namespace {

PairKind parse_kind(const std::string& s) {
  if (s == "x=y+n") return PairKind::SourceIsSideInfoPlusNoise;
  if (s == "y=x+n") return PairKind::SideInfoIsSourcePlusNoise;
  if (s == "sign") return PairKind::Sign;
  fail_range("kind: expected 'x=y+n', 'y=x+n' or 'sign', got '" + s + "'");
}

float arg_variance(const Napi::CallbackInfo& info, size_t i, const char* name) {
  double v = arg_number(info, i, name);
  if (!(v > 0.0) || v > 1e30) fail_range(std::string(name) + ": expected a positive variance, got " + std::to_string(v));
  return static_cast<float>(v);
}

Napi::Value pair_sample(const Napi::CallbackInfo& info) {
  PairKind kind = parse_kind(arg_string(info, 0, "kind"));
  const Tensor& x = arg_tensor(info, 1, "x");
  expect_dtype(x, DType::F32, "x");
  const Tensor& y = arg_tensor(info, 2, "y");
  expect_dtype(y, DType::F32, "y");
  expect_shape(y, x.shape, "y");
  float v0 = arg_variance(info, 3, "v0"), v1 = arg_variance(info, 4, "v1");
  ops::pair_sample(common_device("pairSample", {&x, &y}), static_cast<int>(kind), v0, v1, x.data<float>(), y.data<float>(),
                   x.numel(), arg_u64(info, 5, "seed"), arg_u64(info, 6, "stream"), arg_u64(info, 7, "counter"));
  return info.Env().Undefined();
}

Napi::Value pair_posterior(const Napi::CallbackInfo& info) {
  PairKind kind = parse_kind(arg_string(info, 0, "kind"));
  const Tensor& x = arg_f32_matrix(info, 1, "x");
  const Tensor& ys = arg_tensor(info, 2, "ys");
  expect_dtype(ys, DType::F32, "ys");
  expect_shape(ys, {x.dim(0), -1, x.dim(1)}, "ys");
  float v0 = arg_variance(info, 3, "v0"), v1 = arg_variance(info, 4, "v1");
  ops::pair_posterior(common_device("pairPosterior", {&x, &ys}), static_cast<int>(kind), v0, v1, x.data<float>(),
                      ys.data<float>(), ys.dim(0), ys.dim(1), ys.dim(2), arg_u64(info, 5, "seed"),
                      arg_u64(info, 6, "stream"), arg_u64(info, 7, "counter"));
  return info.Env().Undefined();
}

Napi::Value pair_posterior_nodes(const Napi::CallbackInfo& info) {
  PairKind kind = parse_kind(arg_string(info, 0, "kind"));
  const Tensor& x = arg_f32_matrix(info, 1, "x");
  const Tensor& z = arg_tensor(info, 2, "z");
  expect_dtype(z, DType::F32, "z");
  expect_shape(z, {-1}, "z");
  const Tensor& ys = arg_tensor(info, 3, "ys");
  expect_dtype(ys, DType::F32, "ys");
  expect_shape(ys, {x.dim(0), z.dim(0), x.dim(1)}, "ys");
  float v0 = arg_variance(info, 4, "v0"), v1 = arg_variance(info, 5, "v1");
  const Device dev = common_device("pairPosteriorNodes", {&x, &z, &ys});
  ops::pair_posterior_nodes(dev, static_cast<int>(kind), v0, v1, x.data<float>(), z.data<float>(), ys.data<float>(),
                            ys.dim(0), ys.dim(1), ys.dim(2));
  return info.Env().Undefined();
}

}  // namespace
RDLAB_EXPORT("pairSample", pair_sample)
RDLAB_EXPORT("pairPosterior", pair_posterior)
RDLAB_EXPORT("pairPosteriorNodes", pair_posterior_nodes)
}  // namespace rdlab::binding
