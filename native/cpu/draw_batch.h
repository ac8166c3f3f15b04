// Batches of Philox draws for the CPU kernels that need many in a row (the ORC/PFR search
// and the rng fills): the same values, bit for bit, as the one-at-a-time formulas of
// native/core/philox.h and native/core/portable_math.h, computed AVX2 or AVX-512 wide where
// cpuid allows (capped by RDLAB_CPU_ISA), chosen once per process. The wide copies
// (draw_batch_avx2.cc, draw_batch_avx512.cc) run the same operation sequence on lanes: the
// exact reductions and the templated series of portable_math.h, IEEE operations only.
#pragma once
#include <cstdint>

#include "isa_namespaces.h"

#define RDLAB_DRAW_BATCH_DECLS                                                                                  \
  /* out[j] = philox_draw(Normal, seed, stream, counter, i0 + j) for j < count */                              \
  void normals(uint64_t seed, uint64_t stream, uint64_t counter, uint64_t i0, int64_t count, float* out);      \
  /* out[j] = exponential_of_uniform(philox_draw(Uniform, seed, stream, counter, i0 + j)): −ln u in double */ \
  void exponentials(uint64_t seed, uint64_t stream, uint64_t counter, uint64_t i0, int64_t count, double* out); \
  /* out[j] = portable_log(w[j]) for positive, normal, finite w[j] */                                           \
  void logs(const double* w, int64_t count, double* out);

RDLAB_DECLARE_PER_ISA(RDLAB_DRAW_BATCH_DECLS)

namespace rdlab::cpu {

struct DrawBatch {
  decltype(&generic::normals) normals;
  decltype(&generic::exponentials) exponentials;
  decltype(&generic::logs) logs;
};

// The widest implementation this process uses.
const DrawBatch& draw_batch();

}  // namespace rdlab::cpu
