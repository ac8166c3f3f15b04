#pragma once
#include <cstdint>

#include "../core/mlp_spec.h"

namespace rdlab::cpu {
// One fused Adam update (Kingma & Ba 2015, Algorithm 1, with bias correction; decoupled
// weight decay as in AdamW when weight_decay > 0) over n parameters.
void adam_step(float* p, const float* g, float* m, float* v, int64_t n, const AdamParams& a);
}
