# Best periodic binned uniform scalar quantizer for X = Y + N (σ²_Y = 1, σ²_N = 0.1) with the
# exact MMSE decoder E[X | bin, y] and the index coded under its marginal (one-shot, no
# Slepian–Wolf coder): R = H(i mod K), D = E_y Σ_k (E[X²; k | y] − E[X; k | y]² / P(k | y)) in
# closed form per cell (Gaussian X | y ~ N(y, σ²_N)), summed over y on a fine grid. Cell i =
# [(i − ½)Δ, (i + ½)Δ), bin i mod K. For each K the step Δ with the least gap to the Wyner–Ziv
# bound σ²_N 2^(−2R); then a Monte Carlo check of D with an independent decoder (E[X | bin, y]
# on a fine x grid). A reference for what one-shot binning coded under the marginal reaches
# (docs/wyner-ziv.md, issue #20). Run: python3 bench/wz_binned_sq.py (numpy, scipy).
# rd() also returns H(U | Y), the rate of the same index under an ideal Slepian–Wolf coder
# (bench/wz_oneshot_sq.py uses it).
import numpy as np
from scipy.stats import norm
sn = np.sqrt(0.1)
yg = np.linspace(-7, 7, 2801); yw = norm.pdf(yg); yw = yw / yw.sum()   # y ~ N(0, 1) on a fine grid
def rd(step, K):
    M = int(np.ceil(12.0 / step)) + 1
    j = np.arange(-M, M + 1)
    lo, hi = (j - 0.5) * step, (j + 0.5) * step
    a = (lo[None, :] - yg[:, None]) / sn; b = (hi[None, :] - yg[:, None]) / sn
    p = np.where(a > 0, norm.sf(a) - norm.sf(b), norm.cdf(b) - norm.cdf(a))  # P(cell j | y), tails without cancellation
    m1 = yg[:, None] * p + sn * (norm.pdf(a) - norm.pdf(b))  # E[X; cell j | y]
    m2 = (yg[:, None] ** 2 + sn ** 2) * p + 2 * yg[:, None] * sn * (norm.pdf(a) - norm.pdf(b)) + sn ** 2 * (a * norm.pdf(a) - b * norm.pdf(b))
    onehot = np.zeros((len(j), K)); onehot[np.arange(len(j)), j % K] = 1   # cell j on bin j mod K
    P, S1, S2 = p @ onehot, m1 @ onehot, m2 @ onehot
    big = P > 1e-150                                     # bins of negligible mass at y add nothing
    D = (yw[:, None] * np.where(big, S2 - S1 ** 2 / np.where(big, P, 1.0), 0.0)).sum()
    pk = (yw[:, None] * P).sum(0); pk = pk[pk > 0]
    Pc = np.where(P > 0, P, 1.0)
    return -(pk * np.log2(pk)).sum(), D, -(yw[:, None] * P * np.log2(Pc)).sum()

def main():
    for K in [2, 3, 4, 6, 8, 12, 16]:
        best = min(((step, *rd(step, K)[:2]) for step in np.exp(np.linspace(np.log(0.1), np.log(1.5), 60))), key=lambda p: (p[2] if p[2] > 0 else 1e9) / (0.1 * 2 ** (-2 * p[1])))
        step, R, D = best
        print(f"K {K}: R {R:.3f} bits, D {10*np.log10(D):.2f} dB, gap to WZ {10*np.log10(D/(0.1*2**(-2*R))):.2f} dB, step {step:.3f}, period/σ_X|Y {K*step/sn:.1f}")

    # Monte Carlo check of rd() with an independent decoder: E[X | bin, y] on a fine x grid
    rng = np.random.default_rng(5)
    for step, K in [(0.505, 4), (0.297, 8)]:
        n = 20000; y = rng.normal(size=n); x = y + sn * rng.normal(size=n)
        k = np.round(x / step).astype(int) % K
        xs = np.linspace(-8, 8, 16001); kb = np.round(xs / step).astype(int) % K
        xh = np.empty(n)
        for i in range(n):
            w = np.exp(-0.5 * ((xs - y[i]) / sn) ** 2) * (kb == k[i]); xh[i] = (w * xs).sum() / w.sum()
        print(f"MC check step {step} K {K}: D {10*np.log10(np.mean((x-xh)**2)):.2f} dB vs quadrature {10*np.log10(rd(step, K)[1]):.2f} dB")

if __name__ == '__main__':
    main()
