"""招商引资 and 项目建设: the project ledger, the 入统 cultivation ledger and the 金融助企 ledger.

The document's two centres are run project by project, so their monthly figures come from a ledger
with one row per project (``data/raw/projects/projects.xlsx`` or ``.csv``):

* the date each stage was reached: 在谈 → 签约 → 落地 → 开工 → 竣工投产 (or 终止, with a reason);
  stages may be skipped (a 技改 project of an existing firm has no 在谈) but never out of order;
* 总投资 and this year's 完成投资 by month (1月 … 12月, 万元; 亿元 typed in a cell is converted);
* one funding channel (国债, 技改再贷款, 专项债, 基金, 自筹) with the amounts 拟争取, 已批复, 已到位;
* 责任单位, 存在问题, 下一步.

Definitions (本年累计 at the end of month ``p`` of year ``Y``; a date given only to the month counts in
that month; a stage dated after ``p`` does not count yet):

* 签约 / 落地 / 新开工 / 竣工投产: projects whose stage date falls in ``Y-01 … p``;
* 在谈: projects in the 招商 funnel this year: 在谈 (or a later 招商 stage) reached by ``p``, not
  signed and not ended before ``Y``;
* 在建: projects under construction at some time this year: 开工 by ``p``, not 竣工投产 and not
  终止 before ``Y`` (a project completed this year was 在建 this year, as the annual count is kept);
* 固投项目数: projects with 完成投资 > 0 in ``Y-01 … p``; 固定资产投资额: their sum (亿元);
* 30亿元以上 / 亿元以上项目: projects of that 总投资 signed this year (签约 is when 招商 completes a
  project; the page says so).

入统 (``onboarding``): one row per firm with the dates it entered the 培育库, reached the 入统标准
and was 入统; its status is read from the dates, never typed beside them.  金融助企 (``finance``):
one row per loan or financing (firm, institution, amount, date).
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from . import registry, units
from .errors import InputError
from .growth import period_end
from .period import Period, ledger_day
from .text import md_text
from .validation import Column, Quality, Spec, read

STAGES = ("在谈", "签约", "落地", "开工", "竣工投产")          # in order; 在建 is 开工 until 竣工投产
FUNNEL = ("在谈", "签约", "落地")
KINDS = ("招商", "产业项目", "基础设施", "技改")
CHANNELS = ("国债", "技改再贷款", "专项债", "基金", "自筹")
MONTH_COLUMNS = tuple(f"{m}月完成投资万元" for m in range(1, 13))
FUND_COLUMNS = (("拟争取资金万元", "sought"), ("已批复资金万元", "approved"), ("已到位资金万元", "received"))
BIG_3BN_WAN = 300000.0      # 30亿元
BIG_100M_WAN = 10000.0      # 1亿元
STALE_DAYS = 100            # 三个一百天: a stage held longer than 100 days is flagged
STAGE_COLUMNS = {s: f"{s}日期" for s in STAGES}


def _project_spec() -> Spec:
    money = dict(kind="number", unit="万元", min=0, max=1e8)
    return Spec("项目台账", (
        Column("项目名称", "name", required=True, nonblank=True),
        Column("项目类型", "kind", "choice", choices=KINDS),
        Column("产业链", "chain"),
        Column("总投资万元", "total", **money),
        *(Column(STAGE_COLUMNS[s], s, "date") for s in STAGES),
        Column("终止日期", "终止", "date"),
        Column("终止原因", "end_reason"),
        *(Column(c, f"m{m}", blank=0.0, **money) for m, c in enumerate(MONTH_COLUMNS, start=1)),
        Column("资金渠道", "channel", "choice", choices=CHANNELS),
        *(Column(c, name, **money) for c, name in FUND_COLUMNS),
        Column("责任单位", "owner"),
        Column("存在问题", "issue"),
        Column("下一步", "next"),
        Column("备注", "note"),
        Column("年度计划投资万元", "plan", **money),      # optional: the 红黄绿 per project (project_rag)
        Column("计划开工日期", "plan_start", "date"),
        Column("计划入库日期", "plan_store", "date"),    # optional: 固投入库 against its planned month (银川)
        Column("入库日期", "stored", "date"),
    ))


PROJECT_HEADERS = tuple(c.header for c in _project_spec().columns)


def _month(date: str) -> str:
    return date[:7] if date else ""


def _earlier(later: str, earlier: str) -> bool:
    """True when date ``later`` is before ``earlier`` (to the day when both have days, else to the month)."""
    if len(later) >= 10 and len(earlier) >= 10:
        return later < earlier
    return _month(later) < _month(earlier)


def read_projects(path, period: str | None = None, quality: Quality | None = None) -> pd.DataFrame:
    """Read and check the project ledger.

    Errors (file, row, column, expected): a name given twice (full-width and spaces ignored), stage
    dates out of order, a 终止 without its reason or before a stage it ended, funding amounts without
    a channel, a month's 完成投资 outside the year of the ledger's other months.  Warnings (the 数据质量
    section): dates after the report period (not counted yet), 完成投资 before 开工 or after the period,
    已到位 above 已批复, this year's 完成投资 above 总投资.
    """
    path = Path(path)
    quality = quality if quality is not None else Quality()
    df = read(path, _project_spec())
    seen: dict[str, int] = {}
    later = 0
    for rec in df.to_dict("records"):
        n = rec["_row"]
        key = units.normalize_text(rec["name"])
        if key in seen:
            raise InputError(path, row=n, column="项目名称", problem=f"项目名称重复：与第 {seen[key]} 行相同 / duplicate",
                             value=rec["name"], expected="每个项目只占一行")
        seen[key] = n
        given = [(s, rec[s]) for s in STAGES if rec[s]]
        for (s1, d1), (s2, d2) in zip(given, given[1:]):
            if _earlier(d2, d1):
                raise InputError(path, row=n, column=STAGE_COLUMNS[s2],
                                 problem=f"阶段顺序不对：{s2}（{d2}）早于{s1}（{d1}）/ stages out of order", value=d2,
                                 expected="阶段依次为 " + " → ".join(STAGES) + "，后一阶段的日期不早于前一阶段")
        if rec["终止"]:
            if not rec["end_reason"].strip():
                raise InputError(path, row=n, column="终止原因", problem="项目已终止，缺少终止原因 / reason missing",
                                 expected="简要写明终止原因")
            if given and _earlier(rec["终止"], given[-1][1]):
                raise InputError(path, row=n, column="终止日期",
                                 problem=f"终止日期早于已达到的阶段{given[-1][0]}（{given[-1][1]}）/ ended before a stage",
                                 value=rec["终止"], expected=f"不早于 {given[-1][1]}")
        elif rec["end_reason"].strip():
            raise InputError(path, row=n, column="终止日期", problem="填了终止原因，但没有终止日期 / end date missing",
                             expected="终止日期，如 2025-06-30；项目未终止则清空终止原因")
        funds = [c for c, name in FUND_COLUMNS if pd.notna(rec[name])]
        if funds and not rec["channel"]:
            raise InputError(path, row=n, column="资金渠道", problem=f"填了{funds[0]}，但没有资金渠道 / channel missing",
                             expected=" / ".join(CHANNELS))
        if period:
            dates = [d for _, d in given] + ([rec["终止"]] if rec["终止"] else [])
            later += sum(_month(d) > period for d in dates)
            months = [m for m in range(1, 13) if rec[f"m{m}"] > 0 and f"{period[:4]}-{m:02d}" > period]
            if months:
                quality.warn(path, f"项目“{rec['name']}”在报告期以后的月份（{'、'.join(f'{m}月' for m in months)}）"
                             "填了完成投资，本期不计入", row=n, column=MONTH_COLUMNS[months[0] - 1])
            invested = [m for m in range(1, 13) if rec[f"m{m}"] > 0]
            if invested and not rec["开工"]:
                quality.warn(path, f"项目“{rec['name']}”未填开工日期，但填了完成投资", row=n, column="开工日期")
        approved, received = rec["approved"], rec["received"]
        if pd.notna(approved) and pd.notna(received) and received > approved + 1e-9:
            quality.warn(path, f"项目“{rec['name']}”已到位资金 {received:,.0f} 万元大于已批复资金 {approved:,.0f} 万元",
                         row=n, column="已到位资金万元")
        spent = sum(rec[f"m{m}"] for m in range(1, 13))
        if pd.notna(rec["total"]) and spent > rec["total"] + 1e-9:
            quality.warn(path, f"项目“{rec['name']}”本年完成投资 {spent:,.0f} 万元大于总投资 {rec['total']:,.0f} 万元",
                         row=n, column="总投资万元")
    if later:
        quality.warn(path, f"项目台账中有 {later} 个阶段日期晚于报告期 {period}，本期不计入")
    return df.drop(columns=["_row"])


# ---------------------------------------------------------------- counts at the end of a month
def _in_year(col: pd.Series, year: str, as_of: str) -> pd.Series:
    month = col.astype(str).str.slice(0, 7)
    return (month >= f"{year}-01") & (month <= as_of) & (month != "")


def _by(col: pd.Series, as_of: str) -> pd.Series:
    month = col.astype(str).str.slice(0, 7)
    return (month != "") & (month <= as_of)


def _before_year(col: pd.Series, year: str) -> pd.Series:
    month = col.astype(str).str.slice(0, 7)
    return (month != "") & (month < f"{year}-01")


def funnel_reached(df: pd.DataFrame, stage: str, as_of: str) -> pd.Series:
    """Projects that reached ``stage`` (or a later 招商 stage) by month ``as_of``: a signed project was
    in negotiation even when nobody wrote its 在谈 date."""
    later = FUNNEL[FUNNEL.index(stage):]
    return np.logical_or.reduce([_by(df[s], as_of) for s in later])


def masks(df: pd.DataFrame, as_of: str) -> dict[str, pd.Series]:
    """Which projects each indicator counts at the end of month ``as_of`` (module docstring)."""
    year = as_of[:4]
    ended_before = _before_year(df["终止"], year)
    invested = investment_to(df, as_of) > 0
    return {
        "inv_negotiating": funnel_reached(df, "在谈", as_of) & ~_before_year(df["签约"], year) & ~ended_before,
        "inv_signed": _in_year(df["签约"], year, as_of),
        "inv_landed": _in_year(df["落地"], year, as_of),
        "new_projects_started": _in_year(df["开工"], year, as_of),
        "projects_under_construction": _by(df["开工"], as_of) & ~_before_year(df["竣工投产"], year) & ~ended_before,
        "projects_completed": _in_year(df["竣工投产"], year, as_of),
        "fixed_investment_projects": invested,
        "inv_big_projects_3bn": _in_year(df["签约"], year, as_of) & (df["total"].fillna(0) >= BIG_3BN_WAN),
        "inv_projects_100m": _in_year(df["签约"], year, as_of) & (df["total"].fillna(0) >= BIG_100M_WAN),
    }


def investment_to(df: pd.DataFrame, as_of: str) -> pd.Series:
    """Each project's 完成投资 (万元) from January to the month of ``as_of``."""
    through = int(as_of[5:7])
    return df[[f"m{m}" for m in range(1, through + 1)]].sum(axis=1)


