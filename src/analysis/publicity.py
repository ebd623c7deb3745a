"""公示 and objections of the 亩均 round: the window in working days, the objection log, rescoring, approval.

The round's dates are a settings file (``enterprises/round.yaml``: when the 公示 starts, how many working days
it lasts, the office that receives objections, the 领导小组's approval reference and date).  The window is
counted on China's official calendar (the ``chinese-calendar`` package: public holidays and the weekend days
worked in exchange), and a year the calendar does not cover is refused: a window counted without that year's
holidays would be wrong by days.  Published practice: 5 working days at 巢湖 and 蚌埠 (2021); after the
window 逾期视为无异议; an adjustment needs the 领导小组's approval.

Objections are a ledger (``enterprises/objections``): firm, date received, the objection, the evidence, the
ledger column it corrects and the corrected value, the decision and its approval reference.  An objection
received after the window is marked 逾期 and never applied.  :func:`rescore` applies the in-time corrections
that were accepted (采纳 / 部分采纳) and scores the round again; :func:`changes` sets the two results side by
side, naming the firms that moved because of their own correction and those that moved because another firm's
did.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd

from . import efficiency, units, validation
from .errors import InputError
from .period import chinese_date
from .validation import Column, Quality, Spec

ROUND_DEFAULTS = {"publicity_start": "", "working_days": 5, "office": "", "approval_reference": "",
                  "approval_date": ""}
DECISIONS = ("待处理", "采纳", "部分采纳", "不予采纳")
APPLIED = ("采纳", "部分采纳")

OBJECTIONS = Spec("异议登记表", (
    Column("企业代码", "code", "code", required=True, nonblank=True),
    Column("企业名称", "name"),
    Column("收到日期", "received", "date", required=True, nonblank=True),
    Column("异议事项", "reason", required=True, nonblank=True),
    Column("证明材料", "evidence"),
    Column("更正列", "field"),
    Column("更正值", "value"),
    Column("处理结果", "decision", "choice", required=True, nonblank=True, choices=DECISIONS),
    Column("审定文号", "approval"),
))


def correctable() -> dict[str, Column]:
    """The enterprise ledger's number columns an objection may correct, by header."""
    return {c.header: c for c in efficiency.LEDGER.columns if c.kind == "number"}


# ---------------------------------------------------------------- the calendar
def _calendar():
    import chinese_calendar

    return chinese_calendar


def covered_years() -> tuple[int, int]:
    """The years the holiday calendar has data for."""
    from chinese_calendar import constants

    years = [d.year for d in constants.holidays]
    return min(years), max(years)


def window(start: dt.date, days: int, path=None) -> tuple[dt.date, dt.date]:
    """The 公示 window: from the first working day on or after ``start`` to the ``days``-th working day,
    on the official calendar (holidays skipped, 调休 weekend days worked)."""
    lo, hi = covered_years()
    cal = _calendar()
    day, counted, first = start, 0, None
    while counted < days:
        if not lo <= day.year <= hi:
            raise InputError(path, column="publicity_start", value=start.isoformat(),
                             problem=f"节假日日历没有 {day.year} 年的数据，无法按工作日计算公示期",
                             expected=f"{lo}–{hi} 年内的日期，或升级 chinese-calendar 后再试")
        if cal.is_workday(day):
            counted += 1
            first = first or day
        day += dt.timedelta(days=1)
    return first, day - dt.timedelta(days=1)


def _date(path, key, value) -> dt.date | None:
    if value in ("", None):
        return None
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(units.normalize_text(str(value)))
    except ValueError:
        raise InputError(path, column=key, problem="日期无效", value=value, expected="日期，如 2025-09-26") from None


