"""The main tables of the briefings, as one Excel workbook (reports/<period>/tables.xlsx).

Each entry computes its table with the same helper the notebook uses and the same build
parameters (``values``: every notebook's parameters as the build injected them), so the workbook
and the HTML agree, also when a parameter is given with ``-p``.
"""
from __future__ import annotations

from pathlib import Path

from . import xlsx
from .sources import Bundle


def target_sheet(bundle: Bundle, values: dict):
    from .targets import targets_overview

    return targets_overview(bundle.catalogue), {"增幅": "0.0%", "2024年隐含基期": "#,##0.00",
                                                 "2025年目标": "#,##0.00", "增量": "#,##0.00"}


def kpi_sheet(bundle: Bundle, values: dict):
    from .progress import kpi_table

    kpi = kpi_table(bundle.catalogue, bundle.tables["actuals"], bundle.period,
                    method=values.get("time_method", "months"), tolerance_pp=values.get("tolerance_pp", 1.0))
    pct = "0.0%"
    return kpi.drop(columns=["id"]), {"目标增幅": pct, "同比增速": pct, "完成率": pct, "进度": pct,
                                      "序时进度": pct, "进度差": "0.0", "剩余月份需增速": pct,
                                      "预测完成率": pct, "本年累计": "#,##0.00", "上年同期累计": "#,##0.00",
                                      "还需完成": "#,##0.00", "剩余月均需完成": "#,##0.00",
                                      "全年预测_按进度": "#,##0.00", "全年预测_按季节": "#,##0.00"}


def efficiency_sheet(bundle: Bundle, values: dict):
    from .efficiency import evaluate, load_settings

    if "enterprises" not in bundle.tables:
        return None
    settings = dict(bundle.manifest.get("settings", {}).get("scoring") or load_settings(None))
    if values.get("scoring_method"):
        settings["method"] = values["scoring_method"]
    return evaluate(bundle.tables["enterprises"], settings), {"研发经费投入强度": "0.0%", "用地亩": "#,##0.0"}


def parcels_sheet(bundle: Bundle, values: dict):
    from .land import category_summary

    if "parcels" not in bundle.tables:
        return None
    return category_summary(bundle.tables["parcels"], bundle.period), {"处置率": "0.0%", "认定面积亩": "#,##0.0",
                                                          "已处置亩": "#,##0.0"}


def low_efficiency_sheet(bundle: Bundle, values: dict):
    if "low_efficiency_status" not in bundle.tables:
        return None
    return bundle.tables["low_efficiency_status"], {}


def share_sheet(bundle: Bundle, values: dict):
    from .innovation import share_progress
    from .progress import kpi_table

    kpi = kpi_table(bundle.catalogue, bundle.tables["actuals"], bundle.period)
    pct = "0.0%"
    return share_progress(kpi, bundle.catalogue, bundle.period,
                          denominator_id=values.get("denominator", "industrial_output")).drop(columns=["id"]), {
        "当前占比": pct, "目标占比": pct}


def budget_sheet(bundle: Bundle, values: dict):
    from .budget import monitor

    if "spending" not in bundle.tables:
        return None
    pct = "0.0%"
    return monitor(bundle.catalogue.budget_projects, bundle.tables["spending"], bundle.period,
                   warn_pp=values.get("warn_pp", 5.0)), {
        "执行率": pct, "计划进度": pct, "节点要求": pct, "下一节点要求": pct, "节点偏差": "0.0"}


def self_assessment_sheet(bundle: Bundle, values: dict):
    from .budget import self_assessment, weight_set

    if "spending" not in bundle.tables or "indicator_actuals" not in bundle.tables:
        return None
    summary, tables = self_assessment(bundle.catalogue.budget_projects, bundle.tables["spending"],
                                      bundle.tables["indicator_actuals"], bundle.period,
                                      weight_set(**{k: values[k] for k in ("budget_weight", "output_weight",
                                                                          "outcome_weight", "satisfaction_weight")
                                                    if k in values}))
    import pandas as pd

    detail = pd.concat([t.assign(项目名称=name) for name, t in tables.items()], ignore_index=True)
    cols = ["项目名称", "一级指标", "二级指标", "三级指标", "指标值", "实际完成值", "评价等级", "分值", "得分",
            "评分说明", "偏差原因"]
    return detail[cols], {"分值": "0.00", "得分": "0.00"}


def audit_sheet(bundle: Bundle, values: dict):
    from .audit import findings_table, run

    return findings_table(run(bundle.catalogue)), {}


def catalogue_sheet(bundle: Bundle, values: dict):
    return bundle.tables["targets"], {}


SHEETS = [
    ("月度进度", kpi_sheet),
    ("经济目标", target_sheet),
    ("亩均效益评价", efficiency_sheet),
    ("五未土地", parcels_sheet),
    ("低效企业", low_efficiency_sheet),
    ("高新占比", share_sheet),
    ("预算执行", budget_sheet),
    ("绩效自评", self_assessment_sheet),
    ("口径核查", audit_sheet),
    ("目标目录", catalogue_sheet),
]


def write_workbook(bundle: Bundle, path: Path, values: dict | None = None) -> Path:
    sheets = {}
    for name, func in SHEETS:
        got = func(bundle, values or {})
        if got is not None:  # a sheet whose input is absent is left out
            sheets[name] = got
    notice = None
    if bundle.demo:
        parts = "、".join(bundle.manifest.get("demo_parts") or ["部分数据"])
        notice = (f"⚠ 示例数据：本工作簿中的{parts}为合成的演示数据，不代表真实统计结果，不得作为正式数据引用"
                  "（直接摘自绩效目标文件的目标数字除外）。")
    xlsx.write_tables(sheets, path, notice)
    return path