def ledger_value(indicator_id: str, df: pd.DataFrame, as_of: str) -> float:
    """An indicator's 本年累计 at the end of ``as_of`` per the project ledger, in the catalogue's unit
    (固定资产投资额 in 亿元, counts in 个/家)."""
    return ledger_values(df, as_of)[indicator_id]


def ledger_values(df: pd.DataFrame, as_of: str) -> dict[str, float]:
    """Every ledger-carried indicator's 本年累计 at the end of ``as_of`` (:data:`FACT_IDS`), in one pass."""
    out = {k: float(v.sum()) for k, v in masks(df, as_of).items()}
    out["fixed_investment"] = units.convert(float(investment_to(df, as_of).sum()), "万元", "亿元")
    return out


FACT_IDS = registry.LEDGER["projects"].facts     # the monthly figures the project ledger carries


# ---------------------------------------------------------------- 入统 and 金融助企 ledgers
ONBOARDING_STEPS = (("纳入培育日期", "pooled", "培育中"), ("达标日期", "eligible", "达标"), ("入统日期", "onboarded", "已入统"))


def _onboarding_spec() -> Spec:
    return Spec("入统培育台账", (
        Column("企业名称", "name", required=True, nonblank=True),
        *(Column(h, name, "date", required=(name == "onboarded")) for h, name, _ in ONBOARDING_STEPS),
        Column("责任人", "owner"),
        Column("备注", "note"),
    ))


