// ecvqEncode(spec, params, logits [K], x [B, n], ys [B, S, m], lambda, index [B] int32, dist [B, K]), and ecvqEncodeAsync
// ecvqRate(logits [K] or [B, K], index [B] int32, scale, grad (the shape of logits), bits [1])
// ecvqDecoderInput(K, index [B] int32, ys [B, S, m], out [B S, K + m])
// The decoder spec maps K + m inputs (one-hot(k), y) to the n elements of x.
#include <string>

#include "../dispatch/dispatch.h"
#include "../core/status.h"
#include "args.h"
#include "async_op.h"
#include "mlp_spec_arg.h"
#include "registry.h"

namespace rdlab::binding {
namespace {

constexpr int64_t kMaxCodewords = 1 << 16;

const Tensor& arg_logits(const Napi::CallbackInfo& info, size_t i) {
  const Tensor& logits = arg_tensor(info, i, "logits", Access::Read);
  expect_dtype(logits, DType::F32, "logits");
  expect_shape(logits, {-1}, "logits");
  if (logits.numel() < 1 || logits.numel() > kMaxCodewords)
    fail_range("logits: expected 1 to " + std::to_string(kMaxCodewords) + " codewords, got " +
               std::to_string(logits.numel()));
  return logits;
}

const Tensor& arg_index(const Napi::CallbackInfo& info, size_t i, int64_t batch, Access access) {
  const Tensor& index = arg_tensor(info, i, "index", access);
  expect_dtype(index, DType::I32, "index");
  expect_shape(index, {batch}, "index");
  return index;
}

Kernel ecvq_encode(const Napi::CallbackInfo& info) {
  MlpSpec spec = arg_mlp_spec(info, 0, "spec");
  const Tensor& params = arg_tensor(info, 1, "params", Access::Read);
  expect_dtype(params, DType::F32, "params");
  expect_numel(params, mlp_param_count(spec), "params");
  const Tensor& logits = arg_logits(info, 2);
  const int64_t K = logits.numel();
  const int64_t m = spec.sizes[0] - K, n = spec.sizes[spec.n_layers];
  if (m < 1)
    fail_range("spec.sizes[0]: expected K + m inputs (one-hot of the " + std::to_string(K) +
               " codewords, then m >= 1 side-information values), got " + std::to_string(spec.sizes[0]));
  const Tensor& x = arg_tensor(info, 3, "x", Access::Read);
  expect_dtype(x, DType::F32, "x");
  expect_shape(x, {-1, n}, "x");
  const int64_t batch = x.dim(0);
  if (batch < 1) fail_range("x: the batch must hold at least one row");
  const Tensor& ys = arg_tensor(info, 4, "ys", Access::Read);
  expect_dtype(ys, DType::F32, "ys");
  expect_shape(ys, {batch, -1, m}, "ys");
  if (ys.dim(1) < 1) fail_range("ys: expected at least one side-information sample per row");
  double lambda = arg_number(info, 5, "lambda");
  if (lambda < 0.0) fail_range("lambda: expected a non-negative number, got " + std::to_string(lambda));
  const Tensor& index = arg_index(info, 6, batch, Access::Write);
  const Tensor& dist = arg_tensor(info, 7, "dist");
  expect_dtype(dist, DType::F32, "dist");
  expect_shape(dist, {batch, K}, "dist");
  return [dev = common_device("ecvqEncode", {&params, &logits, &x, &ys, &index, &dist}), spec, K, batch, S = ys.dim(1),
          params = params.data<float>(), logits = logits.data<float>(), x = x.data<float>(), ys = ys.data<float>(),
          lambda = static_cast<float>(lambda), index = index.data<int32_t>(), dist = dist.data<float>()] {
    ops::ecvq_encode(dev, spec, K, batch, S, params, logits, x, ys, lambda, index, dist);
  };
}

Napi::Value ecvq_rate(const Napi::CallbackInfo& info) {
  const Tensor& logits = arg_tensor(info, 0, "logits");
  expect_dtype(logits, DType::F32, "logits");
  const Tensor& index = arg_tensor(info, 1, "index");
  expect_dtype(index, DType::I32, "index");
  expect_shape(index, {-1}, "index");
  if (logits.ndim() == 2)
    expect_shape(logits, {index.dim(0), -1}, "logits");
  else if (logits.ndim() != 1)
    fail_range("logits: expected [K] (one model) or [B, K] (one model per index), got " + std::to_string(logits.ndim()) +
               " dimensions");
  if (logits.dim(-1) < 1 || logits.dim(-1) > kMaxCodewords)
    fail_range("logits: expected 1 to " + std::to_string(kMaxCodewords) + " codewords, got " +
               std::to_string(logits.dim(-1)));
  double scale = arg_number(info, 2, "scale");
  const Tensor& grad = arg_tensor(info, 3, "grad");
  expect_dtype(grad, DType::F32, "grad");
  expect_shape(grad, logits.shape, "grad");
  const Tensor& bits = arg_tensor(info, 4, "bits");
  expect_dtype(bits, DType::F32, "bits");
  expect_numel(bits, 1, "bits");
  ops::ecvq_rate(common_device("ecvqRate", {&logits, &index, &grad, &bits}), static_cast<int>(logits.shape.back()),
                 index.numel(), logits.data<float>(), logits.ndim() == 2, index.data<int32_t>(),
                 static_cast<float>(scale), grad.data<float>(), bits.data<float>());
  return info.Env().Undefined();
}

Napi::Value ecvq_decoder_input(const Napi::CallbackInfo& info) {
  const int64_t K = arg_int(info, 0, "K", 1, kMaxCodewords);
  const Tensor& ys = arg_tensor(info, 2, "ys");
  expect_dtype(ys, DType::F32, "ys");
  expect_shape(ys, {-1, -1, -1}, "ys");
  const Tensor& index = arg_index(info, 1, ys.dim(0), Access::Read);
  const Tensor& out = arg_tensor(info, 3, "out");
  expect_dtype(out, DType::F32, "out");
  expect_shape(out, {ys.dim(0) * ys.dim(1), K + ys.dim(2)}, "out");
  ops::ecvq_decoder_input(common_device("ecvqDecoderInput", {&index, &ys, &out}), static_cast<int>(K), ys.dim(0),
                          ys.dim(1), ys.dim(2), index.data<int32_t>(), ys.data<float>(), out.data<float>());
  return info.Env().Undefined();
}

}  // namespace
RDLAB_EXPORT_OP("ecvqEncode", ecvq_encode)
RDLAB_EXPORT("ecvqRate", ecvq_rate)
RDLAB_EXPORT("ecvqDecoderInput", ecvq_decoder_input)
}  // namespace rdlab::binding
