// gumbelSoftmax(logits [B, K], temperature, noise, u [B, K], index [B] int32 | null, seed, stream, counter)
// gumbelSoftmaxBackward(u [B, K], du [B, K], temperature, dlogits [B, K])
#include <string>

#include "../dispatch/dispatch.h"
#include "../core/status.h"
#include "args.h"
#include "registry.h"

namespace rdlab::binding {
namespace {

float arg_temperature(const Napi::CallbackInfo& info, size_t i) {
  double t = arg_number(info, i, "temperature");
  if (!(t >= 1e-4)) fail_range("temperature: expected a number >= 1e-4, got " + std::to_string(t));
  return static_cast<float>(t);
}

const Tensor& arg_rows(const Napi::CallbackInfo& info, size_t i, const char* name) {
  const Tensor& t = arg_tensor(info, i, name);
  expect_dtype(t, DType::F32, name);
  expect_shape(t, {-1, -1}, name);
  if (t.dim(1) < 1 || t.dim(1) > (1 << 16))
    fail_range(std::string(name) + ": expected 1 to 65536 categories per row, got " + std::to_string(t.dim(1)));
  return t;
}

Napi::Value gumbel_softmax(const Napi::CallbackInfo& info) {
  const Tensor& logits = arg_rows(info, 0, "logits");
  float t = arg_temperature(info, 1);
  bool noise = arg_bool(info, 2, "noise");
  const Tensor& u = arg_tensor(info, 3, "u");
  expect_dtype(u, DType::F32, "u");
  expect_shape(u, logits.shape, "u");
  const Tensor* index = arg_optional_tensor(info, 4, "index");
  if (index != nullptr) {
    expect_dtype(*index, DType::I32, "index");
    expect_shape(*index, {logits.dim(0)}, "index");
  }
  ops::gumbel_softmax(common_device("gumbelSoftmax", {&logits, &u, index}), logits.data<float>(), logits.dim(0),
                      static_cast<int>(logits.dim(1)), t, noise, arg_u64(info, 5, "seed"), arg_u64(info, 6, "stream"),
                      arg_u64(info, 7, "counter"), u.data<float>(), data_or_null<int32_t>(index));
  return info.Env().Undefined();
}

Napi::Value gumbel_softmax_backward(const Napi::CallbackInfo& info) {
  const Tensor& u = arg_rows(info, 0, "u");
  const Tensor& du = arg_tensor(info, 1, "du");
  expect_dtype(du, DType::F32, "du");
  expect_shape(du, u.shape, "du");
  float t = arg_temperature(info, 2);
  const Tensor& dlogits = arg_tensor(info, 3, "dlogits");
  expect_dtype(dlogits, DType::F32, "dlogits");
  expect_shape(dlogits, u.shape, "dlogits");
  ops::gumbel_softmax_backward(common_device("gumbelSoftmaxBackward", {&u, &du, &dlogits}), u.data<float>(),
                               du.data<float>(), u.dim(0), static_cast<int>(u.dim(1)), t, dlogits.data<float>());
  return info.Env().Undefined();
}

}  // namespace
RDLAB_EXPORT("gumbelSoftmax", gumbel_softmax)
RDLAB_EXPORT("gumbelSoftmaxBackward", gumbel_softmax_backward)
}  // namespace rdlab::binding