ONBOARDING_HEADERS = tuple(c.header for c in _onboarding_spec().columns)


def read_onboarding(path, period: str | None = None, quality: Quality | None = None) -> pd.DataFrame:
    """The 入统 cultivation ledger: one row per firm; dates in order (纳入培育 ≤ 达标 ≤ 入统), names unique."""
    path = Path(path)
    quality = quality if quality is not None else Quality()
    df = read(path, _onboarding_spec())
    seen: dict[str, int] = {}
    for rec in df.to_dict("records"):
        n, key = rec["_row"], units.normalize_text(rec["name"])
        if key in seen:
            raise InputError(path, row=n, column="企业名称", problem=f"企业名称重复：与第 {seen[key]} 行相同 / duplicate",
                             value=rec["name"], expected="每家企业只占一行")
        seen[key] = n
        given = [(h, rec[name]) for h, name, _ in ONBOARDING_STEPS if rec[name]]
        for (h1, d1), (h2, d2) in zip(given, given[1:]):
            if _month(d2) < _month(d1):
                raise InputError(path, row=n, column=h2, problem=f"{h2}（{d2}）早于{h1}（{d1}）/ dates out of order",
                                 value=d2, expected="纳入培育 ≤ 达标 ≤ 入统")
        if period and rec["onboarded"] and _month(rec["onboarded"]) > period:
            quality.warn(path, f"{rec['name']} 的入统日期 {rec['onboarded']} 晚于报告期 {period}，本期不计入",
                         row=n, column="入统日期")
    return df.drop(columns=["_row"])


def onboarding_status(df: pd.DataFrame, as_of: str) -> pd.Series:
    """Each firm's status at the end of ``as_of``, read from its dates: 已入统, 达标, 培育中."""
    out = pd.Series("培育中", index=df.index, dtype=object)
    for _, name, word in ONBOARDING_STEPS[1:]:
        out[_by(df[name], as_of)] = word
    return out


def onboarded_in_year(df: pd.DataFrame, as_of: str) -> float:
    """拟培育入统规上企业 本年累计: firms 入统 from January to ``as_of``."""
    return float(_in_year(df["onboarded"], as_of[:4], as_of).sum())


def _finance_spec() -> Spec:
    return Spec("金融助企台账", (
        Column("企业名称", "firm", required=True, nonblank=True),
        Column("金融机构", "institution", required=True, nonblank=True),
        Column("金额万元", "amount", "number", "万元", required=True, nonblank=True, min=0, max=1e7),
        Column("日期", "date", "date", required=True, nonblank=True),
        Column("方式", "means"),
        Column("备注", "note"),
    ))


FINANCE_HEADERS = tuple(c.header for c in _finance_spec().columns)


