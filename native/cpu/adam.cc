// One fused Adam update (Kingma & Ba 2015, Algorithm 1, with bias correction; decoupled
// weight decay as in AdamW when weight_decay > 0) over n parameters.
#include "ops.h"

#include "../core/adam_update.h"
#include "../core/threadpool.h"

namespace rdlab::cpu {

void adam_step(float* p, const float* g, float* m, float* v, int64_t n, const AdamParams& a) {
  // The constants by value in the closure, not reached through a reference: a store to
  // p[i] could alias such a float, and the reloads would keep the loop scalar. (The sqrt
  // also needs -fno-math-errno to vectorise: see CMakeLists.txt.)
  const AdamConsts c = adam_consts(a);
  parallel_for(n, 1 << 15, [=](int64_t begin, int64_t end) {
    for (int64_t i = begin; i < end; ++i) adam_update(p[i], g[i], m[i], v[i], c);
  });
}

}  // namespace rdlab::cpu