def load_round(path: Path | None) -> dict:
    """The round's dates, checked: a start date the calendar covers, 1–30 working days, an approval not
    before the window ends.  Adds ``window_start`` and ``window_end`` (ISO dates) when a start is set."""
    s = validation.settings_file(path, ROUND_DEFAULTS, "评价公示设置文件")
    start = _date(path, "publicity_start", s["publicity_start"])
    days = validation.as_number(s["working_days"])
    if days is None or isinstance(s["working_days"], bool) or days != int(days) or not 1 <= days <= 30:
        raise InputError(path, column="working_days", problem="公示天数无效", value=s["working_days"],
                         expected="1–30 的整数（工作日）")
    s["working_days"] = int(days)
    for key in ("office", "approval_reference"):
        s[key] = str(s[key] or "").strip()
    approved = _date(path, "approval_date", s["approval_date"])
    s["publicity_start"] = start.isoformat() if start else ""
    s["approval_date"] = approved.isoformat() if approved else ""
    s["window_start"] = s["window_end"] = ""
    if start:
        first, last = window(start, s["working_days"], path)
        s["window_start"], s["window_end"] = first.isoformat(), last.isoformat()
        if approved and approved <= last:
            raise InputError(path, column="approval_date", value=s["approval_date"],
                             problem=f"审定日期应在公示期结束（{last.isoformat()}）之后", expected="公示期满后的日期")
    if approved and not s["approval_reference"]:
        raise InputError(path, column="approval_reference", problem="有审定日期但没有审定文号", expected="如 ××〔2025〕3号")
    if s["approval_reference"] and not approved:
        raise InputError(path, column="approval_date", problem="有审定文号但没有审定日期", expected="公示期满后的日期，如 2025-10-20")
    if approved and not start:
        raise InputError(path, column="publicity_start", problem="有审定结果但没有公示开始日期（结果须先公示再审定）",
                         expected="公示开始日期，如 2025-09-26")
    return s


def check_dates(path, round_settings: dict, year: int, quality: Quality) -> None:
    """Warnings for dates that are allowed but doubtful: a 公示 outside the round's year or the next, an
    approval more than a year after the window."""
    start, approved = round_settings.get("publicity_start"), round_settings.get("approval_date")
    if start and int(start[:4]) not in (year, year + 1):
        quality.warn(path, f"公示开始日期 {start} 不在本轮（{year}年）或次年，请核实", column="publicity_start")
    if approved and round_settings.get("window_end") and \
            dt.date.fromisoformat(approved) > dt.date.fromisoformat(round_settings["window_end"]) + dt.timedelta(days=366):
        quality.warn(path, f"审定日期 {approved} 比公示期满晚一年以上，请核实", column="approval_date")


def check_log(path, objections: pd.DataFrame, firms: pd.DataFrame | None, round_settings: dict, quality: Quality) -> None:
    """Warnings on objection rows that are allowed but doubtful: received before the 公示 began, 采纳 without
    an approval reference, still 待处理 when the round is approved, a name that is not the ledger's."""
    names = {} if firms is None else dict(zip(firms["code"].astype(str), firms["name"]))
    start = round_settings.get("window_start") or ""
    for rec in objections.to_dict("records"):
        row, who = int(rec["行号"]), rec["name"] or rec["code"]
        if start and str(rec["received"]) < start:
            quality.warn(path, f"{who} 的异议收到日期 {rec['received']} 早于公示开始（{start}），请核实", row=row,
                         column="收到日期")
        if rec["decision"] in APPLIED and not (rec["approval"] or ""):
            quality.warn(path, f"{who} 的异议已{rec['decision']}但未填审定文号", row=row, column="审定文号")
        if rec["decision"] == "待处理" and round_settings.get("approval_date"):
            quality.warn(path, f"{who} 的异议仍为待处理，但评价结果已审定", row=row, column="处理结果")
        ledger_name = names.get(str(rec["code"]))
        if rec["name"] and ledger_name is not None and rec["name"] != ledger_name:
            quality.warn(path, f"企业代码 {rec['code']} 在企业台账中名为“{ledger_name}”，异议登记为“{rec['name']}”，按代码处理",
                         row=row, column="企业名称")