def read_finance(path, period: str | None = None, quality: Quality | None = None) -> pd.DataFrame:
    """The 金融助企 ledger: one row per loan or financing a firm obtained with the zone's help."""
    path = Path(path)
    quality = quality if quality is not None else Quality()
    df = read(path, _finance_spec())
    same = ["firm", "institution", "amount", "date", "means"]
    twice = df[df.duplicated(subset=same, keep=False)]
    for _, group in twice.groupby(same, sort=False, dropna=False):
        rows = [int(r) for r in group["_row"]]
        rec = group.iloc[0]
        quality.warn(path, f"{rec['firm']} 在 {rec['institution']} 的 {rec['amount']:g} 万元（{rec['date']}）在第 "
                     f"{'、'.join(map(str, rows))} 行重复出现，均已计入；如为重复录入请删除多余的行", row=rows[1],
                     column="企业名称")
    if period:
        late = df[df["date"].str.slice(0, 7) > period]
        if len(late):
            quality.warn(path, f"金融助企台账中有 {len(late)} 笔日期晚于报告期 {period}，本期不计入",
                         row=int(late["_row"].iloc[0]), column="日期")
    return df.drop(columns=["_row"])


# ---------------------------------------------------------------- what the 招商与项目建设 page shows
def stage_at(df: pd.DataFrame, as_of: str) -> pd.DataFrame:
    """Each project's stage at the end of ``as_of``: 阶段 (终止, 竣工投产, 在建, 落地, 签约, 在谈, or
    未填报 when no stage is dated by then) and 阶段日期 (the date it was reached)."""
    stage = pd.Series("未填报", index=df.index, dtype=object)
    date = pd.Series("", index=df.index, dtype=object)
    for s in STAGES:
        hit = _by(df[s], as_of)
        stage[hit], date[hit] = ("在建" if s == "开工" else s), df.loc[hit, s]
    ended = _by(df["终止"], as_of)
    stage[ended], date[ended] = "终止", df.loc[ended, "终止"]
    return pd.DataFrame({"阶段": stage, "阶段日期": date})


def _yi(wan) -> float:
    return np.nan if pd.isna(wan) else units.convert(float(wan), "万元", "亿元")


def funnel_table(kpi: pd.DataFrame, cat) -> pd.DataFrame:
    """在谈 → 签约 → 落地: 2024, the 2025 target and 本年累计 (the monthly table's figure, one source),
    with the conversion from the stage before, this year and in 2024."""
    k = kpi.set_index("id")
    rows, prev_now, prev_2024 = [], np.nan, np.nan
    for stage, ind_id in zip(FUNNEL, ("inv_negotiating", "inv_signed", "inv_landed")):
        now = float(k.loc[ind_id, "本年累计"]) if ind_id in k.index else np.nan
        last = float(cat.get(f"{ind_id}_2024").value)
        target = float(cat.get(ind_id).value)
        rows.append({"阶段": stage, "2024年（个）": last, "2025年目标（个）": target, "本年累计（个）": now,
                     "完成率": now / target if target else np.nan,
                     "较上一阶段转化率": now / prev_now if prev_now and prev_now == prev_now else np.nan,
                     "2024年转化率": last / prev_2024 if prev_2024 and prev_2024 == prev_2024 else np.nan})
        prev_now, prev_2024 = now, last
    return pd.DataFrame(rows)


EVENTS = ("签约", "落地", "开工", "竣工投产", "终止")


def month_events(df: pd.DataFrame, period: str) -> pd.DataFrame:
    """The month's new signings, landings, starts, completions and ends, one row per event."""
    rows = []
    for event in EVENTS:
        hit = df[df[event].astype(str).str.slice(0, 7) == period]
        for rec in hit.to_dict("records"):
            rows.append({"事项": event, "项目名称": rec["name"], "项目类型": rec["kind"] or "未填",
                         "日期": rec[event], "总投资（亿元）": _yi(rec["total"])})
    return pd.DataFrame(rows, columns=["事项", "项目名称", "项目类型", "日期", "总投资（亿元）"])


def big_projects(df: pd.DataFrame, kpi: pd.DataFrame, cat, period: str) -> pd.DataFrame:
    """The 30亿元以上 and 亿元以上 targets: signed this year (the monthly table's figure) and the
    pipeline that could meet them (projects of that size in 在谈, not yet signed, not ended)."""
    k = kpi.set_index("id")
    at = stage_at(df, period)["阶段"]
    rows = []
    for ind_id, floor in (("inv_big_projects_3bn", BIG_3BN_WAN), ("inv_projects_100m", BIG_100M_WAN)):
        pipeline = df[(df["total"].fillna(0) >= floor) & (at == "在谈")]
        rows.append({"目标": cat.get(ind_id).name, "年度目标（个）": float(cat.get(ind_id).value),
                     "本年已签约（个）": float(k.loc[ind_id, "本年累计"]) if ind_id in k.index else np.nan,
                     "在谈储备（个）": float(len(pipeline)),
                     "储备项目": "、".join(pipeline["name"]) or "无"})
    return pd.DataFrame(rows)


KEY_LISTS = (("key_negotiations", "重点在谈项目"), ("road_projects", "道路工程"), ("restart_issues", "再次创业待解决问题"))


