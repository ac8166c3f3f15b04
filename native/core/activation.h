// The activations of an Mlp and their derivatives written in terms of the activation's
// output y (so backward needs only the forward outputs). One definition, compiled into
// both the CPU and the CUDA kernels.
#pragma once
#include <cmath>

#include "mlp_spec.h"
#include "hd.h"

namespace rdlab {

RDLAB_HD float act_forward(int act, float x, float slope) {
  switch (act) {
    case static_cast<int>(Act::Relu): return x > 0.0f ? x : 0.0f;
    case static_cast<int>(Act::LeakyRelu): return x > 0.0f ? x : slope * x;
    // log(1 + e^x) without overflow: max(x, 0) + log1p(e^-|x|)
    case static_cast<int>(Act::Softplus): return fmaxf(x, 0.0f) + log1pf(expf(-fabsf(x)));
    case static_cast<int>(Act::Tanh): return tanhf(x);
    case static_cast<int>(Act::Sigmoid): return 1.0f / (1.0f + expf(-x));
    default: return x;
  }
}

// d act / d x expressed through y = act(x).
RDLAB_HD float act_grad_from_output(int act, float y, float slope) {
  switch (act) {
    case static_cast<int>(Act::Relu): return y > 0.0f ? 1.0f : 0.0f;
    case static_cast<int>(Act::LeakyRelu): return y > 0.0f ? 1.0f : slope;
    // y = log(1 + e^x)  =>  sigmoid(x) = 1 - e^-y
    case static_cast<int>(Act::Softplus): return -expm1f(-y);
    case static_cast<int>(Act::Tanh): return 1.0f - y * y;
    case static_cast<int>(Act::Sigmoid): return y * (1.0f - y);
    default: return 1.0f;
  }
}

}  // namespace rdlab
