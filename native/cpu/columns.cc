// out [B, p + q] = [a | b] for a [B, p], b [B, q], and its inverse (either half may be
// skipped): the decoder input [u | y] of the Concrete compressor and NTC's side inputs.
#include <algorithm>

#include "../core/threadpool.h"
#include "ops.h"

namespace rdlab::cpu {

void concat_columns(const float* a, const float* b, int64_t batch, int64_t p, int64_t q, float* out) {
  parallel_for(batch, 4096, [&](int64_t r0, int64_t r1) {
    for (int64_t r = r0; r < r1; ++r) {
      std::copy(a + r * p, a + (r + 1) * p, out + r * (p + q));
      std::copy(b + r * q, b + (r + 1) * q, out + r * (p + q) + p);
    }
  });
}

void split_columns(const float* x, int64_t batch, int64_t p, int64_t q, float* a, float* b) {
  parallel_for(batch, 4096, [&](int64_t r0, int64_t r1) {
    for (int64_t r = r0; r < r1; ++r) {
      const float* row = x + r * (p + q);
      if (a != nullptr) std::copy(row, row + p, a + r * p);
      if (b != nullptr) std::copy(row + p, row + p + q, b + r * q);
    }
  });
}

}  // namespace rdlab::cpu
