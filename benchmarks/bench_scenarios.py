"""Benchmark: scenario evaluations per second, vectorised engine vs one papermill run per scenario.

    .venv/bin/python benchmarks/bench_scenarios.py [--papermill-runs 3] [--repeats 5]

Prints both rates and the ratio.  Not a test: numbers depend on the machine.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]


def bench_engine(repeats: int) -> tuple[int, float]:
    from analysis import paths, scenarios
    from analysis.catalogue import load_catalogue

    model = scenarios.Model.from_catalogue(load_catalogue(paths.targets_file(ROOT)))
    ranges = {
        "revenue_growth": np.linspace(0.05, 0.35, 20),
        "tax_to_revenue": np.linspace(0.03, 0.05, 10),
        "exited_land_mu": np.linspace(0, 300, 10),
        "relet_mu": np.linspace(0, 250, 10),
        "hightech_output": np.linspace(16, 28, 7),
        "output_growth": np.linspace(0.1, 0.3, 8),
    }
    n = int(np.prod([len(v) for v in ranges.values()]))
    times = []
    for _ in range(repeats):
        t = time.perf_counter()
        out = scenarios.grid(model, **ranges)
        times.append(time.perf_counter() - t)
    assert len(out) == n
    return n, statistics.median(times)


def bench_papermill(runs: int) -> float:
    from analysis.build import execute, sources
    from analysis.paths import processed_dir

    sources.prepare("2025-10", ROOT)
    assert (processed_dir(ROOT) / "2025-10").exists()
    nb = ROOT / "notebooks" / "60_scenarios.ipynb"
    times = []
    with tempfile.TemporaryDirectory() as d:
        for i in range(runs):
            t = time.perf_counter()
            execute(nb, Path(d) / f"run{i}.ipynb", {"period": "2025-10", "data_dir": "../data/processed",
                                                    "overrides": {"revenue_growth": 0.10 + i / 100}})
            times.append(time.perf_counter() - t)
    return statistics.median(times)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--papermill-runs", type=int, default=3)
    ap.add_argument("--repeats", type=int, default=5)
    args = ap.parse_args(argv)
    n, secs = bench_engine(args.repeats)
    print(f"engine: {n:,} combinations in {secs:.3f} s (median of {args.repeats}) = {n / secs:,.0f} scenarios/s")
    per_run = bench_papermill(args.papermill_runs)
    print(f"papermill: 60_scenarios once per scenario = {per_run:.2f} s/run (median of {args.papermill_runs})"
          f" = {1 / per_run:.3f} scenarios/s")
    print(f"ratio: {(n / secs) * per_run:,.0f}× faster")
    return 0


if __name__ == "__main__":
    sys.exit(main())
