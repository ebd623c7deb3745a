"""Benchmark: the validating ledger reader against pandas reading the same file without checks.

    .venv/bin/python benchmarks/bench_readers.py [--rows 20000] [--repeats 3]

Writes a synthetic enterprise ledger (示例 names) as CSV and as xlsx, then times, in the same run:
baseline ``pandas.read_csv`` / ``pandas.read_excel`` (no units, no checks) and
``efficiency.read_ledger`` (the validation layer: cell-by-cell units, ranges, keys; for xlsx also
the formula and number-format checks, which read the workbook twice).  Prints medians and ratios.
Not a test: numbers depend on the machine.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]


def ledger(rows: int) -> pd.DataFrame:
    from analysis.efficiency import LEDGER

    data = {c.header: [] for c in LEDGER.columns}
    for i in range(rows):
        data["企业代码"].append(f"B{i:06d}")
        data["企业名称"].append(f"示例企业{i:06d}")
        data["规上"].append("是" if i % 3 else "否")
        data["行业"].append("装备制造")
        data["自有用地亩"].append(10 + i % 50)
        data["租赁厂房平方米"].append(0)
        data["税收万元"].append(round(5 + (i % 97) * 1.7, 2))
        data["营业收入万元"].append(2000 + i % 900)
        data["工业总产值万元"].append(2100 + i % 900)
        data["工业增加值万元"].append(600 + i % 300)
        data["综合能耗吨标煤"].append(100 + i % 80)
        data["研发费用万元"].append(20 + i % 30)
        data["年平均职工人数"].append(50 + i % 200)
        data["标记"].append("")
    return pd.DataFrame(data)


def median_time(fn, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def main(argv=None) -> int:
    p = argparse.ArgumentParser()
    p.add_argument("--rows", type=int, default=20000)
    p.add_argument("--repeats", type=int, default=3)
    args = p.parse_args(argv)
    sys.path.insert(0, str(ROOT / "src"))
    from analysis.efficiency import read_ledger

    df = ledger(args.rows)
    with tempfile.TemporaryDirectory() as d:
        csv, xlsx = Path(d) / "enterprises.csv", Path(d) / "enterprises.xlsx"
        df.to_csv(csv, index=False, encoding="utf-8-sig")
        df.to_excel(xlsx, index=False)
        for name, path, baseline in (
            ("CSV", csv, lambda: pd.read_csv(csv, dtype=str, encoding="utf-8-sig")),
            ("xlsx", xlsx, lambda: pd.read_excel(xlsx, dtype=object)),
        ):
            base = median_time(baseline, args.repeats)
            ours = median_time(lambda p=path: read_ledger(p), args.repeats)
            print(f"{name}, {args.rows:,} rows: pandas without checks {base:.2f} s; validating reader {ours:.2f} s; "
                  f"ratio {ours / base:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
