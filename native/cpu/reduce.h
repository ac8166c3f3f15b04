#pragma once
#include <cstdint>

namespace rdlab::cpu {
// loss[0] = mean_i (yhat_i - y_i)^2 over n elements; grad_i = scale * 2 (yhat_i - y_i) / n
// (scale folds a loss weight such as lambda into the gradient). Accumulates in double so
// the mean of a million terms keeps float32 precision.
void mse(const float* yhat, const float* y, int64_t n, float* grad, float scale, float* loss);
}
