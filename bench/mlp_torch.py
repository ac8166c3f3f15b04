"""The Mlp training step of bench/mlp-step.ts in PyTorch, for bench/compare-torch.ts.

Reads one case as JSON on argv[1] ({"sizes": [...], "batch": B, "time_s": T}), runs
forward, MSE loss, backward and Adam (relu hidden layers, identity output, float32, CPU)
with torch.set_num_threads(threads), and prints the timing of torch_timing.py.
"""
import json
import sys

import torch

from torch_timing import mlp, time_and_report


def main() -> None:
    case = json.loads(sys.argv[1])
    torch.set_num_threads(int(case["threads"]))
    torch.manual_seed(1)
    sizes, batch = case["sizes"], case["batch"]
    net = mlp(sizes)
    opt = torch.optim.Adam(net.parameters(), lr=1e-3)
    x = torch.rand(batch, sizes[0]) * 2 - 1
    y = torch.rand(batch, sizes[-1]) * 2 - 1

    def step() -> None:
        opt.zero_grad(set_to_none=True)
        loss = torch.nn.functional.mse_loss(net(x), y)
        loss.backward()
        opt.step()

    time_and_report(step, float(case["time_s"]))

if __name__ == "__main__":
    main()
