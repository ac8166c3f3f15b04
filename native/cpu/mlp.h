#pragma once
#include <cstdint>

#include "../core/mlp_spec.h"

namespace rdlab::cpu {

// outs[l] = act_l(in_l W_l + b_l) for every layer, in_0 = x [batch, sizes[0]].
void mlp_forward(const MlpSpec& s, int64_t batch, const float* params, const float* x, float* const* outs);

// Backpropagates dy [batch, sizes[L]] through the network whose forward outputs are outs.
// grad (same layout as params) receives the parameter gradients, added to its contents when
// accumulate is set; dx [batch, sizes[0]] receives the input gradient when not null.
// The forward cache is consumed: outs[0..L-2] and dy are overwritten with the
// pre-activation gradients; outs[L-1], the network output, is kept.
void mlp_backward(const MlpSpec& s, int64_t batch, const float* params, const float* x, float* const* outs,
                  float* dy, float* grad, float* dx, bool accumulate);

}  // namespace rdlab::cpu
