// rngFill(out: Tensor<float32>, dist: 'uniform'|'normal'|'exponential'|'gumbel',
//         seed: number|bigint, stream: number|bigint, counter: number|bigint)
#include "../core/philox.h"
#include "../dispatch/dispatch.h"
#include "../core/status.h"
#include "args.h"
#include "registry.h"

namespace rdlab::binding {
namespace {

Dist parse_dist(const std::string& s) {
  if (s == "uniform") return Dist::Uniform;
  if (s == "normal") return Dist::Normal;
  if (s == "exponential") return Dist::Exponential;
  if (s == "gumbel") return Dist::Gumbel;
  fail_range("dist: expected 'uniform', 'normal', 'exponential' or 'gumbel', got '" + s + "'");
}

Napi::Value rng_fill(const Napi::CallbackInfo& info) {
  const Tensor& out = arg_tensor(info, 0, "out");
  expect_dtype(out, DType::F32, "out");
  Dist dist = parse_dist(arg_string(info, 1, "dist"));
  uint64_t seed = arg_u64(info, 2, "seed");
  uint64_t stream = arg_u64(info, 3, "stream");
  uint64_t counter = arg_u64(info, 4, "counter");
  ops::rng_fill(out.device, out.data<float>(), out.numel(), static_cast<int>(dist), seed, stream, counter);
  return info.Env().Undefined();
}

}  // namespace
RDLAB_EXPORT("rngFill", rng_fill)
}  // namespace rdlab::binding
