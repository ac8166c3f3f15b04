// Dispatch of gemm.h to the widest implementation cpuid allows (capped by RDLAB_CPU_ISA),
// chosen once per process.
#include "gemm.h"

#include "../core/cpu_features.h"
#include "gemm_impl.h"

namespace rdlab::cpu {
namespace {

struct GemmOps {
  decltype(&generic::gemm_bias_act) bias_act;
  decltype(&generic::gemm_nt_actgrad) nt_actgrad;
  decltype(&generic::gemm_tn_bias) tn_bias;
};

GemmOps pick() {
  switch (cpu_isa()) {
#ifdef RDLAB_X86_WIDE
    case Isa::Avx512: return {avx512::gemm_bias_act, avx512::gemm_nt_actgrad, avx512::gemm_tn_bias};
    case Isa::Avx2: return {avx2::gemm_bias_act, avx2::gemm_nt_actgrad, avx2::gemm_tn_bias};
#endif
    default: return {generic::gemm_bias_act, generic::gemm_nt_actgrad, generic::gemm_tn_bias};
  }
}

const GemmOps& ops() {
  static const GemmOps o = pick();
  return o;
}

}  // namespace

void gemm_bias_act(int64_t m, int64_t k, int64_t n, const float* A, const float* B, const float* bias, int act,
                   float slope, float* C) {
  ops().bias_act(m, k, n, A, B, bias, act, slope, C);
}

void gemm_nt_actgrad(int64_t m, int64_t k, int64_t n, const float* D, const float* W, int act, float slope,
                     const float* Y, float* C) {
  ops().nt_actgrad(m, k, n, D, W, act, slope, Y, C);
}

void gemm_tn_bias(int64_t m, int64_t k, int64_t n, const float* X, const float* D, float* G, float* gb,
                  bool accumulate) {
  ops().tn_bias(m, k, n, X, D, G, gb, accumulate);
}

}  // namespace rdlab::cpu
