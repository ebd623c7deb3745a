"""Benchmark: one slider move in the scenario explorer (compute, tables and the sensitivity chart, as the
kernel does it: :func:`analysis.explorer.view`, the chart drawn as HTML bars) against the way without the explorer, one papermill run of
``60_scenarios`` with the same override.

    .venv/bin/python benchmarks/bench_explorer.py [--moves 30] [--papermill-runs 2]

Prints the median and 90th percentile of a move, the papermill run, and the ratio.  Not a test: the
numbers depend on the machine and its load.  Goal (issue 26): a move within 0.15 s at light load.
"""
from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def bench_moves(moves: int) -> list[float]:
    from analysis import charts, explorer, paths, scenarios
    from analysis.catalogue import load_catalogue

    charts.setup()
    model = scenarios.Model.from_catalogue(load_catalogue(paths.targets_file(ROOT)))
    values = {c.name: c.value for c in explorer.controls(model)} | {"share_basis": "document"}
    explorer.view(model, values)                                   # warm: fonts, first figure
    times = []
    for i in range(moves):
        growth = 0.05 + 0.01 * (i % 30)                            # a planner dragging 规上营收增速
        t = time.perf_counter()
        explorer.view(model, values | {"revenue_growth": growth})
        times.append(time.perf_counter() - t)
    return times


def bench_papermill(runs: int) -> list[float]:
    import papermill as pm

    times = []
    with tempfile.TemporaryDirectory() as tmp:
        proj = Path(tmp) / "proj"
        shutil.copytree(ROOT / "notebooks", proj / "notebooks")
        shutil.copytree(ROOT / "data" / "raw", proj / "data" / "raw")
        (proj / "data" / "processed").mkdir(parents=True)
        for i in range(runs):
            t = time.perf_counter()
            pm.execute_notebook(str(proj / "notebooks/60_scenarios.ipynb"), str(Path(tmp) / f"out{i}.ipynb"),
                                parameters={"overrides": {"revenue_growth": f"{15 + i}%"}},
                                cwd=str(proj / "notebooks"), progress_bar=False, log_output=False)
            times.append(time.perf_counter() - t)
    return times


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--moves", type=int, default=30)
    ap.add_argument("--papermill-runs", type=int, default=2)
    args = ap.parse_args(argv)
    moves = bench_moves(args.moves)
    runs = bench_papermill(args.papermill_runs)
    move, p90 = statistics.median(moves), sorted(moves)[int(0.9 * (len(moves) - 1))]
    run = statistics.median(runs)
    print(f"slider move (explorer.view: compute, tables and chart as HTML): median {move * 1000:.0f} ms, "
          f"p90 {p90 * 1000:.0f} ms over {len(moves)} moves")
    print(f"baseline, one papermill run of 60_scenarios with the override: median {run:.2f} s over {len(runs)} runs")
    print(f"ratio: a move takes {move / run:.3f} of a papermill run ({run / move:.0f}x faster)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
