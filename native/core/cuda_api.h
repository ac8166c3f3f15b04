// The C ABI between the addon and the optional CUDA backend library (librdlab_cuda.so).
// The addon dlopens the library at run time when it sits beside the addon and a driver and
// a GPU are present, so one addon binary serves machines with and without a GPU. Each
// kernel entry takes raw device pointers and returns 0 or a nonzero code; error_string()
// then says what failed. Bump kCudaAbi whenever this struct changes.
#pragma once
#include <cstddef>
#include <cstdint>

#include "deep_factorized.h"
#include "mlp_spec.h"

namespace rdlab {

constexpr uint32_t kCudaAbi = 13;

enum MemcpyKind : int { H2D = 0, D2H = 1, D2D = 2 };

struct CudaApi {
  uint32_t abi;
  int (*device_count)();
  const char* (*error_string)();
  const char* (*device_name)(int device);
  void* (*alloc)(int device, size_t bytes);
  int (*release)(int device, void* ptr);
  int (*memcpy)(int device, void* dst, const void* src, size_t bytes, int kind);

  int (*rng_fill)(int device, float* out, int64_t n, int dist, uint64_t seed, uint64_t stream, uint64_t counter);
  int (*mlp_forward)(int device, const MlpSpec* spec, int64_t batch, const float* params, const float* x,
                     float* const* outs);
  int (*mlp_backward)(int device, const MlpSpec* spec, int64_t batch, const float* params, const float* x,
                      float* const* outs, float* dy, float* grad, float* dx, int accumulate);
  int (*adam_step)(int device, float* p, const float* g, float* m, float* v, int64_t n, const AdamParams* a);
  int (*mse)(int device, const float* yhat, const float* y, int64_t n, float* grad, float scale, float* loss);
  int (*source_sample)(int device, int kind, float* out, float* u, int64_t batch, int64_t n, const float* scale,
                       uint64_t seed, uint64_t stream, uint64_t counter);
  int (*axpy)(int device, float alpha, const float* x, float* y, int64_t n);
  int (*quantize_noise)(int device, const float* y, float* out, int64_t n, uint64_t seed, uint64_t stream,
                        uint64_t counter);
  int (*quantize_round)(int device, const float* y, const float* offset, int64_t rows, int64_t cols, float* out);
  int (*entropy_forward)(int device, const DeepFactorizedSpec* s, int64_t batch, const float* params, const float* z,
                         float* likelihood, float* bits, float* total);
  int (*entropy_backward)(int device, const DeepFactorizedSpec* s, int64_t batch, const float* params, const float* z,
                          float scale, float* dz, float* grad, int accumulate);
  int (*entropy_cdf)(int device, const DeepFactorizedSpec* s, int64_t batch, const float* params, const float* z,
                     float* out);
  int (*entropy_pmf_table)(int device, const DeepFactorizedSpec* s, const float* params, int64_t lo, int64_t hi,
                           const float* offsets, float* pmf, float* tails);
  int (*fourier_forward)(int device, const float* y, const float* a, int64_t batch, int64_t d, int64_t m, int include,
                         float* out);
  int (*fourier_backward)(int device, const float* y, const float* a, const float* g, int64_t batch, int64_t d,
                          int64_t m, int include, float* dy);
  int (*pair_sample)(int device, int kind, float v0, float v1, float* x, float* y, int64_t n, uint64_t seed,
                     uint64_t stream, uint64_t counter);
  int (*pair_posterior)(int device, int kind, float v0, float v1, const float* x, float* ys, int64_t batch, int64_t S,
                        int64_t m, uint64_t seed, uint64_t stream, uint64_t counter);
  int (*ecvq_encode)(int device, const MlpSpec* s, int K, int64_t batch, int64_t S, const float* params,
                     const float* logits, const float* x, const float* ys, float lambda, int32_t* index, float* dist);
  int (*ecvq_rate)(int device, int K, int64_t batch, const float* logits, int logit_rows, const int32_t* index,
                   float scale, float* grad, float* bits);
  int (*ecvq_decoder_input)(int device, int K, int64_t batch, int64_t S, int64_t m, const int32_t* index,
                            const float* ys, float* out);
  int (*gumbel_softmax)(int device, const float* logits, int64_t batch, int K, float t, int noise, uint64_t seed,
                        uint64_t stream, uint64_t counter, float* u, int32_t* index);
  int (*gumbel_softmax_backward)(int device, const float* u, const float* du, int64_t batch, int K, float t,
                                 float* dlogits);
  int (*concrete_rate)(int device, const float* alpha, const float* xi, int xi_rows, int64_t batch, int K,
                       float scale, float* dalpha, float* dxi, float* total);
  int (*concat_columns)(int device, const float* a, const float* b, int64_t batch, int64_t p, int64_t q, float* out);
  int (*split_columns)(int device, const float* x, int64_t batch, int64_t p, int64_t q, float* a, float* b);
  int (*nerd_distortion)(int device, int64_t B, int64_t M, int64_t n, const float* x, const float* y, float p,
                         float* d);
  int (*nerd_solve_beta)(int device, int64_t B, int64_t M, const float* d, double target, double tol, float* beta);
  int (*nerd_objective)(int device, int64_t B, int64_t M, int64_t n, const float* x, const float* y, const float* d,
                        const float* beta, float p, float* out, float* dy, float scale);
  int (*blahut)(int device, int64_t nx, int64_t ny, const float* p, const float* d, double s, double tol,
                int64_t max_iter, float* q, float* out);
  int (*orc_search)(int device, int method, int64_t S, int64_t m, const float* x, const float* scale, double beta,
                    int64_t n, uint64_t seed, uint64_t s0, int32_t* index, float* y);
  int (*orc_candidates)(int device, int64_t S, int64_t m, const int32_t* index, const float* scale, uint64_t seed,
                        uint64_t s0, float* y);
  int (*orc_latents)(int device, int64_t S, int64_t chunk, int64_t l, uint64_t seed, uint64_t s0, int64_t first,
                     float* z);
  int (*orc_scan)(int device, int method, int64_t S, int64_t m, const float* x, const float* y, int64_t chunk,
                  double beta, int64_t n, int64_t first, uint64_t seed, uint64_t s0, uint32_t* state);
};

}  // namespace rdlab

extern "C" const rdlab::CudaApi* rdlab_cuda_api();
