"""The exhaustive ECVQ encoder of bench/ecvq.bench.ts in PyTorch, for bench/compare-torch.ts.

Reads {"K", "S", "B", "hidden", "threads", "time_s"} on argv[1] and times, under no_grad,
what rdlab's ecvqEncode computes: the decoder (Linear + leaky ReLU layers, K + 1 -> hidden
-> 1) on concat(one-hot(k), y) for all B*K*S rows, the squared error to x averaged over the
S samples, rate + lambda * distortion and the argmin over k. Prints torch_timing's JSON.
"""
import json
import sys

import torch

from torch_timing import mlp, time_and_report


def main() -> None:
    case = json.loads(sys.argv[1])
    torch.set_num_threads(int(case["threads"]))
    torch.manual_seed(1)
    K, S, B, hidden = case["K"], case["S"], case["B"], case["hidden"]
    sizes = [K + 1, *hidden, 1]
    g = mlp(sizes, lambda: torch.nn.LeakyReLU(0.01))
    logits = torch.rand(K)
    bits = -torch.log_softmax(logits, 0) / torch.log(torch.tensor(2.0))
    x = torch.randn(B, 1)
    ys = torch.randn(B, S, 1)
    onehot = torch.eye(K)

    @torch.no_grad()
    def encode() -> None:
        rows = torch.cat([onehot[None, :, None, :].expand(B, K, S, K), ys[:, None, :, :].expand(B, K, S, 1)], -1)
        xhat = g(rows.reshape(B * K * S, K + 1)).reshape(B, K, S)
        dist = (xhat - x[:, :, None]).square().mean(-1)
        torch.argmin(bits + 100.0 * dist, -1)

    time_and_report(encode, float(case["time_s"]), min_samples=5)


if __name__ == "__main__":
    main()
