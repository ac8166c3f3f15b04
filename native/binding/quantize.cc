// quantizeNoise(y, out, seed, stream, counter): out = y + U(-½, ½) from Philox;
// quantizeRound(y, offset | null, out): out = round(y - m) + m, m per channel (last dim).
// out may be y. Straight-through rounding needs no op of its own: its forward is
// quantizeRound and its backward passes the gradient unchanged.
#include "../dispatch/dispatch.h"
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
  ops::quantize_noise(common_device("quantizeNoise", {&y, &out}), y.data<float>(), out.data<float>(), y.numel(), seed,
                      stream, counter);
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
  // rows × cols with the channel (offset) index last; a scalar or 1-D y is one row
  const int64_t cols = y.ndim() == 0 ? 1 : y.dim(-1), rows = cols == 0 ? 0 : y.numel() / cols;
  ops::quantize_round(common_device("quantizeRound", {&y, offset, &out}), y.data<float>(), data_or_null<float>(offset),
                      rows, cols, out.data<float>());
  return info.Env().Undefined();
}

}  // namespace
RDLAB_EXPORT("quantizeNoise", quantize_noise)
RDLAB_EXPORT("quantizeRound", quantize_round)
}  // namespace rdlab::binding
