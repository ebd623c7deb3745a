"""领导摘要: the headline indicators, their red/amber/green status and the largest gaps (METHODS.md §1).

The report settings (``data/raw/report.yaml``) hold what a publisher decides once for every page:
the unit named on the cover, the basis of 高新技术企业产值占比, the status rule, the headline list and
an optional 责任科室 per indicator.  They are read once by ``sources.prepare`` into the manifest, so
every notebook, the summary, the 月报 and ``tables.xlsx`` see the same values.

Status rule (a setting; several cities use 10 and 30): an indicator behind 序时进度 by ``amber_pp``
points or more is 黄, by ``red_pp`` or more 红, otherwise 绿.  A share target (高新占比) has no
序时进度: it is judged by how far its 完成率 (share ÷ target share) is below 100%.
"""
from __future__ import annotations

import datetime
import math

import numpy as np
import pandas as pd

from . import growth, units, validation
from .catalogue import CITY_TARGETS  # noqa: F401 (report setting → the indicator it sets)
from .incremental import generated_on  # noqa: F401 (生成日期, one rule)
from .period import Period, chinese_date
from .errors import InputError

DEFAULT_HEADLINE = ["industrial_output", "revenue", "tax", "fixed_investment", "trade", "above_scale_firms",
                    "tax_per_mu", "hightech_share"]
DERIVED = {"tax_per_mu": ("亩均税收", "万元/亩"), "hightech_share": ("高新技术企业产值占比", "%")}
SHARE_BASES = {"output": "工业总产值", "document": "文件隐含规上累计产值（22亿元÷25%＝88亿元，随工业总产值同比例变化）"}
REPORT_DEFAULTS = {
    "unit": "河北魏县经济开发区管理委员会",
    "share_basis": "document",
    "amber_pp": 10.0,
    "red_pp": 30.0,
    "headline": list(DEFAULT_HEADLINE),
    "responsible": {},
    "units": [],                         # 责任单位名单 (optional): 督办台账 and responsible must use these names
    "warning_rule": "lag_pp",            # 红黄绿 rule: lag_pp (behind 序时进度) or plan_avg (growth vs plan and average)
    "average_growth": {},                # plan_avg: the average growth each indicator is compared with (e.g. 全市平均)
    "departments": {},                   # 数据来源 by department: input (actuals or a ledger table) → its department
    "issue_number": None,                # 期号 on the 月报's cover (None: 2025年第10期)
    "issued_on": None,                   # 印发日期 on the cover (None: the build's 生成日期)
    "foreign_investment_target": None,   # 实际利用外资: the figure the city assigns (文件：完成市下达任务)
    "project_rules": {},                 # 红黄绿 per project: thresholds over projects.PROJECT_RULES (新晃, 银川)
}
GREEN, AMBER, RED, NONE = "绿", "黄", "红", "未填报"
WARNING_RULES = {   # the 红黄绿 rule sets a report may use, each with its source
    "lag_pp": "按落后序时进度的个百分点：达到黄色阈值为黄、达到红色阈值为红（多地月报通行做法，默认10和30）",
    "plan_avg": "按增速：不低于计划且不低于平均为绿，仍增长但低于计划或平均为黄，下降为红（天津市2022年经济运行监测）",
}
# who provides each input, as leadership names a source (settable as ``departments`` in report.yaml)
DEPARTMENTS = {"actuals": "统计部门、税务部门", "enterprises": "税务部门、统计部门", "parcels": "自然资源部门",
               "spending": "财政部门", "indicator_actuals": "项目实施单位", "projects": "开发区项目建设部门",
               "onboarding": "统计部门", "finance": "开发区金融服务部门", "supervision": "开发区督查部门",
               "low_efficiency_status": "开发区经济发展部门"}


def source_words(report: dict, real: list[tuple[str, str]], demo_parts: list[str]) -> str:
    """数据来源 as a reader names it: the department behind each real input (统计部门、税务部门（月度数据）),
    grouped by department, then the 示例数据 parts."""
    by_dept: dict[str, list[str]] = {}
    for table, label in real:
        dept = report.get("departments", {}).get(table) or DEPARTMENTS.get(table, "")
        by_dept.setdefault(dept, []).append(label)
    parts = [f"{dept}（{'、'.join(labels)}）" if dept else "、".join(labels) for dept, labels in by_dept.items()]
    if demo_parts:
        parts.append(f"示例数据（合成，非真实统计）：{'、'.join(demo_parts)}")
    return "；".join(parts) or "绩效目标文件"