def _match(names: pd.Series, item: str) -> int | None:
    """The ledger row for a name the document gives: the same name, else the one name containing it."""
    norm = names.map(units.normalize_text)
    want = units.normalize_text(item)
    exact = norm[norm == want]
    if len(exact):
        return exact.index[0]
    inside = norm[norm.str.contains(want, regex=False)]
    return inside.index[0] if len(inside) == 1 else None


def key_projects(df: pd.DataFrame, cat, period: str) -> pd.DataFrame:
    """Every project the document names (重点在谈, roads, the 再次创业 problem list), once, with the lists
    that name it and its stage as entered in the ledger; a name the ledger does not hold says 未列入台账."""
    at = stage_at(df, period)
    named: dict[str, list[str]] = {}
    for list_id, label in KEY_LISTS:
        for item in cat.lists.get(list_id, {}).get("items", []):
            named.setdefault(item, []).append(label)
    rows = []
    for item, labels in named.items():
        i = _match(df["name"], item)
        rec = {"项目": item, "文件中列为": "、".join(labels), "台账阶段": "未列入台账", "阶段日期": "",
               "存在问题": "", "下一步": ""}
        if i is not None:
            stage = at.loc[i, "阶段"]
            rec.update({"台账阶段": "阶段未填报" if stage == "未填报" else stage, "阶段日期": at.loc[i, "阶段日期"],
                        "存在问题": df.loc[i, "issue"], "下一步": df.loc[i, "next"]})
        rows.append(rec)
    return pd.DataFrame(rows, columns=["项目", "文件中列为", "台账阶段", "阶段日期", "存在问题", "下一步"])


PRE_CONSTRUCTION = ("在谈", "签约", "落地")


def ageing(df: pd.DataFrame, period: str, limit: float = STALE_DAYS) -> pd.DataFrame:
    """Projects still moving (a stage reached, not 竣工投产 or 终止) with the days since their last stage
    at the end of ``period``, longest first.  超过{limit}天 marks a project held longer than ``limit`` days
    before construction (在谈, 签约, 落地: the 三个一百天 rule); a 在建 project's days are shown, not
    flagged (building takes longer than 100 days)."""
    at = stage_at(df, period)
    live = at["阶段"].isin(["在谈", "签约", "落地", "在建"])
    end = period_end(period)
    days = at.loc[live, "阶段日期"].map(lambda d: (end - ledger_day(d)).days)
    out = pd.DataFrame({"项目名称": df.loc[live, "name"], "当前阶段": at.loc[live, "阶段"],
                        "阶段日期": at.loc[live, "阶段日期"], "停留天数": days.astype(float),
                        "超过期限": np.where((days > limit) & at.loc[live, "阶段"].isin(PRE_CONSTRUCTION),
                                             f"超过{limit:g}天", ""),
                        "责任单位": df.loc[live, "owner"], "存在问题": df.loc[live, "issue"]})
    return out.sort_values(["停留天数", "项目名称"], ascending=[False, True], kind="stable").reset_index(drop=True)


CHANNEL_PLAN = {  # channel → the catalogue's (projects, total investment 亿元, funds sought 亿元)
    "国债": ("bond_projects", "bond_projects_investment", "bond_funds_sought"),
    "技改再贷款": ("relending_projects", "relending_investment", None),
    "专项债": ("special_bond_projects", None, None),   # total: the two projects' 1.25亿 + 2.32亿
}


def financing(df: pd.DataFrame, cat) -> pd.DataFrame:
    """The financing pipeline by channel: the document's plan beside the ledger's 拟争取, 已批复, 已到位
    (amounts as the ledger holds them now) and the gap still to arrive."""
    rows = []
    for ch in CHANNELS:
        part = df[df["channel"] == ch]
        plan = CHANNEL_PLAN.get(ch)
        doc = [float(cat.get(i).value) if i else np.nan for i in plan] if plan else [np.nan] * 3
        if ch == "专项债":
            doc[1] = float(cat.get("special_bond_new_infra").value) + float(cat.get("special_bond_smart_park").value)
        # amounts nobody entered stay blank (—), not 0; nothing received yet counts as 0 in the gap and rate
        sought, approved, received = (part[c].sum(min_count=1) for c in ("sought", "approved", "received"))
        arrived = 0.0 if pd.isna(received) else received
        if part.empty and not plan:
            continue
        rows.append({"资金渠道": ch, "文件谋划项目（个）": doc[0], "文件所列总投资（亿元）": doc[1],
                     "文件拟争取（亿元）": doc[2], "台账项目（个）": float(len(part)),
                     "台账总投资（亿元）": _yi(part["total"].fillna(0).sum()),
                     "拟争取（亿元）": _yi(sought), "已批复（亿元）": _yi(approved), "已到位（亿元）": _yi(received),
                     "尚未到位（亿元）": _yi(max(sought - arrived, 0.0)),
                     "到位率": arrived / sought if sought else np.nan})
    return pd.DataFrame(rows)


