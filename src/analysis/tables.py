"""The main tables of the briefings, as one Excel workbook (reports/<period>/tables.xlsx).

Each entry computes its table with the same helper the notebook uses, so the workbook and
the HTML always agree.
"""
from __future__ import annotations

from pathlib import Path

from . import xlsx
from .sources import Bundle


def target_sheet(bundle: Bundle):
    from .targets import targets_overview

    return targets_overview(bundle.catalogue), {"增幅": "0.0%", "2024年隐含基期": "#,##0.00",
                                                 "2025年目标": "#,##0.00", "增量": "#,##0.00"}


def kpi_sheet(bundle: Bundle):
    from .progress import kpi_table

    kpi = kpi_table(bundle.catalogue, bundle.tables["actuals"], bundle.period)
    pct = "0.0%"
    return kpi.drop(columns=["id"]), {"目标增幅": pct, "同比增速": pct, "完成率": pct, "进度": pct,
                                      "序时进度": pct, "进度差": "0.0", "剩余月份需增速": pct,
                                      "预测完成率": pct, "本年累计": "#,##0.00", "上年同期累计": "#,##0.00",
                                      "还需完成": "#,##0.00", "剩余月均需完成": "#,##0.00",
                                      "全年预测_按进度": "#,##0.00", "全年预测_按季节": "#,##0.00"}


def catalogue_sheet(bundle: Bundle):
    return bundle.tables["targets"], {}


SHEETS = [
    ("月度进度", kpi_sheet),
    ("经济目标", target_sheet),
    ("目标目录", catalogue_sheet),
]


def write_workbook(bundle: Bundle, path: Path) -> Path:
    sheets = {}
    for name, func in SHEETS:
        df, formats = func(bundle)
        sheets[name] = (df, formats)
    xlsx.write_tables(sheets, path)
    return path
