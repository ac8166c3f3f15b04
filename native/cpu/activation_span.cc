#include "activation_span.h"

#include "../core/activation.h"

namespace rdlab::cpu {

void act_forward_span(int act, float* x, int64_t n, float slope) {
  for (int64_t i = 0; i < n; ++i) x[i] = act_forward(act, x[i], slope);
}

void act_grad_span(int act, const float* y, float* g, int64_t n, float slope) {
  for (int64_t i = 0; i < n; ++i) g[i] = act_grad_from_output(act, y[i], slope);
}

}  // namespace rdlab::cpu
