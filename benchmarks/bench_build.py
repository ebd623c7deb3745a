"""Benchmark: the build against the loop a user would write by hand, on the same notebooks, in one run.

    .venv/bin/python benchmarks/bench_build.py [--repeat 3] [--all] [--firms 100000]

Each measurement runs in a fresh copy of the project (notebooks + data/raw) under a temporary folder:

* naive loop: for each notebook, ``papermill`` then ``jupyter nbconvert --to html --no-input`` (the baseline);
* full build: ``analysis build --force`` with the default ``--jobs`` (the CPU count), 月报.pdf included;
  naive loop and full build run in turn ``--repeat`` times, each in a fresh copy, and the ratio is of the
  medians (a busy spell of the machine then weighs on both);
* rebuild with nothing changed: ``analysis build`` again after each full build (a new process,
  interpreter start included);
* one changed ledger: the budget spending file edited, ``analysis build`` (only the budget page runs);
* with ``--all``: ``analysis build --all`` over every period with data, with 1 and with 2 Dask workers;
* with ``--firms N``: a synthetic N-firm enterprise ledger (示例 names): build time, the largest process's
  peak memory, and the size of the land page and of tables.xlsx.

Prints seconds and ratios against the naive loop.  Not a test: numbers depend on the machine.
"""
from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def project(tmp: Path, name: str) -> Path:
    p = tmp / name
    shutil.copytree(ROOT / "notebooks", p / "notebooks", ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    shutil.copytree(ROOT / "data" / "raw", p / "data" / "raw")
    (p / "data" / "processed").mkdir(parents=True)
    return p


def run(cmd: list[str], cwd: Path) -> float:
    env = {**os.environ, "ANALYSIS_ROOT": str(cwd)}
    t0 = time.perf_counter()
    subprocess.run(cmd, cwd=cwd, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - t0


def naive(p: Path) -> float:
    t0 = time.perf_counter()
    for nb in sorted((p / "notebooks").glob("*.ipynb")):
        out = p / "naive" / nb.name
        out.parent.mkdir(exist_ok=True)
        run([str(BIN / "papermill"), str(nb), str(out), "-p", "period", "2025-10", "--cwd", str(nb.parent),
             "--no-progress-bar"], p)
        run([str(BIN / "jupyter"), "nbconvert", "--to", "html", "--no-input", str(out)], p)
    return time.perf_counter() - t0


def analysis(p: Path, *args: str) -> float:
    return run([sys.executable, "-m", "analysis", "build", "--quiet", *args], p)


def big_ledger(p: Path, firms: int) -> None:
    import pandas as pd

    sys.path.insert(0, str(ROOT / "benchmarks"))
    from bench_readers import ledger

    df = ledger(firms)
    (p / "data/raw/enterprises").mkdir(parents=True, exist_ok=True)
    df.to_csv(p / "data/raw/enterprises/enterprises.csv", index=False, encoding="utf-8-sig")
    del pd


def spread(xs: list[float]) -> str:
    return f"median {statistics.median(xs):.2f} s (min {min(xs):.2f}, max {max(xs):.2f}, n={len(xs)})"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3, help="naive loop and full build, in turn, this many times")
    ap.add_argument("--all", action="store_true", help="also build --all with 1 and 2 Dask workers")
    ap.add_argument("--firms", type=int, default=0, help="also build with a synthetic ledger of this many firms")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        naives, fulls, agains = [], [], []
        for i in range(args.repeat):           # in turn, so that a slow spell of the machine hits both
            naives.append(naive(project(tmp, f"naive{i}")))
            p = project(tmp, f"build{i}")
            fulls.append(analysis(p, "--force"))
            agains.append(analysis(p))
        base, full = statistics.median(naives), statistics.median(fulls)
        print(f"naive loop (papermill + nbconvert per notebook): {spread(naives)}  [baseline]")
        print(f"full build (--jobs {os.cpu_count()}, 月报.pdf included): {spread(fulls)}  ratio {full / base:.2f}")
        again = statistics.median(agains)
        print(f"rebuild, nothing changed: {spread(agains)}  ratio {again / base:.3f} (of a full build {again / full:.3f})")
        f = p / "data/raw/demo/budget/spending.csv"
        f.write_text(f.read_text(encoding="utf-8-sig").replace("2025-10,259.00", "2025-10,258.00"),
                     encoding="utf-8-sig")
        one = analysis(p)
        ran = [line for line in (p / "reports/2025-10/build.log").read_text(encoding="utf-8").splitlines()
               if line.startswith("运行")]
        print(f"one changed ledger (budget spending): {one:.1f} s  ratio {one / base:.2f}; ran: {'; '.join(ran)}")
        if args.all:
            for workers in (1, 2):
                q = project(tmp, f"all{workers}")
                t = analysis(q, "--all", "--jobs", str(workers))
                periods = len([d for d in (q / "reports").iterdir() if d.is_dir() and d.name[:2] == "20"])
                print(f"build --all, {periods} periods, {workers} worker(s): {t:.1f} s  ({t / periods:.1f} s a period)")
        if args.firms:
            q = project(tmp, "big")
            big_ledger(q, args.firms)
            before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
            t = analysis(q, "--force")
            peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
            land = (q / "reports/2025-10/20_land_efficiency.html").stat().st_size
            xlsx = (q / "reports/2025-10/tables.xlsx").stat().st_size
            print(f"{args.firms:,} firms: full build {t:.1f} s; largest process peak {max(peak, before) / 1024:.0f} MB; "
                  f"land page {land / 1e6:.2f} MB; tables.xlsx {xlsx / 1e6:.1f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
