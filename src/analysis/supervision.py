"""督办: the items leadership has assigned, who answers for each and by when, followed month by month.

The 督办事项台账 (``data/raw/supervision/supervision.xlsx`` or ``.csv``) has one row per item: 编号, 事项,
责任单位, 责任领导, 措施, 交办日期, 完成时限, 状态 (未启动 / 推进中 / 已完成), 完成日期, 关联 (the indicator
code or project name the item follows, optional) and 备注.  It is read and checked like every ledger
(``validation.read``); on top of the column checks:

* a 完成时限 before the item's 交办日期 is an error naming the row;
* when the report settings list the units (``units`` in ``report.yaml``), a 责任单位 outside the list is
  an error (a typing slip would otherwise make a second, unowned unit);
* an item marked 已完成 without a 完成日期, or with a 完成日期 after the period, is a warning.

At a period (the month's last day) :func:`track` says of every item whether it was opened or closed
this month, whether it is overdue (days past 完成时限, still open) or due within ``due_soon_days``.
:func:`proposals` lists what the build would add: every indicator whose 预警 is 黄 or 红 (the report's
lag_pp rule) and every project held too long before construction (the 三个一百天 rule of the project
page), unless an open item already follows it.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from .errors import InputError
from .period import Period, ledger_day
from .validation import Column, Quality, Spec, read

STATES = ("未启动", "推进中", "已完成")
OPEN_STATES = ("未启动", "推进中")
DUE_SOON_DAYS = 30
PROPOSE_COLOURS = ("黄", "红")    # the 预警 colours that make an indicator a proposed item


def _spec() -> Spec:
    return Spec("督办事项台账", (
        Column("编号", "code", "code", required=True, nonblank=True),
        Column("事项", "item", required=True, nonblank=True),
        Column("责任单位", "unit", required=True, nonblank=True),
        Column("责任领导", "leader"),
        Column("措施", "measure"),
        Column("交办日期", "opened", "date", required=True, nonblank=True),
        Column("完成时限", "due", "date", required=True, nonblank=True),
        Column("状态", "state", "choice", required=True, nonblank=True, choices=STATES),
        Column("完成日期", "closed", "date"),
        Column("关联", "follows"),
        Column("备注", "note"),
    ), key=("code",))


HEADERS = tuple(c.header for c in _spec().columns)


def read_supervision(path, period: str | None = None, quality: Quality | None = None,
                     units: list | tuple = ()) -> pd.DataFrame:
    """The 督办 ledger, checked (see the module docstring); columns by their internal names."""
    path = Path(path)
    quality = quality if quality is not None else Quality()
    df = read(path, _spec())
    known = set(units or ())
    for r in df.to_dict("records"):
        if ledger_day(r["due"], end=True) < ledger_day(r["opened"]):
            raise InputError(path, row=int(r["_row"]), column="完成时限",
                             problem=f"完成时限 {r['due']} 早于交办日期 {r['opened']}", value=r["due"],
                             expected="不早于交办日期的日期")
        if r["closed"] and ledger_day(r["closed"], end=True) < ledger_day(r["opened"]):
            raise InputError(path, row=int(r["_row"]), column="完成日期",
                             problem=f"完成日期 {r['closed']} 早于交办日期 {r['opened']}", value=r["closed"],
                             expected="不早于交办日期的日期")
        if known and r["unit"] not in known:
            raise InputError(path, row=int(r["_row"]), column="责任单位", problem="不在简报设置的责任单位名单中",
                             value=r["unit"], expected="、".join(sorted(known)))
        if r["state"] == "已完成" and not r["closed"]:
            quality.warn(path, f"督办事项 {r['code']} 标为已完成但没有完成日期，按本期办结计", row=int(r["_row"]),
                         column="完成日期")
        if r["closed"] and r["state"] != "已完成":
            quality.warn(path, f"督办事项 {r['code']} 有完成日期但状态为{r['state']}，按未办结计", row=int(r["_row"]),
                         column="状态")
        if period and r["closed"] and r["closed"][:7] > period:
            quality.warn(path, f"督办事项 {r['code']} 的完成日期 {r['closed']} 晚于报告期 {period}，本期按未办结计",
                         row=int(r["_row"]), column="完成日期")
    return df.drop(columns=["_row"])


def track(df: pd.DataFrame, period: str, due_soon_days: int = DUE_SOON_DAYS) -> pd.DataFrame:
    """Every item opened by the end of ``period`` as it stood then.

    Columns: 编号, 事项, 责任单位, 责任领导, 措施, 交办日期, 完成时限, 状态 (at the period: an item closed
    after it is still 推进中), 本月 (新增 / 办结 / ""), 逾期天数 (days past 完成时限 at the period's end, open
    items only; 0 otherwise), 督办提示 (逾期N天 / N天内到期 / 已办结 / ""), 关联.  Overdue first (longest
    first), then by 完成时限."""
    p = Period.parse(period)
    end = p.end
    rows = []
    for r in df.to_dict("records"):
        if ledger_day(r["opened"]) > end:
            continue                                   # opened after the period
        closed_by_then = r["state"] == "已完成" and (not r["closed"] or ledger_day(r["closed"]) <= end)
        state = "已完成" if closed_by_then else ("推进中" if r["state"] == "已完成" else r["state"])
        due = ledger_day(r["due"], end=True)
        late = (end - due).days if not closed_by_then and due < end else 0
        closed_month = closed_by_then and (not r["closed"] or r["closed"][:7] == str(p))
        this_month = "新增" if r["opened"][:7] == str(p) else ("办结" if closed_month else "")
        if closed_by_then:
            note = "已办结"
        elif late:
            note = f"逾期{late}天"
        elif (due - end).days <= due_soon_days:
            note = f"{(due - end).days}天内到期" if due > end else "本月到期"
        else:
            note = ""
        rows.append({"编号": r["code"], "事项": r["item"], "责任单位": r["unit"], "责任领导": r["leader"],
                     "措施": r["measure"], "交办日期": r["opened"], "完成时限": r["due"], "状态": state,
                     "本月": this_month, "逾期天数": late, "督办提示": note, "关联": r["follows"]})
    cols = ["编号", "事项", "责任单位", "责任领导", "措施", "交办日期", "完成时限", "状态", "本月", "逾期天数", "督办提示",
            "关联"]
    out = pd.DataFrame(rows, columns=cols)
    if out.empty:
        return out
    out["_done"] = out["状态"] == "已完成"
    out = out.sort_values(["_done", "逾期天数", "完成时限", "编号"], ascending=[True, False, True, True], kind="stable")
    return out.drop(columns="_done").reset_index(drop=True)


def open_items(tracked: pd.DataFrame) -> pd.DataFrame:
    """The items not closed at the period (:func:`track`'s order: overdue first)."""
    return tracked[tracked["状态"] != "已完成"]


def urgent(tracked: pd.DataFrame) -> pd.DataFrame:
    """Open items overdue or due within the window."""
    live = open_items(tracked)
    return live[live["督办提示"] != ""]


def this_month(tracked: pd.DataFrame) -> pd.DataFrame:
    """Items opened or closed in the period's month."""
    return tracked[tracked["本月"] != ""]


def counts(tracked: pd.DataFrame) -> dict[str, int]:
    """在办, 逾期, 本月新增, 本月办结, 临近时限 (due within the window), 累计办结."""
    open_ = tracked["状态"] != "已完成"
    return {"在办": int(open_.sum()), "逾期": int((tracked["逾期天数"] > 0).sum()),
            "本月新增": int((tracked["本月"] == "新增").sum()), "本月办结": int((tracked["本月"] == "办结").sum()),
            "临近时限": int((open_ & tracked["督办提示"].str.contains("到期")).sum()),
            "累计办结": int((~open_).sum())}


def count_sentence(tracked: pd.DataFrame | None, period: str) -> str:
    if tracked is None:
        return "本期没有督办事项台账。"
    if tracked.empty:
        return f"截至{Period.parse(period).month}月底没有交办的督办事项。"
    c = counts(tracked)
    s = (f"截至{Period.parse(period).month}月底，督办事项在办{c['在办']}项、累计办结{c['累计办结']}项；"
         f"本月新增{c['本月新增']}项、办结{c['本月办结']}项；")
    s += f"逾期未办结{c['逾期']}项" if c["逾期"] else "没有逾期事项"
    s += f"，{c['临近时限']}项将在{DUE_SOON_DAYS}天内到期。" if c["临近时限"] else "。"
    return s


def proposals(kpi: pd.DataFrame | None, ageing: pd.DataFrame | None, tracked: pd.DataFrame | None,
              responsible: dict | None = None, rag: pd.DataFrame | None = None) -> pd.DataFrame:
    """What the build proposes to add to the 督办 list: each indicator whose 预警 is 黄 or 红 and each project
    held too long before construction, unless an open item already follows it (关联 = the indicator's code
    or name, or the project's name).  Columns: 建议事项, 问题 (what is wrong, in figures), 责任单位 (the report's 责任科室 for an
    indicator, the project ledger's 责任单位 for a project; blank when not set), 关联.  A project red on the
    per-project rules (``rag``, :func:`analysis.projects.project_rag`) is proposed too."""
    followed = set()
    if tracked is not None and len(tracked):
        followed = set(tracked.loc[tracked["状态"] != "已完成", "关联"].astype(str))
    responsible = responsible or {}
    rows = []
    if kpi is not None:
        for r in kpi.to_dict("records"):
            if r.get("预警") in PROPOSE_COLOURS and r["id"] not in followed and r["指标"] not in followed:
                rows.append({"建议事项": f"加快{r['指标']}进度",
                             "问题": f"{r['指标']}落后序时进度{abs(r['进度差']):.1f}个百分点（{r['预警']}色预警）",
                             "责任单位": responsible.get(r["id"], ""), "关联": r["id"]})
    if ageing is not None:
        for r in ageing[ageing["超过期限"] != ""].to_dict("records"):
            if r["项目名称"] not in followed:
                rows.append({"建议事项": f"推动{r['项目名称']}进入下一阶段",
                             "问题": f"{r['项目名称']}在{r['当前阶段']}阶段已停留{int(r['停留天数'])}天（{r['超过期限']}）",
                             "责任单位": r["责任单位"] or "", "关联": r["项目名称"]})
    if rag is not None:
        proposed = {r["关联"] for r in rows}
        for r in rag[rag["综合预警"] == "红"].to_dict("records"):
            if r["项目名称"] not in followed and r["项目名称"] not in proposed:
                why = "；".join(f"{kind}{w[2:]}" for kind, w in (("完成投资", r["投资预警"]), ("", r["开工预警"]))
                               if w.startswith("红·"))
                rows.append({"建议事项": f"督促{r['项目名称']}按计划推进", "问题": f"{r['项目名称']}红色预警（{why}）",
                             "责任单位": r["责任单位"] or "", "关联": r["项目名称"]})
    return pd.DataFrame(rows, columns=["建议事项", "问题", "责任单位", "关联"])


def problems_and_next_steps(tracked: pd.DataFrame | None, proposed: pd.DataFrame, period: str,
                            limit: int = 5, more: str = "见督办事项页") -> tuple[list[str], list[str]]:
    """存在问题 and 下一步 for the summary, drawn from the 督办 list: problems are the overdue items (longest
    first) and the proposed items; next steps are the open items' 措施 with 责任单位, 责任领导 and 完成时限,
    soonest first.  Each list at most ``limit`` lines, the rest counted."""
    problems, steps = [], []
    if tracked is not None and len(tracked):
        for r in tracked[tracked["逾期天数"] > 0].to_dict("records"):
            problems.append(f"{r['事项']}：已逾期{r['逾期天数']}天（时限{r['完成时限']}，责任单位：{r['责任单位']}）")
        live = open_items(tracked).sort_values(["完成时限", "编号"], kind="stable")
        for r in live.to_dict("records"):
            due = f"时限：{r['完成时限']}" + ("（已逾期）" if r["逾期天数"] > 0 else "")
            who = "，".join(x for x in (f"责任单位：{r['责任单位']}", r["责任领导"] and f"责任领导：{r['责任领导']}", due)
                           if x)
            steps.append(f"{r['事项']}：{r['措施'] or '按督办要求推进'}（{who}）")
    for r in proposed.to_dict("records"):
        problems.append(f"{r['问题']}，尚无督办事项跟进（建议列入督办）")

    def cut(lines):
        return lines[:limit] + ([f"另有{len(lines) - limit}项，{more}。"] if len(lines) > limit else [])
    return cut(problems), cut(steps)


PROMPTS = {
    "编号": "必填，每项唯一，如 DB2025-01。",
    "事项": "必填，督办的事项。",
    "责任单位": "必填。简报设置列出责任单位名单时，须为名单中的名称。",
    "责任领导": "可选，分管领导。",
    "措施": "可选，下一步措施，会列入月报“下一步”。",
    "交办日期": "必填，日期，如 2025-06-15。",
    "完成时限": "必填，日期，不早于交办日期。",
    "状态": "必填，从下拉列表选择：未启动、推进中、已完成。",
    "完成日期": "已完成时填写。",
    "关联": "可选，跟进的指标代码或项目名称；填写后，构建不再把同一指标或项目列为建议督办。",
    "备注": "可选。",
}
INSTRUCTIONS = [
    "督办事项台账填表说明",
    "1. 每行一个督办事项；编号不能重复。必填列：编号、事项、责任单位、交办日期、完成时限、状态。",
    "2. 日期写成 2025-06-15 或 2025-06；完成时限不能早于交办日期。",
    "3. 状态只能是：未启动、推进中、已完成。已完成的事项请填写完成日期。",
    "4. 月报按报告期末计算：超过完成时限仍未办结的为逾期（列出逾期天数），30天内到期的列为临近时限。",
    "5. 关联：填写指标代码（如 tax）或项目台账中的项目名称，表示该事项跟进这个指标或项目。",
    "6. 保存为 data/raw/supervision/supervision.xlsx 后重新运行 make reports。",
]


def write_template(output: Path, units: list | tuple = ()) -> Path:
    """An .xlsx for the office that keeps the 督办 list: the header, dropdowns for 状态 (and 责任单位 when the
    report settings list the units), a prompt on every column, a 填表说明 sheet, printed landscape on one
    page wide."""
    from .xlsx import clerk_template

    return clerk_template(output, sheet="督办事项", headers=HEADERS, prompts=PROMPTS,
                          choices={"状态": STATES, "责任单位": tuple(units)},
                          widths={"事项": 30, "措施": 30, "备注": 20, "关联": 16}, instructions=INSTRUCTIONS)
