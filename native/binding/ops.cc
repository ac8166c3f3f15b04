// ops(): the JavaScript names of the op list (native/ops/ops.def), in its order; the
// parity test requires a row for each.
#include "../dispatch/dispatch.h"
#include "registry.h"

namespace rdlab::binding {
namespace {

Napi::Value op_names(const Napi::CallbackInfo& info) {
  Napi::Array a = Napi::Array::New(info.Env());
  uint32_t i = 0;
  for (const char* name : ops::names()) a.Set(i++, name);
  return a;
}

}  // namespace
RDLAB_EXPORT("ops", op_names)
}  // namespace rdlab::binding
