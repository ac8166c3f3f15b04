// y[i] += alpha * x[i]: sums gradients that reach one tensor by two paths (e.g. the
// distortion and rate gradients of a latent).
#include "../core/threadpool.h"
#include "ops.h"

namespace rdlab::cpu {

void axpy(float alpha, const float* x, float* y, int64_t n) {
  parallel_for(n, 1 << 15, [&](int64_t begin, int64_t end) {
    for (int64_t i = begin; i < end; ++i) y[i] += alpha * x[i];
  });
}

}  // namespace rdlab::cpu
