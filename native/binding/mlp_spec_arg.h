#pragma once
#include <napi.h>

#include "../core/mlp_spec.h"

namespace rdlab::binding {

// Argument i as an MLP config { sizes: number[], acts: string[], leakySlope?: number },
// validated; errors name `name` and the offending field.
MlpSpec arg_mlp_spec(const Napi::CallbackInfo& info, size_t i, const char* name);

}  // namespace rdlab::binding