def onboarding_summary(ob: pd.DataFrame, kpi: pd.DataFrame, cat, period: str) -> pd.DataFrame:
    """The 入统 pipeline at the end of ``period``: firms by status, this year's 入统 against the target
    (the monthly table's figure) and how many of the document's 15 key firms the ledger holds."""
    status = onboarding_status(ob, period)
    k = kpi.set_index("id")
    pool = cat.lists.get("onboarding_pool", {}).get("items", [])
    held = sum(_match(ob["name"], item) is not None for item in pool)
    return pd.DataFrame([
        {"项目": "本年已入统", "数值": float(k.loc["onboarding_target", "本年累计"]) if "onboarding_target" in k.index
         else np.nan, "单位": "家", "说明": f"文件目标：拟培育入统规上企业{cat.get('onboarding_target').value:g}家"},
        {"项目": "已达入统标准、待入统", "数值": float((status == "达标").sum()), "单位": "家", "说明": ""},
        {"项目": "培育中", "数值": float((status == "培育中").sum()), "单位": "家", "说明": ""},
        {"项目": "文件所列重点培育企业在台账中", "数值": float(held), "单位": "家",
         "说明": f"文件列出重点培育入统企业{len(pool)}家"},
    ])


def onboarding_list(ob: pd.DataFrame, period: str) -> pd.DataFrame:
    """Every firm of the 入统 ledger with its status at the end of ``period`` and the date it was reached."""
    status = onboarding_status(ob, period)
    date = pd.Series("", index=ob.index, dtype=object)
    for _, name, word in ONBOARDING_STEPS:
        date[status == word] = ob.loc[status == word, name]
    order = status.map({"已入统": 0, "达标": 1, "培育中": 2})
    out = pd.DataFrame({"企业名称": ob["name"], "状态": status, "日期": date, "备注": ob["note"], "_o": order})
    return out.sort_values(["_o"], kind="stable").drop(columns="_o").reset_index(drop=True)


def finance_summary(fin: pd.DataFrame, cat, period: str) -> pd.DataFrame:
    """金融助企 this year to ``period`` against 2024: firms that obtained loans, the amount, institutions."""
    year = fin[_in_year(fin["date"], period[:4], period)]
    rows = [("获得贷款企业", float(year["firm"].map(units.normalize_text).nunique()), "家", "finance_firms_funded"),
            ("帮助企业获得贷款", _yi(year["amount"].sum()), "亿元", "finance_loans"),
            ("对接金融机构", float(year["institution"].map(units.normalize_text).nunique()), "家",
             "finance_institutions")]
    return pd.DataFrame([{"项目": name, "本年累计": now, "2024年": float(cat.get(i).value), "单位": unit}
                         for name, now, unit, i in rows])


# ---------------------------------------------------------------- the Excel template for the office
TEMPLATE_SHEET = "项目台账"
PROMPTS = {
    "项目名称": "每个项目一行，名称不能重复。",
    "项目类型": "从下拉列表选择：" + "、".join(KINDS) + "。",
    "总投资万元": "单位万元；也可写 3亿元，系统自动换算。",
    **{STAGE_COLUMNS[s]: f"达到“{s}”阶段的日期，如 2025-06-18；只知道月份可写 2025-06。未达到留空。" for s in STAGES},
    "终止日期": "项目终止（不再推进）的日期；填了终止日期必须写终止原因。",
    **{c: f"{c[:-6]}完成的固定资产投资（万元），没有填 0 或留空。" for c in MONTH_COLUMNS},
    "资金渠道": "从下拉列表选择：" + "、".join(CHANNELS) + "。填了争取资金金额必须选渠道。",
    "拟争取资金万元": "向上争取（或计划筹措）的资金，万元。",
    "已批复资金万元": "已获批复的资金，万元。",
    "已到位资金万元": "已实际到位的资金，万元。",
    "年度计划投资万元": "本年计划完成的投资（万元）；填了才按月判断完成投资的红黄绿，可留空。",
    "计划开工日期": "计划开工的月份或日期，如 2025-09；填了才判断开工是否逾期，已开工的可留空。",
    "计划入库日期": "计划纳入固定资产投资统计（入库）的月份，如 2025-08；填了才判断入库是否逾期。",
    "入库日期": "实际入库的月份或日期；未入库留空。",
}
INSTRUCTIONS = (
    "项目台账填报说明",
    "1. 每个项目一行（招商项目、产业项目、基础设施、技改项目都填在这一张表）。项目名称不能重复。",
    "2. 阶段按 在谈 → 签约 → 落地 → 开工 → 竣工投产 推进：在对应列填写达到该阶段的日期（如 2025-06-18，只知道月份可写 "
    "2025-06），未达到的留空。可以跳过不适用的阶段（技改、基础设施项目一般没有在谈、签约），但后一阶段的日期不能早于前一阶段。",
    "3. 项目当前所处阶段由日期决定，不另填阶段：开工后至竣工投产前为“在建”。项目终止的，填终止日期和终止原因。",
    "4. 月度汇报中的在谈、签约、落地、新开工、在建、竣工投产、固投项目数、固定资产投资额、30亿元以上和亿元以上项目，"
    "都由本表按日期统计；月报表中同一指标若另填了数且不一致，系统会在“数据质量”中列出，以本表为准。",
    "5. 1月—12月完成投资：填各月完成的固定资产投资（万元），不要填累计数。报告期以后的月份留空。",
    "6. 资金渠道从下拉列表选择（国债指超长期国债）；拟争取、已批复、已到位填当前数（万元）。一个项目有多个渠道时，"
    "填主要争取的渠道，其他渠道写在备注中。",
    "7. 金额可以带单位填写（3亿元、2,500万元），系统自动换算；不要填公式，不要合并单元格，不要在表头上方加标题行。",
    "8. 已列出的项目名称取自绩效目标文件（重点在谈项目、道路工程、再次创业待解决问题），请补填其类型和阶段日期。",
    "9. 年度计划投资、计划开工日期（可选）：填了的项目按月判断红黄绿——完成投资不足序时任务80%为黄、不足60%为红；"
    "过了计划开工月仍未开工为黄，满3个月为红；填了计划入库日期的，过了计划入库月仍未入库为黄，满2个月为红"
    "（阈值可在简报设置中调整）。",
)