# ---------------------------------------------------------------- the objection ledger
def read_objections(path: Path, quality: Quality | None = None) -> pd.DataFrame:
    """The objection log, checked: a correction names a number column of the enterprise ledger and a value in
    its unit (a typed unit is converted: 120万元, 1.2亿元), both or neither.  Keeps each row's number (行号) so
    a later check against the enterprise ledger can name it."""
    table = validation.read(path, OBJECTIONS)
    quality = quality if quality is not None else Quality()
    fields = correctable()
    values = []
    for rec in table.to_dict("records"):
        field, raw = rec["field"] or "", rec["value"]
        if bool(field) != (raw not in (None, "")):
            raise InputError(path, row=rec["_row"], column="更正值" if field else "更正列",
                             problem="更正列和更正值应同时填写或同时留空", expected="如 更正列 税收万元、更正值 120")
        if not field:
            values.append(None)
            if rec["decision"] in APPLIED:
                quality.warn(path, f"{rec['name'] or rec['code']} 的异议已{rec['decision']}但没有更正值，重新计分时不变",
                             row=rec["_row"], column="更正值")
            continue
        if field not in fields:
            raise InputError(path, row=rec["_row"], column="更正列", value=field, problem="不是企业台账中可更正的数值列",
                             expected="、".join(fields))
        col = fields[field]
        try:
            v = validation.convert_cell(raw, col)          # read as the ledger reads that column
        except ValueError as e:
            raise InputError(path, row=rec["_row"], column="更正值", value=raw, problem=str(e).split(" / ")[0],
                             expected=col.expected()) from None
        values.append(v)
    table["value"] = pd.Series(values, index=table.index, dtype=float)
    return table.rename(columns={"_row": "行号"})


def check_firms(path: Path, objections: pd.DataFrame, tables: dict) -> None:
    """Every objection names a firm of the enterprise ledger (run once both are read)."""
    firms = tables.get("enterprises")
    codes = set() if firms is None else set(firms["code"].astype(str))
    for rec in objections.to_dict("records"):
        if str(rec["code"]) not in codes:
            raise InputError(path, row=int(rec["行号"]), column="企业代码", value=rec["code"],
                             problem="企业台账中没有这家企业", expected="企业台账中的企业代码")


def log(objections: pd.DataFrame | None, round_settings: dict) -> pd.DataFrame:
    """The objection log for a reader: in time or 逾期 against the window, and whether it is applied."""
    cols = ["企业代码", "企业名称", "收到日期", "异议事项", "证明材料", "更正内容", "是否逾期", "处理结果", "审定文号", "计入重新计分"]
    if objections is None or objections.empty:
        return pd.DataFrame(columns=cols)
    end = round_settings.get("window_end") or ""
    rows = []
    for rec in objections.to_dict("records"):
        late = bool(end) and str(rec["received"]) > end
        field = rec["field"] or ""
        value = rec["value"]
        what = f"{field_words(field)}更正为{_amount(value, field)}" if field and value == value else "—"
        applied = not late and rec["decision"] in APPLIED and bool(field)
        rows.append({"企业代码": rec["code"], "企业名称": rec["name"] or "", "收到日期": rec["received"],
                     "异议事项": rec["reason"], "证明材料": rec["evidence"] or "", "更正内容": what,
                     "是否逾期": "逾期（视为无异议）" if late else ("按期" if end else "—"),
                     "处理结果": "不予受理（逾期）" if late else rec["decision"], "审定文号": rec["approval"] or "",
                     "计入重新计分": "是" if applied else "否"})
    return pd.DataFrame(rows, columns=cols)


# ---------------------------------------------------------------- rescoring
def rescore(ledger: pd.DataFrame, objection_log: pd.DataFrame, objections: pd.DataFrame | None,
            settings: dict) -> tuple[pd.DataFrame, dict[str, list[str]]]:
    """The round scored again with the applied corrections; returns the result and, per firm code, the
    corrections applied to it (in words)."""
    fixed = ledger.copy()
    applied: dict[str, list[str]] = {}
    if objections is not None and not objections.empty:
        names = {c.header: c.name for c in efficiency.LEDGER.columns}
        for rec, shown in zip(objections.to_dict("records"), objection_log.to_dict("records")):
            if shown["计入重新计分"] != "是":
                continue
            where = fixed["code"].astype(str) == str(rec["code"])
            column = names[rec["field"]]
            before = fixed.loc[where, column].iloc[0]
            fixed.loc[where, column] = rec["value"]
            applied.setdefault(str(rec["code"]), []).append(
                f"{field_words(rec['field'])}由{_amount(before, rec['field'])}更正为{_amount(rec['value'], rec['field'])}")
    return efficiency.evaluate(fixed, settings), applied


def field_words(header: str) -> str:
    """A ledger column's name without its unit (税收万元 → 税收)."""
    col = correctable().get(header)
    return header[: -len(col.unit)] if col is not None and col.unit and header.endswith(col.unit) else header


