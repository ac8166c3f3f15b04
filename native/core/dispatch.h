// One function per op: each picks the backend from its tensors' device and calls the
// kernel of the same name in native/cpu or native/cuda. Shapes and dtypes are checked by
// the binding before it calls here; these check only that the tensors share a device.
#pragma once
#include <cstdint>
#include <vector>

#include "deep_factorized.h"
#include "mlp_spec.h"
#include "pair_draw.h"

#include "orc_draw.h"
#include "philox.h"
#include "source_draw.h"
#include "tensor.h"

namespace rdlab::ops {

void rng_fill(const Tensor& out, Dist dist, uint64_t seed, uint64_t stream, uint64_t counter);

void mlp_forward(const MlpSpec& spec, const Tensor& params, const Tensor& x, const std::vector<Tensor>& outs);
void mlp_backward(const MlpSpec& spec, const Tensor& params, const Tensor& x, const std::vector<Tensor>& outs,
                  const Tensor& dy, const Tensor& grad, const Tensor* dx, bool accumulate);

void adam_step(const Tensor& p, const Tensor& g, const Tensor& m, const Tensor& v, const AdamParams& a);

void mse(const Tensor& yhat, const Tensor& y, const Tensor* grad, float grad_scale, const Tensor& loss);

// Fills out [batch, n] with samples of a synthetic source (source_draw.h); u [batch] gets
// each sample's latent U when given; scale [n] is required for gaussian and laplace.
void source_sample(SourceKind kind, const Tensor& out, const Tensor* u, const Tensor* scale, uint64_t seed,
                   uint64_t stream, uint64_t counter);
void axpy(float alpha, const Tensor& x, const Tensor& y);

void quantize_noise(const Tensor& y, const Tensor& out, uint64_t seed, uint64_t stream, uint64_t counter);
void quantize_round(const Tensor& y, const Tensor* offset, const Tensor& out);

void entropy_forward(const DeepFactorizedSpec& s, const Tensor& params, const Tensor& z, const Tensor& likelihood,
                     const Tensor& bits, const Tensor& total);
void entropy_backward(const DeepFactorizedSpec& s, const Tensor& params, const Tensor& z, float scale, const Tensor* dz,
                      const Tensor& grad, bool accumulate);
void entropy_cdf(const DeepFactorizedSpec& s, const Tensor& params, const Tensor& z, const Tensor& out);
void entropy_pmf_table(const DeepFactorizedSpec& s, const Tensor& params, int64_t lo, int64_t hi, const Tensor* offsets,
                       const Tensor& pmf, const Tensor& tails);

// Random Fourier features of y [B, d] with frequencies a [m, d] (fourier.h): out [B, m (+ d)];
// the backward writes dy [B, d] from g = d loss / d out.
void fourier_forward(const Tensor& y, const Tensor& a, bool include_latent, const Tensor& out);
void fourier_backward(const Tensor& y, const Tensor& a, const Tensor& g, bool include_latent, const Tensor& dy);

// x, y [same shape] get pair_value() of every element (pair_draw.h); ys [B, S, m] gets S
// draws of p(y | x) for each row of x [B, m].
void pair_sample(PairKind kind, float v0, float v1, const Tensor& x, const Tensor& y, uint64_t seed, uint64_t stream,
                 uint64_t counter);
void pair_posterior(PairKind kind, float v0, float v1, const Tensor& x, const Tensor& ys, uint64_t seed,
                    uint64_t stream, uint64_t counter);

// Variational ECVQ (native/cpu/ecvq.h): the exhaustive encoder, the rate of its indices
// and the decoder's input rows. K is logits.numel() / out's one-hot width.
void ecvq_encode(const MlpSpec& spec, const Tensor& params, const Tensor& logits, const Tensor& x, const Tensor& ys,
                 float lambda, const Tensor& index, const Tensor& dist);
void ecvq_rate(const Tensor& logits, const Tensor& index, float scale, const Tensor& grad, const Tensor& bits);
void ecvq_decoder_input(int K, const Tensor& index, const Tensor& ys, const Tensor& out);

// Gumbel-softmax (gumbel_softmax.h): u [B, K] from logits [B, K], index [B] (optional) the
// hard sample; the backward writes dlogits from u and du.
void gumbel_softmax(const Tensor& logits, float t, bool noise, const Tensor& u, const Tensor* index, uint64_t seed,
                    uint64_t stream, uint64_t counter);
void gumbel_softmax_backward(const Tensor& u, const Tensor& du, float t, const Tensor& dlogits);

// The Concrete compressor's marginal rate (native/cpu/concrete.h) and the column
// concatenation of its decoder input [u | y] with the inverse split of the gradient.
void concrete_rate(const Tensor& alpha, const Tensor& xi, float scale, const Tensor& dalpha, const Tensor& dxi,
                   const Tensor& total);
void concat_columns(const Tensor& a, const Tensor& b, const Tensor& out);
void split_columns(const Tensor& x, const Tensor* a, const Tensor* b);

// NERD (native/cpu/nerd.h): d [B, M] = ||x_i − y_j||_p² from x [B, n] and y [M, n]; β* for
// target D into beta [1] (warm start on entry); rate and D(β) into out [2] and, when dy is
// given, the rate's gradient w.r.t. y.
void nerd_distortion(const Tensor& x, const Tensor& y, float p, const Tensor& d);
void nerd_solve_beta(const Tensor& d, double target, double tol, const Tensor& beta);
void nerd_objective(const Tensor& x, const Tensor& y, const Tensor& d, const Tensor& beta, float p, const Tensor& out,
                    const Tensor* dy, float scale);

// Blahut–Arimoto (native/cpu/blahut.h): p [nx], d [nx, ny] at slope s; q [ny], out [3].
void blahut(const Tensor& p, const Tensor& d, double s, double tol, int64_t max_iter, const Tensor& q, const Tensor& out);

// PFR/ORC (native/cpu/orc.h): indices [S] (int32) of x [S, m] against candidates of
// N(0, diag(scale²)); y [S, m] (optional) = the chosen candidates. orc_candidates decodes.
void orc_search(RccMethod method, const Tensor& x, const Tensor& scale, double beta, int64_t n, uint64_t seed,
                uint64_t s0, const Tensor& index, const Tensor* y);
void orc_candidates(const Tensor& index, const Tensor& scale, uint64_t seed, uint64_t s0, const Tensor& y);
// The chunked search over a generator's candidates: orc_latents fills z [S, C, l] with the
// latents of candidates first … first + C − 1; orc_scan continues the scans state [S, 7]
// (uint32, native/core/orc_scan.h) of x [S, m] over their images y [S, C, m].
void orc_latents(uint64_t seed, uint64_t s0, int64_t first, const Tensor& z);
void orc_scan(RccMethod method, const Tensor& x, const Tensor& y, double beta, int64_t n, int64_t first, uint64_t seed,
              uint64_t s0, const Tensor& state);

}  // namespace rdlab::ops
