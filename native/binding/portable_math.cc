// portableMath(fn: 'log'|'sinTurns'|'cosTurns', x: Tensor<float32>, out: Tensor<float32>):
// out = ln x, sin 2πx or cos 2πx by native/core/portable_math.h, the functions behind every
// random draw (same bits on every backend).
#include "../core/portable_math_op.h"
#include "../dispatch/dispatch.h"
#include "args.h"
#include "registry.h"

namespace rdlab::binding {
namespace {

PortableFn parse_fn(const std::string& s) {
  if (s == "log") return PortableFn::Log;
  if (s == "sinTurns") return PortableFn::SinTurns;
  if (s == "cosTurns") return PortableFn::CosTurns;
  fail_range("fn: expected 'log', 'sinTurns' or 'cosTurns', got '" + s + "'");
}

Napi::Value portable_math(const Napi::CallbackInfo& info) {
  const PortableFn fn = parse_fn(arg_string(info, 0, "fn"));
  const Tensor& x = arg_tensor(info, 1, "x", Access::Read);
  expect_dtype(x, DType::F32, "x");
  const Tensor& out = arg_tensor(info, 2, "out");
  expect_dtype(out, DType::F32, "out");
  expect_shape(out, x.shape, "out");
  ops::portable_math(common_device("portableMath", {&x, &out}), static_cast<int>(fn), x.data<float>(), x.numel(), out.data<float>());
  return info.Env().Undefined();
}

}  // namespace
RDLAB_EXPORT("portableMath", portable_math)
}  // namespace rdlab::binding
