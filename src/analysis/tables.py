"""The main tables of the briefings, as one Excel workbook (reports/<period>/tables.xlsx).

Every sheet is a table of :mod:`analysis.results`, the same object the pages read, so the
workbook and the HTML are one computation (also when a parameter is given with ``-p``).  Columns
are renamed for a Chinese reader, developer ids are dropped, figures keep numbers (not text) with a
number format by unit: counts whole, 亿元 two decimals, the document's own targets as printed.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from . import __version__, units, xlsx
from .results import Results

PCT, MONEY, ONE, WHOLE, DOC = "0.0%", "#,##0.00", "#,##0.0", "#,##0", "General"
SIGNED = "+0.0;-0.0;0.0"


EXCEL_DIGITS = {0: WHOLE, 1: ONE, 2: MONEY}


def by_unit(df, column=None, unit_column="单位"):
    """Per-row Excel number formats with the precision the pages use (``units.digits_for``): counts whole
    (one decimal when the value is not whole, as an implied base of 12.5家), 亩 one decimal, 亿元 two."""
    values = df[column] if column is not None else [0] * len(df)
    return [EXCEL_DIGITS.get(units.digits_for(v, u), MONEY) for u, v in zip(df[unit_column], values)]


def kpi_sheet(r: Results):
    from .progress import KPI_HEADERS

    kpi = r["kpi"].drop(columns=["id"]).rename(columns=KPI_HEADERS)
    fmt = {c: by_unit(kpi, c) for c in ("本年累计", "上年同期累计", "还需完成", "剩余月均需完成", "全年预测（按进度）",
                                        "全年预测（按上年季节规律）")}
    return kpi, {"年度目标": DOC, "目标增幅": PCT, "同比增速": PCT, "完成率": PCT, "进度": PCT,
                 "序时进度": PCT, "进度差（个百分点）": SIGNED, "剩余月份需增速": PCT, "预测完成率": PCT, **fmt}


def headline_sheet(r: Results):
    h = r["headline"].drop(columns=["id", "落后"]).rename(columns={"进度差": "进度差（个百分点）",
                                                           "完成率较上月": "完成率较上月（个百分点）"})

    def per_row(column):
        return [PCT if u == "%" else f for u, f in zip(h["单位"], by_unit(h, column))]

    target = [PCT if u == "%" else MONEY if u == "万元/亩" else DOC for u in h["单位"]]
    return h, {"年度目标": target, "本年累计": per_row("本年累计"), "同比增速": PCT, "完成率": PCT, "进度": PCT,
               "序时进度": PCT, "进度差（个百分点）": SIGNED, "本月新增": per_row("本月新增"), "当月同比": PCT,
               "完成率较上月（个百分点）": SIGNED, "还需完成": per_row("还需完成"),
               "剩余月均需完成": per_row("剩余月均需完成")}


def outlook_sheet(r: Results):
    o = r["outlook"].drop(columns=["id"])
    return o, {"年度目标": [MONEY if u == "万元/亩" else DOC for u in o["单位"]], "本年累计": by_unit(o, "本年累计"),
               "预计全年": by_unit(o, "预计全年"), "预计完成率": PCT, "剩余月份需增速": PCT,
               "剩余月均需完成": by_unit(o, "剩余月均需完成")}


def supervision_sheet(r: Results):
    t = r["supervision"]
    return None if t is None else (t, {"逾期天数": WHOLE})


def proposed_sheet(r: Results):
    t = r["supervision_proposed"]
    return None if t is None or t.empty else (t.drop(columns=["关联"]), {})


def target_sheet(r: Results):
    t = r["targets"].drop(columns=["id"])
    return t, {"增幅": PCT, "2024年隐含基期": by_unit(t, "2024年隐含基期"), "2025年目标": DOC,
               "增量": by_unit(t, "增量"), "文件所列新增": DOC, "占比": PCT, "隐含总量": MONEY}


def efficiency_sheet(r: Results):
    res = r["efficiency"]
    if res is None:
        return None
    from .efficiency import with_units

    res = with_units(res.drop(columns=[c for c in ("规上",) if c in res.columns]))
    return res, {"研发经费投入强度": PCT, "用地（亩）": ONE, "亩均税收（万元/亩）": MONEY,
                 "亩均营业收入（万元/亩）": ONE, "单位能耗增加值（万元/吨标煤）": MONEY,
                 "全员劳动生产率（万元/人）": ONE, "总分": ONE, "排名": WHOLE, "加减分": ONE,
                 **{c: ONE for c in res.columns if str(c).endswith("得分")}}


def class_history_sheet(r: Results):
    t = r["class_history"]
    return None if t is None else (t, {"连续同级年数": WHOLE})


def movement_sheet(r: Results):
    t = r["class_movement"]
    return None if t is None else (t, {c: WHOLE for c in t.columns if c != "上年等级"})


def measures_sheet(r: Results):
    t = r["measure_costs"]
    if t is None or t.empty:
        return None
    from .measures import cost_table

    return cost_table(t), {"连续同级（年）": WHOLE, "用量": ONE, "年度加价（万元）": MONEY}


def objections_sheet(r: Results):
    t = r["objection_log"]
    return None if t is None or t.empty else (t, {})


def round_changes_sheet(r: Results):
    t = r["round_changes"]
    return None if t is None or t.empty else (t, {"公示总分": MONEY, "审定总分": MONEY})


def standing_sheet(r: Results):
    t = r["standing_zones"]
    if t is None:
        return None
    return t, {c: MONEY for c in t.columns if c not in ("开发区", "排名", "等级", "说明")} | {"排名": WHOLE}


def boards_sheet(r: Results):
    t = r["standing_boards"]
    return None if t is None else (t, {"本区数值": MONEY, "对标开发区数": WHOLE, "本区百分位": ONE})


def parcels_sheet(r: Results):
    t = r["parcels_category"]
    if t is None:
        return None
    t = t.rename(columns={"地块数": "地块数（块）", "认定面积亩": "认定面积（亩）", "已处置亩": "已处置（亩）"})
    return t, {"处置率": PCT, "认定面积（亩）": ONE, "已处置（亩）": ONE, "地块数（块）": WHOLE}


def low_efficiency_sheet(r: Results):
    t = r["low_efficiency"]
    return None if t is None else (t, {})


def share_sheet(r: Results):
    t = r["share"].drop(columns=["id"])
    t = t.rename(columns={c: c[:-2] + "（亿元）" for c in t.columns if str(c).endswith("亿元")})
    return t, {"当前占比": PCT, "目标占比": PCT, **{c: MONEY for c in t.columns if str(c).endswith("（亿元）")}}


def budget_sheet(r: Results):
    t = r["budget_monitor"]
    if t is None:
        return None
    t = t.rename(columns={"全年预算数": "全年预算数（万元）", "累计支出": "累计支出（万元）",
                          "距下一节点还需支出": "距下一节点还需支出（万元）"})
    t = t.rename(columns={"节点偏差": "节点偏差（个百分点）"})
    return t, {"执行率": PCT, "计划进度": PCT, "节点要求": PCT, "下一节点要求": PCT, "节点偏差（个百分点）": SIGNED,
               **{c: MONEY for c in t.columns if "万元" in str(c)}}


def as_number(value):
    """A cell typed as a bare number or percentage ('10', '97%') as a number and its Excel format, so
    the workbook stores numbers, not text; anything else (≥12次, 达成) stays as typed."""
    import re

    text = str(value).strip() if value is not None else ""
    if re.fullmatch(r"[+-]?\d+(\.\d+)?", text):
        number = float(text)
        return (int(number) if number.is_integer() else number), (WHOLE if number.is_integer() else MONEY)
    if re.fullmatch(r"[+-]?\d+(\.\d+)?%", text):
        return float(text[:-1]) / 100, PCT
    return value, None


def self_assessment_sheet(r: Results):
    detail = r["self_assessment_detail"]
    if detail is None:
        return None
    cols = ["项目名称", "一级指标", "二级指标", "三级指标", "指标值", "实际完成值", "评价等级", "分值", "得分",
            "评分说明", "偏差原因"]
    out = detail[cols].copy()
    typed = [as_number(v) for v in out["实际完成值"]]
    out["实际完成值"] = pd.Series([v for v, _ in typed], index=out.index, dtype=object)
    return out, {"分值": "0.00", "得分": "0.00", "实际完成值": [f for _, f in typed]}


def _counts_and_money(t):
    return {**{c: WHOLE for c in t.columns if str(c).endswith("（个）") or c == "停留天数"},
            **{c: MONEY for c in t.columns if str(c).endswith("（亿元）")},
            **{c: PCT for c in t.columns if str(c).endswith("率")}}


def _projects_sheet(name):
    def sheet(r: Results):
        t = r[name]
        return None if t is None else (t, _counts_and_money(t))
    return sheet


def rag_sheet(r: Results):
    t = r["projects_rag"]
    return None if t is None else (t, {"年度计划投资（万元）": WHOLE, "累计完成投资（万元）": WHOLE, "完成序时任务": PCT})


def finance_sheet(r: Results):
    t = r["finance_summary"]
    if t is None:
        return None
    return t, {c: [WHOLE if u == "家" else MONEY for u in t["单位"]] for c in ("本年累计", "2024年")}


def audit_sheet(r: Results):
    return r["audit"], {}


WORDS = {"类型": {"target": "目标", "actual": "实际", "plan": "计划"},
         "方向": {"higher": "越大越好", "lower": "越小越好"},
         "按月跟踪": {True: "是", False: "否", "True": "是", "False": "否"}}


def catalogue_sheet(r: Results):
    t = r.bundle.tables["targets"].rename(columns={"id": "指标代码", "增幅%": "增幅（%）", "占比%": "占比（%）"})
    for column, words in WORDS.items():
        if column in t.columns:
            t[column] = t[column].map(lambda v, w=words: w.get(v, v))
    numbers = {c: by_unit(t, c) for c in ("新增", "隐含基期", "隐含增量")}
    return t, {"数值": DOC, "增幅（%）": "0.0", "占比（%）": "0.0", "隐含总量": MONEY, **numbers}


SHEETS = [
    ("领导摘要", headline_sheet),
    ("全年预计", outlook_sheet),
    ("月度进度", kpi_sheet),
    ("经济目标", target_sheet),
    ("亩均效益评价", efficiency_sheet),
    ("历年等级", class_history_sheet),
    ("等级变动", movement_sheet),
    ("差别化措施", measures_sheet),
    ("异议处理", objections_sheet),
    ("审定变化", round_changes_sheet),
    ("对标排位", standing_sheet),
    ("长板短板", boards_sheet),
    ("五未土地", parcels_sheet),
    ("低效企业", low_efficiency_sheet),
    ("高新占比", share_sheet),
    ("招商漏斗", _projects_sheet("projects_funnel")),
    ("大项目", _projects_sheet("projects_big")),
    ("文件点名项目", _projects_sheet("projects_key")),
    ("项目阶段", _projects_sheet("projects_ageing")),
    ("项目红黄绿", rag_sheet),
    ("资金争取", _projects_sheet("projects_financing")),
    ("入统培育", _projects_sheet("onboarding_list")),
    ("金融助企", finance_sheet),
    ("督办事项", supervision_sheet),
    ("建议督办", proposed_sheet),
    ("预算执行", budget_sheet),
    ("绩效自评", self_assessment_sheet),
    ("口径核查", audit_sheet),
    ("目标目录", catalogue_sheet),
]


def write_workbook(results: Results, path: Path) -> Path:
    from .progress import period_label

    bundle = results.bundle
    sheets = {}
    for name, func in SHEETS:
        got = func(results)
        if got is not None:  # a sheet whose input is absent is left out
            sheets[name] = got
    report = bundle.manifest["settings"]["report"]
    title = (f"{report['unit']}　{period_label(bundle.period)}　数据来源：{bundle.manifest.get('data_source', '')}"
             f"　由 zone-analysis {__version__} 生成")
    notice = None
    if bundle.demo:
        parts = "、".join(bundle.manifest.get("demo_parts") or ["部分数据"])
        notice = (f"⚠ 示例数据：本工作簿中的{parts}为合成的演示数据，不代表真实统计结果，不得作为正式数据引用"
                  "（直接摘自绩效目标文件的目标数字和企业、项目名单除外）。")
    xlsx.write_tables(sheets, path, notice, title=title)
    return path
