// The deep factorized density (native/core/deep_factorized.h); spec = { channels, filters,
// likelihoodBound? }, params = [channels, P] flat:
//   entropyForward(spec, params, z, likelihood, bits, total)
//   entropyBackward(spec, params, z, scale, dz | null, grad, accumulate)
//   entropyCdf(spec, params, z, out)
//   entropyPmfTable(spec, params, lo, hi, offsets | null, pmf, tails)
#include <cmath>
#include <string>

#include "../dispatch/dispatch.h"
#include "../core/status.h"
#include "args.h"
#include "registry.h"

namespace rdlab::binding {
namespace {

DeepFactorizedSpec parse_spec(const Napi::CallbackInfo& info) {
  Napi::Object o = arg_object(info, 0, "spec");
  int channels = static_cast<int>(get_int(o.Get("channels"), "spec.channels", 1, 65535));
  Napi::Value fv = o.Get("filters");
  if (!fv.IsArray()) fail_type("spec.filters: expected an array of hidden filter widths, e.g. [3, 3, 3]");
  Napi::Array fa = fv.As<Napi::Array>();
  if (fa.Length() >= static_cast<uint32_t>(kDfMaxLayers))
    fail_range("spec.filters: expected at most " + std::to_string(kDfMaxLayers - 1) + " widths, got " +
               std::to_string(fa.Length()));
  int filters[kDfMaxLayers];
  for (uint32_t k = 0; k < fa.Length(); ++k) {
    std::string n = "spec.filters[" + std::to_string(k) + "]";
    filters[k] = static_cast<int>(get_int(fa.Get(k), n.c_str(), 1, kDfMaxWidth));
  }
  float bound = 1e-9f;
  Napi::Value bv = o.Get("likelihoodBound");
  if (!bv.IsUndefined()) {
    double b = get_number(bv, "spec.likelihoodBound");
    if (!(b >= 1e-30 && b < 1)) fail_range("spec.likelihoodBound: expected a value in [1e-30, 1), got " + std::to_string(b));
    bound = static_cast<float>(b);
  }
  return deep_factorized_spec(channels, filters, static_cast<int>(fa.Length()), bound);
}

const Tensor& f32_arg(const Napi::CallbackInfo& info, size_t i, const char* name) {
  const Tensor& t = arg_tensor(info, i, name);
  expect_dtype(t, DType::F32, name);
  return t;
}

const Tensor& params_arg(const Napi::CallbackInfo& info, size_t i, const DeepFactorizedSpec& s) {
  const Tensor& p = f32_arg(info, i, "params");
  expect_numel(p, static_cast<int64_t>(s.channels) * s.per_channel, "params");
  return p;
}

// z [B, C] with B >= 1
const Tensor& z_arg(const Napi::CallbackInfo& info, size_t i, const DeepFactorizedSpec& s) {
  const Tensor& z = f32_arg(info, i, "z");
  expect_shape(z, {-1, s.channels}, "z");
  if (z.dim(0) < 1) fail_range("z: the batch must hold at least one row");
  return z;
}

Napi::Value entropy_forward(const Napi::CallbackInfo& info) {
  DeepFactorizedSpec s = parse_spec(info);
  const Tensor& params = params_arg(info, 1, s);
  const Tensor& z = z_arg(info, 2, s);
  const Tensor& likelihood = f32_arg(info, 3, "likelihood");
  expect_shape(likelihood, z.shape, "likelihood");
  const Tensor& bits = f32_arg(info, 4, "bits");
  expect_shape(bits, {z.dim(0)}, "bits");
  const Tensor& total = f32_arg(info, 5, "total");
  expect_numel(total, 1, "total");
  ops::entropy_forward(common_device("entropyForward", {&params, &z, &likelihood, &bits, &total}), s, z.dim(0),
                       params.data<float>(), z.data<float>(), likelihood.data<float>(), bits.data<float>(),
                       total.data<float>());
  return info.Env().Undefined();
}

Napi::Value entropy_backward(const Napi::CallbackInfo& info) {
  DeepFactorizedSpec s = parse_spec(info);
  const Tensor& params = params_arg(info, 1, s);
  const Tensor& z = z_arg(info, 2, s);
  float scale = static_cast<float>(arg_number(info, 3, "scale"));
  if (!std::isfinite(scale)) fail_range("scale: expected a value within float32 range");
  const Tensor* dz = arg_optional_tensor(info, 4, "dz");
  if (dz != nullptr) {
    expect_dtype(*dz, DType::F32, "dz");
    expect_shape(*dz, z.shape, "dz");
  }
  const Tensor& grad = f32_arg(info, 5, "grad");
  expect_numel(grad, params.numel(), "grad");
  bool accumulate = arg_bool(info, 6, "accumulate");
  ops::entropy_backward(common_device("entropyBackward", {&params, &z, dz, &grad}), s, z.dim(0), params.data<float>(),
                        z.data<float>(), scale, data_or_null<float>(dz), grad.data<float>(), accumulate);
  return info.Env().Undefined();
}

Napi::Value entropy_cdf(const Napi::CallbackInfo& info) {
  DeepFactorizedSpec s = parse_spec(info);
  const Tensor& params = params_arg(info, 1, s);
  const Tensor& z = z_arg(info, 2, s);
  const Tensor& out = f32_arg(info, 3, "out");
  expect_shape(out, z.shape, "out");
  ops::entropy_cdf(common_device("entropyCdf", {&params, &z, &out}), s, z.dim(0), params.data<float>(), z.data<float>(),
                   out.data<float>());
  return info.Env().Undefined();
}

Napi::Value entropy_pmf_table(const Napi::CallbackInfo& info) {
  DeepFactorizedSpec s = parse_spec(info);
  const Tensor& params = params_arg(info, 1, s);
  // cell edges k ± ½ stay exact in float32 up to 2^22 (with an offset m, k + m ± ½ is the nearest float)
  constexpr int64_t kLimit = int64_t{1} << 22;
  int64_t lo = arg_int(info, 2, "lo", -kLimit, kLimit);
  int64_t hi = arg_int(info, 3, "hi", -kLimit, kLimit);
  if (hi < lo) fail_range("hi: expected hi >= lo (" + std::to_string(lo) + "), got " + std::to_string(hi));
  const Tensor* offsets = arg_optional_tensor(info, 4, "offsets");
  if (offsets != nullptr) {
    expect_dtype(*offsets, DType::F32, "offsets");
    expect_shape(*offsets, {s.channels}, "offsets");
  }
  const Tensor& pmf = f32_arg(info, 5, "pmf");
  expect_shape(pmf, {s.channels, hi - lo + 1}, "pmf");
  const Tensor& tails = f32_arg(info, 6, "tails");
  expect_shape(tails, {s.channels, 2}, "tails");
  ops::entropy_pmf_table(common_device("entropyPmfTable", {&params, offsets, &pmf, &tails}), s, params.data<float>(), lo,
                         hi, data_or_null<float>(offsets), pmf.data<float>(), tails.data<float>());
  return info.Env().Undefined();
}

}  // namespace
RDLAB_EXPORT("entropyForward", entropy_forward)
RDLAB_EXPORT("entropyBackward", entropy_backward)
RDLAB_EXPORT("entropyCdf", entropy_cdf)
RDLAB_EXPORT("entropyPmfTable", entropy_pmf_table)
}  // namespace rdlab::binding
