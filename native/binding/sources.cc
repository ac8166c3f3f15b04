// sourceSample(kind, out [B, n], u [B] | null, scale [n] | null, seed, stream, counter)
#include "../core/source_draw.h"
#include "../dispatch/dispatch.h"
#include "../core/status.h"
#include "args.h"
#include "registry.h"

namespace rdlab::binding {
namespace {

SourceKind parse_kind(const std::string& s) {
  if (s == "gaussian") return SourceKind::Gaussian;
  if (s == "laplace") return SourceKind::Laplace;
  if (s == "sawbridge") return SourceKind::Sawbridge;
  if (s == "ramp") return SourceKind::Ramp;
  if (s == "circle") return SourceKind::Circle;
  fail_range("kind: expected 'gaussian', 'laplace', 'sawbridge', 'ramp' or 'circle', got '" + s + "'");
}

Napi::Value source_sample(const Napi::CallbackInfo& info) {
  SourceKind kind = parse_kind(arg_string(info, 0, "kind"));
  const Tensor& out = arg_tensor(info, 1, "out");
  expect_dtype(out, DType::F32, "out");
  expect_shape(out, {-1, -1}, "out");
  const int64_t batch = out.dim(0), n = out.dim(1);
  if (kind == SourceKind::Circle && n != 2) fail_range("out: the circle has 2 coordinates per sample, got " + std::to_string(n));
  const Tensor* u = arg_optional_tensor(info, 2, "u");
  if (u != nullptr) {
    expect_dtype(*u, DType::F32, "u");
    expect_shape(*u, {batch}, "u");
  }
  const Tensor* scale = arg_optional_tensor(info, 3, "scale");
  bool needs_scale = kind == SourceKind::Gaussian || kind == SourceKind::Laplace;
  if (needs_scale && scale == nullptr) fail_type("scale: gaussian and laplace sources need a per-element scale tensor");
  if (scale != nullptr) {
    expect_dtype(*scale, DType::F32, "scale");
    expect_shape(*scale, {n}, "scale");
  }
  if (!needs_scale) scale = nullptr;
  ops::source_sample(common_device("sourceSample", {&out, u, scale}), static_cast<int>(kind), out.data<float>(),
                     data_or_null<float>(u), batch, n, data_or_null<float>(scale), arg_u64(info, 4, "seed"),
                     arg_u64(info, 5, "stream"), arg_u64(info, 6, "counter"));
  return info.Env().Undefined();
}

}  // namespace
RDLAB_EXPORT("sourceSample", source_sample)
}  // namespace rdlab::binding
