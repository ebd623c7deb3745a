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

from . import measures, pages, publicity, rounds
from .classes import rule_words
from .efficiency import DEFAULT_SETTINGS, INDICATORS, METHOD_NAMES
from .present import table_html
from .units import digits_for, fmt_pct, fmt_rank, fmt_value

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


def indicator_rows(firm: pd.Series, weights: dict, missing: str = "floor") -> pd.DataFrame:
    """The card's table: each indicator the firm's group is scored on, its value, weight and points; an item
    without data says how it was scored (``missing``: the settings' missing_points)."""
    rows = []
    blank = "未填报（按组内平均分计）" if missing == "group_average" else "未填报（按最低分计）"
    for key, (name, unit) in INDICATORS.items():
        if key not in weights:
            continue
        points = firm.get(f"{name}得分")
        value = firm.get(name)
        shown = blank if value is None or (isinstance(value, float) and math.isnan(value)) else _value(value, unit)
        rows.append({"指标": name, "单位": "" if unit == "%" else unit, "本企业数值": shown,
                     "权重（分）": f"{weights[key]:g}", "得分": _value(points, "")})
    adjust = firm.get("加减分")
    if adjust is not None and adjust == adjust and adjust:
        reason = str(firm.get("加减分原因") or "")
        rows.append({"指标": f"加减分（{reason}）" if reason else "加减分", "单位": "分", "本企业数值": "", "权重（分）": "",
                     "得分": f"{adjust:+.2f}"})
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
    text = (f"评价结果：{grade}类。综合得分{firm['总分']:.2f}分，在{group}企业中排第{int(firm['排名'])}名"
            f"（{group}企业{len(peers)}家参评，{ranked}家排名）")
    industry = str(firm.get("行业") or "")
    if industry and "行业" in peers:
        same = peers[(peers["行业"] == industry) & peers["排名"].notna()]
        if len(same) > 1:
            place = 1 + int((same["总分"] > firm["总分"]).sum())
            text += f"；在{industry}行业{group}企业中排第{place}名（共{len(same)}家）"
    return text + "。"


def history_words(row: dict | None, year: int) -> str:
    """The firm's class in earlier rounds and the change from last year, in one line ('' without history)."""
    if not row or row.get(f"{year}年（本轮）") not in rounds.GRADES:
        return ""
    past = [f"{k[:-1]}年{v}{'类' if v in rounds.GRADES else ''}" for k, v in row.items()
            if k.endswith("年") and k[:-1].isdigit() and v != "—"]
    if not past:
        return "历年等级：此前没有评价记录（本轮首次参评）。"
    change = row.get("变动", "")
    run = row.get("连续同级年数", 0)
    tail = f"，较上年{change}" if change in ("升级", "降级", "持平") else ""
    if run and run > 1:
        tail += f"，已连续{int(run)}年为{row.get(f'{year}年（本轮）')}类"
    return f"历年等级：{'、'.join(past)}{tail}。"


def measure_words(firm: pd.Series, row: dict | None, costs: list[dict], settings: dict) -> str:
    """The 差别化 measures for the firm's class and years in it, with the priced cost where there is one."""
    grade = firm["等级"]
    if grade not in rounds.GRADES:
        return ""
    years = int((row or {}).get("连续同级年数") or 1)
    items = measures.firm_measures(grade, years, settings)
    if not items:
        return f"适用的差别化措施：{grade}类企业本轮无专门措施。"
    parts = []
    for m in items:
        std = f"{m['amount']:g}{m['unit']}" if m.get("amount") is not None else ""
        parts.append(f"{m['name']}{(' ' + std) if std else ''}（{measures.years_words(m)}{grade}类；"
                     f"依据：{m['source']}，{measures.STATUS_WORDS[m['status']]}）")
    text = "适用的差别化措施：" + "；".join(parts) + "。"
    for c in costs:
        cost = c["年度加价万元"]
        shown = "无法测算" if cost != cost else fmt_value(cost, "万元", 2) if cost >= 1 else f"{cost * 1e4:,.0f}元"
        text += f"按台账年用量测算，{c['措施']}年度加价{shown}" + (f"（{c['说明']}）" if c["说明"] else "") + "。"
    return text


def change_words(change: dict | None) -> str:
    """What the objections changed for this firm, from the 公示 to the approved result."""
    if not change:
        return ""
    rank = change.get("审定排名")
    where = f"，组内排第{int(rank)}名" if rank is not None and rank == rank else ""
    return (f"经公示和异议处理，审定结果为{change['审定等级']}类（公示时为{change['公示等级']}类，总分"
            f"{_value(change['公示总分'], '')}分，审定为{_value(change['审定总分'], '')}分{where}）。原因：{change['原因']}。")


