#pragma once
#include <napi.h>

#include <string>

#include "../core/mlp_spec.h"

namespace rdlab::binding {

// An activation's name ('identity', 'relu', ...) as an Act; a RangeError naming `name` otherwise.
int parse_activation(const std::string& s, const std::string& name);

// Argument i as an MLP config { sizes: number[], acts: string[], leakySlope?: number },
// validated; errors name `name` and the offending field.
MlpSpec arg_mlp_spec(const Napi::CallbackInfo& info, size_t i, const char* name);

}  // namespace rdlab::binding
