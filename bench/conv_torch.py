"""The DCGAN generator passes of bench/dcgan-step.ts in PyTorch, for bench/compare-torch.ts.

Reads one case as JSON on argv[1] ({"capacity": c, "latent": L, "batch": B, "pass":
"forward" | "forward+backward", "threads", "time_s"}) and prints torch_timing's JSON.
The generator is lib/nn/dcgan.ts's: Linear(L, 8c*2*2) + ReLU, a reshape to 8c x 2 x 2, then
four ConvTranspose2d(kernel 4, stride 2, padding 1) halving the channels (ReLU after each)
down to one channel with a sigmoid: 32 x 32 x 1. rdlab stores activations NHWC, torch NCHW;
the multiply-adds are the same. "forward" runs under no_grad; "forward+backward" back-
propagates a fixed output gradient into the parameters only (z needs no gradient), as
ConvNet.backward(dy, { inputGrad: false }).
"""
import json
import sys

import torch

from torch_timing import time_and_report


def generator(c: int, latent: int) -> torch.nn.Sequential:
    up = lambda cin, cout: torch.nn.ConvTranspose2d(cin, cout, kernel_size=4, stride=2, padding=1)
    return torch.nn.Sequential(
        torch.nn.Linear(latent, 8 * c * 2 * 2), torch.nn.ReLU(),
        torch.nn.Unflatten(1, (8 * c, 2, 2)),
        up(8 * c, 4 * c), torch.nn.ReLU(),
        up(4 * c, 2 * c), torch.nn.ReLU(),
        up(2 * c, c), torch.nn.ReLU(),
        up(c, 1), torch.nn.Sigmoid(),
    )


def main() -> None:
    case = json.loads(sys.argv[1])
    torch.set_num_threads(int(case["threads"]))
    torch.manual_seed(1)
    gen = generator(int(case["capacity"]), int(case["latent"]))
    z = torch.randn(int(case["batch"]), int(case["latent"]))
    dy = torch.randn(int(case["batch"]), 1, 32, 32)

    def forward() -> None:
        with torch.no_grad():
            gen(z)

    def forward_backward() -> None:
        gen.zero_grad(set_to_none=True)
        gen(z).backward(dy)

    time_and_report(forward if case["pass"] == "forward" else forward_backward, float(case["time_s"]))


if __name__ == "__main__":
    main()
