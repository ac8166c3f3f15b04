// draw_batch.h: the one-at-a-time formulas (the generic implementation, and the heads and
// tails of the wide ones), and the dispatch by cpu_isa().
#include "draw_batch.h"

#include "../core/cpu_features.h"
#include "../core/philox.h"

namespace rdlab::cpu {

namespace generic {

void normals(uint64_t seed, uint64_t stream, uint64_t counter, uint64_t i0, int64_t count, float* out) {
  for (int64_t j = 0; j < count; ++j) {
    const uint64_t i = i0 + static_cast<uint64_t>(j);
    // two consecutive elements share a block
    const U32x4 b = philox4x32(seed, stream, counter + i / 2);
    out[j] = normal_from_block(b, i);
    if (i % 2 == 0 && j + 1 < count) out[++j] = normal_from_block(b, i + 1);
  }
}

void exponentials(uint64_t seed, uint64_t stream, uint64_t counter, uint64_t i0, int64_t count, double* out) {
  for (int64_t j = 0; j < count; ++j) {
    const uint64_t i = i0 + static_cast<uint64_t>(j);
    out[j] = exponential_of_uniform(uint_to_open_unit(philox4x32(seed, stream, counter + i / 4).v[i % 4]));
  }
}

void logs(const double* w, int64_t count, double* out) {
  for (int64_t j = 0; j < count; ++j) out[j] = portable_log(w[j]);
}

}  // namespace generic

namespace {

DrawBatch pick() {
  switch (cpu_isa()) {
#ifdef RDLAB_X86_WIDE
    case Isa::Avx512: return {avx512::normals, avx512::exponentials, avx512::logs};
    case Isa::Avx2: return {avx2::normals, avx2::exponentials, avx2::logs};
#endif
    default: return {generic::normals, generic::exponentials, generic::logs};
  }
}

}  // namespace

const DrawBatch& draw_batch() {
  static const DrawBatch d = pick();
  return d;
}

}  // namespace rdlab::cpu
