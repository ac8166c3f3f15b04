// loss[0] = mean_i (yhat_i - y_i)^2 over n elements; grad_i = scale * 2 (yhat_i - y_i) / n
// (scale folds a loss weight such as lambda into the gradient). Accumulates in double so
// the mean of a million terms keeps float32 precision.
#include "ops.h"

#include <vector>

#include "../core/threadpool.h"

namespace rdlab::cpu {

namespace {

// Chunks of this many elements: each sums into its own double, and the chunks' sums are
// added in order, so the loss does not depend on the thread count.
constexpr int64_t kMseChunk = int64_t{1} << 16;

// Sum of squared differences over [0, n) and, with Grad, grad = g * (yhat - y): blocks of
// 8 x 8 (eight float lanes each sum 8 squares, a pattern the compiler vectorises; one
// running sum would be a serial chain), then each block's lanes go into the double. The
// gradient store is a template choice, not a test inside the loop, which kept it scalar.
template <bool Grad>
double squares(const float* yhat, const float* y, int64_t n, float* grad, float g) {
  constexpr int64_t kLanes = 8, kBlock = 8 * kLanes;
  double sum = 0.0;
  int64_t i = 0;
  for (; i + kBlock <= n; i += kBlock) {
    float part[kLanes] = {};
    for (int64_t b = 0; b < kBlock; b += kLanes)
      for (int64_t l = 0; l < kLanes; ++l) {
        const float d = yhat[i + b + l] - y[i + b + l];
        part[l] += d * d;
        if (Grad) grad[i + b + l] = g * d;
      }
    for (int64_t l = 0; l < kLanes; ++l) sum += part[l];
  }
  for (; i < n; ++i) {
    const float d = yhat[i] - y[i];
    sum += static_cast<double>(d) * d;
    if (Grad) grad[i] = g * d;
  }
  return sum;
}

}  // namespace

void mse(const float* yhat, const float* y, int64_t n, float* grad, float scale, float* loss) {
  const float g = scale * 2.0f / static_cast<float>(n);
  const int64_t chunks = (n + kMseChunk - 1) / kMseChunk;
  double inline_sum[1];
  std::vector<double> sums(chunks > 1 ? chunks : 0);
  double* out = chunks > 1 ? sums.data() : inline_sum;
  // Four chunks (a quarter million elements) per region at least: below that, starting the
  // pool costs more than the split saves.
  parallel_for(chunks, 4, [&](int64_t c0, int64_t c1) {
    for (int64_t c = c0; c < c1; ++c) {
      const int64_t b = c * kMseChunk, e = b + kMseChunk < n ? b + kMseChunk : n;
      out[c] = grad != nullptr ? squares<true>(yhat + b, y + b, e - b, grad + b, g)
                               : squares<false>(yhat + b, y + b, e - b, nullptr, g);
    }
  });
  double sum = 0.0;
  for (int64_t c = 0; c < chunks; ++c) sum += out[c];
  loss[0] = static_cast<float>(sum / static_cast<double>(n));
}

}  // namespace rdlab::cpu
