"""Timing (and the MLP constructor) shared by the PyTorch sides of bench/compare-torch.ts: warm up, then time calls
for time_s seconds (at least min_samples of them) and print {"p50_ms", "mean_ms",
"samples", "torch", "blas"} (min_samples: the PyTorch scripts pass the case's "min_samples"
for calls that take seconds); "blas" is the BLAS library the process actually mapped
(Debian's torch calls whatever libblas.so.3 the alternatives system points to)."""
import json
import statistics
import time
from typing import Callable

import torch


def mlp(sizes: list, activation: Callable[[], torch.nn.Module] = torch.nn.ReLU) -> torch.nn.Sequential:
    """Linear layers of the given widths with `activation` between them (none after the last)."""
    layers = []
    for i in range(len(sizes) - 1):
        layers.append(torch.nn.Linear(sizes[i], sizes[i + 1]))
        if i + 2 < len(sizes):
            layers.append(activation())
    return torch.nn.Sequential(*layers)


def loaded_blas() -> str:
    with open("/proc/self/maps") as maps:
        libs = {line.split()[-1] for line in maps if "blas" in line}
    return ", ".join(sorted(libs)) or "none"


def time_and_report(fn: Callable[[], None], time_s: float, min_samples: int = 64) -> None:
    warm_end = time.perf_counter() + 0.3
    fn()
    while time.perf_counter() < warm_end:
        fn()
    samples = []
    end = time.perf_counter() + time_s
    while time.perf_counter() < end or len(samples) < min_samples:
        t0 = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - t0) * 1e3)
    print(json.dumps({
        "p50_ms": statistics.median(samples),
        "mean_ms": statistics.fmean(samples),
        "samples": len(samples),
        "torch": torch.__version__,
        "blas": loaded_blas(),
    }))