def status_note(colour: str, gap_pp: float, kind: str, tolerance_pp: float) -> str:
    """What a colour means for this row, in words a reader can check against the figures: a green row
    that is behind says so (绿·落后9.7个百分点，未达预警线), never 正常 on a shortfall.  ``kind`` is the
    row's 类别: a share (占比) has no 序时进度 and is stated against its target."""
    if colour == NONE or gap_pp != gap_pp:
        return NONE if colour == NONE else "无序时要求"
    against = "目标" if kind == "占比" else "序时进度"
    if growth.is_behind(gap_pp, tolerance_pp):
        note = f"{'低于' if kind == '占比' else '落后'}{against}{abs(gap_pp):.1f}个百分点"
        return note + ("，未达预警线" if colour == GREEN else "")
    if gap_pp > tolerance_pp and kind != "占比":
        return f"超{against}{gap_pp:.1f}个百分点"
    return f"达到{against}"


def _project_rules(path, given) -> dict:
    """The per-project 红黄绿 thresholds: the defaults of :data:`analysis.projects.PROJECT_RULES` overlaid
    with ``project_rules`` from report.yaml, each checked."""
    from .projects import PROJECT_RULES

    if given is None:
        given = {}
    if not isinstance(given, dict) or set(given) - set(PROJECT_RULES):
        raise InputError(path, column="project_rules", problem="应为项目预警阈值的键值对", value=given,
                         expected="可设 " + "、".join(PROJECT_RULES) + "，如 invest_follow_pct: 80")
    rules = dict(PROJECT_RULES)
    for key, value in given.items():
        v = validation.as_number(value)
        months = key.endswith("_months")
        lo, hi = (1, 24) if months else (0, 100)
        if v is None or isinstance(value, bool) or not (lo <= v <= hi) or (months and v != int(v)):
            raise InputError(path, column=f"project_rules.{key}", problem="取值无效", value=value,
                             expected=f"{lo}–{hi} 之间的{'整数（月）' if months else '百分数'}")
        rules[key] = int(v) if months else float(v)
    if rules["invest_card_pct"] >= rules["invest_follow_pct"]:
        raise InputError(path, column="project_rules.invest_card_pct",
                         problem=f"亮黄牌线 {rules['invest_card_pct']:g}% 应低于跟进线 {rules['invest_follow_pct']:g}%",
                         expected="invest_card_pct < invest_follow_pct")
    return rules


def load_settings(path, monthly_ids=()) -> dict:
    """The report settings: defaults overlaid with the YAML at ``path``; every value checked."""
    s = validation.settings_file(path, REPORT_DEFAULTS, "简报设置文件")
    if not isinstance(s["unit"], str) or not s["unit"].strip():
        raise InputError(path, column="unit", problem="应为单位名称", value=s["unit"], expected="非空文字")
    if s["share_basis"] not in SHARE_BASES:
        raise InputError(path, column="share_basis", problem="取值无效", value=s["share_basis"],
                         expected="output（工业总产值）或 document（文件隐含分母）")
    for key in ("amber_pp", "red_pp"):
        v = validation.as_number(s[key])
        if v is None or isinstance(s[key], bool) or not (0 < v <= 100):
            raise InputError(path, column=key, problem="取值无效", value=s[key], expected="0–100 之间的数值（个百分点）")
        s[key] = float(v)
    if s["red_pp"] <= s["amber_pp"]:
        raise InputError(path, column="red_pp", problem=f"红色阈值 {s['red_pp']:g} 应大于黄色阈值 {s['amber_pp']:g}",
                         expected="red_pp > amber_pp")
    if s["warning_rule"] not in WARNING_RULES:
        raise InputError(path, column="warning_rule", problem="取值无效", value=s["warning_rule"],
                         expected="；".join(f"{k}（{v}）" for k, v in WARNING_RULES.items()))
    if not isinstance(s["average_growth"], dict):
        raise InputError(path, column="average_growth", problem="应为“指标代码: 增速”的键值对", value=s["average_growth"],
                         expected="如 industrial_output: 8.5%")
    if isinstance(s["issued_on"], datetime.date):     # YAML reads 2025-11-05 as a date
        d = s["issued_on"]
        s["issued_on"] = chinese_date(d)
    if not isinstance(s["departments"], dict) or any(
            k not in DEPARTMENTS or not isinstance(v, str) or not v.strip() for k, v in s["departments"].items()):
        raise InputError(path, column="departments", problem="应为“输入: 部门名称”的键值对", value=s["departments"],
                         expected="输入为 " + "、".join(DEPARTMENTS) + "，如 actuals: 县统计局、县税务局")
    for key, example in (("issue_number", "第10期"), ("issued_on", "2025年11月5日")):
        if s[key] is not None and (not isinstance(s[key], str) or not s[key].strip() or len(s[key]) > 40):
            raise InputError(path, column=key, problem="应为一段简短文字", value=s[key], expected=f"如 {example}；不填时留空（null）")
    s["foreign_investment_target"] = _city_target(path, "foreign_investment_target", s["foreign_investment_target"])
    s["project_rules"] = _project_rules(path, s["project_rules"])
    known = set(monthly_ids) | set(DERIVED) | {i for k, i in CITY_TARGETS.items() if s[k]}
    if not isinstance(s["headline"], list) or not s["headline"] or len(s["headline"]) > 12:
        raise InputError(path, column="headline", problem="应为 1–12 个指标代码的列表", value=s["headline"],
                         expected="如 [industrial_output, tax, hightech_share]")
    for i in s["headline"]:
        if monthly_ids and i not in known:
            raise InputError(path, column="headline", problem=f"未知指标代码 {i!r}",
                             expected="、".join(sorted(known)))
    if len(set(s["headline"])) != len(s["headline"]):
        raise InputError(path, column="headline", problem="指标代码重复", value=s["headline"], expected="每个指标只列一次")
    if not isinstance(s["responsible"], dict):
        raise InputError(path, column="responsible", problem="应为“指标代码: 科室”的键值对", value=s["responsible"],
                         expected="如 tax: 财政金融科")
    if s["units"] is None:
        s["units"] = []
    if not isinstance(s["units"], list) or not all(isinstance(u, str) and u.strip() for u in s["units"]):
        raise InputError(path, column="units", problem="应为不重复的责任单位名称列表", value=s["units"],
                         expected="如 [经济发展科, 招商服务中心]；不限定时留空 []")
    s["units"] = [u.strip() for u in s["units"]]
    if len(set(s["units"])) != len(s["units"]) or any(c in u for u in s["units"] for c in ',"'):
        raise InputError(path, column="units", problem="单位名称重复，或含英文逗号、双引号（填报模板的下拉列表无法使用）",
                         value=s["units"], expected="不重复、不含英文逗号和双引号的名称，如 [经济发展科, 招商服务中心]")
    for k, v in s["responsible"].items():
        if monthly_ids and k not in known:
            raise InputError(path, column="responsible", problem=f"未知指标代码 {k!r}", expected="、".join(sorted(known)))
        if not isinstance(v, str) or not v.strip():
            raise InputError(path, column=f"responsible.{k}", problem="科室名称应为文字", value=v, expected="如 经济发展科")
        if s["units"] and v not in s["units"]:
            raise InputError(path, column=f"responsible.{k}", problem="不在责任单位名单（units）中", value=v,
                             expected="、".join(s["units"]))
    averages = {}
    for k, v in s["average_growth"].items():
        if monthly_ids and k not in known:
            raise InputError(path, column="average_growth", problem=f"未知指标代码 {k!r}", expected="、".join(sorted(known)))
        rate = _rate(v)
        if rate is None:
            raise InputError(path, column=f"average_growth.{k}", problem="增速无效", value=v,
                             expected="百分数，如 8.5% 或 8.5（表示8.5%），−50%–200% 之间")
        averages[k] = rate
    s["average_growth"] = averages
    return s


