"""The Mlp training step of bench/mlp-step.ts in PyTorch, for bench/compare-torch.ts.

Reads one case as JSON on argv[1] ({"sizes": [...], "batch": B, "time_s": T}), runs
forward, MSE loss, backward and Adam (relu hidden layers, identity output, float32, CPU)
with torch.set_num_threads(threads), and prints {"p50_ms", "mean_ms", "samples", "torch",
"blas"}: "blas" is the BLAS library the process actually mapped (Debian's torch calls
whatever libblas.so.3 the alternatives system points to: the reference BLAS or OpenBLAS).
"""
import json
import statistics
import sys
import time

import torch


def loaded_blas() -> str:
    with open("/proc/self/maps") as maps:
        libs = {line.split()[-1] for line in maps if "blas" in line}
    return ", ".join(sorted(libs)) or "none"


def main() -> None:
    case = json.loads(sys.argv[1])
    torch.set_num_threads(int(case["threads"]))
    torch.manual_seed(1)
    sizes, batch = case["sizes"], case["batch"]
    layers = []
    for i in range(len(sizes) - 1):
        layers.append(torch.nn.Linear(sizes[i], sizes[i + 1]))
        if i + 2 < len(sizes):
            layers.append(torch.nn.ReLU())
    net = torch.nn.Sequential(*layers)
    opt = torch.optim.Adam(net.parameters(), lr=1e-3)
    x = torch.rand(batch, sizes[0]) * 2 - 1
    y = torch.rand(batch, sizes[-1]) * 2 - 1

    def step() -> None:
        opt.zero_grad(set_to_none=True)
        loss = torch.nn.functional.mse_loss(net(x), y)
        loss.backward()
        opt.step()

    warm_end = time.perf_counter() + 0.3
    while time.perf_counter() < warm_end:
        step()
    samples = []
    end = time.perf_counter() + float(case["time_s"])
    while time.perf_counter() < end or len(samples) < 64:
        t0 = time.perf_counter()
        step()
        samples.append((time.perf_counter() - t0) * 1e3)
    print(json.dumps({
        "p50_ms": statistics.median(samples),
        "mean_ms": statistics.fmean(samples),
        "samples": len(samples),
        "torch": torch.__version__,
        "blas": loaded_blas(),
    }))


if __name__ == "__main__":
    main()