def card(firm: pd.Series, result: pd.DataFrame, settings: dict, history: dict | None = None,
         costs: list[dict] | None = None, year: int | None = None, change: dict | None = None,
         objection: str = "") -> str:
    """One firm's card as HTML; every text from the ledger is escaped.  ``history`` is the firm's row of the
    class history, ``costs`` its priced measures, ``change`` its row of the approval's changes, ``objection``
    how to object (with the window's dates)."""
    settings = {**DEFAULT_SETTINGS, **settings}
    group = firm["评价组"] or ""
    weights = settings["weights"] if group == "规上" else settings["small_firm_weights"]
    land = firm.get("用地亩")
    shown_land = f"{_value(land, '亩')}亩" if land == land and land else "未填报"
    facts = f"企业代码：{firm['企业代码']}　评价组：{group or '（不参评）'}　用地：{shown_land}"
    parts = [f'<section class="card"><h2>{html.escape(str(firm["企业名称"]))}：亩均效益综合评价结果告知书</h2>',
             f"<p>{html.escape(facts)}</p>", f'<p class="verdict"><b>{html.escape(verdict(firm, result))}</b></p>']
    if change:
        parts.append(f"<p><b>{html.escape(change_words(change))}</b></p>")
    if group:
        parts.append(table_html(indicator_rows(firm, weights, settings["missing_points"]), text_columns=("指标", "单位")))
        why = str(firm.get("定级依据") or "")
        if why:
            parts.append(f"<p>定级依据：{html.escape(why)}。</p>")
        parts.append(f"<p>评分方法：{html.escape(METHOD_NAMES[settings['method']])}，按{html.escape(group)}企业的权重计分；"
                     f"分档：{html.escape(rule_words(settings))}</p>")
    lines = [history_words(history, year or 0), rounds.next_class(firm, result, settings) if group else "",
             measure_words(firm, history, costs or [], settings)]
    parts += [f"<p>{html.escape(line)}</p>" for line in lines if line]
    tail = objection or "如对评价结果或所用数据有异议，请在公示期内提出书面意见并附证明材料；逾期未提出的，视为无异议。"
    parts.append(f'<p class="note">所用数据为企业台账填报数。{html.escape(tail)}</p></section>')
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
    hist = res["class_history"]
    by_code = {} if hist is None else {r["企业代码"]: r for r in hist.to_dict("records")}
    cost = res["measure_costs"]
    cost_by = {} if cost is None else {code: g.to_dict("records") for code, g in cost.groupby("企业代码")}
    rs = manifest["settings"].get("round") or {}
    moved = res["round_changes"] if rs.get("approval_reference") else None
    change_by = {} if moved is None else {r["企业代码"]: r for r in moved.to_dict("records")}
    objection = "" if rs.get("approval_reference") else publicity.objection_words(rs)
    stage = "审定结果" if rs.get("approval_reference") else "公示结果"
    body = (f"<h1>{title}</h1><p>共{len(result)}家企业，每家一页，可直接打印分送。本告知书按{stage}出具。</p>"
            + "".join(card(firm, result, settings, by_code.get(firm["企业代码"]), cost_by.get(firm["企业代码"]),
                           res.round_year, change_by.get(firm["企业代码"]), objection) for _, firm in order.iterrows()))
    return pages.shell(title, f"<style>{CARD_CSS}</style>{body}", manifest, note=False, footer=issuer(res))


def issuer(res) -> str:
    """The footer of a document sent to firms: the issuing body and office, and the date it was made."""
    from .headline import issued_on

    manifest = res.bundle.manifest
    rs = manifest["settings"].get("round") or {}
    office = f"（{rs['office']}）" if rs.get("office") else ""
    return f"{manifest['settings']['report']['unit']}{office}　{issued_on(manifest['settings']['report'], manifest)}"


PUBLICITY_FILE = "亩均评价公示.html"
LISTS_FILE = "亩均评价公示名单.xlsx"
LIST_COLUMNS = {"企业名称": "企业名称", "行业": "行业", "等级": "等级", "总分": "总分", "排名": "组内排名", "定级依据": "定级依据"}


