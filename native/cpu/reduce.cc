#include "reduce.h"

#include "../core/threadpool.h"

namespace rdlab::cpu {

void mse(const float* yhat, const float* y, int64_t n, float* grad, float scale, float* loss) {
  // Blocks of 8 x 8: eight float lanes each sum 8 squares (a pattern the compiler vectorises;
  // one running sum would be a serial chain), then each block's lanes go into the double.
  constexpr int64_t kLanes = 8, kBlock = 8 * kLanes;
  double sum = 0.0;
  const float g = scale * 2.0f / static_cast<float>(n);
  int64_t i = 0;
  for (; i + kBlock <= n; i += kBlock) {
    float part[kLanes] = {};
    for (int64_t b = 0; b < kBlock; b += kLanes)
      for (int64_t l = 0; l < kLanes; ++l) {
        const float d = yhat[i + b + l] - y[i + b + l];
        part[l] += d * d;
        if (grad != nullptr) grad[i + b + l] = g * d;
      }
    for (int64_t l = 0; l < kLanes; ++l) sum += part[l];
  }
  for (; i < n; ++i) {
    const float d = yhat[i] - y[i];
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
