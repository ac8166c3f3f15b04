// The shape of a multilayer perceptron as plain data (tiny-cuda-nn's habit: the network
// is a small config). Shared by the CPU and CUDA kernels, so it is a POD.
//
// Layer l maps sizes[l] -> sizes[l+1]: y = act_l(x W_l + b_l), W_l stored row-major as
// [sizes[l], sizes[l+1]] followed by b_l [sizes[l+1]] in one flat parameter vector.
#pragma once
#include <cstdint>

#include "hd.h"

namespace rdlab {

enum class Act : int { Identity = 0, Relu = 1, LeakyRelu = 2, Softplus = 3, Tanh = 4, Sigmoid = 5 };

constexpr int kMaxLayers = 32;

struct MlpSpec {
  int n_layers = 0;
  int sizes[kMaxLayers + 1] = {};
  int acts[kMaxLayers] = {};
  float leaky_slope = 0.01f;
};

// Offset (in floats) of layer l's weight matrix in the flat parameter vector; its bias
// follows the weights.
RDLAB_HD int64_t mlp_weight_offset(const MlpSpec& s, int l) {
  int64_t off = 0;
  for (int i = 0; i < l; ++i) off += static_cast<int64_t>(s.sizes[i]) * s.sizes[i + 1] + s.sizes[i + 1];
  return off;
}
RDLAB_HD int64_t mlp_bias_offset(const MlpSpec& s, int l) {
  return mlp_weight_offset(s, l) + static_cast<int64_t>(s.sizes[l]) * s.sizes[l + 1];
}
RDLAB_HD int64_t mlp_param_count(const MlpSpec& s) { return mlp_weight_offset(s, s.n_layers); }

}  // namespace rdlab
