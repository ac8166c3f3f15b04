# The best one-shot scalar quantizers with binning found for X = Y + N (σ²_Y = 1, σ²_N = 0.1),
# coded two ways: the index alone under its marginal, rate H(U) (what rANS under p_ξ costs,
# as ECVQ and the marginal Concrete compressor send it), and under an ideal Slepian–Wolf coder,
# rate H(U | Y) (what `concrete-conditional` estimates; not a one-shot bitstream). Issue #20,
# docs/wyner-ziv.md. Run: python3 bench/wz_oneshot_sq.py (numpy, scipy; minutes).
#
# 1. Periodic binned uniform quantizers (bench/wz_binned_sq.py's rd(): cell i of step Δ on
#    index i mod K, exact MMSE decoder E[X | u, y]), the step optimised for each K and rate.
# 2. Entropy-constrained Lloyd design for Wyner–Ziv on a grid: any partition of the x grid
#    into K index sets (unequal cells, any index map), decoder g(k, y) = E[X | u = k, y],
#    encoder u(x) = argmin_k λ E[(x − g(k, Y))² | x] + rate cost (−log2 p(k), or
#    −E[log2 p(k | Y) | x]), alternated to a fixed point from many starts (periodic quantizers
#    of several K and steps, random index maps, the previous λ's design); the best Lagrangian
#    cost J = R + λD per λ is kept. Rates 0.5–3 bits are then read off the lower convex hull of
#    all designs (time-sharing between two quantizers is one-shot too).
import numpy as np
from scipy.stats import norm
from wz_binned_sq import rd, sn

S2 = sn ** 2                                    # σ²_{X|Y} = 0.1
def wz(R): return S2 * 2.0 ** (-2 * R)          # the Wyner–Ziv bound
def gap(R, D): return 10 * np.log10(D / wz(R))

# the joint density on a grid: x every 0.01 over ±5.5 (σ_X = 1.05), y on 201 points over ±5
xs = np.linspace(-5.5, 5.5, 1101); ys = np.linspace(-5, 5, 201)
wy = norm.pdf(ys); wy /= wy.sum()
cond = norm.pdf((xs[:, None] - ys[None, :]) / sn); cond /= cond.sum(0)   # p(x | y) on the grid
W = cond * wy[None, :]                                                    # p(x, y)
px = W.sum(1); post = W / px[:, None]                                     # p(y | x)

def decode(u, K):
    """Index masses m[k, y] = P(u = k, y) and the MMSE decoder g[k, y] = E[X | u = k, y]."""
    onehot = np.zeros((len(xs), K)); onehot[np.arange(len(xs)), u] = 1
    m = onehot.T @ W; s1 = onehot.T @ (W * xs[:, None])
    return m, np.where(m > 0, s1 / np.maximum(m, 1e-300), ys[None, :])

def measure(u, K):
    """(H(U), H(U | Y), D) of the index map u on the grid, with the MMSE decoder."""
    m, g = decode(u, K)
    p = m.sum(1); p = p[p > 0]
    mc = np.where(m > 0, m, 1.0)
    D = (W * (xs[:, None] - g[u]) ** 2).sum()
    return -(p * np.log2(p)).sum(), -(m * np.log2(mc / wy[None, :])).sum(), D

def lloyd(u, K, lam, conditional, iters=200):
    """Alternates decoder and encoder to a fixed point; returns the index map."""
    for _ in range(iters):
        m, g = decode(u, K)
        used = m.sum(1) > 0
        # E[(x − g(k, Y))² | x] = x² − 2x E[g(k, Y) | x] + E[g(k, Y)² | x]
        dist = xs[:, None] ** 2 - 2 * xs[:, None] * (post @ g.T) + post @ (g ** 2).T
        if conditional:
            pk_y = np.where(m > 0, m / wy[None, :], 1e-300)
            rate = -(post @ np.log2(pk_y).T)
        else:
            rate = -np.log2(np.where(used, m.sum(1), 1e-300))[None, :]
        cost = lam * dist + rate; cost[:, ~used] = np.inf
        v = cost.argmin(1)
        if np.array_equal(u, v): break
        u = v
    return u

def periodic(step, K):
    return (np.round(xs / step).astype(int) % K)

