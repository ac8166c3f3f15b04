#include "reduce.h"

#include "../core/threadpool.h"

namespace rdlab::cpu {

void mse(const float* yhat, const float* y, int64_t n, float* grad, float scale, float* loss) {
  double sum = 0.0;
  const float g = scale * 2.0f / static_cast<float>(n);
  for (int64_t i = 0; i < n; ++i) {
    float d = yhat[i] - y[i];
    sum += static_cast<double>(d) * d;
    if (grad != nullptr) grad[i] = g * d;
  }
  loss[0] = static_cast<float>(sum / static_cast<double>(n));
}

void axpy(float alpha, const float* x, float* y, int64_t n) {
  parallel_for(n, 1 << 15, [&](int64_t begin, int64_t end) {
    for (int64_t i = begin; i < end; ++i) y[i] += alpha * x[i];
  });
}

}  // namespace rdlab::cpu
