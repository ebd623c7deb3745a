"""Monthly progress against the annual targets (METHODS.md §1).

``kpi_table`` joins the catalogue's monthly indicators with the year-to-date actuals of one
period and computes, per indicator: 累计同比增速, 目标完成率, 序时进度, 进度差, status,
what is still needed (total, per remaining month, as growth over last year's remaining
months) and full-year projections (run-rate and, with last year's figures, seasonal).

Two kinds of indicator are judged differently:

* flow (产值, 营收, 税收, 新开工 …: amounts accumulated during the year): 完成率 = A / T,
  compared with 序时进度;
* stock (规上企业数量, 在建项目, 在谈项目: a level at the month's end): progress is the share of
  the planned increase achieved, (A − B) / (T − B), where B is the 2024 base; 完成率 A / T is
  shown alongside.  Stocks are listed in ``STOCKS``;
* milestone (节点: 签约6个, 省级孵化器1家 …: counts of at most ``milestone_max`` that arrive one
  at a time): 已完成 or 未完成 with the count reached; judging a 1-unit target against
  序时进度 would call it "behind" for eleven months, so milestones are not given a 进度差.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from . import growth, units
from .catalogue import STOCKS, Catalogue, Indicator  # noqa: F401 (STOCKS: judged by 增量进度)
from .period import Period

NOT_REPORTED = "未填报"
DONE = "已完成"
OPEN = "未完成"
COUNT_UNITS = ("家", "个")
STATUS_ORDER = {growth.STATUS_BEHIND: 0, growth.STATUS_ON: 1, growth.STATUS_AHEAD: 2, OPEN: 3, DONE: 4,
                NOT_REPORTED: 5}


# the kpi table's column names as pages and the workbook show them (one display name per column)
KPI_HEADERS = {"全年预测_按进度": "全年预测（按进度）", "全年预测_按季节": "全年预测（按上年季节规律）",
               "进度差": "进度差（个百分点）"}

def base_of(ind: Indicator) -> float | None:
    """The 2024 base: target − stated increment where given, else target / (1 + growth)."""
    if ind.value is None:
        return None
    if ind.increment is not None:
        return float(ind.value - ind.increment)
    if ind.growth is not None:
        return float(growth.implied_base(ind.value, ind.growth))
    return None


def category(ind: Indicator, milestone_max: float = 6) -> str:
    """累计 (flow), 存量 (stock) or 节点 (milestone) — see the module docstring."""
    if ind.id in STOCKS:
        return "存量"
    if ind.unit in COUNT_UNITS and ind.value is not None and ind.value <= milestone_max:
        return "节点"
    return "累计"


def ledger_note(manifest: dict, cat: Catalogue) -> str:
    """Which monthly figures were taken from a ledger (one fact, one source; see ``analysis.reconcile``)."""
    derived = manifest.get("derived_from_ledgers") or {}
    by_label: dict[str, list[str]] = {}
    for ind_id, label in derived.items():
        by_label.setdefault(label, []).append(cat.get(ind_id).name)
    parts = [f"{'、'.join(names)}取自{label}" for label, names in by_label.items()]
    return ("注：" + "；".join(parts) + "，与专题页使用同一来源。") if parts else ""


def needed_per_month(target, ytd, month: int, unit: str) -> float:
    """What each remaining month must add on average; a count (家, 个) is rounded up, since 4 a month
    for 9 still needed in 2 months falls short (4 × 2 = 8): 5."""
    pace = growth.needed_monthly_pace(target, ytd, month)
    return float(np.ceil(pace - 1e-9)) if unit in COUNT_UNITS and not np.isnan(pace) else pace


def kpi_table(cat: Catalogue, actuals: pd.DataFrame, period: str, *, method: str = "months",
              tolerance_pp: float = 1.0, milestone_max: float = 6) -> pd.DataFrame:
    """One row per monthly indicator for ``period``, laggards first.

    Columns (figures in the indicator's own unit, rates as fractions, gaps in 个百分点):
    id, 指标, 分组, 单位, 类别, 年度目标, 目标增幅, 本年累计, 上年同期累计, 同比增速, 增速来源,
    完成率, 进度, 序时进度, 进度差, 状态, 增速状态, 还需完成, 剩余月均需完成, 剩余月份需增速,
    全年预测_按进度, 全年预测_按季节, 预测完成率.
    """
    year, month = growth.parse_period(period)
    tp = growth.time_progress(period, method)
    now = actuals[actuals["period"] == period].set_index("id") if len(actuals) else pd.DataFrame()
    rows = []
    for ind in cat.monthly():
        rec = now.loc[ind.id] if ind.id in now.index else None
        a = _num(rec, "ytd")
        ly = _num(rec, "ytd_last")
        lf = _num(rec, "last_full")
        og = _num(rec, "official_growth")
        t = float(ind.value)
        kind = category(ind, milestone_max)
        stock, milestone = kind == "存量", kind == "节点"
        b = base_of(ind)
        yoy = og if not np.isnan(og) else growth.ytd_growth(a, ly)
        comp = growth.completion_rate(a, t, ind.direction or "higher")
        if stock and b is not None and t != b:
            prog = (a - b) / (t - b)
        else:
            prog = comp
        gap = growth.progress_gap(prog, tp) if not milestone else np.nan
        if np.isnan(a):
            status = NOT_REPORTED
        elif milestone:
            status = DONE if a >= t else OPEN
        else:
            status = growth.progress_status(gap, tolerance_pp)
        remaining = t - a if not np.isnan(a) else np.nan
        flow = kind == "累计"
        rr = growth.projection_run_rate(a, month) if flow else np.nan
        seas = growth.projection_seasonal(a, ly, lf) if flow else np.nan
        proj = seas if not np.isnan(seas) else rr
        rows.append({
            "id": ind.id, "指标": ind.name, "分组": ind.group, "单位": ind.unit,
            "类别": kind,
            "年度目标": t, "目标增幅": ind.growth if ind.growth is not None else np.nan,
            "本年累计": a, "上年同期累计": ly, "同比增速": yoy,
            "增速来源": "" if np.isnan(yoy) else ("官方" if not np.isnan(og) else "推算"),
            "完成率": comp, "进度": prog, "序时进度": tp, "进度差": gap,
            "状态": status,
            "增速状态": (growth.growth_status(yoy, ind.growth, tolerance_pp)
                     if ind.growth is not None and not np.isnan(yoy) else ""),
            "还需完成": max(remaining, 0.0) if not np.isnan(remaining) else np.nan,
            "剩余月均需完成": (needed_per_month(t, a, month, ind.unit)
                               if flow and not np.isnan(a) and remaining > 0 else np.nan),
            "剩余月份需增速": (growth.needed_growth(t, a, lf - ly)
                        if flow and not np.isnan(lf) and not np.isnan(ly) and month < 12 else np.nan),
            "全年预测_按进度": rr, "全年预测_按季节": seas,
            "预测完成率": proj / t if not np.isnan(proj) else np.nan,
        })
    df = pd.DataFrame(rows)
    order = df["状态"].map(STATUS_ORDER)
    df = df.assign(_o=order).sort_values(["_o", "进度差"], kind="stable").drop(columns="_o")
    return df.reset_index(drop=True)


def _num(rec, key) -> float:
    if rec is None or key not in rec.index:
        return np.nan
    v = rec[key]
    try:
        return float(v)
    except (TypeError, ValueError):
        return np.nan


def period_label(period: str) -> str:
    """'2025-10' → '2025-10（1-10月累计）', the way a year-to-date report is titled."""
    return Period.parse(period).label


def status_counts(kpi: pd.DataFrame) -> dict:
    """How many indicators are ahead, on, behind, not reported."""
    return {s: int((kpi["状态"] == s).sum()) for s in STATUS_ORDER}


def progress_sentences(kpi: pd.DataFrame, period: str, max_items: int = 6) -> list[str]:
    """Plain Chinese sentences for leadership, generated from the KPI table."""
    _, month = growth.parse_period(period)
    c = status_counts(kpi)
    judged = c[growth.STATUS_AHEAD] + c[growth.STATUS_ON] + c[growth.STATUS_BEHIND]
    out = [f"截至{month}月底，序时进度为{units.fmt_pct(growth.time_progress(period))}。"
           f"按序时进度评价的{judged}项指标中，超序时进度{c[growth.STATUS_AHEAD]}项，"
           f"达到序时进度{c[growth.STATUS_ON]}项，滞后序时进度{c[growth.STATUS_BEHIND]}项；"
           f"节点型目标已完成{c[DONE]}项、未完成{c[OPEN]}项"
           + (f"；未填报{c[NOT_REPORTED]}项。" if c[NOT_REPORTED] else "。")]
    behind = kpi[kpi["状态"] == growth.STATUS_BEHIND].head(max_items)
    for r in behind.to_dict("records"):
        u = r["单位"]
        d = units.default_digits(u)
        s = (f"{r['指标']}滞后：本年累计{units.fmt_value(r['本年累计'], u, d)}，"
             f"{'增量进度' if r['类别'] == '存量' else '完成率'}{units.fmt_pct(r['进度'])}，"
             f"落后序时进度{abs(r['进度差']):.1f}个百分点")
        if not np.isnan(r["剩余月均需完成"]):
            s += (f"；全年还需完成{units.fmt_value(r['还需完成'], u, d)}，"
                  f"剩余{12 - month}个月月均需完成{units.fmt_value(r['剩余月均需完成'], u, d)}")
            if not np.isnan(r["剩余月份需增速"]):
                s += f"，即比上年同期增长{units.fmt_pct(r['剩余月份需增速'])}"
        elif not np.isnan(r["还需完成"]) and r["还需完成"] > 0:
            s += f"；距目标还差{units.fmt_value(r['还需完成'], u, d)}"
        out.append(s + "。")
    growth_behind = kpi[(kpi["增速状态"] == growth.GROWTH_BELOW) & (kpi["状态"] != growth.STATUS_BEHIND)]
    if len(growth_behind):
        names = "、".join(f"{r['指标']}（{units.fmt_pct(r['同比增速'])}，目标{units.fmt_pct(r['目标增幅'])}）"
                         for r in growth_behind.to_dict("records"))
        out.append(f"完成率虽不落后，但累计增速低于目标增幅的有：{names}。")
    ahead = kpi[kpi["状态"] == growth.STATUS_AHEAD]
    if len(ahead):
        out.append("超序时进度的有：" + "、".join(ahead["指标"].head(max_items)) + "。")
    still_open = kpi[kpi["状态"] == OPEN]
    if len(still_open):
        out.append("尚未完成的节点型目标：" + "、".join(
            f"{r['指标']}（{r['本年累计']:g}/{r['年度目标']:g}{r['单位']}）" for r in still_open.to_dict("records")) + "。")
    return out


def trend(actuals: pd.DataFrame, indicator_id: str, through: str) -> pd.DataFrame:
    """Year-to-date series of one indicator in ``through``'s year up to its month: month, 本年累计,
    上年同期累计 (another year's months never appear as this year's)."""
    period = actuals["period"].astype(str)
    df = actuals[(actuals["id"] == indicator_id) & (period <= through)
                 & (period.str.slice(0, 4) == through[:4])].sort_values("period")
    return pd.DataFrame({"月份": [int(p[5:]) for p in df["period"]],
                         "本年累计": df["ytd"].astype(float).to_numpy(),
                         "上年同期累计": df["ytd_last"].astype(float).to_numpy()})
