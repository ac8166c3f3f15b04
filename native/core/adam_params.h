// The hyperparameters of one Adam step (Kingma & Ba, 2015), with decoupled weight decay
// (AdamW), as the CPU and CUDA kernels and adam_update.h read them.
#pragma once
#include <cstdint>

namespace rdlab {

struct AdamParams {
  float lr = 1e-3f, beta1 = 0.9f, beta2 = 0.999f, eps = 1e-8f, weight_decay = 0.0f;
  int64_t step = 1;  // 1-based, for bias correction
};

}  // namespace rdlab
