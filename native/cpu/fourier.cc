// out [batch, m + (include ? d : 0)] = (cos(A y_b), y_b) for y [batch, d], A [m, d]
// (native/core/fourier.h).
// dy [batch, d] = d loss / d y from g = d loss / d out (same width as out).
#include "ops.h"

#include "../core/fourier.h"
#include "../core/threadpool.h"

namespace rdlab::cpu {

void fourier_forward(const float* y, const float* a, int64_t batch, int64_t d, int64_t m, bool include, float* out) {
  const int64_t width = m + (include ? d : 0);
  parallel_for(batch, 1 + (1 << 14) / width, [&](int64_t b0, int64_t b1) {
    for (int64_t b = b0; b < b1; ++b)
      for (int64_t j = 0; j < width; ++j) out[b * width + j] = fourier_feature(a, y + b * d, d, m, j);
  });
}

void fourier_backward(const float* y, const float* a, const float* g, int64_t batch, int64_t d, int64_t m,
                      bool include, float* dy) {
  const int64_t width = m + (include ? d : 0);
  parallel_for(batch, 1 + (1 << 14) / (m * d + 1), [&](int64_t b0, int64_t b1) {
    for (int64_t b = b0; b < b1; ++b)
      for (int64_t k = 0; k < d; ++k) dy[b * d + k] = fourier_latent_grad(a, y + b * d, g + b * width, d, m, include, k);
  });
}

}  // namespace rdlab::cpu
