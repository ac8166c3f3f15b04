// Blahut–Arimoto for R(D) at slope s <= 0 (nats per unit distortion), in the log domain and
// in double (Blahut 1972, Thm. 8): with log q_y starting uniform,
//   lse_x = ln Σ_y q_y e^{s d_xy},   q_y ← q_y Σ_x p_x e^{s d_xy − lse_x},
// until max_y |Δq_y| < tol or max_iter iterations. q [ny] gets the final q; out [3] =
// (I(X;Y) in bits, E d, iterations). p [nx], d [nx, ny] row-major.
#include "ops.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "../core/threadpool.h"

namespace rdlab::cpu {
namespace {

// lse[x] = ln Σ_y e^{logq_y + s d_xy} (max-shifted), for every x with p_x > 0.
void row_lse(int64_t nx, int64_t ny, const float* p, const float* d, double s, const std::vector<double>& logq,
             std::vector<double>& lse) {
  parallel_for(nx, std::max<int64_t>(1, 4096 / std::max<int64_t>(ny, 1)), [&](int64_t x0, int64_t x1) {
    for (int64_t x = x0; x < x1; ++x) {
      if (p[x] <= 0) continue;
      const float* row = d + x * ny;
      double m = -std::numeric_limits<double>::infinity();
      for (int64_t y = 0; y < ny; ++y) m = std::max(m, logq[y] + s * row[y]);
      double z = 0;
      for (int64_t y = 0; y < ny; ++y) z += std::exp(logq[y] + s * row[y] - m);
      lse[x] = m + std::log(z);
    }
  });
}

}  // namespace

void blahut(int64_t nx, int64_t ny, const float* p, const float* d, double s, double tol, int64_t max_iter, float* q,
            float* out) {
  std::vector<double> logq(ny, -std::log(static_cast<double>(ny))), lse(nx, 0.0), next(ny);
  int64_t it = 0;
  while (it < max_iter) {
    ++it;
    row_lse(nx, ny, p, d, s, logq, lse);
    // q_y ← Σ_x p_x Q(y|x), summed over x in order for each y (deterministic for any thread count)
    parallel_for(ny, 64, [&](int64_t y0, int64_t y1) {
      for (int64_t y = y0; y < y1; ++y) {
        double acc = 0;
        for (int64_t x = 0; x < nx; ++x)
          if (p[x] > 0) acc += p[x] * std::exp(logq[y] + s * d[x * ny + y] - lse[x]);
        next[y] = acc;
      }
    });
    double change = 0;
    for (int64_t y = 0; y < ny; ++y) {
      change = std::max(change, std::fabs(next[y] - std::exp(logq[y])));
      logq[y] = std::log(next[y]);  // -inf for a q_y that underflows: it stays out of every sum
    }
    if (change < tol) break;
  }
  // I(X;Y) = Σ_x p_x Σ_y Q(y|x) ln(Q(y|x) / q_y) with the channel of the last q, and E d
  row_lse(nx, ny, p, d, s, logq, lse);
  double rate = 0, dist = 0;
  for (int64_t x = 0; x < nx; ++x) {
    if (p[x] <= 0) continue;
    for (int64_t y = 0; y < ny; ++y) {
      if (logq[y] == -std::numeric_limits<double>::infinity()) continue;
      const double lc = s * d[x * ny + y] - lse[x];  // ln Q(y|x) − ln q_y
      const double w = p[x] * std::exp(logq[y] + lc);
      rate += w * lc;
      dist += w * d[x * ny + y];
    }
  }
  for (int64_t y = 0; y < ny; ++y) q[y] = static_cast<float>(std::exp(logq[y]));
  out[0] = static_cast<float>(rate / std::log(2.0));
  out[1] = static_cast<float>(dist);
  out[2] = static_cast<float>(it);
}

}  // namespace rdlab::cpu
