// quantizeNoise(y, out, seed, stream, counter): out = y + U(-½, ½) from Philox;
// quantizeRound(y, offset | null, out): out = round(y - m) + m, m per channel (last dim).
// out may be y. Straight-through rounding needs no op of its own: its forward is
// quantizeRound and its backward passes the gradient unchanged.
#include "../core/dispatch.h"
#include "../core/status.h"
#include "args.h"
#include "registry.h"

namespace rdlab::binding {
namespace {

Napi::Value quantize_noise(const Napi::CallbackInfo& info) {
  const Tensor& y = arg_tensor(info, 0, "y");
  expect_dtype(y, DType::F32, "y");
  const Tensor& out = arg_tensor(info, 1, "out");
  expect_dtype(out, DType::F32, "out");
  expect_shape(out, y.shape, "out");
  uint64_t seed = arg_u64(info, 2, "seed");
  uint64_t stream = arg_u64(info, 3, "stream");
  uint64_t counter = arg_u64(info, 4, "counter");
  ops::quantize_noise(y, out, seed, stream, counter);
  return info.Env().Undefined();
}

Napi::Value quantize_round(const Napi::CallbackInfo& info) {
  const Tensor& y = arg_tensor(info, 0, "y");
  expect_dtype(y, DType::F32, "y");
  const Tensor* offset = arg_optional_tensor(info, 1, "offset");
  if (offset != nullptr) {
    expect_dtype(*offset, DType::F32, "offset");
    if (y.ndim() == 0) fail_range("offset: a per-channel offset needs y with a channel (last) dimension");
    expect_shape(*offset, {y.dim(-1)}, "offset");
  }
  const Tensor& out = arg_tensor(info, 2, "out");
  expect_dtype(out, DType::F32, "out");
  expect_shape(out, y.shape, "out");
  ops::quantize_round(y, offset, out);
  return info.Env().Undefined();
}

}  // namespace
RDLAB_EXPORT("quantizeNoise", quantize_noise)
RDLAB_EXPORT("quantizeRound", quantize_round)
}  // namespace rdlab::binding
