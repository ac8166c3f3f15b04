"""NERD's training step and the ORC index search of bench/nerd.bench.ts in PyTorch, for
bench/compare-torch.ts.

Reads one case as JSON on argv[1] and prints torch_timing's JSON.

{"kind": "step", "m", "B", "M", "hidden", "target"}: one step of Nerd.step (lib/models/nerd.ts)
as PyTorch would write it: y = G(z) for z ~ N(0, I) [M, m] (Linear + ReLU hidden layers,
identity output), d = ||x||^2 + ||y||^2 - 2 x y^T clamped at 0, beta* by the same
safeguarded Newton-in-ln(-beta) search with bracket expansion and warm start as
native/core/nerd_solve.h (each evaluation the batch's row-softmax moments under no_grad),
then the rate -mean_i log mean_j exp(beta* d_ij) (beta* held) through autograd into G and
one Adam step.

{"kind": "distortion", "m", "B", "M", "p"}: NERD's distortion matrix d_ij = ||x_i - y_j||_p^2
alone, as torch.cdist(x, y, p) ** 2 (its matrix-product form at p = 2).

{"kind": "orc", "S", "m", "N", "chunk", "beta"}: for each of S samples x_s, the ORC search
argmin_i ||x_s - Y_i||^2 - ln(W_i)/beta over N Gaussian candidates Y_i ~ N(0, I) and
weights W_i = sum_{j<=i} N/(N-j+1) E_j, E_j ~ Exp(1), drawn and scanned in chunks (as
native/cpu/orc.cc streams them; at beta = -1e6 rdlab's early stop never fires, so both scan
all N).
"""
import json
import math
import sys

import torch

from torch_timing import mlp, time_and_report

MAX_STEPS = 40
MAX_EVALS = 100


def moments(d: torch.Tensor, beta: float) -> tuple[float, float]:
    """D(beta) and D'(beta) = mean_i Var_w d over the rows of d, shifted by the row minima."""
    m = d.min(dim=1, keepdim=True).values
    dd = d - m
    e = torch.exp(beta * dd)
    s0 = e.sum(1, dtype=torch.float64)
    s1 = (e * dd).sum(1, dtype=torch.float64)
    s2 = (e * dd * dd).sum(1, dtype=torch.float64)
    e1 = s1 / s0
    var = (s2 / s0 - e1 * e1).clamp(min=0)
    return float((m.squeeze(1).double() + e1).mean()), float(var.mean())


def solve_beta(d: torch.Tensor, target: float, warm: float, tol: float = 1e-6) -> float:
    """native/core/nerd_solve.h, line by line."""
    beta = warm if warm < 0 else -1.0 / target
    lo = hi = 0.0
    have_lo = have_hi = False
    last, moves, evals = 0.0, 0, 0
    while True:
        dist, slope = moments(d, beta)
        evals += 1
        f = dist - target
        if not math.isfinite(f):
            return math.nan
        if abs(f) <= tol * target:
            return beta
        if f < 0:
            lo, have_lo = beta, True
        else:
            hi, have_hi = beta, True
        if evals >= MAX_EVALS:
            return beta
        if not have_lo:
            if moves > 0 and last - f <= tol * target:
                return beta * 0.25
            moves += 1
            if moves > MAX_STEPS:
                return beta
            last = f
            beta *= 4.0
            continue
        if not have_hi:
            moves += 1
            if moves > MAX_STEPS:
                return 0.0
            beta *= 0.25
            continue
        if lo / hi - 1.0 <= 1e-12:
            return beta
        step = slope * beta
        nxt = beta * math.exp(-f / step) if step < 0 else 0.0
        if not (lo < nxt < hi):
            nxt = -math.sqrt(lo * hi)
        beta = nxt


def nerd_step(case: dict):
    m, B, M, hidden = case["m"], case["B"], case["M"], case["hidden"]
    sizes = [m, *hidden, m]
    gen = mlp(sizes)
    opt = torch.optim.Adam(gen.parameters(), lr=1e-4)
    # the bench's source: variances 4 e^{-k/16}, a random rotation does not change the cost
    x = torch.randn(B, m) * torch.sqrt(4 * torch.exp(-torch.arange(1, m + 1) / 16.0))
    xx = (x * x).sum(1, keepdim=True)
    target = float(case["target"])
    state = {"beta": 0.0}

    def step() -> None:
        opt.zero_grad(set_to_none=True)
        y = gen(torch.randn(M, m))
        d = (xx + (y * y).sum(1) - 2.0 * x @ y.T).clamp(min=0)
        with torch.no_grad():
            state["beta"] = solve_beta(d, target, state["beta"])
        beta = state["beta"]
        rate = -(torch.logsumexp(beta * d, dim=1) - math.log(M)).mean() / math.log(2.0)
        rate.backward()
        opt.step()

    return step


def distortion(case: dict):
    x, y, p = torch.randn(case["B"], case["m"]), torch.randn(case["M"], case["m"]), float(case["p"])
    mode = "use_mm_for_euclid_dist" if p == 2 else "donot_use_mm_for_euclid_dist"

    def matrix() -> None:
        torch.cdist(x, y, p, compute_mode=mode).square_()

    return matrix


def orc_search(case: dict):
    S, m, N, chunk, beta = case["S"], case["m"], case["N"], case["chunk"], case["beta"]
    x = torch.randn(S, m)
    gen = torch.Generator().manual_seed(1)

    def search() -> None:
        for s in range(S):
            best, best_i, carry = math.inf, -1, 0.0
            xs = x[s]
            for i0 in range(0, N, chunk):
                c = min(chunk, N - i0)
                y = torch.randn(c, m, generator=gen)
                j = torch.arange(i0 + 1, i0 + c + 1, dtype=torch.float64)
                e = torch.empty(c, dtype=torch.float64).exponential_(generator=gen)
                w = torch.cumsum(N / (N - j + 1) * e, 0) + carry
                carry = float(w[-1])
                score = ((y - xs) ** 2).sum(1).double() - torch.log(w) / beta
                k = int(torch.argmin(score))
                if float(score[k]) < best:
                    best, best_i = float(score[k]), i0 + k
            assert best_i >= 0

    return search


def main() -> None:
    case = json.loads(sys.argv[1])
    torch.set_num_threads(int(case["threads"]))
    torch.manual_seed(1)
    fn = {"step": nerd_step, "distortion": distortion, "orc": orc_search}[case["kind"]](case)
    time_and_report(fn, float(case["time_s"]), int(case.get("min_samples", 64)))


if __name__ == "__main__":
    main()