def write_template(cat, output: Path) -> Path:
    """An .xlsx for the office that keeps the project ledger: the header, the document's named projects
    ready to fill, dropdowns (data validation) for 项目类型 and 资金渠道, a prompt on every column and a
    填表说明 sheet."""
    from .xlsx import clerk_template

    names = list(dict.fromkeys(item for list_id, _ in KEY_LISTS
                               for item in cat.lists.get(list_id, {}).get("items", [])))
    return clerk_template(output, sheet=TEMPLATE_SHEET, headers=PROJECT_HEADERS, rows=[[n] for n in names],
                          prompts=PROMPTS, choices={"项目类型": KINDS, "资金渠道": CHANNELS},
                          widths={"项目名称": 28}, width=14, instructions=INSTRUCTIONS, notes_width=120,
                          filled_rows=1000,
                          pages_wide=2, a3=True, title_cols="A:A")   # 34 columns: two A3 pages wide, names repeated


# ---------------------------------------------------------------- sentences and the monthly rows the page shows
CONSTRUCTION_IDS = ("new_projects_started", "projects_under_construction", "projects_completed",
                    "fixed_investment_projects", "fixed_investment")


def construction_table(kpi: pd.DataFrame) -> pd.DataFrame:
    """新开工 / 在建 / 竣工投产 / 固投 rows of the monthly table (the same figures as every other page)."""
    cols = ["指标", "单位", "年度目标", "本年累计", "上年同期累计", "完成率", "序时进度", "进度差", "预警"]
    k = kpi.set_index("id")
    return k.loc[[i for i in CONSTRUCTION_IDS if i in k.index], cols].reset_index(drop=True)


def _counts(kpi: pd.DataFrame, ids) -> str:
    """"在谈项目19个（目标20个）、…" for the indicators of ``ids`` the monthly table tracks."""
    k = kpi.set_index("id")
    parts = []
    for row in (k.loc[i] for i in ids if i in k.index):
        now = "未填报" if pd.isna(row["本年累计"]) else units.fmt_figure(row["本年累计"], row["单位"])
        parts.append(f"{row['指标']}{now}（目标{units.fmt_figure(row['年度目标'], row['单位'])}）")
    return "、".join(parts)


INVESTMENT_IDS = ("inv_negotiating", "inv_signed", "inv_landed", "inv_big_projects_3bn", "inv_projects_100m",
                  "foreign_investment")   # 实际利用外资 once its 市下达 figure is set


def centre_sentences(kpi: pd.DataFrame) -> list[str]:
    """One sentence on 招商引资 and one on 项目建设 for the 领导摘要 (figures of the monthly table)."""
    inv = _counts(kpi, INVESTMENT_IDS)
    build = _counts(kpi, CONSTRUCTION_IDS)
    return [f"招商引资：{inv}。", f"项目建设：{build}。"]


def ageing_sentence(table: pd.DataFrame, limit: float) -> str:
    """How many moving projects there are and which were held too long before construction."""
    if table.empty:
        return "台账中没有正在推进的项目。"
    over = table[table["超过期限"] != ""]
    head = (f"正在推进的项目{len(table)}个，其中开工前（在谈、签约、落地）在当前阶段停留超过{limit:g}天的"
            f"{len(over)}个")
    if over.empty:
        return head + "。"
    names = "、".join(f"{md_text(n)}（{s}，{d:.0f}天）" for n, s, d in over[["项目名称", "当前阶段", "停留天数"]]
                     .head(5).itertuples(index=False))
    return head + f"，停留最久的是：{names}。"


# ---- 红黄绿 per project (issue 24): each rule a setting of report.yaml with its source -----------------------
PROJECT_RULES = {
    "invest_follow_pct": 80.0,   # 新晃: below 80% of the month's investment task, the project is followed up
    "invest_card_pct": 60.0,     # 新晃: below 60%, a yellow card (red here)
    "start_red_months": 3,       # 银川: 开工 yellow once its planned month is missed, red 3 months after
    "store_red_months": 2,       # 银川: 入库 yellow once its planned month is missed, red 2 months after
}
PROJECT_RULE_SOURCES = ("完成投资：累计完成不足序时任务（年度计划 × 已过月数 ÷ 12）的80%为黄（跟进督导），不足60%为红（亮黄牌）"
                        "——新晃县重点项目调度办法；开工：过了计划开工月仍未开工为黄，满3个月为红；入库：过了计划入库月为黄，满2个月为红"
                        "——银川市重点项目推进办法")