def _rate(value) -> float | None:
    """8.5% or 8.5 (percent points) → 0.085; None when not a rate between −50% and 200%."""
    if isinstance(value, bool):
        return None
    text = str(value).strip().replace("％", "%")
    try:
        rate = float(text[:-1]) / 100 if text.endswith("%") else float(text) / 100
    except ValueError:
        return None
    return rate if -0.5 <= rate <= 2.0 else None


def _city_target(path, key: str, value) -> dict | None:
    """A target the document leaves to the city, as {value, unit}: a positive amount in 美元 or 元
    (``1500万美元``, ``0.8亿元``); None when not set."""
    if value is None or value == "":
        return None
    expected = "正数金额，带单位，如 1500万美元 或 0.8亿元；未下达时留空（null）"
    try:
        q = units.parse_quantity(value) if not isinstance(value, bool) else None
    except units.UnitError:
        q = None
    if q is None or q.value <= 0 or units.dimension(q.unit) not in ("usd", "money"):
        raise InputError(path, column=key, problem="市下达目标无效 / invalid assigned target", value=value,
                         expected=expected)
    return {"value": q.value, "unit": q.unit}


def status(gap_pp: float, amber_pp: float, red_pp: float) -> str:
    """绿 / 黄 / 红 from the points behind (negative gap); NaN is 未填报."""
    if gap_pp is None or (isinstance(gap_pp, float) and math.isnan(gap_pp)):
        return NONE
    if gap_pp <= -red_pp:
        return RED
    if gap_pp <= -amber_pp:
        return AMBER
    return GREEN


def plan_avg_status(growth_rate: float, plan: float, average: float | None) -> str:
    """天津 2022: growth at or above the plan and the average → 绿; still growing but below either → 黄;
    falling → 红 (no average set: the plan alone)."""
    if growth_rate != growth_rate:
        return NONE
    if growth_rate < 0:
        return RED
    if growth_rate >= plan and (average is None or growth_rate >= average):
        return GREEN
    return AMBER


def by_growth(r: dict, settings: dict) -> bool:
    """Whether a KPI row is judged by the plan_avg rule (the rule is set and the row has a target rate)."""
    return settings.get("warning_rule") == "plan_avg" and r.get("目标增幅") == r.get("目标增幅") \
        and r.get("目标增幅") is not None and r.get("同比增速") == r.get("同比增速")


