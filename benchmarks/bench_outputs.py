"""Benchmark: what the Word edition adds to a build, against the workbook, on the same result tables, in one run.

    .venv/bin/python benchmarks/bench_outputs.py [--repeat 5]

In a fresh copy of the project (notebooks + data/raw) under a temporary folder the demo period is prepared
and its result tables computed once; then, in turn, ``--repeat`` times each:

* workbook (the baseline): ``tables.write_workbook`` — tables.xlsx, every sheet;
* Word edition: ``word.write_docx`` — 月报.docx, its chart drawn included;
* 督办 tracking: ``supervision.track`` and ``supervision.proposals`` on the demo ledger.

Prints the median seconds and each as a ratio of the workbook's.  Not a test: numbers depend on the machine.
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
sys.path.insert(0, str(ROOT / "src"))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()

    from analysis import results, sources, supervision, tables, word

    with tempfile.TemporaryDirectory() as tmp:
        proj = Path(tmp) / "proj"
        shutil.copytree(ROOT / "notebooks", proj / "notebooks")
        shutil.copytree(ROOT / "data" / "raw", proj / "data" / "raw")
        sources.prepare("2025-10", proj)
        res = results.Results(sources.load("2025-10", proj / "data" / "processed")).compute_all()

        def workbook():
            tables.write_workbook(res, Path(tmp) / "tables.xlsx")

        def docx():
            word.write_docx(res, Path(tmp) / "月报.docx")

        ledger = res.bundle.tables["supervision"]

        def tracking():
            t = supervision.track(ledger, "2025-10")
            supervision.proposals(res["kpi"], res["projects_ageing"], t)

        timings = {name: [] for name in ("workbook", "docx", "tracking")}
        for _ in range(args.repeat):
            for name, fn in (("workbook", workbook), ("docx", docx), ("tracking", tracking)):
                t0 = time.perf_counter()
                fn()
                timings[name].append(time.perf_counter() - t0)
        base = statistics.median(timings["workbook"])
        for name, label in (("workbook", "tables.xlsx (baseline)"), ("docx", "月报.docx"),
                            ("tracking", "督办 tracking + proposals")):
            m = statistics.median(timings[name])
            print(f"{label:28s} median {m:7.3f} s   ratio to tables.xlsx {m / base:6.2f}")


if __name__ == "__main__":
    main()
