#include "gemm.h"

#include "../core/cpu_features.h"
#include "gemm_impl.h"

namespace rdlab::cpu {

void gemm_bias_act(int64_t m, int64_t k, int64_t n, const float* A, const float* B, const float* bias, int act,
                   float slope, float* C) {
  generic::gemm_bias_act(m, k, n, A, B, bias, act, slope, C);
}

void gemm_nt_actgrad(int64_t m, int64_t k, int64_t n, const float* D, const float* W, int act, float slope,
                     const float* Y, float* C) {
  generic::gemm_nt_actgrad(m, k, n, D, W, act, slope, Y, C);
}

void gemm_tn_bias(int64_t m, int64_t k, int64_t n, const float* X, const float* D, float* G, float* gb,
                  bool accumulate) {
  generic::gemm_tn_bias(m, k, n, X, D, G, gb, accumulate);
}

}  // namespace rdlab::cpu