def group_lists(result: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """The lists to publish, one per 评价组 (规上, 规下), best first, then 不定等级 firms: 企业名称, 等级, 总分,
    组内排名, 定级依据."""
    lists = {}
    for group in ("规上", "规下"):
        firms = result[result["评价组"] == group]
        if firms.empty:
            continue
        firms = firms.assign(_r=firms["排名"].astype(float)).sort_values(["_r", "企业代码"], kind="stable",
                                                                       na_position="last")
        cols = [c for c in LIST_COLUMNS if c in firms.columns]
        t = firms[cols].rename(columns=LIST_COLUMNS).reset_index(drop=True)
        t["组内排名"] = t["组内排名"].astype("Int64")
        lists[f"{group}企业"] = t
    return lists


def _list_html(t: pd.DataFrame) -> str:
    shown = t.assign(总分=t["总分"].map(lambda v: _value(v, "")), 组内排名=t["组内排名"].map(fmt_rank))
    return table_html(shown, text_columns=("企业名称", "行业", "等级", "定级依据"))


def changes_table(moved: pd.DataFrame) -> pd.DataFrame:
    """The approval's changes for a reader: scores to two decimals, ranks whole, no codes."""
    return moved.drop(columns=["企业代码"]).assign(
        公示总分=moved["公示总分"].map(lambda v: _value(v, "")), 审定总分=moved["审定总分"].map(lambda v: _value(v, "")),
        公示排名=moved["公示排名"].map(fmt_rank), 审定排名=moved["审定排名"].map(fmt_rank))


def publicity_document(res) -> str:
    """亩均评价公示.html, in two parts that print on their own pages: 一、the notice with its window and the lists
    by group as published; 二、(once objections are in or the round is approved) the objection log, the classes
    changed on rescoring, the approval and the approved lists.  Every name from a ledger is escaped."""
    published = res["efficiency_published"]
    manifest = res.bundle.manifest
    title = "企业亩均效益综合评价结果公示及审定"
    if published is None or published.empty:
        return pages.shell(title, f"<h1>{title}</h1><p>本期未提供企业台账，没有评价结果。</p>", manifest, note=False)
    rs = manifest["settings"].get("round") or {}
    unit = manifest["settings"]["report"]["unit"]
    when = f"（{publicity.date_words(rs['window_start'])}发布）" if rs.get("window_start") else ""
    parts = [f"<h1>{title}</h1>", f"<h2>一、评价结果公示{when}</h2>",
             f"<p>{html.escape(publicity.notice(rs, unit, res.round_year, with_approval=False))}</p>",
             f"<p>{html.escape(rule_words(res.scoring_settings()))}</p>"]
    for name, t in group_lists(published).items():
        parts.append(f"<h3>{html.escape(name)}（{len(t)}家）</h3>{_list_html(t)}")
    log = res["objection_log"]
    approved = bool(rs.get("approval_reference"))
    if (log is not None and not log.empty) or approved:
        day = f"（{publicity.date_words(rs['approval_date'])}）" if approved else ""
        parts.append(f'<section class="part2"><h2>二、异议处理与审定结果{day}</h2>')
        if log is not None and not log.empty:
            parts.append(f"<p>{html.escape(publicity.log_sentence(log))}</p>")
            parts.append(table_html(log.drop(columns=["企业代码"]),
                                    text_columns=("企业名称", "收到日期", "异议事项", "证明材料", "更正内容", "是否逾期",
                                                  "处理结果", "审定文号", "计入重新计分")))
        moved = res["round_changes"]
        if moved is not None and not moved.empty:
            parts.append("<h3>按采纳的更正重新计分后的变化</h3>")
            parts.append(table_html(changes_table(moved), text_columns=("企业名称", "评价组", "公示等级", "审定等级", "原因")))
        if approved:
            parts.append(f"<p><b>{html.escape(publicity.approval_words(rs, res['round_final']))}</b></p>")
            for name, t in group_lists(res["round_final"]).items():
                parts.append(f"<h3>审定名单：{html.escape(name)}（{len(t)}家）</h3>{_list_html(t)}")
        parts.append("</section>")
    style = "<style>.part2{break-before:page;page-break-before:always}</style>"
    return pages.shell(title, style + "".join(parts), manifest, note=False, footer=issuer(res))


def write_lists(res, path) -> None:
    """亩均评价公示名单.xlsx: one sheet per group as published, and the approved list once approved."""
    from . import xlsx

    result = res["efficiency_published"]
    unit = res.bundle.manifest["settings"]["report"]["unit"]
    if result is None or result.empty:
        xlsx.write_tables({"说明": (pd.DataFrame({"说明": ["本期未提供企业台账，没有评价结果。"]}), {})}, path, None,
                          title=f"{unit}　{res.round_year}年度企业亩均效益综合评价结果")
        return
    sheets = {f"公示名单（{k}）": (t, {"总分": "#,##0.00", "组内排名": "#,##0"}) for k, t in group_lists(result).items()}
    rs = res.bundle.manifest["settings"].get("round") or {}
    if rs.get("approval_reference"):
        for k, t in group_lists(res["round_final"]).items():
            sheets[f"审定名单（{k}）"] = (t, {"总分": "#,##0.00", "组内排名": "#,##0"})
    notice = ("⚠ 示例数据：本名单中的企业和数据为合成的演示数据，不得作为正式数据引用。" if res.bundle.demo else None)
    xlsx.write_tables(sheets, path, notice, title=f"{unit}　{res.round_year}年度企业亩均效益综合评价结果")
