// firstNonFinite(x): the index (in row-major order) of x's first NaN or ±Inf element, or -1.
#include "../dispatch/dispatch.h"
#include "args.h"
#include "registry.h"

namespace rdlab::binding {
namespace {

Napi::Value first_nonfinite(const Napi::CallbackInfo& info) {
  const Tensor& x = arg_tensor(info, 0, "x");
  expect_dtype(x, DType::F32, "x");
  int64_t first = -1;
  ops::first_nonfinite(x.device, x.data<float>(), x.numel(), &first);
  return Napi::Number::New(info.Env(), static_cast<double>(first));
}

}  // namespace
RDLAB_EXPORT("firstNonFinite", first_nonfinite)
}  // namespace rdlab::binding