def _amount(v, header: str) -> str:
    col = correctable().get(header)
    unit = col.unit if col is not None else ""
    return "空" if v is None or v != v else f"{float(v):g}{unit}"


def changes(before: pd.DataFrame, after: pd.DataFrame, applied: dict[str, list[str]]) -> pd.DataFrame:
    """Firms whose class changed on rescoring, or whose figures were corrected: 公示 against 审定, with why."""
    b = before.set_index("企业代码")
    a = after.set_index("企业代码")
    rows = []
    for code in a.index:
        was, now = b.at[code, "等级"] or "不参评", a.at[code, "等级"] or "不参评"
        own = applied.get(str(code))
        if was == now and not own:
            continue
        why = ("本企业异议更正：" + "；".join(own)) if own else "其他企业更正后，组内排名或分值变化"
        rows.append({"企业代码": code, "企业名称": a.at[code, "企业名称"], "评价组": a.at[code, "评价组"],
                     "公示总分": b.at[code, "总分"], "审定总分": a.at[code, "总分"], "公示排名": b.at[code, "排名"],
                     "审定排名": a.at[code, "排名"], "公示等级": was, "审定等级": now, "原因": why})
    cols = ["企业代码", "企业名称", "评价组", "公示总分", "审定总分", "公示排名", "审定排名", "公示等级", "审定等级", "原因"]
    return pd.DataFrame(rows, columns=cols)


def notice(round_settings: dict, unit: str, year: int, with_approval: bool = True) -> str:
    """The 公示 notice in one paragraph (no ledger text in it); ``with_approval`` adds the approval line."""
    if not round_settings.get("window_start"):
        return "本轮评价尚未设置公示开始日期，公示期待定。"
    d = date_words
    office = round_settings.get("office") or "管委会亩均效益评价工作办公室"
    s = (f"根据亩均效益综合评价工作安排，现将{unit}{year}年度企业亩均效益综合评价结果予以公示。"
         f"公示期为{d(round_settings['window_start'])}至{d(round_settings['window_end'])}"
         f"（{round_settings['working_days']}个工作日，遇法定节假日顺延）。"
         f"企业对评价结果有异议的，请在公示期内向{office}提交书面意见（填写意见反馈表，加盖企业公章）并附证明材料；"
         "逾期未提出的，视为无异议。")
    if with_approval and round_settings.get("approval_reference"):
        s += (f"公示期满后，评价结果经领导小组审定（{round_settings['approval_reference']}，"
              f"{d(round_settings['approval_date'])}）。")
    return s


def date_words(iso: str) -> str:
    """2025-09-26 → 2025年9月26日."""
    return chinese_date(dt.date.fromisoformat(iso))


def approval_words(round_settings: dict, final: pd.DataFrame | None) -> str:
    """The approval line of the final list: reference, date and the classes it fixes."""
    counts = ""
    if final is not None and not final.empty:
        c = final["等级"].value_counts()
        counts = "：" + "、".join(f"{g}类{int(c[g])}家" for g in ("A", "B", "C", "D") if g in c)
        if "不定等级" in c:
            counts += f"，不定等级{int(c['不定等级'])}家"
    return (f"以上评价结果经领导小组于{date_words(round_settings['approval_date'])}审定（{round_settings['approval_reference']}）"
            f"，审定结果为准{counts}。")


def objection_words(round_settings: dict) -> str:
    """How a firm objects, with the window's dates and the office (the card's last line)."""
    office = round_settings.get("office") or "管委会亩均效益评价工作办公室"
    if round_settings.get("window_start"):
        when = f"请于公示期内（{date_words(round_settings['window_start'])}至{date_words(round_settings['window_end'])}）"
    else:
        when = "请在公示期内"
    return (f"如对评价结果或所用数据有异议，{when}填写意见反馈表、加盖企业公章，连同证明材料送{office}；"
            "逾期未提出的，视为无异议。")


def log_sentence(objection_log: pd.DataFrame) -> str:
    """One line above the objection log."""
    late = int(objection_log["是否逾期"].str.startswith("逾期").sum())
    used = int((objection_log["计入重新计分"] == "是").sum())
    return (f"共收到异议{len(objection_log)}件：逾期{late}件（视为无异议，不予受理），"
            f"采纳并计入重新计分{used}件。")
