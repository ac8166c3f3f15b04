// The MLP config object shared by mlpForward/mlpBackward and ecvqEncode, and the
// activation names the convolutions take too.
#include "mlp_spec_arg.h"

#include <string>

#include "../core/status.h"
#include "args.h"

namespace rdlab::binding {

int parse_activation(const std::string& s, const std::string& name) {
  if (s == "identity") return static_cast<int>(Act::Identity);
  if (s == "relu") return static_cast<int>(Act::Relu);
  if (s == "leaky_relu") return static_cast<int>(Act::LeakyRelu);
  if (s == "softplus") return static_cast<int>(Act::Softplus);
  if (s == "tanh") return static_cast<int>(Act::Tanh);
  if (s == "sigmoid") return static_cast<int>(Act::Sigmoid);
  fail_range(name + ": unknown activation '" + s +
             "' (expected identity, relu, leaky_relu, softplus, tanh or sigmoid)");
}

MlpSpec arg_mlp_spec(const Napi::CallbackInfo& info, size_t i, const char* name) {
  const std::string n0(name);
  Napi::Object o = arg_object(info, i, name);
  Napi::Value sizes = o.Get("sizes"), acts = o.Get("acts"), slope = o.Get("leakySlope");
  if (!sizes.IsArray()) fail_type(n0 + ".sizes: expected an array of layer widths");
  if (!acts.IsArray()) fail_type(n0 + ".acts: expected an array of activation names");
  Napi::Array sa = sizes.As<Napi::Array>(), aa = acts.As<Napi::Array>();
  MlpSpec s;
  if (sa.Length() < 2 || sa.Length() > kMaxLayers + 1)
    fail_range(n0 + ".sizes: expected 2 to " + std::to_string(kMaxLayers + 1) + " widths, got " + std::to_string(sa.Length()));
  s.n_layers = static_cast<int>(sa.Length()) - 1;
  if (aa.Length() != static_cast<uint32_t>(s.n_layers))
    fail_range(n0 + ".acts: expected one activation per layer (" + std::to_string(s.n_layers) + "), got " +
               std::to_string(aa.Length()));
  for (uint32_t l = 0; l < sa.Length(); ++l) {
    std::string n = n0 + ".sizes[" + std::to_string(l) + "]";
    s.sizes[l] = static_cast<int>(get_int(sa.Get(l), n.c_str(), 1, 1 << 16));
  }
  for (uint32_t l = 0; l < aa.Length(); ++l) {
    std::string n = n0 + ".acts[" + std::to_string(l) + "]";
    if (!aa.Get(l).IsString()) fail_type(n + ": expected an activation name");
    s.acts[l] = parse_activation(aa.Get(l).As<Napi::String>().Utf8Value(), n);
  }
  if (!slope.IsUndefined()) s.leaky_slope = static_cast<float>(get_number(slope, (n0 + ".leakySlope").c_str()));
  return s;
}

}  // namespace rdlab::binding
