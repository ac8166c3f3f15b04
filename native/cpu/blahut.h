#pragma once
#include <cstdint>

namespace rdlab::cpu {
// Blahut–Arimoto for R(D) at slope s <= 0 (nats per unit distortion), in the log domain and
// in double (Blahut 1972, Thm. 8): with log q_y starting uniform,
//   lse_x = ln Σ_y q_y e^{s d_xy},   q_y ← q_y Σ_x p_x e^{s d_xy − lse_x},
// until max_y |Δq_y| < tol or max_iter iterations. q [ny] gets the final q; out [3] =
// (I(X;Y) in bits, E d, iterations). p [nx], d [nx, ny] row-major.
void blahut(int64_t nx, int64_t ny, const float* p, const float* d, double s, double tol, int64_t max_iter, float* q,
            float* out);
}