def warnings(kpi: pd.DataFrame, settings: dict) -> list[str]:
    """The 绿/黄/红 warning of every row of a KPI table, by the same rule as the summary: not reported →
    未填报; a milestone (节点) has no 序时进度: 绿 once done, otherwise "—".  Under ``plan_avg`` a row with
    a target growth rate is judged by its growth (:func:`plan_avg_status`), the others by ``lag_pp``."""
    from .progress import DONE, NOT_REPORTED

    out = []
    for r in kpi.to_dict("records"):
        if r["状态"] == NOT_REPORTED:
            out.append(NONE)
        elif r["类别"] == "节点":
            out.append(GREEN if r["状态"] == DONE else "—")
        elif by_growth(r, settings):
            out.append(plan_avg_status(r["同比增速"], r["目标增幅"], settings.get("average_growth", {}).get(r["id"])))
        else:
            out.append(status(r["进度差"], settings["amber_pp"], settings["red_pp"]))
    return out


def growth_note(colour: str, r: dict, average: float | None) -> str:
    """What a plan_avg colour means: 增速20.9%，高于目标18.6%和平均8.5% / 增速16.4%，低于目标20.0% / 增速−3.0%，下降."""
    g, plan = r["同比增速"], r["目标增幅"]
    text = f"增速{units.fmt_pct(g)}"
    if colour == RED:
        return text + "，同比下降"
    below = [f"目标{units.fmt_pct(plan)}"] * (g < plan) + [f"平均{units.fmt_pct(average)}"] * (
        average is not None and g < average)
    if below:
        return text + "，低于" + "和".join(below)
    return text + "，不低于" + "和".join([f"目标{units.fmt_pct(plan)}"]
                                        + ([f"平均{units.fmt_pct(average)}"] if average is not None else []))


NO_PREVIOUS = "无上月数据"


def previous_period(period: str) -> str | None:
    """The month before ``period`` in the same year (None for January: the year starts afresh)."""
    before = Period.parse(period).previous()
    return str(before) if before else None


def share_denominator(kpi: pd.DataFrame, cat, basis: str, share_id: str = "hightech_output") -> tuple[float, str]:
    """The denominator of a share target at this period on the chosen basis, in 亿元, and its name."""
    from .innovation import basis_scale

    output = float(kpi.set_index("id").loc["industrial_output", "本年累计"])
    scale, name = basis_scale(cat, basis, share_id)
    return output * scale, name


def _derived_rows(kpi: pd.DataFrame, cat, settings: dict, taxed_land_mu: float) -> dict[str, dict]:
    """亩均税收 and 高新占比 as headline rows, computed from the KPI table."""
    from . import land

    k = kpi.set_index("id")
    rows = {}
    tax_ind = cat.get("tax")
    tax_wan = units.convert(tax_ind.value, tax_ind.unit, "万元")
    area = taxed_land_mu or float(land.implied_area_from_increase(tax_wan, tax_ind.growth,
                                                                    cat.get("tax_per_mu_increase").value))
    t = k.loc["tax"]
    to_wan = units.convert(1.0, tax_ind.unit, "万元")
    rows["tax_per_mu"] = {
        "指标": "亩均税收", "单位": "万元/亩", "类别": "累计",
        "年度目标": tax_wan / area, "本年累计": t["本年累计"] * to_wan / area,
        "同比增速": t["同比增速"], "完成率": t["完成率"], "进度": t["进度"], "序时进度": t["序时进度"],
        "进度差": t["进度差"], "还需完成": t["还需完成"] * to_wan / area,
        "剩余月均需完成": t["剩余月均需完成"] * to_wan / area,
        "口径": f"税收 ÷ 纳税企业用地{area:,.1f}亩（{'设置值' if taxed_land_mu else '由文件目标倒推'}，用地不变）",
    }
    ht = k.loc["hightech_output"]
    den, den_name = share_denominator(kpi, cat, settings["share_basis"])
    share = float(ht["本年累计"]) / den if den > 0 and not np.isnan(ht["本年累计"]) else np.nan
    target = cat.get("hightech_output").share
    comp = share / target if not np.isnan(share) else np.nan
    rows["hightech_share"] = {
        "指标": "高新技术企业产值占比", "单位": "%", "类别": "占比",
        "年度目标": target, "本年累计": share, "同比增速": np.nan, "完成率": comp, "进度": comp,
        "序时进度": np.nan, "进度差": (comp - 1) * 100 if not np.isnan(comp) else np.nan,
        "还需完成": max(target - share, 0.0) if not np.isnan(share) else np.nan, "剩余月均需完成": np.nan,
        "口径": f"高新技术企业产值 ÷ {den_name}",
    }
    return rows


