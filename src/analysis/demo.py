"""Deterministic synthetic inputs (示例数据) for demonstrations and tests.

Nothing here is a real statistic.  The monthly actuals are built around the 2024 bases the
document implies (目标 / (1 + 增幅)), with a fixed seasonal shape and fixed growth
assumptions chosen so that some indicators run ahead of 序时进度 and some behind.
Everything written goes under ``data/raw/demo/``; every report built on it says 示例数据.
Run ``analysis demo`` (or ``make demo``) to regenerate; the output is byte-identical.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from . import growth, paths
from .catalogue import Catalogue, load_catalogue

SEED = 2025
DEMO_MONTHS = 10  # 2025-01 … 2025-10
# share of the annual total reached in each month (sums to 1): slow January/February (春节), strong December
SEASON = np.array([0.055, 0.060, 0.082, 0.083, 0.085, 0.090, 0.082, 0.083, 0.088, 0.090, 0.095, 0.107])

# Flow indicators: (2025 growth the demo assumes, 2024 annual figure where the document gives no growth).
FLOW_ASSUMPTIONS = {
    "industrial_output": (0.21, None),   # ahead of the 18.6% target
    "revenue": (0.17, None),             # behind the 20% target
    "tax": (0.36, None),                 # behind the 47.6% target
    "fixed_investment": (0.24, None),
    "trade": (0.09, None),               # behind the 12% target
    "hightech_output": (0.16, 19.0),     # 2024 figure invented for the demo
    "emerging_output": (0.12, 6.2),      # 2024 figure invented for the demo
}
# Count and area indicators: cumulative reported value at the end of each month 1…10 (this year),
# and last year's value at the same month where a series makes sense.
STOCK_PATHS = {
    "above_scale_firms": ([45, 46, 46, 47, 47, 48, 48, 48, 49, 49], [40, 40, 41, 41, 42, 42, 43, 43, 44, 44]),
    "new_projects_started": ([0, 1, 3, 5, 6, 8, 9, 10, 11, 12], [0, 1, 2, 4, 5, 6, 7, 8, 9, 10]),
    "projects_under_construction": ([14, 15, 16, 17, 18, 18, 19, 19, 20, 21],
                                    [12, 12, 13, 14, 14, 15, 15, 16, 16, 16]),
    "projects_completed": ([0, 0, 1, 2, 3, 5, 6, 7, 8, 9], [0, 0, 1, 2, 3, 4, 5, 6, 8, 9]),
    "fixed_investment_projects": ([8, 10, 13, 16, 18, 20, 22, 24, 25, 27], [7, 9, 12, 14, 16, 18, 19, 21, 23, 24]),
    "inv_negotiating": ([6, 8, 9, 11, 12, 14, 15, 16, 17, 18], None),
    "inv_signed": ([0, 1, 1, 2, 2, 3, 3, 4, 4, 5], None),
    "inv_landed": ([0, 0, 1, 1, 1, 2, 2, 3, 3, 3], None),
    "onboarding_target": ([4, 4, 4, 4, 4, 4, 5, 5, 5, 5], None),
    "low_efficiency_exit": ([0, 0, 0, 1, 1, 1, 2, 2, 2, 3], None),
    "low_efficiency_rectify": ([0, 0, 1, 2, 3, 4, 5, 6, 7, 8], None),
    "land_recovery_target": ([0, 0, 20, 20, 65, 65, 95, 115, 115, 145], None),
    "hightech_firms_new": ([0, 0, 0, 0, 0, 0, 2, 2, 2, 3], None),
    "incubators_new": ([0, 0, 0, 0, 0, 0, 0, 0, 0, 0], None),
    "specialised_firms_new": ([0, 0, 0, 0, 0, 2, 2, 2, 2, 2], None),
    "cluster_leaders_new": ([0, 0, 0, 0, 0, 0, 0, 1, 1, 1], None),
    "champions_new": ([0, 0, 0, 0, 0, 0, 0, 0, 0, 0], None),
    "little_giants_applied": ([0, 0, 0, 1, 1, 1, 1, 1, 1, 1], None),
}
LAST_FULL = {"inv_negotiating": 11, "inv_signed": 4, "inv_landed": 3}  # 2024 figures from the document


def demo_actuals(cat: Catalogue) -> pd.DataFrame:
    """Synthetic YTD actuals for 2025-01 … 2025-10 in the template's layout (one row per indicator, month)."""
    rng = np.random.default_rng(SEED)
    rows = []
    for ind in cat.monthly():
        if ind.id in FLOW_ASSUMPTIONS:
            g, base_2024 = FLOW_ASSUMPTIONS[ind.id]
            base = base_2024 if base_2024 is not None else growth.implied_base(ind.value, ind.growth)
            noise = 1 + rng.normal(0, 0.01, size=12)
            last_monthly = base * SEASON * noise / np.sum(SEASON * noise)
            this_monthly = last_monthly * (1 + g) * (1 + rng.normal(0, 0.015, size=12))
            ytd = np.cumsum(this_monthly)[:DEMO_MONTHS]
            ytd_last = np.cumsum(last_monthly)[:DEMO_MONTHS]
            for m in range(DEMO_MONTHS):
                rows.append(_row(ind, m + 1, round(ytd[m], 4), round(ytd_last[m], 4), round(base, 4)))
        elif ind.id in STOCK_PATHS:
            this, last = STOCK_PATHS[ind.id]
            for m in range(DEMO_MONTHS):
                rows.append(_row(ind, m + 1, this[m], None if last is None else last[m],
                                 LAST_FULL.get(ind.id)))
        else:
            raise KeyError(f"demo has no assumption for monthly indicator {ind.id}")
    return pd.DataFrame(rows)


def _num(v) -> str:
    """Text as an analyst would type it: counts as integers, amounts with 4 decimals."""
    if v is None:
        return ""
    if isinstance(v, (int, np.integer)):
        return str(int(v))
    return f"{v:.4f}"


def _row(ind, month, ytd, ytd_last, last_full):
    ytd, ytd_last, last_full = _num(ytd), _num(ytd_last), _num(last_full)
    return {"指标代码": ind.id, "指标名称": ind.name, "单位": ind.unit, "期间": f"2025-{month:02d}",
            "本年累计": ytd, "上年同期累计": ytd_last, "上年全年": last_full, "官方增速%": None,
            "备注": "示例数据"}


def write_demo(root: Path | None = None) -> list[Path]:
    """Write every demo file under data/raw/demo/ and return their paths."""
    root = Path(root or paths.project_root())
    cat = load_catalogue(paths.targets_file(root))
    out_dir = paths.raw_dir(root) / "demo" / "actuals"
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    frame = demo_actuals(cat)
    for period, part in frame.groupby("期间", sort=True):
        path = out_dir / f"{period}.csv"
        part.to_csv(path, index=False, encoding="utf-8-sig", lineterminator="\n")
        written.append(path)
    return written
