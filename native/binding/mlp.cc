// mlpForward(spec, params, x, outs) and
// mlpBackward(spec, params, x, outs, dy, grad, dx | null, accumulate)
// spec = { sizes: number[], acts: string[], leakySlope?: number }
#include <string>

#include "../core/dispatch.h"
#include "../core/status.h"
#include "args.h"
#include "registry.h"

namespace rdlab::binding {
namespace {

int parse_act(const std::string& s, const std::string& name) {
  if (s == "identity") return static_cast<int>(Act::Identity);
  if (s == "relu") return static_cast<int>(Act::Relu);
  if (s == "leaky_relu") return static_cast<int>(Act::LeakyRelu);
  if (s == "softplus") return static_cast<int>(Act::Softplus);
  if (s == "tanh") return static_cast<int>(Act::Tanh);
  if (s == "sigmoid") return static_cast<int>(Act::Sigmoid);
  fail_range(name + ": unknown activation '" + s +
             "' (expected identity, relu, leaky_relu, softplus, tanh or sigmoid)");
}

MlpSpec parse_spec(const Napi::CallbackInfo& info) {
  Napi::Object o = arg_object(info, 0, "spec");
  Napi::Value sizes = o.Get("sizes"), acts = o.Get("acts"), slope = o.Get("leakySlope");
  if (!sizes.IsArray()) fail_type("spec.sizes: expected an array of layer widths");
  if (!acts.IsArray()) fail_type("spec.acts: expected an array of activation names");
  Napi::Array sa = sizes.As<Napi::Array>(), aa = acts.As<Napi::Array>();
  MlpSpec s;
  if (sa.Length() < 2 || sa.Length() > kMaxLayers + 1)
    fail_range("spec.sizes: expected 2 to " + std::to_string(kMaxLayers + 1) + " widths, got " + std::to_string(sa.Length()));
  s.n_layers = static_cast<int>(sa.Length()) - 1;
  if (aa.Length() != static_cast<uint32_t>(s.n_layers))
    fail_range("spec.acts: expected one activation per layer (" + std::to_string(s.n_layers) + "), got " +
               std::to_string(aa.Length()));
  for (uint32_t i = 0; i < sa.Length(); ++i) {
    std::string n = "spec.sizes[" + std::to_string(i) + "]";
    s.sizes[i] = static_cast<int>(get_int(sa.Get(i), n.c_str(), 1, 1 << 16));
  }
  for (uint32_t i = 0; i < aa.Length(); ++i) {
    std::string n = "spec.acts[" + std::to_string(i) + "]";
    if (!aa.Get(i).IsString()) fail_type(n + ": expected an activation name");
    s.acts[i] = parse_act(aa.Get(i).As<Napi::String>().Utf8Value(), n);
  }
  if (!slope.IsUndefined()) s.leaky_slope = static_cast<float>(get_number(slope, "spec.leakySlope"));
  return s;
}

struct MlpArgs {
  MlpSpec spec;
  const Tensor* params;
  const Tensor* x;
  std::vector<Tensor> outs;
  int64_t batch;
};

MlpArgs parse_common(const Napi::CallbackInfo& info) {
  MlpArgs a;
  a.spec = parse_spec(info);
  a.params = &arg_tensor(info, 1, "params");
  expect_dtype(*a.params, DType::F32, "params");
  expect_numel(*a.params, mlp_param_count(a.spec), "params");
  a.x = &arg_tensor(info, 2, "x");
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

Napi::Value mlp_forward(const Napi::CallbackInfo& info) {
  MlpArgs a = parse_common(info);
  ops::mlp_forward(a.spec, *a.params, *a.x, a.outs);
  return info.Env().Undefined();
}

Napi::Value mlp_backward(const Napi::CallbackInfo& info) {
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
  ops::mlp_backward(a.spec, *a.params, *a.x, a.outs, dy, grad, dx, accumulate);
  return info.Env().Undefined();
}

}  // namespace
RDLAB_EXPORT("mlpForward", mlp_forward)
RDLAB_EXPORT("mlpBackward", mlp_backward)
}  // namespace rdlab::binding