def headline_table(kpi: pd.DataFrame, previous: pd.DataFrame | None, cat, settings: dict,
                   taxed_land_mu: float = 0.0, period: str | None = None, tolerance_pp: float = 1.0) -> pd.DataFrame:
    """The headline indicators in the settings' order.

    Columns: id, 指标, 单位, 类别, 年度目标, 本年累计, 同比增速, 完成率, 进度 (增量进度 for a stock), 序时进度,
    进度差, 落后 (behind 序时进度 by the KPI table's one rule, :func:`growth.is_behind` with ``tolerance_pp``),
    预警 (绿/黄/红, the same rule as the monthly page's 预警 column), 预警说明 (:func:`status_note`),
    本月新增 (this month's increase of the year-to-date figure; for a stock the change of level; for a
    share the change in points), 当月同比 (:func:`month_growth`, flows only), 完成率较上月 (个百分点),
    较上月说明, 还需完成, 剩余月均需完成, 口径, 责任科室.
    ``previous`` is last month's KPI table: None in January (the year-to-date is all this month's) or when
    last month's figures were never given (an office that starts mid-year): then both changes are blank
    and 较上月说明 says 无上月数据, never the whole year counted as one month.
    """
    first_month = previous_period(period) is None if period else previous is None
    derived = _derived_rows(kpi, cat, settings, taxed_land_mu)
    before = _derived_rows(previous, cat, settings, taxed_land_mu) if previous is not None else {}
    k = kpi.set_index("id")
    p = previous.set_index("id") if previous is not None else None
    rows = []
    for i in settings["headline"]:
        if i in derived:
            r = dict(derived[i])
            last = before.get(i)
        else:
            rec = k.loc[i]
            r = {c: rec[c] for c in ("指标", "单位", "类别", "年度目标", "本年累计", "同比增速", "完成率", "进度",
                                     "序时进度", "进度差", "还需完成", "剩余月均需完成")}
            r["口径"] = "增量进度（以2024年基期为起点）" if r["类别"] == "存量" else "本年累计 ÷ 年度目标"
            last = p.loc[i].to_dict() if p is not None and i in p.index else None
        if r["类别"] == "节点":   # a milestone has no 序时进度: judged done or not by the KPI table
            r["进度差"] = np.nan
        now = r["本年累计"]
        no_last = ""
        if last is None and first_month:   # January: the whole year-to-date is this month's
            change = now if r["类别"] == "累计" else np.nan
            comp_change = r["完成率"] * 100 if r["类别"] == "累计" else np.nan
        elif last is None or last.get("本年累计") is None or last["本年累计"] != last["本年累计"]:
            change, comp_change, no_last = np.nan, np.nan, NO_PREVIOUS
        else:
            change = now - last["本年累计"]
            comp_change = (r["完成率"] - last["完成率"]) * 100
        month_yoy = month_growth(k, p, SAME_PROGRESS.get(i, i), first_month) if r["类别"] == "累计" else np.nan
        source = SAME_PROGRESS.get(i, i)          # 亩均税收 is judged as 税收 is
        row = k.loc[source].to_dict() | {"id": source} if source in k.index else None
        if i in derived and source == i:
            st = NONE if np.isnan(now) else status(r["进度差"], settings["amber_pp"], settings["red_pp"])
            behind = bool(growth.is_behind(r["进度差"], tolerance_pp))
        else:   # the monthly indicators' warning is the KPI table's, so the two pages cannot differ
            st = k.loc[source, "预警"] if "预警" in k.columns else warnings(kpi[kpi["id"] == source], settings)[0]
            st = NONE if st == "—" else st
            behind = k.loc[source, "状态"] == growth.STATUS_BEHIND
        note = (growth_note(st, row, settings.get("average_growth", {}).get(source))
                if row is not None and st != NONE and by_growth(row, settings)
                else status_note(st, r["进度差"], r["类别"], tolerance_pp))
        rows.append({"id": i, **{c: r[c] for c in ("指标", "单位", "类别", "年度目标", "本年累计", "同比增速", "完成率",
                                                 "进度", "序时进度", "进度差")},
                     "落后": behind, "预警": st, "预警说明": note,
                     "本月新增": change, "当月同比": month_yoy, "完成率较上月": comp_change,
                     "较上月说明": no_last,
                     "还需完成": r["还需完成"], "剩余月均需完成": r["剩余月均需完成"], "口径": r["口径"],
                     "责任科室": settings["responsible"].get(i, "")})
    return pd.DataFrame(rows)


SAME_PROGRESS = {"tax_per_mu": "tax"}   # 亩均税收 on fixed land moves exactly with 税收: one gap, not two


def month_growth(k: pd.DataFrame, p: pd.DataFrame | None, i: str, first_month: bool) -> float:
    """当月同比 of a flow: (this month's 累计 − last month's) against the same difference a year earlier; in
    January the year-to-date is the month.  NaN without last month's figures (never the year so far
    taken as one month) or without last year's."""
    if i not in k.index:
        return np.nan
    now, last_year = k.loc[i, "本年累计"], k.loc[i, "上年同期累计"]
    if not first_month:
        if p is None or i not in p.index:
            return np.nan
        now, last_year = now - p.loc[i, "本年累计"], last_year - p.loc[i, "上年同期累计"]
    return float(growth.growth_rate(now, last_year))


