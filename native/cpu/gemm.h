// The three matrix products an MLP layer needs, each with its epilogue fused. Row-major.
// Each is implemented once per instruction set (gemm_generic.cc, gemm_avx2.cc,
// gemm_avx512.cc, the wide ones compiled with their own -m flags) and dispatched on cpuid.
#pragma once
#include <cstdint>

namespace rdlab::cpu {

// Below this many multiply-adds a product (or a whole MLP pass) runs on the calling thread:
// waking the pool costs more than it saves.
constexpr int64_t kParallelMacs = int64_t{1} << 20;

// C[m,n] = act(A[m,k] B[k,n] + bias[n]); bias may be null (no bias)
void gemm_bias_act(int64_t m, int64_t k, int64_t n, const float* A, const float* B, const float* bias, int act,
                   float slope, float* C);

// C[m,n] = g(Y[m,n]) * (D[m,k] W[n,k]^T), g = act' from the activation output Y (Y may
// alias C; with act = identity Y is unused). W is [n, k] row-major: W^T's rows are W's.
void gemm_nt_actgrad(int64_t m, int64_t k, int64_t n, const float* D, const float* W, int act, float slope,
                     const float* Y, float* C);

// G[k,n] (+)= X[m,k]^T D[m,n];  gb[n] (+)= sum_m D[m,n]
void gemm_tn_bias(int64_t m, int64_t k, int64_t n, const float* X, const float* D, float* G, float* gb,
                  bool accumulate);

}  // namespace rdlab::cpu
