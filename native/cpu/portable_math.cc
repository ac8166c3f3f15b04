// out[i] = portable_fn(fn, x[i]) (native/core/portable_math_op.h): ln x, sin 2πx or cos 2πx.
#include "../core/portable_math_op.h"
#include "../core/threadpool.h"
#include "ops.h"

namespace rdlab::cpu {

void portable_math(int fn, const float* x, int64_t n, float* out) {
  const PortableFn f = static_cast<PortableFn>(fn);
  parallel_for(n, 16384, [&](int64_t begin, int64_t end) {
    for (int64_t i = begin; i < end; ++i) out[i] = portable_fn(f, x[i]);
  });
}

}  // namespace rdlab::cpu