def largest_gaps(head: pd.DataFrame, n: int = 3, kpi: pd.DataFrame | None = None) -> pd.DataFrame:
    """The ``n`` indicators furthest behind 序时进度 (most negative 进度差), behind only: the headline
    indicators and, with ``kpi``, every other indicator judged against 序时进度 (累计 and 存量), so a
    large gap outside the headline list is not hidden.  An indicator whose progress is another's
    (亩均税收 with 税收) is not listed twice."""
    cols = ["id", "指标", "单位", "类别", "年度目标", "本年累计", "进度差", "还需完成", "剩余月均需完成", "责任科室"]
    frames = [head[cols + ["落后"]]]
    if kpi is not None:
        others = kpi[~kpi["id"].isin(head["id"]) & kpi["类别"].isin(["累计", "存量"])]
        frames.append(others.assign(落后=others["状态"] == growth.STATUS_BEHIND,
                                    责任科室=others.get("责任科室", ""))[cols + ["落后"]])
    every = pd.concat(frames, ignore_index=True)
    twins = [i for i, src in SAME_PROGRESS.items() if src in set(every["id"])]
    behind = every[every["落后"].astype(bool) & ~every["id"].isin(twins)].sort_values("进度差", kind="stable")
    return behind.head(n).reset_index(drop=True)


def all_indicator_sentence(kpi: pd.DataFrame) -> str:
    """How every indicator judged against 序时进度 stands, by the same 绿/黄/红 rule as the headline."""
    judged = kpi[kpi["类别"].isin(["累计", "存量"]) & (kpi["预警"] != NONE)]
    c = {s: int((judged["预警"] == s).sum()) for s in (GREEN, AMBER, RED)}
    behind = int((judged["状态"] == growth.STATUS_BEHIND).sum())   # the KPI table's rule, as on 月度目标进度简报
    return (f"全部{len(judged)}项按序时进度评价的指标中，{behind}项落后于序时进度；"
            f"按预警规则绿色{c[GREEN]}项、黄色{c[AMBER]}项、红色{c[RED]}项（明细见月度目标进度简报）。")


def gap_sentences(gaps: pd.DataFrame, period: str) -> list[str]:
    """One sentence per gap: how far behind, what is left and the monthly pace that closes it."""
    month = growth.parse_period(period)[1]
    out = []
    for r in gaps.to_dict("records"):
        u = r["单位"]
        if u == "%":
            out.append(f"{r['指标']}{units.fmt_pct(r['本年累计'])}，低于目标{units.fmt_pct(r['年度目标'], 0)}"
                       f"{(r['年度目标'] - r['本年累计']) * 100:.1f}个百分点。")
            continue
        d = units.default_digits(u)
        s = f"{r['指标']}{'增量进度' if r['类别'] == '存量' else '完成率'}落后序时进度{abs(r['进度差']):.1f}个百分点"
        if r["还需完成"] == r["还需完成"] and r["还需完成"] > 0:
            s += f"，全年还需{units.fmt_value(r['还需完成'], u, d)}"
            if r["剩余月均需完成"] == r["剩余月均需完成"] and month < 12:
                s += f"，剩余{12 - month}个月须月均完成{units.fmt_value(r['剩余月均需完成'], u, d)}"
        if _office(r):
            s += f"（责任科室：{_office(r)}）"
        out.append(s + "。")
    return out


def status_counts(head: pd.DataFrame) -> dict[str, int]:
    return {s: int((head["预警"] == s).sum()) for s in (GREEN, AMBER, RED, NONE)}


def display_table(head: pd.DataFrame) -> pd.DataFrame:
    """The headline table as a reader sees it: each figure with its unit and precision (counts whole,
    亿元 two decimals, shares as percent), changes signed; 责任科室 only when any is set."""
    def value(v, u, signed=False):
        if v is None or (isinstance(v, float) and math.isnan(v)):
            return "—"
        if u == "%":
            return units.fmt_pp(v * 100) if signed else units.fmt_pct(v)
        text = units.fmt_figure(v, u)
        return ("+" if v >= 0 else "") + text if signed else text

    rows = []
    for r in head.to_dict("records"):
        u = r["单位"]
        target = (units.fmt_pct(r["年度目标"], 0) if u == "%" else units.fmt_value(r["年度目标"], u, 2)
                  if r["id"] in DERIVED else units.fmt_doc(r["年度目标"], u))   # derived: 6.20, not 6.2017
        rows.append({
            "指标": r["指标"], "年度目标": target, "本年累计": value(r["本年累计"], u),
            "同比增速": units.fmt_pct(r["同比增速"], signed=True),
            "完成率": units.fmt_pct(r["完成率"]) + (f"（增量进度{units.fmt_pct(r['进度'])}）" if r["类别"] == "存量" else ""),
            "进度差（个百分点）": "—" if math.isnan(r["进度差"]) else f"{r['进度差']:+.1f}",
            "预警": f"{r['预警']}·{r['预警说明']}" if r["预警"] != NONE else NONE,
            "本月新增": value(r["本月新增"], u, signed=True),     # blank without last month: said above the table
            "当月同比": units.fmt_pct(r["当月同比"], signed=True),
            "完成率较上月（个百分点）": "—" if math.isnan(r["完成率较上月"]) else f"{r['完成率较上月']:+.1f}",
            **({"责任科室": r["责任科室"] or "—"} if head["责任科室"].astype(bool).any() else {}),
        })
    return pd.DataFrame(rows)


