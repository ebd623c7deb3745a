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


def catalogue_sheet(bundle: Bundle):
    return bundle.tables["targets"], {}


SHEETS = [
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