def design(conditional, lams, rng):
    designs = []   # (R, D, λ, description)
    prev = None
    for lam in lams:
        step0 = np.sqrt(6 / (lam * np.log(2)))     # the high-rate ECSQ step for R + λD
        starts = [(f'periodic K={K} Δ={f * step0:.3f}', periodic(f * step0, K), K) for K in (2, 3, 4, 6, 8, 12, 16) for f in (0.8, 1.0, 1.25)]
        starts += [(f'random map K={K} Δ={step0 / 2:.3f}', rng.integers(0, K, size=int(12 / (step0 / 2)) + 2)[np.round(xs / (step0 / 2)).astype(int) + int(6 / (step0 / 2)) + 1], K) for K in (4, 8, 16)]
        cells = np.round(xs / step0).astype(int); cells -= cells.min()
        starts += [('no binning', cells, cells.max() + 1)]
        if prev is not None: starts.append(('previous λ', *prev))
        best = None
        for name, u0, K in starts:
            u = lloyd(u0, K, lam, conditional)
            Hu, Huy, D = measure(u, K)
            R = Huy if conditional else Hu
            if best is None or R + lam * D < best[0]:
                best = (R + lam * D, R, D, name, u, K, len(np.unique(u)))
        _, R, D, name, u, K, used = best
        prev = (u, K)
        designs.append((R, D))
        print(f"  λ {lam:7.2f}: R {R:.3f} bits, D {10 * np.log10(D):7.2f} dB, gap to WZ {gap(R, D):5.2f} dB, {used} indices, from {name}")
    return designs

def hull_gap(points, R):
    """Gap at rate R of the lower convex hull of (R, D) points (time-sharing)."""
    best = np.inf
    for (r1, d1) in points:
        for (r2, d2) in points:
            if r1 <= R <= r2 and r2 > r1:
                best = min(best, d1 + (d2 - d1) * (R - r1) / (r2 - r1))
            elif r1 == R:
                best = min(best, d1)
    return gap(R, best) if np.isfinite(best) else np.nan

if __name__ == '__main__':
    # the grid against the periodic family's closed-form quadrature
    for step, K in [(0.546, 4), (0.301, 8)]:
        Hu, Huy, D = measure(periodic(step, K), K); Rq, Dq, Rcq = rd(step, K)
        print(f"grid check Δ {step} K {K}: H(U) {Hu:.4f} vs {Rq:.4f}, H(U|Y) {Huy:.4f} vs {Rcq:.4f}, D {10*np.log10(D):.3f} vs {10*np.log10(Dq):.3f} dB")
    targets = [0.5, 1.0, 1.5, 2.0, 2.5, 3.0]
    steps = np.exp(np.linspace(np.log(0.08), np.log(3.0), 48))
    NOBIN = 320                                 # more bins than cells at the smallest step: no binning
    table = {K: [(s, *rd(s, K)) for s in steps] for K in (2, 3, 4, 6, 8, 12, 16, NOBIN)}
    hulls = {}
    for conditional in (False, True):
        label = 'H(U|Y)' if conditional else 'H(U)'
        print(f"periodic binned uniform quantizers, rate {label}: the step ≤ 1.5 with the least gap, per K")
        pts = []
        for K, rows in table.items():
            cand = [(Huy if conditional else Hu, D, s) for s, Hu, D, Huy in rows]
            pts += [(R, D) for R, D, _ in cand]
            R, D, s = min((c for c in cand if c[2] <= 1.5), key=lambda c: gap(c[0], c[1]))   # a step that bins
            print(f"  K {'∞ (no binning)' if K == NOBIN else K}: R {R:.3f} bits, D {10*np.log10(D):.2f} dB, gap to WZ {gap(R, D):.2f} dB, step {s:.3f}")
        print(f"  periodic hull, gap at " + ', '.join(f"{R} b: {hull_gap(pts, R):.2f} dB" for R in targets))
        print(f"entropy-constrained Lloyd designs, rate {label}")
        lams = np.exp(np.linspace(np.log(2), np.log(400), 14))
        hulls[label] = design(conditional, lams, np.random.default_rng(7)) + pts
        print(f"  all designs' hull, gap at " + ', '.join(f"{R} b: {hull_gap(hulls[label], R):.2f} dB" for R in targets))
