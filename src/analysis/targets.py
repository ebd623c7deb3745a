"""The document's economic targets: stated growth, implied 2024 base, increment (METHODS §1)."""
from __future__ import annotations

import pandas as pd

from . import growth
from .catalogue import Catalogue

ECONOMIC_GROUP = "经济指标"


def targets_overview(cat: Catalogue, group: str = ECONOMIC_GROUP) -> pd.DataFrame:
    """Every target in ``group`` with a value: 目标, 增幅, 隐含基期 = 目标/(1+增幅), 增量, 占比.

    Figures stay in the document's unit (亿元, 家, 个); growth and share as fractions.
    """
    rows = []
    for i in cat.indicators:
        if i.group != group or i.kind != "target" or i.value is None:
            continue
        # a stated increment gives a whole base (规上企业 51 − 6 = 45, not 51 ÷ 1.13 = 45.13)
        base = (float(i.value - i.increment) if i.increment is not None
                else growth.implied_base(i.value, i.growth) if i.growth is not None else None)
        rows.append({
            "指标": i.name, "单位": i.unit, "2025年目标": float(i.value),
            "增幅": i.growth, "2024年隐含基期": base,
            "增量": (i.value - base) if base is not None else None,
            "文件所列新增": i.increment,
            "占比": i.share, "占比口径": i.share_of or "",
            "隐含总量": growth.implied_total(i.value, i.share) if i.share is not None else None,
            "原文": i.quote, "id": i.id,
        })
    return pd.DataFrame(rows)


def money_targets(overview: pd.DataFrame, unit: str = "亿元") -> pd.DataFrame:
    """The rows of ``overview`` stated in ``unit`` that have an implied base (for the base-vs-target chart)."""
    return overview[(overview["单位"] == unit) & overview["2024年隐含基期"].notna()].reset_index(drop=True)


def target_sentences(overview: pd.DataFrame) -> list[str]:
    """Plain Chinese sentences from the overview: each growth target with its implied base and increment."""
    from . import units

    out = []
    for r in overview.to_dict("records"):
        if pd.isna(r["增幅"]):
            continue
        unit, target = r["单位"], r["2025年目标"]
        d = units.default_digits(unit)
        if unit == "亿元" and round(target, 2) != target:
            d = 3  # keep the document's 2.736
        base, inc = r["2024年隐含基期"], r["增量"]
        if d == 0:   # counts: whole, or one decimal when the implied base is not whole (12.5家)
            shown_base, shown_inc = units.digits_for(base, unit), units.digits_for(inc, unit)
        else:
            shown_base = shown_inc = max(d, 2)
        about = "" if d == 0 and float(base) == round(float(base)) else "约"
        out.append(
            f"{r['指标']}：目标 {units.fmt_doc(target, unit)}，增幅 {units.fmt_pct(r['增幅'])}，"
            f"倒推2024年基期{about} {units.fmt_value(base, unit, shown_base)}，"
            f"需新增{about} {units.fmt_value(inc, unit, shown_inc)}。")
    return out


def count_targets(overview: pd.DataFrame) -> pd.DataFrame:
    """The rows of ``overview`` counted in 家 or 个 that have an implied base (for the count chart)."""
    return overview[overview["单位"].isin(["家", "个"]) & overview["2024年隐含基期"].notna()].reset_index(drop=True)
