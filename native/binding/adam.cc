// adamStep(params, grad, m, v, { lr, beta1, beta2, eps, weightDecay, step })
#include "../dispatch/dispatch.h"
#include "../core/status.h"
#include "args.h"
#include "registry.h"

namespace rdlab::binding {
namespace {

Napi::Value adam_step(const Napi::CallbackInfo& info) {
  const char* names[4] = {"params", "grad", "m", "v"};
  const Tensor* t[4];
  for (int i = 0; i < 4; ++i) {
    t[i] = &arg_tensor(info, i, names[i]);
    expect_dtype(*t[i], DType::F32, names[i]);
    if (i > 0) expect_numel(*t[i], t[0]->numel(), names[i]);
  }
  Napi::Object o = arg_object(info, 4, "options");
  AdamParams a;
  a.lr = static_cast<float>(get_number(o.Get("lr"), "options.lr"));
  if (!(a.lr > 0)) fail_range("options.lr: expected a positive learning rate");
  auto opt = [&](const char* key, const char* name, float dflt) {
    Napi::Value v = o.Get(key);
    return v.IsUndefined() ? dflt : static_cast<float>(get_number(v, name));
  };
  a.beta1 = opt("beta1", "options.beta1", 0.9f);
  a.beta2 = opt("beta2", "options.beta2", 0.999f);
  a.eps = opt("eps", "options.eps", 1e-8f);
  a.weight_decay = opt("weightDecay", "options.weightDecay", 0.0f);
  if (!(a.beta1 >= 0 && a.beta1 < 1)) fail_range("options.beta1: expected a value in [0, 1)");
  if (!(a.beta2 >= 0 && a.beta2 < 1)) fail_range("options.beta2: expected a value in [0, 1)");
  if (!(a.eps > 0)) fail_range("options.eps: expected a positive value");
  if (a.weight_decay < 0) fail_range("options.weightDecay: expected a non-negative value");
  a.step = get_int(o.Get("step"), "options.step", 1, int64_t{1} << 50);
  const Tensor &p = *t[0], &g = *t[1], &m = *t[2], &v = *t[3];
  ops::adam_step(common_device("adamStep", {&p, &g, &m, &v}), p.data<float>(), g.data<float>(), m.data<float>(),
                 v.data<float>(), p.numel(), a);
  return info.Env().Undefined();
}

}  // namespace
RDLAB_EXPORT("adamStep", adam_step)
}  // namespace rdlab::binding
