// nerd_kernels.h: the generic copy of the body (vectorised at the baseline instruction set)
// and the dispatch by cpu_isa().
#define RDLAB_NERD_KERNELS_NS generic
#include "nerd_kernels_body.h"

#include "../core/cpu_features.h"

namespace rdlab::cpu {
namespace {

#define RDLAB_NERD_KERNELS_OF(ns)                                                                                 \
  NerdKernels {                                                                                                   \
    ns::row_sums, ns::scale_weights, ns::squared_error_row, ns::p_norm_tile, ns::p_norm_grad_tile, ns::rank_update, \
        ns::ecvq_first_layer, ns::ecvq_distortions                                                                \
  }

NerdKernels pick() {
  switch (cpu_isa()) {
#ifdef RDLAB_X86_WIDE
    case Isa::Avx512: return RDLAB_NERD_KERNELS_OF(avx512);
    case Isa::Avx2: return RDLAB_NERD_KERNELS_OF(avx2);
#endif
    default: return RDLAB_NERD_KERNELS_OF(generic);
  }
}

}  // namespace

const NerdKernels& nerd_kernels() {
  static const NerdKernels k = pick();
  return k;
}

}  // namespace rdlab::cpu
