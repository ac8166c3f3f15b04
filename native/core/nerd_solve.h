// The arithmetic of NERD (Lei, Hassani & Saeedi Bidokhti, JSAIT 2023) that the CPU and
// CUDA `nerd` kernels share: the per-row softmax moments and the root finder for the
// stationarity condition (8),
//
//   f(β) = D(β) − D = 0,   D(β) = (1/B) Σ_i Σ_j d_ij w_ij(β),   w_ij = e^{β d_ij} / Σ_j' e^{β d_ij'},
//
// over β ≤ 0. D(β) is increasing (D'(β) = (1/B) Σ_i Var_{w_i}(d_i) ≥ 0) from
// D(−∞) = mean_i min_j d_ij to D(0) = mean_ij d_ij.
//
// Rows are summed stably (log-sum-exp): with t_ij = β (d_ij − m_i), m_i = min_j d_ij, every
// exponent is ≤ 0 and the smallest distortion contributes e^0 = 1, so the row sum s0 ≥ 1
// never underflows and no exponent overflows for any finite β ≤ 0.
#pragma once
#include <cmath>

#include "hd.h"

namespace rdlab {

// Moments of one row under w_i at β, from the shifted sums s0 = Σ e^t, s1 = Σ e^t (d − m),
// s2 = Σ e^t (d − m)^2 (shifting by m keeps Var = E(d−m)^2 − (E(d−m))^2 well conditioned).
struct NerdRow {
  double mean;     // E_w d
  double var;      // Var_w d
  double entropy;  // H(w_i) in nats = ln s0 − β E_w (d − m)
};

RDLAB_HD NerdRow nerd_row(double s0, double s1, double s2, double m, double beta) {
  double e1 = s1 / s0;
  double v = s2 / s0 - e1 * e1;
  return NerdRow{m + e1, v > 0.0 ? v : 0.0, log(s0) - beta * e1};
}

// The root finder. β is searched as β = −e^u: Newton steps in u (D is smooth and
// monotone in u as well, and one Newton step in u rescales β multiplicatively, which is
// how β* moves across targets), safeguarded by bisection in u (the geometric mean of the
// bracket ends) whenever a Newton step leaves the bracket.
//
// Bracket. β d is dimensionless, so the natural first guess is β0 = −1/D (for a Gaussian
// source in m dimensions β* = −1/(2λ) with D/m ≤ λ ≤ D, i.e. β* ∈ [−m/(2D), −1/(2D)]),
// unless the caller passes a warm start (the previous step's β*). From β0 the bracket is
// expanded by factors of 4: towards −∞ while D(β) > D, towards 0 while D(β) < D. The
// authors' first code bisected β on a fixed [−20, −1e−9] after rescaling distortions; a
// fixed bracket silently returns an end point when the data's scale moves β* outside it,
// which expansion cannot do.
//
// Ends of the search. If D(β) < D even at β0·4^-kMaxSteps (|β| ~ 1e-24 |β0|), the target
// is at or beyond the zero-rate distortion D(0): β* = 0. If D(β) > D while expanding and
// D stops moving (a step changes it by less than tol·D: the weights are already one-hot,
// D(β) = mean_i min_j d_ij to within the tolerance), the target is below what this batch of
// Y samples can reach: the search returns the β where D stopped moving (so a warm start
// from it does not drift further out step after step) with `unreachable` set, and the objective
// reports the rate at the D(β) actually reached (close to log2 M). Stopping where D stalls,
// rather than at a huge |β|, keeps β — and so the generator's gradient, which scales with
// it — finite and meaningful while an untrained generator cannot reach the target yet.
//
// Tolerance: stop when |D(β) − D| ≤ tol · D, or the bracket is relatively narrower than
// 1e-12 (float32 distortions limit D(β) to ~1e-7 relative), or after kMaxEvals evaluations.
struct NerdSolve {
  double target;   // D
  double tol;      // relative tolerance on D(β)
  double beta;     // the next point to evaluate; the answer once done
  double lo, hi;   // bracket ends (both < 0) once found: D(lo) < D < D(hi)
  double last;     // D(β) − D at the previous point (for the stall test while expanding)
  int have_lo, have_hi;
  int moves;       // expansion or contraction steps taken
  int evals;
  int done;
  int unreachable;
};

constexpr int kNerdMaxSteps = 40;
constexpr int kNerdMaxEvals = 100;

// `warm` < 0 (finite) is used as the first point, anything else starts at −1/D.
RDLAB_HD NerdSolve nerd_solve_start(double target, double tol, double warm) {
  NerdSolve s;
  s.target = target;
  s.tol = tol;
  s.beta = (warm < 0.0 && warm > -1e300) ? warm : -1.0 / target;
  s.lo = s.hi = 0.0;
  s.last = 0.0;
  s.have_lo = s.have_hi = 0;
  s.moves = s.evals = s.done = s.unreachable = 0;
  return s;
}

// Takes D(β) and D'(β) at s.beta and chooses the next point (or finishes).
RDLAB_HD void nerd_solve_update(NerdSolve& s, double dist, double slope) {
  s.evals += 1;
  double f = dist - s.target;
  if (!(fabs(f) <= 1e300) || !(slope <= 1e300)) {  // non-finite distortions: give up, report NaN
    s.beta = NAN;
    s.done = 1;
    return;
  }
  if (fabs(f) <= s.tol * s.target) { s.done = 1; return; }
  if (f < 0.0) { s.lo = s.beta; s.have_lo = 1; }
  else { s.hi = s.beta; s.have_hi = 1; }
  if (s.evals >= kNerdMaxEvals) { s.done = 1; return; }
  if (!s.have_lo) {  // D(β) > D so far: more negative β
    if (s.moves > 0 && s.last - f <= s.tol * s.target) {  // stalled: report where the plateau began
      s.beta *= 0.25;
      s.unreachable = 1;
      s.done = 1;
      return;
    }
    if (++s.moves > kNerdMaxSteps) { s.unreachable = 1; s.done = 1; return; }
    s.last = f;
    s.beta *= 4.0;
    return;
  }
  if (!s.have_hi) {  // D(β) < D so far: towards 0
    if (++s.moves > kNerdMaxSteps) { s.beta = 0.0; s.done = 1; return; }
    s.beta *= 0.25;
    return;
  }
  if (s.lo / s.hi - 1.0 <= 1e-12) { s.done = 1; return; }
  // Newton in u = ln(−β): dD/du = D'(β) β, so u ← u − f / (D'(β) β), β ← β e^{−f/(D'(β) β)}
  double step = slope * s.beta;
  double next = step < 0.0 ? s.beta * exp(-f / step) : 0.0;
  if (!(next > s.lo && next < s.hi)) next = -sqrt(s.lo * s.hi);
  s.beta = next;
}

}  // namespace rdlab
