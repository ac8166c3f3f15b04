#include "dispatch.h"

#include <cmath>
#include <initializer_list>
#include <string>

#include "../cpu/adam.h"
#include "../cpu/concrete.h"
#include "../cpu/ecvq.h"
#include "../cpu/blahut.h"
#include "../cpu/entropy.h"
#include "../cpu/fourier.h"
#include "../cpu/gumbel.h"
#include "../cpu/mlp.h"
#include "../cpu/pairs.h"
#include "../cpu/nerd.h"
#include "../cpu/orc.h"
#include "../cpu/quantize.h"
#include "../cpu/reduce.h"
#include "../cpu/rng.h"
#include "../cpu/sources.h"
#include "backend.h"
#include "status.h"

namespace rdlab::ops {
namespace {

// The device all of `ts` live on (null entries skipped), or a RangeError naming `op`.
Device common_device(const char* op, std::initializer_list<const Tensor*> ts) {
  const Tensor* first = nullptr;
  for (const Tensor* t : ts) {
    if (t == nullptr) continue;
    if (first == nullptr) first = t;
    else if (t->device != first->device)
      fail_range(std::string(op) + ": tensors are on different devices (" + first->device.str() + " and " +
                 t->device.str() + ")");
  }
  return first->device;
}

std::vector<float*> pointers(const std::vector<Tensor>& ts) {
  std::vector<float*> p;
  for (const Tensor& t : ts) p.push_back(t.data<float>());
  return p;
}

}  // namespace

void rng_fill(const Tensor& out, Dist dist, uint64_t seed, uint64_t stream, uint64_t counter) {
  Device d = out.device;
  if (d.is_cpu()) return cpu::rng_fill(out.data<float>(), out.numel(), static_cast<int>(dist), seed, stream, counter);
  cuda_check(cuda_for(d.index, "rngFill").rng_fill(d.index, out.data<float>(), out.numel(), static_cast<int>(dist), seed,
                                                    stream, counter),
             "rngFill");
}

void mlp_forward(const MlpSpec& spec, const Tensor& params, const Tensor& x, const std::vector<Tensor>& outs) {
  Device d = common_device("mlpForward", {&params, &x});
  for (const Tensor& o : outs) common_device("mlpForward", {&x, &o});
  std::vector<float*> po = pointers(outs);
  int64_t batch = x.dim(0);
  if (d.is_cpu()) return cpu::mlp_forward(spec, batch, params.data<float>(), x.data<float>(), po.data());
  cuda_check(cuda_for(d.index, "mlpForward").mlp_forward(d.index, &spec, batch, params.data<float>(), x.data<float>(),
                                                         po.data()),
             "mlpForward");
}

void mlp_backward(const MlpSpec& spec, const Tensor& params, const Tensor& x, const std::vector<Tensor>& outs,
                  const Tensor& dy, const Tensor& grad, const Tensor* dx, bool accumulate) {
  Device d = common_device("mlpBackward", {&params, &x, &dy, &grad, dx});
  for (const Tensor& o : outs) common_device("mlpBackward", {&x, &o});
  std::vector<float*> po = pointers(outs);
  int64_t batch = x.dim(0);
  float* pdx = dx ? dx->data<float>() : nullptr;
  if (d.is_cpu())
    return cpu::mlp_backward(spec, batch, params.data<float>(), x.data<float>(), po.data(), dy.data<float>(),
                             grad.data<float>(), pdx, accumulate);
  cuda_check(cuda_for(d.index, "mlpBackward").mlp_backward(d.index, &spec, batch, params.data<float>(), x.data<float>(),
                                                           po.data(), dy.data<float>(), grad.data<float>(), pdx,
                                                           accumulate ? 1 : 0),
             "mlpBackward");
}

void adam_step(const Tensor& p, const Tensor& g, const Tensor& m, const Tensor& v, const AdamParams& a) {
  Device d = common_device("adamStep", {&p, &g, &m, &v});
  if (d.is_cpu())
    return cpu::adam_step(p.data<float>(), g.data<float>(), m.data<float>(), v.data<float>(), p.numel(), a);
  cuda_check(cuda_for(d.index, "adamStep").adam_step(d.index, p.data<float>(), g.data<float>(), m.data<float>(),
                                                     v.data<float>(), p.numel(), &a),
             "adamStep");
}

void mse(const Tensor& yhat, const Tensor& y, const Tensor* grad, float grad_scale, const Tensor& loss) {
  Device d = common_device("mse", {&yhat, &y, grad, &loss});
  float* pg = grad ? grad->data<float>() : nullptr;
  if (d.is_cpu()) return cpu::mse(yhat.data<float>(), y.data<float>(), yhat.numel(), pg, grad_scale, loss.data<float>());
  cuda_check(cuda_for(d.index, "mse").mse(d.index, yhat.data<float>(), y.data<float>(), yhat.numel(), pg,
                                          grad_scale, loss.data<float>()),
             "mse");
}

void source_sample(SourceKind kind, const Tensor& out, const Tensor* u, const Tensor* scale, uint64_t seed,
                   uint64_t stream, uint64_t counter) {
  Device d = common_device("sourceSample", {&out, u, scale});
  float* pu = u ? u->data<float>() : nullptr;
  const float* ps = scale ? scale->data<float>() : nullptr;
  int64_t batch = out.dim(0), n = out.dim(1);
  if (d.is_cpu()) return cpu::source_sample(static_cast<int>(kind), out.data<float>(), pu, batch, n, ps, seed, stream, counter);
  cuda_check(cuda_for(d.index, "sourceSample").source_sample(d.index, static_cast<int>(kind), out.data<float>(), pu, batch,
                                                             n, ps, seed, stream, counter),
             "sourceSample");
}

void axpy(float alpha, const Tensor& x, const Tensor& y) {
  Device d = common_device("axpy", {&x, &y});
  if (d.is_cpu()) return cpu::axpy(alpha, x.data<float>(), y.data<float>(), x.numel());
  cuda_check(cuda_for(d.index, "axpy").axpy(d.index, alpha, x.data<float>(), y.data<float>(), x.numel()), "axpy");
}

void quantize_noise(const Tensor& y, const Tensor& out, uint64_t seed, uint64_t stream, uint64_t counter) {
  Device d = common_device("quantizeNoise", {&y, &out});
  if (d.is_cpu()) return cpu::quantize_noise(y.data<float>(), out.data<float>(), y.numel(), seed, stream, counter);
  cuda_check(cuda_for(d.index, "quantizeNoise")
                 .quantize_noise(d.index, y.data<float>(), out.data<float>(), y.numel(), seed, stream, counter),
             "quantizeNoise");
}

void quantize_round(const Tensor& y, const Tensor* offset, const Tensor& out) {
  Device d = common_device("quantizeRound", {&y, offset, &out});
  const float* m = offset ? offset->data<float>() : nullptr;
  // rows × cols with the channel (offset) index last; a scalar or 1-D y is one row
  int64_t cols = y.ndim() == 0 ? 1 : y.dim(-1), rows = cols == 0 ? 0 : y.numel() / cols;
  if (d.is_cpu()) return cpu::quantize_round(y.data<float>(), m, rows, cols, out.data<float>());
  cuda_check(cuda_for(d.index, "quantizeRound").quantize_round(d.index, y.data<float>(), m, rows, cols, out.data<float>()),
             "quantizeRound");
}

void entropy_forward(const DeepFactorizedSpec& s, const Tensor& params, const Tensor& z, const Tensor& likelihood,
                     const Tensor& bits, const Tensor& total) {
  Device d = common_device("entropyForward", {&params, &z, &likelihood, &bits, &total});
  int64_t batch = z.dim(0);
  if (d.is_cpu())
    return cpu::entropy_forward(s, batch, params.data<float>(), z.data<float>(), likelihood.data<float>(),
                                bits.data<float>(), total.data<float>());
  cuda_check(cuda_for(d.index, "entropyForward")
                 .entropy_forward(d.index, &s, batch, params.data<float>(), z.data<float>(), likelihood.data<float>(),
                                  bits.data<float>(), total.data<float>()),
             "entropyForward");
}

void entropy_backward(const DeepFactorizedSpec& s, const Tensor& params, const Tensor& z, float scale, const Tensor* dz,
                      const Tensor& grad, bool accumulate) {
  Device d = common_device("entropyBackward", {&params, &z, dz, &grad});
  int64_t batch = z.dim(0);
  float* pdz = dz ? dz->data<float>() : nullptr;
  if (d.is_cpu())
    return cpu::entropy_backward(s, batch, params.data<float>(), z.data<float>(), scale, pdz, grad.data<float>(),
                                 accumulate);
  cuda_check(cuda_for(d.index, "entropyBackward")
                 .entropy_backward(d.index, &s, batch, params.data<float>(), z.data<float>(), scale, pdz,
                                   grad.data<float>(), accumulate ? 1 : 0),
             "entropyBackward");
}

void entropy_cdf(const DeepFactorizedSpec& s, const Tensor& params, const Tensor& z, const Tensor& out) {
  Device d = common_device("entropyCdf", {&params, &z, &out});
  int64_t batch = z.dim(0);
  if (d.is_cpu()) return cpu::entropy_cdf(s, batch, params.data<float>(), z.data<float>(), out.data<float>());
  cuda_check(cuda_for(d.index, "entropyCdf")
                 .entropy_cdf(d.index, &s, batch, params.data<float>(), z.data<float>(), out.data<float>()),
             "entropyCdf");
}

void entropy_pmf_table(const DeepFactorizedSpec& s, const Tensor& params, int64_t lo, int64_t hi, const Tensor* offsets,
                       const Tensor& pmf, const Tensor& tails) {
  Device d = offsets != nullptr ? common_device("entropyPmfTable", {&params, offsets, &pmf, &tails})
                                : common_device("entropyPmfTable", {&params, &pmf, &tails});
  const float* m = offsets != nullptr ? offsets->data<float>() : nullptr;
  if (d.is_cpu()) return cpu::entropy_pmf_table(s, params.data<float>(), lo, hi, m, pmf.data<float>(), tails.data<float>());
  cuda_check(cuda_for(d.index, "entropyPmfTable")
                 .entropy_pmf_table(d.index, &s, params.data<float>(), lo, hi, m, pmf.data<float>(), tails.data<float>()),
             "entropyPmfTable");
}

void fourier_forward(const Tensor& y, const Tensor& a, bool include_latent, const Tensor& out) {
  Device d = common_device("fourierForward", {&y, &a, &out});
  int64_t batch = y.dim(0), dims = y.dim(1), m = a.dim(0);
  if (d.is_cpu()) return cpu::fourier_forward(y.data<float>(), a.data<float>(), batch, dims, m, include_latent, out.data<float>());
  cuda_check(cuda_for(d.index, "fourierForward")
                 .fourier_forward(d.index, y.data<float>(), a.data<float>(), batch, dims, m, include_latent ? 1 : 0,
                                  out.data<float>()),
             "fourierForward");
}

void fourier_backward(const Tensor& y, const Tensor& a, const Tensor& g, bool include_latent, const Tensor& dy) {
  Device d = common_device("fourierBackward", {&y, &a, &g, &dy});
  int64_t batch = y.dim(0), dims = y.dim(1), m = a.dim(0);
  if (d.is_cpu())
    return cpu::fourier_backward(y.data<float>(), a.data<float>(), g.data<float>(), batch, dims, m, include_latent,
                                 dy.data<float>());
  cuda_check(cuda_for(d.index, "fourierBackward")
                 .fourier_backward(d.index, y.data<float>(), a.data<float>(), g.data<float>(), batch, dims, m,
                                   include_latent ? 1 : 0, dy.data<float>()),
             "fourierBackward");
}

void pair_sample(PairKind kind, float v0, float v1, const Tensor& x, const Tensor& y, uint64_t seed, uint64_t stream,
                 uint64_t counter) {
  Device d = common_device("pairSample", {&x, &y});
  if (d.is_cpu())
    return cpu::pair_sample(static_cast<int>(kind), v0, v1, x.data<float>(), y.data<float>(), x.numel(), seed, stream,
                            counter);
  cuda_check(cuda_for(d.index, "pairSample")
                 .pair_sample(d.index, static_cast<int>(kind), v0, v1, x.data<float>(), y.data<float>(), x.numel(),
                              seed, stream, counter),
             "pairSample");
}

void pair_posterior(PairKind kind, float v0, float v1, const Tensor& x, const Tensor& ys, uint64_t seed,
                    uint64_t stream, uint64_t counter) {
  Device d = common_device("pairPosterior", {&x, &ys});
  int64_t batch = ys.dim(0), S = ys.dim(1), m = ys.dim(2);
  if (d.is_cpu())
    return cpu::pair_posterior(static_cast<int>(kind), v0, v1, x.data<float>(), ys.data<float>(), batch, S, m, seed,
                               stream, counter);
  cuda_check(cuda_for(d.index, "pairPosterior")
                 .pair_posterior(d.index, static_cast<int>(kind), v0, v1, x.data<float>(), ys.data<float>(), batch, S,
                                 m, seed, stream, counter),
             "pairPosterior");
}

void ecvq_encode(const MlpSpec& spec, const Tensor& params, const Tensor& logits, const Tensor& x, const Tensor& ys,
                 float lambda, const Tensor& index, const Tensor& dist) {
  Device d = common_device("ecvqEncode", {&params, &logits, &x, &ys, &index, &dist});
  int K = static_cast<int>(logits.numel());
  int64_t batch = x.dim(0), S = ys.dim(1);
  if (d.is_cpu())
    return cpu::ecvq_encode(spec, K, batch, S, params.data<float>(), logits.data<float>(), x.data<float>(),
                            ys.data<float>(), lambda, index.data<int32_t>(), dist.data<float>());
  cuda_check(cuda_for(d.index, "ecvqEncode")
                 .ecvq_encode(d.index, &spec, K, batch, S, params.data<float>(), logits.data<float>(), x.data<float>(),
                              ys.data<float>(), lambda, index.data<int32_t>(), dist.data<float>()),
             "ecvqEncode");
}

void ecvq_rate(const Tensor& logits, const Tensor& index, float scale, const Tensor& grad, const Tensor& bits) {
  Device d = common_device("ecvqRate", {&logits, &index, &grad, &bits});
  const bool rows = logits.shape.size() == 2;
  int K = static_cast<int>(logits.shape.back());
  int64_t batch = index.numel();
  if (d.is_cpu())
    return cpu::ecvq_rate(K, batch, logits.data<float>(), rows, index.data<int32_t>(), scale, grad.data<float>(),
                          bits.data<float>());
  cuda_check(cuda_for(d.index, "ecvqRate")
                 .ecvq_rate(d.index, K, batch, logits.data<float>(), rows ? 1 : 0, index.data<int32_t>(), scale,
                            grad.data<float>(), bits.data<float>()),
             "ecvqRate");
}

void ecvq_decoder_input(int K, const Tensor& index, const Tensor& ys, const Tensor& out) {
  Device d = common_device("ecvqDecoderInput", {&index, &ys, &out});
  int64_t batch = ys.dim(0), S = ys.dim(1), m = ys.dim(2);
  if (d.is_cpu())
    return cpu::ecvq_decoder_input(K, batch, S, m, index.data<int32_t>(), ys.data<float>(), out.data<float>());
  cuda_check(cuda_for(d.index, "ecvqDecoderInput")
                 .ecvq_decoder_input(d.index, K, batch, S, m, index.data<int32_t>(), ys.data<float>(),
                                     out.data<float>()),
             "ecvqDecoderInput");
}

void gumbel_softmax(const Tensor& logits, float t, bool noise, const Tensor& u, const Tensor* index, uint64_t seed,
                    uint64_t stream, uint64_t counter) {
  Device d = common_device("gumbelSoftmax", {&logits, &u, index});
  int64_t batch = logits.dim(0);
  int K = static_cast<int>(logits.dim(1));
  int32_t* pi = index ? index->data<int32_t>() : nullptr;
  if (d.is_cpu())
    return cpu::gumbel_softmax(logits.data<float>(), batch, K, t, noise, seed, stream, counter, u.data<float>(), pi);
  cuda_check(cuda_for(d.index, "gumbelSoftmax")
                 .gumbel_softmax(d.index, logits.data<float>(), batch, K, t, noise ? 1 : 0, seed, stream, counter,
                                 u.data<float>(), pi),
             "gumbelSoftmax");
}

void gumbel_softmax_backward(const Tensor& u, const Tensor& du, float t, const Tensor& dlogits) {
  Device d = common_device("gumbelSoftmaxBackward", {&u, &du, &dlogits});
  int64_t batch = u.dim(0);
  int K = static_cast<int>(u.dim(1));
  if (d.is_cpu()) return cpu::gumbel_softmax_backward(u.data<float>(), du.data<float>(), batch, K, t, dlogits.data<float>());
  cuda_check(cuda_for(d.index, "gumbelSoftmaxBackward")
                 .gumbel_softmax_backward(d.index, u.data<float>(), du.data<float>(), batch, K, t,
                                          dlogits.data<float>()),
             "gumbelSoftmaxBackward");
}

void concrete_rate(const Tensor& alpha, const Tensor& xi, float scale, const Tensor& dalpha, const Tensor& dxi,
                   const Tensor& total) {
  Device d = common_device("concreteRate", {&alpha, &xi, &dalpha, &dxi, &total});
  int64_t batch = alpha.dim(0);
  int K = static_cast<int>(alpha.dim(1));
  const bool rows = xi.shape.size() == 2;
  if (d.is_cpu())
    return cpu::concrete_rate(alpha.data<float>(), xi.data<float>(), rows, batch, K, scale, dalpha.data<float>(),
                              dxi.data<float>(), total.data<float>());
  cuda_check(cuda_for(d.index, "concreteRate")
                 .concrete_rate(d.index, alpha.data<float>(), xi.data<float>(), rows ? 1 : 0, batch, K, scale,
                                dalpha.data<float>(), dxi.data<float>(), total.data<float>()),
             "concreteRate");
}

void concat_columns(const Tensor& a, const Tensor& b, const Tensor& out) {
  Device d = common_device("concatColumns", {&a, &b, &out});
  int64_t batch = a.dim(0), p = a.dim(1), q = b.dim(1);
  if (d.is_cpu()) return cpu::concat_columns(a.data<float>(), b.data<float>(), batch, p, q, out.data<float>());
  cuda_check(cuda_for(d.index, "concatColumns")
                 .concat_columns(d.index, a.data<float>(), b.data<float>(), batch, p, q, out.data<float>()),
             "concatColumns");
}

void split_columns(const Tensor& x, const Tensor* a, const Tensor* b) {
  Device d = common_device("splitColumns", {&x, a, b});
  int64_t batch = x.dim(0), p = a ? a->dim(1) : x.dim(1) - b->dim(1), q = x.dim(1) - p;
  float* pa = a ? a->data<float>() : nullptr;
  float* pb = b ? b->data<float>() : nullptr;
  if (d.is_cpu()) return cpu::split_columns(x.data<float>(), batch, p, q, pa, pb);
  cuda_check(cuda_for(d.index, "splitColumns").split_columns(d.index, x.data<float>(), batch, p, q, pa, pb),
             "splitColumns");
}

void nerd_distortion(const Tensor& x, const Tensor& y, float p, const Tensor& d) {
  Device dev = common_device("nerdDistortion", {&x, &y, &d});
  const int64_t B = x.dim(0), M = y.dim(0), n = x.dim(1);
  if (dev.is_cpu()) return cpu::nerd_distortion(B, M, n, x.data<float>(), y.data<float>(), p, d.data<float>());
  cuda_check(cuda_for(dev.index, "nerdDistortion")
                 .nerd_distortion(dev.index, B, M, n, x.data<float>(), y.data<float>(), p, d.data<float>()),
             "nerdDistortion");
}

void nerd_solve_beta(const Tensor& d, double target, double tol, const Tensor& beta) {
  Device dev = common_device("nerdSolveBeta", {&d, &beta});
  const int64_t B = d.dim(0), M = d.dim(1);
  if (dev.is_cpu()) {
    cpu::nerd_solve_beta(B, M, d.data<float>(), target, tol, beta.data<float>());
    if (std::isnan(beta.data<float>()[0])) fail_range("d: holds non-finite distortions (are x and y finite?)");
    return;
  }
  cuda_check(cuda_for(dev.index, "nerdSolveBeta")
                 .nerd_solve_beta(dev.index, B, M, d.data<float>(), target, tol, beta.data<float>()),
             "nerdSolveBeta");
}

void nerd_objective(const Tensor& x, const Tensor& y, const Tensor& d, const Tensor& beta, float p, const Tensor& out,
                    const Tensor* dy, float scale) {
  Device dev = common_device("nerdObjective", {&x, &y, &d, &beta, &out, dy});
  const int64_t B = x.dim(0), M = y.dim(0), n = x.dim(1);
  float* pdy = dy ? dy->data<float>() : nullptr;
  if (dev.is_cpu())
    return cpu::nerd_objective(B, M, n, x.data<float>(), y.data<float>(), d.data<float>(), beta.data<float>(), p,
                               out.data<float>(), pdy, scale);
  cuda_check(cuda_for(dev.index, "nerdObjective")
                 .nerd_objective(dev.index, B, M, n, x.data<float>(), y.data<float>(), d.data<float>(),
                                 beta.data<float>(), p, out.data<float>(), pdy, scale),
             "nerdObjective");
}

void blahut(const Tensor& p, const Tensor& d, double s, double tol, int64_t max_iter, const Tensor& q, const Tensor& out) {
  Device dev = common_device("blahutArimoto", {&p, &d, &q, &out});
  const int64_t nx = d.dim(0), ny = d.dim(1);
  if (dev.is_cpu())
    return cpu::blahut(nx, ny, p.data<float>(), d.data<float>(), s, tol, max_iter, q.data<float>(), out.data<float>());
  cuda_check(cuda_for(dev.index, "blahutArimoto")
                 .blahut(dev.index, nx, ny, p.data<float>(), d.data<float>(), s, tol, max_iter, q.data<float>(),
                         out.data<float>()),
             "blahutArimoto");
}

void orc_search(RccMethod method, const Tensor& x, const Tensor& scale, double beta, int64_t n, uint64_t seed,
                uint64_t s0, const Tensor& index, const Tensor* y) {
  Device dev = common_device("orcSearch", {&x, &scale, &index, y});
  const int64_t S = x.dim(0), m = x.dim(1);
  float* py = y ? y->data<float>() : nullptr;
  if (dev.is_cpu())
    return cpu::orc_search(static_cast<int>(method), S, m, x.data<float>(), scale.data<float>(), beta, n, seed, s0,
                           index.data<int32_t>(), py);
  cuda_check(cuda_for(dev.index, "orcSearch")
                 .orc_search(dev.index, static_cast<int>(method), S, m, x.data<float>(), scale.data<float>(), beta, n,
                             seed, s0, index.data<int32_t>(), py),
             "orcSearch");
}

void orc_candidates(const Tensor& index, const Tensor& scale, uint64_t seed, uint64_t s0, const Tensor& y) {
  Device dev = common_device("orcCandidates", {&index, &scale, &y});
  const int64_t S = y.dim(0), m = y.dim(1);
  if (dev.is_cpu())
    return cpu::orc_candidates(S, m, index.data<int32_t>(), scale.data<float>(), seed, s0, y.data<float>());
  cuda_check(cuda_for(dev.index, "orcCandidates")
                 .orc_candidates(dev.index, S, m, index.data<int32_t>(), scale.data<float>(), seed, s0, y.data<float>()),
             "orcCandidates");
}

void orc_latents(uint64_t seed, uint64_t s0, int64_t first, const Tensor& z) {
  Device dev = z.device;
  const int64_t S = z.dim(0), C = z.dim(1), l = z.dim(2);
  if (dev.is_cpu()) return cpu::orc_latents(S, C, l, seed, s0, first, z.data<float>());
  cuda_check(cuda_for(dev.index, "orcLatents").orc_latents(dev.index, S, C, l, seed, s0, first, z.data<float>()),
             "orcLatents");
}

void orc_scan(RccMethod method, const Tensor& x, const Tensor& y, double beta, int64_t n, int64_t first, uint64_t seed,
              uint64_t s0, const Tensor& state) {
  Device dev = common_device("orcScan", {&x, &y, &state});
  const int64_t S = x.dim(0), m = x.dim(1), C = y.dim(1);
  if (dev.is_cpu())
    return cpu::orc_scan(static_cast<int>(method), S, m, x.data<float>(), y.data<float>(), C, beta, n, first, seed, s0,
                         state.data<uint32_t>());
  cuda_check(cuda_for(dev.index, "orcScan")
                 .orc_scan(dev.index, static_cast<int>(method), S, m, x.data<float>(), y.data<float>(), C, beta, n,
                           first, seed, s0, state.data<uint32_t>()),
             "orcScan");
}

}  // namespace rdlab::ops