def rule_words(settings: dict) -> str:
    """The 红黄绿 rule in force, in one sentence with its source (pages, 月报 appendix)."""
    lag = (f"落后序时进度{settings['amber_pp']:g}个百分点以上为黄、{settings['red_pp']:g}个百分点以上为红，其余为绿")
    if settings.get("warning_rule") == "plan_avg":
        avg = "平均增速为简报设置给定的比较基准（如全市平均）" if settings.get("average_growth") else "未给定平均增速，只比较目标增幅"
        return (f"有目标增幅的指标按增速：不低于目标增幅且不低于平均增速为绿，仍增长但低于其一为黄，同比下降为红"
                f"（天津市2022年经济运行监测做法；{avg}）；其他指标{lag}")
    return lag


def status_sentence(head: pd.DataFrame, settings: dict) -> str:
    c = status_counts(head)
    line = head["序时进度"].dropna()
    if settings.get("warning_rule") == "plan_avg":
        counts = f"{len(head)}项头条指标中，绿色{c[GREEN]}项、黄色{c[AMBER]}项、红色{c[RED]}项（{rule_words(settings)}）"
    else:
        counts = (f"{len(head)}项头条指标中，绿色（未落后或落后不到{settings['amber_pp']:g}个百分点）{c[GREEN]}项、"
                  f"黄色（落后序时进度{settings['amber_pp']:g}个百分点以上）"
                  f"{c[AMBER]}项、红色（落后{settings['red_pp']:g}个百分点以上）{c[RED]}项")
    s = (f"序时进度为{units.fmt_pct(line.iloc[0])}。" if len(line) else "") + counts
    s += f"，未填报{c[NONE]}项。" if c[NONE] else "。"
    if "较上月说明" in head.columns and (head["较上月说明"] == NO_PREVIOUS).any():
        s += "本期没有上月数据，“本月新增”和“完成率较上月”不计算（不把全年累计当作本月新增）。"
    return s


def issue_number(report: dict, period: str) -> str:
    """期号 on the 月报's cover: the report setting, else 2025年第10期 (one issue a month)."""
    p = Period.parse(period)
    return report.get("issue_number") or f"{p.year}年第{p.month}期"


def issued_on(report: dict, manifest: dict) -> str:
    """印发日期 on the cover: the report setting, else the build's 生成日期."""
    return report.get("issued_on") or manifest.get("generated") or generated_on()


def data_cutoff(period: str) -> str:
    """数据截止: the last day of the period, as a Chinese date."""
    return Period.parse(period).cutoff




SEASONAL_WORDS = "按上年同期进度推算（本年累计 ÷ 上年同期累计占上年全年的比重）"
RUN_RATE_WORDS = "按本年月均推算（本年累计 ÷ 已过月数 × 12）"
OUTLOOK_METHOD = (f"有上年同期数据的指标{SEASONAL_WORDS}，其余{RUN_RATE_WORDS}；规上企业数量等存量指标和占比指标不推算。")


def _office(r: dict) -> str:
    """A row's 责任科室 when the settings name one, else ""."""
    office = r.get("责任科室")
    return office if isinstance(office, str) else ""


def outlook(head: pd.DataFrame, kpi: pd.DataFrame) -> pd.DataFrame:
    """预计全年 for each headline indicator accumulated over the year (累计), from the KPI table's own
    projections (computed once there): last year's seasonal pattern where last year's figures are given,
    otherwise the run rate.  亩均税收 on fixed land is 税收's projection over the same land.  Stocks,
    milestones and shares are not projected.

    Columns: id, 指标, 单位, 年度目标, 本年累计, 预计全年, 预计完成率, 推算方法, 剩余月份需增速, 剩余月均需完成.
    """
    k = kpi.set_index("id")
    rows = []
    for r in head.to_dict("records"):
        source = SAME_PROGRESS.get(r["id"], r["id"])
        if r["类别"] != "累计" or source not in k.index:
            continue
        src = k.loc[source]
        seasonal = src["全年预测_按季节"] == src["全年预测_按季节"]
        proj = src["全年预测_按季节"] if seasonal else src["全年预测_按进度"]
        scale = r["本年累计"] / src["本年累计"] if source != r["id"] and src["本年累计"] else 1.0
        rows.append({"id": r["id"], "指标": r["指标"], "单位": r["单位"], "年度目标": r["年度目标"],
                     "本年累计": r["本年累计"], "预计全年": proj * scale, "预计完成率": src["预测完成率"],
                     "推算方法": SEASONAL_WORDS if seasonal else RUN_RATE_WORDS,
                     "剩余月份需增速": src["剩余月份需增速"], "剩余月均需完成": r["剩余月均需完成"]})
    return pd.DataFrame(rows, columns=["id", "指标", "单位", "年度目标", "本年累计", "预计全年", "预计完成率", "推算方法",
                                       "剩余月份需增速", "剩余月均需完成"])


