"""评价结果告知书: one printed page per firm of the 亩均效益综合评价, for the zone to send each firm its result.

Each card says what the firm's class is and how it was reached: the firm's value of every indicator, the
weight and the points it earned, its 总分 and rank in its 评价组, the scoring method and the class rule, and
why a firm was not graded.  The cards are one self-contained HTML file (``评价结果告知书.html`` beside the
pages), made from the build's result tables like ``tables.xlsx``; each card starts a new printed page, and
a demo build says 示例数据 on every one.
"""
from __future__ import annotations

import html
import math

import pandas as pd

from . import pages
from .efficiency import INDICATORS, METHOD_NAMES
from .present import table_html
from .units import digits_for, fmt_pct, fmt_value

FILE = "评价结果告知书.html"
CARD_CSS = ".card{break-after:page;page-break-after:always}.card:last-of-type{break-after:auto}" \
           ".card .verdict{font-size:1.15em;margin:8px 0}.card .note{color:#5b6875;font-size:.9em}"


def _value(v, unit: str) -> str:
    """A value at the one precision of pages, 月报 and Excel (units.digits_for); a percentage kept to two
    decimals (研发经费投入强度 0.80%); points to two decimals, as the 总分 on the class lists."""
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return "—"
    if unit == "%":
        return fmt_pct(v, 2)
    if unit == "":
        return f"{v:,.2f}"
    return fmt_value(v, "", digits_for(v, unit))


def indicator_rows(firm: pd.Series, weights: dict) -> pd.DataFrame:
    """The card's table: each indicator the firm's group is scored on, its value, weight and points."""
    rows = []
    for key, (name, unit) in INDICATORS.items():
        if key not in weights:
            continue
        points = firm.get(f"{name}得分")
        rows.append({"指标": name, "单位": unit, "本企业数值": _value(firm.get(name), unit),
                     "权重（分）": f"{weights[key]:g}", "得分": _value(points, "")})
    total = firm.get("总分")
    rows.append({"指标": "合计", "单位": "", "本企业数值": "", "权重（分）": f"{sum(weights.values()):g}",
                 "得分": _value(total, "")})
    return pd.DataFrame(rows)


def verdict(firm: pd.Series, result: pd.DataFrame) -> str:
    """One sentence: the class, and where the firm stands in its group (or why it has no class)."""
    group = firm["评价组"] or ""
    peers = result[result["评价组"] == group] if group else result.iloc[0:0]
    ranked = int(peers["排名"].notna().sum())
    grade = firm["等级"]
    if pd.isna(firm.get("排名")) or grade not in ("A", "B", "C", "D"):
        why = firm.get("说明") or "未定等级"
        return f"评价结果：{'不定等级' if grade == '不定等级' else '不参评'}（{why}）。"
    return (f"评价结果：{grade}类。综合得分{firm['总分']:.2f}分，在{group}企业中排第{int(firm['排名'])}名"
            f"（{group}企业{len(peers)}家参评，{ranked}家排名）。")


def card(firm: pd.Series, result: pd.DataFrame, settings: dict) -> str:
    """One firm's card as HTML; every text from the ledger is escaped."""
    group = firm["评价组"] or ""
    weights = settings["weights"] if group == "规上" else settings["small_firm_weights"]
    sh = settings["class_cumulative_shares"]
    land = firm.get("用地亩")
    shown_land = f"{_value(land, '亩')}亩" if land == land and land else "未填报"
    facts = f"企业代码：{firm['企业代码']}　评价组：{group or '（不参评）'}　用地：{shown_land}"
    parts = [f'<section class="card"><h2>{html.escape(str(firm["企业名称"]))}：亩均效益综合评价结果告知书</h2>',
             f"<p>{html.escape(facts)}</p>", f'<p class="verdict"><b>{html.escape(verdict(firm, result))}</b></p>']
    if group:
        parts.append(table_html(indicator_rows(firm, weights), text_columns=("指标", "单位")))
        parts.append(f"<p>评分方法：{html.escape(METHOD_NAMES[settings['method']])}，按{html.escape(group)}企业的权重计分；"
                     f"分档：按组内总分排名，前{sh['A']:.0%}为A类，至{sh['B']:.0%}为B类，至{sh['C']:.0%}为C类，其余为D类"
                     "（同分同名次，归入较高档）。</p>")
    parts.append('<p class="note">本告知书由本期评价结果生成，所用数据为企业台账填报数。如对所用数据有异议，'
                 "请在公示期内提出书面意见并附证明材料。</p></section>")
    return "".join(parts)


def document(res) -> str:
    """Every firm's card, ordered by group, class and rank, as one page (a note if nothing was evaluated)."""
    result = res["efficiency"]
    manifest = res.bundle.manifest
    title = "亩均效益综合评价结果告知书"
    if result is None or result.empty:
        body = f"<h1>{title}</h1><p>本期未提供企业台账，没有评价结果。</p>"
        return pages.shell(title, body, manifest, note=False)
    settings = res.scoring_settings()
    order = result.assign(_g=result["评价组"].map({"规上": 0, "规下": 1}).fillna(2),
                          _r=result["排名"].astype(float)).sort_values(["_g", "_r", "企业代码"], kind="stable")
    body = (f"<h1>{title}</h1><p>共{len(result)}家企业，每家一页，可直接打印分送。</p>"
            + "".join(card(firm, result, settings) for _, firm in order.iterrows()))
    return pages.shell(title, f"<style>{CARD_CSS}</style>{body}", manifest, note=False)