GREEN, AMBER, RED = "绿", "黄", "红"
_RANK = {GREEN: 0, AMBER: 1, RED: 2}


def project_rag(df: pd.DataFrame, period: str, rules: dict | None = None) -> pd.DataFrame:
    """Each project with a 年度计划投资 or a 计划开工日期 (not ended, not finished before the year), coloured
    by its investment against the month's task and its start against the plan; the worse colour is its
    综合预警.  A rule with no plan to judge against gives no colour."""
    rules = {**PROJECT_RULES, **(rules or {})}
    p = Period.parse(period)
    year = p.year_text
    done = investment_to(df, period)
    ended = df["终止"].fillna("").astype(str).str.slice(0, 7).between(f"{year}-01", period)
    finished_before = df["竣工投产"].fillna("").astype(str).str.slice(0, 4).lt(year) & (df["竣工投产"].fillna("") != "")
    def text(col, i):
        v = df.at[i, col]
        return v if isinstance(v, str) else ""

    plan_col = pd.to_numeric(df["plan"], errors="coerce")
    planned = (plan_col.fillna(0) > 0) | _filled(df, "plan_start") | _filled(df, "plan_store")
    rows = []
    for i in df.index[planned & ~ended & ~finished_before]:
        plan, start, started = float(plan_col[i]), text("plan_start", i), text("开工", i)
        row = {"项目名称": df.at[i, "name"], "责任单位": text("owner", i),
               "年度计划投资（万元）": plan if plan == plan and plan else float("nan"),
               "累计完成投资（万元）": float(done[i]), "完成序时任务": float("nan"), "投资预警": "",
               "计划开工": start[:7], "实际开工": started[:7], "开工预警": ""}
        finished = text("竣工投产", i)
        if finished and finished[:7] <= period:
            row["投资预警"] = f"{GREEN}·已竣工投产"
        elif plan == plan and plan:
            task = plan * p.month / 12
            ratio = float(done[i]) / task
            row["完成序时任务"] = ratio
            if ratio * 100 >= rules["invest_follow_pct"]:
                row["投资预警"] = GREEN
            elif ratio * 100 >= rules["invest_card_pct"]:
                row["投资预警"] = f"{AMBER}·不足序时任务{rules['invest_follow_pct']:g}%，跟进督导"
            else:
                row["投资预警"] = f"{RED}·不足序时任务{rules['invest_card_pct']:g}%，亮黄牌"
        if start:
            row["开工预警"] = _late(start, started, p, rules["start_red_months"], "开工")
        store = text("plan_store", i) if "plan_store" in df else ""
        stored = text("stored", i) if "stored" in df else ""
        row["计划入库"], row["实际入库"] = store[:7], stored[:7] if stored[:7] <= period else ""
        row["入库预警"] = _late(store, row["实际入库"], p, rules["store_red_months"], "入库") if store else ""
        colours = [w[:1] for w in (row["投资预警"], row["开工预警"], row["入库预警"]) if w]
        row["综合预警"] = max(colours, key=_RANK.__getitem__)
        rows.append(row)
    cols = ["项目名称", "责任单位", "年度计划投资（万元）", "累计完成投资（万元）", "完成序时任务", "投资预警", "计划开工",
            "实际开工", "开工预警", "计划入库", "实际入库", "入库预警", "综合预警"]
    out = pd.DataFrame(rows, columns=cols)
    order = out["综合预警"].map(_RANK).fillna(-1)
    return out.assign(_o=-order).sort_values(["_o", "项目名称"], kind="stable").drop(columns="_o").reset_index(drop=True)


def _filled(df: pd.DataFrame, col: str) -> pd.Series:
    """Rows whose ``col`` holds a date (an optional column may be absent)."""
    if col not in df:
        return pd.Series(False, index=df.index)
    return df[col].map(lambda v: isinstance(v, str) and v != "")


def _late(plan: str, done: str, p: Period, red_months: int, what: str) -> str:
    """A planned month against what happened (银川): green once done or before the month, amber once the month
    is missed, red ``red_months`` after it."""
    late = (p.year - int(plan[:4])) * 12 + p.month - int(plan[5:7])        # months past the planned month
    if done:
        return GREEN
    if late < 0:
        return f"{GREEN}·未到计划{what}月"
    if late == 0:
        return f"{GREEN}·本月计划{what}"
    return f"{AMBER if late < red_months else RED}·逾期{late}个月未{what}"


def rag_sentence(table: pd.DataFrame) -> str:
    """How many projects are red, amber and green, and which are red."""
    if table.empty:
        return "项目台账未填报年度计划投资或计划开工日期，无法按项目判断红黄绿。"
    counts = table["综合预警"].value_counts()
    head = (f"有计划可比的项目{len(table)}个：红色{int(counts.get(RED, 0))}个、黄色{int(counts.get(AMBER, 0))}个、"
            f"绿色{int(counts.get(GREEN, 0))}个")
    red = table.loc[table["综合预警"] == RED, "项目名称"].map(md_text).tolist()     # names from the ledger: inert
    return head + (f"；红色项目：{'、'.join(red)}。" if red else "。")