def outlook_table(out: pd.DataFrame, period: str) -> pd.DataFrame:
    """The 全年预计 table as a reader sees it (figures with units at the headline's precision)."""
    left = Period.parse(period).months_left
    rows = []
    for r in out.to_dict("records"):
        u = r["单位"]
        need = "—"
        if r["剩余月份需增速"] == r["剩余月份需增速"]:
            need = f"比上年同期{'增长' if r['剩余月份需增速'] >= 0 else '下降'}{units.fmt_pct(abs(r['剩余月份需增速']))}"
        elif r["剩余月均需完成"] == r["剩余月均需完成"]:
            need = f"月均{units.fmt_figure(r['剩余月均需完成'], u)}"
        rows.append({"指标": r["指标"], "年度目标": units.fmt_value(r["年度目标"], u, 2) if r["id"] in DERIVED
                     else units.fmt_doc(r["年度目标"], u),
                     "预计全年": units.fmt_figure(r["预计全年"], u), "预计完成率": units.fmt_pct(r["预计完成率"]),
                     f"剩余{left}个月需要": need if left else "—"})
    return pd.DataFrame(rows)


def verdict(head: pd.DataFrame, gaps: pd.DataFrame, out: pd.DataFrame, period: str) -> list[str]:
    """The summary's decision in three sentences: on track or not (by the headline colours and the one
    "behind" rule), the two things that most need action with their 责任科室 where set, and how the year
    will end on the projections.

    Overall: 红 anywhere → 总体进度滞后; 黄 anywhere → 总体进度偏慢; otherwise half or more behind →
    总体略慢于序时进度; otherwise 总体按序时进度推进."""
    p = Period.parse(period)
    c = status_counts(head)
    judged = head[head["预警"] != NONE]
    behind = int(judged["落后"].astype(bool).sum())
    if c[RED]:
        overall = "总体进度滞后"
    elif c[AMBER]:
        overall = "总体进度偏慢"
    elif len(judged) and behind * 2 >= len(judged):
        overall = "总体略慢于序时进度"
    else:
        overall = "总体按序时进度推进"
    s = [f"**总体判断：{overall}**。1-{p.month}月，{len(head)}项头条指标中{behind}项落后序时进度"
         + (f"（其中黄色{c[AMBER]}项、红色{c[RED]}项）" if c[AMBER] or c[RED] else "（均未达到预警线）")
         + (f"，{c[NONE]}项未填报" if c[NONE] else "") + "。"]
    if len(gaps):
        s.append("最需推动的是" + "、".join(
            f"{r['指标']}（落后序时进度{abs(r['进度差']):.1f}个百分点"
            + (f"，责任科室：{_office(r)}" if _office(r) else "") + "）"
            for r in gaps.head(2).to_dict("records")) + "。")
    if len(out) and p.month < 12:
        short = out[(out["预计完成率"] < 1) & ~out["id"].isin(list(SAME_PROGRESS))].sort_values("预计完成率",
                                                                                           kind="stable")
        if len(short):
            twins = {src: out.loc[out["id"] == i, "指标"].iloc[0] for i, src in SAME_PROGRESS.items()
                     if (out["id"] == i).any()}
            s.append(f"按当前进度，预计全年有{len(short)}项达不到目标：" + "、".join(
                f"{r['指标']}预计{units.fmt_figure(r['预计全年'], r['单位'])}（完成{units.fmt_pct(r['预计完成率'])}"
                + (f"，{twins[r['id']]}随之同比例" if r["id"] in twins else "") + "）"
                for r in short.to_dict("records")) + "。")
        else:
            s.append(f"按当前进度，{len(out)}项累计指标预计全年均能完成目标。")
    return s


def not_reported(kpi: pd.DataFrame) -> str:
    """The indicators with no figure this month, named (a gap in the data is a finding too)."""
    from .progress import NOT_REPORTED

    names = kpi.loc[kpi["状态"] == NOT_REPORTED, "指标"].tolist()
    return f"本期未填报{len(names)}项：{'、'.join(names)}。" if names else ""
