#pragma once
#include <cstdint>

namespace rdlab::cpu {
// loss[0] = mean_i (yhat_i - y_i)^2 over n elements; grad_i = scale * 2 (yhat_i - y_i) / n
// (scale folds a loss weight such as lambda into the gradient). Accumulates in double so
// the mean of a million terms keeps float32 precision.
void mse(const float* yhat, const float* y, int64_t n, float* grad, float scale, float* loss);
// y[i] += alpha * x[i]: sums gradients that reach one tensor by two paths (e.g. the
// distortion and rate gradients of a latent).
void axpy(float alpha, const float* x, float* y, int64_t n);
}
