// Per-instruction-set implementations of gemm.h; gemm.cc dispatches between them.
#pragma once
#include <cstdint>

#include "isa_namespaces.h"

#define RDLAB_GEMM_DECLS                                                                                           \
  void gemm_bias_act(int64_t m, int64_t k, int64_t n, const float* A, const float* B, const float* bias, int act, \
                     float slope, float* C);                                                                       \
  void gemm_nt_actgrad(int64_t m, int64_t k, int64_t n, const float* D, const float* W, int act, float slope,    \
                       const float* Y, float* C);                                                                  \
  void gemm_tn_bias(int64_t m, int64_t k, int64_t n, const float* X, const float* D, float* G, float* gb,        \
                    bool accumulate);

RDLAB_DECLARE_PER_ISA(RDLAB_GEMM_DECLS)
