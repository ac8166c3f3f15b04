#pragma once
#include <cstdint>

namespace rdlab::cpu {

// out [batch, m + (include ? d : 0)] = (cos(A y_b), y_b) for y [batch, d], A [m, d]
// (native/core/fourier.h).
void fourier_forward(const float* y, const float* a, int64_t batch, int64_t d, int64_t m, bool include, float* out);
// dy [batch, d] = d loss / d y from g = d loss / d out (same width as out).
void fourier_backward(const float* y, const float* a, const float* g, int64_t batch, int64_t d, int64_t m,
                      bool include, float* dy);

}  // namespace rdlab::cpu
