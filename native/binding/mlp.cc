// mlpForward(spec, params, x, outs) and
// mlpBackward(spec, params, x, outs, dy, grad, dx | null, accumulate), each with its Async form
// spec = { sizes: number[], acts: string[], leakySlope?: number }
#include <string>

#include "../dispatch/dispatch.h"
#include "../core/status.h"
#include "args.h"
#include "async_op.h"
#include "mlp_spec_arg.h"
#include "registry.h"

namespace rdlab::binding {
namespace {

struct MlpArgs {
  MlpSpec spec;
  const Tensor* params;
  const Tensor* x;
  std::vector<Tensor> outs;
  int64_t batch;
};

MlpArgs parse_common(const Napi::CallbackInfo& info) {
  MlpArgs a;
  a.spec = arg_mlp_spec(info, 0, "spec");
  a.params = &arg_tensor(info, 1, "params", Access::Read);
  expect_dtype(*a.params, DType::F32, "params");
  expect_numel(*a.params, mlp_param_count(a.spec), "params");
  a.x = &arg_tensor(info, 2, "x", Access::Read);
  expect_dtype(*a.x, DType::F32, "x");
  expect_shape(*a.x, {-1, a.spec.sizes[0]}, "x");
  a.batch = a.x->dim(0);
  if (a.batch < 1) fail_range("x: the batch must hold at least one row");
  a.outs = arg_tensor_list(info, 3, "outs");
  if (a.outs.size() != static_cast<size_t>(a.spec.n_layers))
    fail_range("outs: expected one output tensor per layer (" + std::to_string(a.spec.n_layers) + "), got " +
               std::to_string(a.outs.size()));
  for (int l = 0; l < a.spec.n_layers; ++l) {
    std::string n = "outs[" + std::to_string(l) + "]";
    expect_dtype(a.outs[l], DType::F32, n.c_str());
    expect_shape(a.outs[l], {a.batch, a.spec.sizes[l + 1]}, n.c_str());
  }
  return a;
}

// The device of params, x, the layer outputs and `more`, and the outputs' data pointers.
Device mlp_device(const char* op, const MlpArgs& a, std::vector<float*>& outs,
                  std::initializer_list<const Tensor*> more = {}) {
  for (const Tensor& o : a.outs) {
    common_device(op, {a.x, &o});
    outs.push_back(o.data<float>());
  }
  for (const Tensor* t : more) common_device(op, {a.x, t});
  return common_device(op, {a.params, a.x});
}

Kernel mlp_forward(const Napi::CallbackInfo& info) {
  MlpArgs a = parse_common(info);
  std::vector<float*> outs;
  Device d = mlp_device("mlpForward", a, outs);
  return [d, spec = a.spec, batch = a.batch, params = a.params->data<float>(), x = a.x->data<float>(), outs] {
    ops::mlp_forward(d, spec, batch, params, x, outs.data());
  };
}

Kernel mlp_backward(const Napi::CallbackInfo& info) {
  MlpArgs a = parse_common(info);
  const Tensor& dy = arg_tensor(info, 4, "dy");
  expect_dtype(dy, DType::F32, "dy");
  expect_shape(dy, {a.batch, a.spec.sizes[a.spec.n_layers]}, "dy");
  const Tensor& grad = arg_tensor(info, 5, "grad");
  expect_dtype(grad, DType::F32, "grad");
  expect_numel(grad, mlp_param_count(a.spec), "grad");
  const Tensor* dx = arg_optional_tensor(info, 6, "dx");
  if (dx != nullptr) {
    expect_dtype(*dx, DType::F32, "dx");
    expect_shape(*dx, {a.batch, a.spec.sizes[0]}, "dx");
  }
  bool accumulate = arg_bool(info, 7, "accumulate");
  std::vector<float*> outs;
  Device d = mlp_device("mlpBackward", a, outs, {&dy, &grad, dx});
  return [d, spec = a.spec, batch = a.batch, params = a.params->data<float>(), x = a.x->data<float>(), outs,
          dy = dy.data<float>(), grad = grad.data<float>(), dx = data_or_null<float>(dx), accumulate] {
    ops::mlp_backward(d, spec, batch, params, x, outs.data(), dy, grad, dx, accumulate);
  };
}

}  // namespace
RDLAB_EXPORT_OP("mlpForward", mlp_forward)
RDLAB_EXPORT_OP("mlpBackward", mlp_backward)
}  // namespace rdlab::binding
