"""One fact, one source: a figure that a ledger carries is taken from the ledger (DESIGN.md).

The monthly file and a ledger can both carry the same fact: 收回盘活闲置土地 (the 五未 parcel
ledger's disposals) and the counts of 低效企业 清退 / 整改提升 已完成 (the progress table).  When
the ledger is there, the monthly figure for every month of the year up to the report period is
derived from it, so the summary, the land page and the workbook show one number.  A figure the
analyst also typed in the monthly file that disagrees with the ledger is reported in 数据质量 with
both values and where they came from; the ledger's is used.

A ledger of 示例数据 never overrides real monthly figures (the real figure stays; the page built
on the demo ledger says 示例数据).
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from . import land, projects, registry
from .catalogue import Catalogue
from .validation import Quality
from .period import Period

FACTS = registry.fact_source()   # monthly indicator → the processed table that carries it (registry.LEDGERS)
DISPOSITION = {"low_efficiency_exit": "清退", "low_efficiency_rectify": "整改提升"}


def ledger_value(indicator_id: str, table: pd.DataFrame, as_of: str, period: str,
                 memo: dict | None = None) -> float:
    """The indicator's year-to-date value at the end of month ``as_of`` according to its ledger.

    收回盘活: 亩 disposed in the year up to ``as_of`` (``land.recovery_by_month``, as the land page).
    清退 / 整改提升: firms 已完成 with a 完成时间 up to ``as_of`` (an earlier year included, as on the
    land page's progress table); one 已完成 without a date (warned when read) counts from the report
    ``period`` only.
    """
    if FACTS[indicator_id] == "projects":   # all of a month's project counts at once (``memo`` keeps them)
        memo = {} if memo is None else memo
        if as_of not in memo:
            memo[as_of] = projects.ledger_values(table, as_of)
        return memo[as_of][indicator_id]
    if indicator_id == "onboarding_target":
        return projects.onboarded_in_year(table, as_of)
    if indicator_id == "land_recovery_target":
        return float(land.recovery_by_month(table, as_of)["累计处置亩"].iloc[-1])
    done = table[(table["处置意见"] == DISPOSITION[indicator_id]) & (table["进展"] == "已完成")]
    month = done["完成时间"].astype(str).str.slice(0, 7)
    dated = (month != "") & (month <= as_of)
    undated = (month == "") & (as_of == period)
    return float((dated | undated).sum())


UNFILLED = {  # what a ledger nobody has filled in yet is said to lack, and which figures it would carry
    "low_efficiency_status": "尚未填写任何进展：清退、整改提升完成数",
    "projects": "尚未填写任何日期：招商、项目建设相关月度指标",
    "onboarding": "尚未填写任何日期：拟培育入统规上企业数",
}


def filled(table_name: str, table: pd.DataFrame) -> bool:
    """Whether a ledger carries any fact yet (a list of names with no progress or dates is not a source
    of "0 done")."""
    if table_name == "low_efficiency_status":
        return not (table["进展"] == "未更新").all()
    if table_name == "projects":
        return bool((table[list(projects.STAGES) + ["终止"]].astype(str) != "").any(axis=None)
                    or (table[[f"m{m}" for m in range(1, 13)]] > 0).any(axis=None))
    if table_name == "onboarding":
        return bool((table[["pooled", "eligible", "onboarded"]].astype(str) != "").any(axis=None))
    return True


def reconcile(actuals: pd.DataFrame, tables: dict, ledgers: dict[str, tuple[Path, bool]], period: str,
              cat: Catalogue, quality: Quality, actuals_demo: bool) -> tuple[pd.DataFrame, dict]:
    """The monthly figures with ledger-carried facts taken from their ledgers.

    ``ledgers`` maps a processed table name to (its file, whether it is 示例数据).  Returns the new
    frame and {indicator id: ledger label} for the facts that were derived (recorded in the manifest).
    """
    # the months of the year the monthly files report (a month with no monthly file stays without data)
    periods = sorted({p for p in actuals["period"].astype(str) if Period.parse(period).in_year(p)})
    out = actuals.copy()
    added, derived, memo = [], {}, {}
    for ind_id, table_name in FACTS.items():
        if table_name not in ledgers or table_name not in tables:
            continue
        path, ledger_demo = ledgers[table_name]
        if ledger_demo and not actuals_demo:
            continue   # demo ledger, real monthly figures: the real figure stays
        if not filled(table_name, tables[table_name]):   # said once per ledger, at its first fact
            if ind_id == next(i for i, t in FACTS.items() if t == table_name):
                carried = [i for i, t in FACTS.items() if t == table_name]
                typed = out[out["id"].isin(carried)]["ytd"].notna().any()
                quality.warn(path, f"{registry.LEDGER[table_name].label}{UNFILLED[table_name]}" + ("按月报填报" if typed else "本期未填报"))
            continue
        ind, label = cat.get(ind_id), registry.LEDGER[table_name].label
        derived[ind_id] = label
        for p in periods:
            value = ledger_value(ind_id, tables[table_name], p, period, memo)
            mask = (out["id"] == ind_id) & (out["period"] == p)
            if mask.any():
                rec = out[mask].iloc[0]
                typed = rec["ytd"]
                if typed is not None and typed == typed and abs(float(typed) - value) > 1e-9:
                    file, row = str(rec["source"]).rsplit(":", 1)
                    quality.warn(file, f"{ind.name} {p} 月报填 {float(typed):g}{ind.unit}，{label}（{path.name}）为 "
                                       f"{value:g}{ind.unit}：采用{label}的数（一个数只取一个来源）",
                                 row=int(row), column="本年累计")
                out.loc[mask, "ytd"] = value
                out.loc[mask, "source"] = f"{path.name}（{label}）"
            else:
                added.append({"id": ind_id, "period": p, "ytd": value, "ytd_last": np.nan, "last_full": np.nan,
                              "official_growth": np.nan, "note": "", "source": f"{path.name}（{label}）"})
    if added:
        out = pd.concat([out, pd.DataFrame(added)], ignore_index=True)
    out = out.sort_values(["period", "id"], kind="stable").reset_index(drop=True)
    return out, derived
