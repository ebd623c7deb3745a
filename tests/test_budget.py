"""指标值 parsing, spending against the schedule, and 绩效自评 scoring worked by hand."""
import math

import pandas as pd
import pytest

from analysis import budget
from analysis.errors import InputError


@pytest.mark.parametrize("text, kind, op, value, unit", [
    ("≥12次", "quantitative", "≥", 12, "次"),
    ("100%", "quantitative", "=", 100, "%"),
    ("≤350万", "quantitative", "≤", 350, "万"),
    ("≥22.36平方公里", "quantitative", "≥", 22.36, "平方公里"),
    ("≥1年", "quantitative", "≥", 1, "年"),
    ("≥1000人", "quantitative", "≥", 1000, "人"),
    ("≤141.36万", "quantitative", "≤", 141.36, "万"),
    ("不低于95%", "quantitative", "≥", 95, "%"),
    ("95%以上", "quantitative", "≥", 95, "%"),
    ("≤ 1000 万元", "quantitative", "≤", 1000, "万元"),
    ("＞90%", "quantitative", ">", 90, "%"),
    ("≧98%", "quantitative", "≥", 98, "%"),
    (">=98%", "quantitative", "≥", 98, "%"),
    ("<=5天", "quantitative", "≤", 5, "天"),
    ("‹=3次", "quantitative", "≤", 3, "次"),
    ("﹦100%", "quantitative", "=", 100, "%"),
    ("═100%", "quantitative", "=", 100, "%"),
    ("280人次", "quantitative", "=", 280, "人次"),
    ("≥10元/亩", "quantitative", "≥", 10, "元/亩"),
    ("≥2万元/人", "quantitative", "≥", 2, "万元/人"),
    ("不超过30天", "quantitative", "≤", 30, "天"),
    ("控制在500万元以内", "quantitative", "≤", 500, "万元"),
    ("１２次", "quantitative", "=", 12, "次"),
])
def test_quantitative_forms(text, kind, op, value, unit):
    t = budget.parse_value(text)
    assert (t.kind, t.op, t.value, t.unit) == (kind, op, value, unit)


@pytest.mark.parametrize("text, kind, deadline", [
    ("12月底前", "deadline", "12"), ("12月底到位", "deadline", "12"), ("2023年底", "deadline", "2023-12"),
    ("2021年1月-12月", "deadline", "2021-12"), ("2020年1月--2020年11月", "deadline", "2020-11"),
    ("2023.07-2024.01", "deadline", "2024-01"), ("2025年6月30日前", "deadline", "2025-06-30"),
    ("2021.1.1-12.31", "deadline", "2021-12-31"), ("参照政府采购成本控制", "qualitative", None),
    ("達成預期指標", "qualitative", None), ("基本达到", "qualitative", None), ("优良中低差", "qualitative", None),
    ("严格执行相关制度规定", "qualitative", None), ("通过", "qualitative", None),
    ("有效促进", "qualitative", None), ("显著提高", "qualitative", None), ("持续提供", "qualitative", None),
    ("按时完成", "qualitative", None), ("是", "qualitative", None), ("效果明显", "qualitative", None),
    ("有效提升开发区营商环境，吸引企业投资兴业", "qualitative", None),
    ("不超预算", "budget_cap", None), ("控制在预算内", "budget_cap", None),
])
def test_other_forms(text, kind, deadline):
    t = budget.parse_value(text)
    assert t.kind == kind and t.deadline == deadline


@pytest.mark.parametrize("text", ["12-15次", "约12次", "≥12次以下", "xyz", "", "≥**%", "90%-95%", "详见附件"])
def test_unrecognised_is_reported_not_guessed(text):
    t = budget.parse_value(text)
    assert t.kind == "unrecognised" and t.value is None and t.note


@pytest.mark.parametrize("text, op, value, unit, dimension", [
    ("≥2元/人*月", "≥", 2, "元/人*月", "rate"), ("≤3人/次", "≤", 3, "人/次", "rate"), ("2次/月", "=", 2, "次/月", "rate"),
    ("≥500元/户", "≥", 500, "元/户", "rate"), ("50万粒", "=", 50, "万粒", "count"), ("≥3万亩", "≥", 3, "万亩", "area"),
    ("1.5万立方米", "=", 1.5, "万立方米", "volume"), ("200头", "=", 200, "头", "count"), ("≥30株", "≥", 30, "株", "count"),
    ("≤2起", "≤", 2, "起", "count"), ("≥5套", "≥", 5, "套", "count"), ("≥10厘米", "≥", 10, "厘米", "length"),
    ("≥3M", "≥", 3, "M", "length"), ("≥20公斤", "≥", 20, "公斤", "weight"), ("≤5吨", "≤", 5, "吨", "weight"),
    ("100萬元", "=", 100, "万元", "money"), ("95百分比", "=", 95, "%", "percent"), ("≤350万", "≤", 350, "万", "money"),
    ("≥1年", "≥", 1, "年", "time"), ("3个工作日", "=", 3, "个工作日", "time"), ("12斤", "=", 12, "斤", "weight"),
    ("30000", "=", 30000, "", "none"),                 # a bare five-digit number is a number, not a date in 1982
    ("72890", "=", 72890, "", "none"),
    ("≥8瓦", "≥", 8, "瓦", "unknown"),                  # an unknown unit: the number, and the unit named as unknown
])
def test_units_have_dimensions(text, op, value, unit, dimension):
    t = budget.parse_value(text)
    assert (t.kind, t.op, t.value, t.unit, t.dimension) == ("quantitative", op, value, unit, dimension)
    assert ("未知单位" in t.note) == (dimension == "unknown")


def test_context_unit_from_name_and_dates_in_timely_rows():
    t = budget.parse_value("30000", indicator="农田面积(亩)")
    assert (t.value, t.unit, t.dimension) == (30000, "亩", "area") and "指标名称" in t.note
    assert budget.parse_value("44561").kind == "quantitative"
    assert budget.parse_value("44561", level2="时效指标").deadline == "2021-12"      # 2021-12-31 as an Excel serial
    assert budget.parse_value("=44561", level2="时效指标").deadline == "2021-12"
    assert budget.parse_value("44561", date_cell=True).deadline == "2021-12"


@pytest.mark.parametrize("text, grade", [("达成预期指标", "达成"), ("完成", "达成"), ("已完成", "达成"), ("通过", "达成"),
                                         ("基本达到", "部分达成"), ("未完成", "未达成"), ("未达成预期", "未达成"),
                                         ("96%", ""), ("", ""), (None, ""), ("优", "")])
def test_verdict_grade(text, grade):
    assert budget.verdict_grade(text) == grade


def test_actual_verdicts_operators_and_narrow_misses():
    proj = {**PROJECT, "indicators": [
        {"level1": "产出指标", "level2": "数量指标", "level3": "次数", "value": "≥12次"},
        {"level1": "产出指标", "level2": "质量指标", "level3": "合格率", "value": "≥90%"},
        {"level1": "效益指标", "level2": "社会效益指标", "level3": "效果", "value": "有效提升"},
        {"level1": "满意度指标", "level2": "服务对象满意度指标", "level3": "满意度", "value": "≥95%"}]}
    acts = _acts([("次数", "完成", "", False, ""), ("合格率", "≥90%", "", False, ""),
                  ("效果", "达成预期指标", "", False, ""), ("满意度", "94%", "", False, "")])
    table, _ = budget.score_project(proj, acts, 100)
    got = dict(zip(table["三级指标"], table["得分"]))
    full = dict(zip(table["三级指标"], table["分值"]))
    assert got["次数"] == full["次数"] and got["合格率"] == full["合格率"] and got["效果"] == full["效果"]
    assert got["满意度"] == pytest.approx(full["满意度"] * 94 / 95)        # docked in proportion by default
    table, _ = budget.score_project(proj, acts, 100, narrow_miss=0.02)  # an office that does not dock a narrow miss
    assert dict(zip(table["三级指标"], table["得分"]))["满意度"] == full["满意度"]
    table, _ = budget.score_project(proj, acts, 100, narrow_miss=0.01)  # 94/95 misses by 1.05%
    assert dict(zip(table["三级指标"], table["得分"]))["满意度"] < full["满意度"]


def test_execution_rate_uses_the_full_year_budget_and_zero_funds_score_zero():
    _, s = budget.score_project({**PROJECT, "budget": 100, "full_year_budget": 80}, _acts([]), 60)
    assert (s["年初预算数"], s["全年预算数"], s["执行率"]) == (100, 80, pytest.approx(0.75))
    assert s["预算执行率得分"] == pytest.approx(7.5)                    # 10 × 60/80, not 10 × 60/100
    _, s = budget.score_project({**PROJECT, "budget": 0}, _acts([]), 0)
    assert s["预算执行率得分"] == 0 and "年度资金总额为 0" in s["预算执行率说明"]


def test_project_table_lists_budgets_and_parsed_indicators(catalogue):
    t = budget.project_table(catalogue.budget_projects)
    budgets = t[t["三级指标"] == "年初预算数"]
    assert list(budgets["数值"]) == [350.0, 900.0, 141.37]
    people = t[t["指标值"].isin(["≥1000人", "≥28人"])]
    assert list(people["数值"]) == [1000.0, 28.0] and set(people["量纲"]) == {"count"}
    assert "未识别" not in set(t["类型"])


def test_every_document_value_is_understood(catalogue):
    for p in catalogue.budget_projects:
        kinds = budget.parse_table(p["indicators"])["类型"]
        assert "unrecognised" not in set(kinds), p["name"]


def test_schedule_and_spending_status():
    sched = {"03": 30, "06": 60, "10": 80, "12": 100}
    assert budget.schedule_share(sched, 3) == pytest.approx(0.3)
    assert budget.schedule_share(sched, 8) == pytest.approx(0.7)          # halfway 60→80
    assert budget.schedule_share(sched, 1) == pytest.approx(0.1)
    # June: 192.5 of 350 spent = 55% vs the 60% checkpoint → −5 points, missed
    st = budget.spending_status(350, sched, 192.5, 6)
    assert st["执行率"] == pytest.approx(0.55) and st["节点偏差"] == pytest.approx(-5)
    assert st["节点状态"] == "未达节点" and st["下一节点"] == "10月底"
    assert st["距下一节点还需支出"] == pytest.approx(0.8 * 350 - 192.5)   # 87.5万元
    # August: plan 70%, spent 60% → 10 points behind → warning before the October checkpoint
    st = budget.spending_status(350, sched, 210, 8)
    assert st["预警"].startswith("预警") and "10月底前还需支出70.00万元" in st["预警"]
    assert budget.spending_status(350, sched, 240, 8)["预警"] == ""     # 68.6%: within 5 points
    st = budget.spending_status(350, sched, 350, 12)
    assert st["节点状态"] == "达标" and st["下一节点"] == ""
    assert budget.spending_status(350, sched, 20, 2)["节点状态"] == "尚无节点"


PROJECT = {"code": "P1", "name": "示例项目", "budget": 100.0, "schedule_pct": {"12": 100}, "indicators": [
    {"level1": "产出指标", "level2": "数量指标", "level3": "活动次数", "value": "≥10次"},
    {"level1": "产出指标", "level2": "质量指标", "level3": "合规率", "value": "100%"},
    {"level1": "产出指标", "level2": "成本指标", "level3": "成本", "value": "≤100万"},
    {"level1": "效益指标", "level2": "社会效益指标", "level3": "营商环境", "value": "有效促进"},
    {"level1": "效益指标", "level2": "社会效益指标", "level3": "带动就业", "value": "≥1000人"},
    {"level1": "满意度指标", "level2": "服务对象满意度指标", "level3": "满意度", "value": "≥95%"},
]}


def _acts(rows):
    return pd.DataFrame(rows, columns=["三级指标", "实际完成值", "评价等级", "不适用", "偏差原因"])


def test_self_assessment_worked_example():
    """METHODS §4: 10 + 50 + 30 + 10; 产出 50/3 each, 效益 30/2, 满意度 10; spent 95 of 100."""
    acts = _acts([("活动次数", "8次", "", False, "受疫情影响"), ("合规率", "100%", "", False, ""),
                  ("成本", "110万", "", False, ""), ("营商环境", "", "达成", False, ""),
                  ("带动就业", "1200", "", False, ""), ("满意度", "90%", "", False, "")])
    table, s = budget.score_project(PROJECT, acts, 95)
    pts = dict(zip(table["三级指标"], table["得分"]))
    assert pts["活动次数"] == pytest.approx(50 / 3 * 0.8)            # 13.333
    assert pts["合规率"] == pytest.approx(50 / 3)
    assert pts["成本"] == pytest.approx(50 / 3 * 100 / 110)          # lower is better: target/actual
    assert pts["营商环境"] == pytest.approx(15)                       # 达成: full points (METHODS §4 revised)
    assert pts["带动就业"] == pytest.approx(15)
    assert pts["满意度"] == pytest.approx(10 * 90 / 95)
    assert s["预算执行率得分"] == pytest.approx(9.5)
    expected = 9.5 + 50 / 3 * (0.8 + 1 + 100 / 110) + 15 + 15 + 10 * 90 / 95   # 94.125
    assert s["总分"] == pytest.approx(expected) and s["等级"] == "优"
    assert table["分值"].sum() == pytest.approx(90)


def test_achieved_band_is_a_setting():
    t = budget.parse_value("达成预期")
    assert budget.score_indicator(t, None, "达成", 15, "社会效益")[0] == 15
    assert budget.score_indicator(t, None, "达成", 15, "社会效益", achieved_full=False)[0] == pytest.approx(13.5)
    assert budget.score_indicator(t, None, "部分达成", 15, "社会效益")[0] == pytest.approx(10.5)


def test_blank_cost_is_not_reported_during_the_year():
    acts = _acts([("活动次数", "12", "", False, ""), ("合规率", "100%", "", False, ""),
                  ("营商环境", "", "达成", False, ""), ("带动就业", "1000", "", False, ""),
                  ("满意度", "95%", "", False, "")])
    table, s = budget.score_project(PROJECT, acts, 60)
    note = dict(zip(table["三级指标"], table["评分说明"]))["成本"]
    assert math.isnan(dict(zip(table["三级指标"], table["得分"]))["成本"]) and note.startswith("未填报")
    assert math.isnan(s["总分"]) and s["等级"] == "（待补齐）" and s["缺少评分的指标数"] == 1
    assert s["已评指标分值"] == pytest.approx(100 - 50 / 3)       # what the scored part was worth
    assert s["已评指标得分"] == pytest.approx(6 + 50 / 3 * 2 + 15 + 15 + 10)


def test_cost_without_entry_uses_spending_at_year_end_and_far_exceeded_is_flagged():
    acts = _acts([("活动次数", "25", "", False, ""), ("合规率", "100%", "", False, ""),
                  ("营商环境", "", "部分达成", False, ""), ("带动就业", "1000", "", False, ""),
                  ("满意度", "95%", "", False, "")])
    table, s = budget.score_project(PROJECT, acts, 120, year_end=True)
    notes = dict(zip(table["三级指标"], table["评分说明"]))
    pts = dict(zip(table["三级指标"], table["得分"]))
    assert notes["活动次数"].startswith("目标可能偏低") and pts["活动次数"] == pytest.approx(50 / 3)
    assert pts["成本"] == pytest.approx(50 / 3 * 100 / 120)          # spent 120 > 100 cap
    assert pts["营商环境"] == pytest.approx(15 * 0.7)
    assert s["预算执行率得分"] == 10                                   # capped at the weight


def test_missing_satisfaction_moves_weight_and_not_applicable_rescales():
    proj = {**PROJECT, "indicators": [i for i in PROJECT["indicators"] if i["level1"] != "满意度指标"]}
    table, _ = budget.score_project(proj, _acts([]), 100)
    w = dict(zip(table["三级指标"], table["分值"]))
    assert w["营商环境"] == pytest.approx(20) and w["活动次数"] == pytest.approx(50 / 3)
    acts = _acts([("带动就业", "", "", True, "本年无此项")])
    table, _ = budget.score_project(PROJECT, acts, 100)
    w = dict(zip(table["三级指标"], table["分值"]))
    assert w["带动就业"] == 0 and w["营商环境"] == pytest.approx(30)
    assert table["分值"].sum() == pytest.approx(90)


def test_missing_entries_leave_total_open():
    _, s = budget.score_project(PROJECT, _acts([]), 50)
    assert math.isnan(s["总分"]) and s["等级"] == "（待补齐）" and s["缺少评分的指标数"] == 6   # 成本 too


@pytest.mark.parametrize("total, name", [(100, "优"), (90, "优"), (89.99, "良"), (80, "良"), (79.9, "中"),
                                         (60, "中"), (59.9, "差")])
def test_grades(total, name):
    assert budget.grade(total) == name


def test_spending_reader_errors(tmp_path, catalogue):
    p = tmp_path / "s.csv"
    code = catalogue.budget_projects[0]["code"]
    p.write_text(f"项目编码,期间,累计支出万元\n{code},2025-01,10\n{code},2025-02,8\n", encoding="utf-8")
    with pytest.raises(InputError, match="减少"):
        budget.read_spending(p, catalogue.budget_projects)
    p.write_text("项目编码,期间,累计支出万元\nXX,2025-01,10\n", encoding="utf-8")
    with pytest.raises(InputError, match="第 2 行.*项目编码"):
        budget.read_spending(p, catalogue.budget_projects)
    p.write_text(f"项目编码,期间,累计支出万元\n{code},2025-01,十万\n", encoding="utf-8")
    with pytest.raises(InputError, match="累计支出万元"):
        budget.read_spending(p, catalogue.budget_projects)
    p.write_text(f"项目编码,期间,累计支出万元\n{code},2025-01,\"1,200,000元\"\n", encoding="utf-8")
    assert budget.read_spending(p, catalogue.budget_projects)["spent"].iloc[0] == pytest.approx(120)


def test_indicator_reader_errors(tmp_path, catalogue):
    p = tmp_path / "i.csv"
    code = catalogue.budget_projects[0]["code"]
    p.write_text(f"项目编码,三级指标,实际完成值,评价等级\n{code},不存在的指标,1,\n", encoding="utf-8")
    with pytest.raises(InputError, match="没有这个三级指标"):
        budget.read_indicator_actuals(p, catalogue.budget_projects)
    p.write_text(f"项目编码,三级指标,实际完成值,评价等级\n{code},招商活动开展次数,,很好\n", encoding="utf-8")
    with pytest.raises(InputError, match="评价等级"):
        budget.read_indicator_actuals(p, catalogue.budget_projects)


def test_spend_restarts_each_year_and_path_follows_the_report_period():
    sp = pd.DataFrame({"code": ["P1"] * 4, "period": ["2024-12", "2025-02", "2025-03", "2026-01"],
                       "spent": [90.0, 10.0, 30.0, 5.0]})
    assert budget.spent_at(sp, "P1", "2025-01") == 0.0         # not last year's 90
    assert budget.spent_at(sp, "P1", "2025-02") == 10.0
    path = budget.spending_path(PROJECT, sp, "2025-03")        # 2026 data present, report is 2025
    assert list(path["执行率"]) == [0.0, 0.1, 0.3]
    assert list(path["计划进度"]) == pytest.approx([1 / 12, 2 / 12, 3 / 12])


def test_qualitative_band_settings_and_the_page_sentences():
    t = budget.parse_value("有效提升")
    wide = budget.bands_from("80-50")
    assert wide == {"达成": (0.8, 1.0), "部分达成": (0.5, 0.8), "未达成": (0.0, 0.5)}
    assert budget.score_indicator(t, None, "部分达成", 10, "社会效益", wide)[0] == pytest.approx(6.5)
    assert budget.score_indicator(t, None, "部分达成", 10, "社会效益", budget.bands_from("80-60"))[0] == pytest.approx(7)
    assert budget.rule_settings() == []                                  # the common rule: nothing to add
    lines = budget.rule_settings(2, "80-50", False)
    assert len(lines) == 3 and "2%" in lines[0] and "80%–50%" in lines[1] and "中值" in lines[2]


TIMELY = {"code": "P2", "name": "示例时效项目", "budget": 0.0, "full_year_budget": 40.0, "schedule_pct": {"06": 50, "12": 100},
          "indicators": [
              {"level1": "产出指标", "level2": "时效指标", "level3": "完工时间", "value": "2025年12月底前"},
              {"level1": "产出指标", "level2": "时效指标", "level3": "开工时间", "value": "45900"},      # 2025-08-31
              {"level1": "产出指标", "level2": "时效指标", "level3": "验收时间", "value": "10月底前"},
              {"level1": "产出指标", "level2": "数量指标", "level3": "灌溉面积(亩)", "value": "30000"},
              {"level1": "产出指标", "level2": "成本指标", "level3": "支出", "value": "不超预算"},
              {"level1": "产出指标", "level2": "成本指标", "level3": "单价", "value": "≤80万元/公里"}]}


def test_scoring_reads_each_value_with_its_row_as_the_tables_do():
    """The unit given only in the name and the serial date of a 时效 row: the score reads the value the way
    ``analysis targets`` lists it (one reading, not two)."""
    listed = budget.project_table([TIMELY], 2025).set_index("三级指标")
    assert (listed.loc["灌溉面积(亩)", "单位"], listed.loc["开工时间", "时限"]) == ("亩", "2025-08")
    assert listed.loc["验收时间", "时限"] == "2025-10"                    # the month completed with the budget year
    acts = _acts([("完工时间", "2025年11月", "", False, ""), ("开工时间", "2025年9月", "", False, "雨季延误"),
                  ("验收时间", "2025-10-28", "", False, ""), ("灌溉面积(亩)", "31000亩", "", False, ""),
                  ("支出", "", "", False, ""), ("单价", "达成预期指标", "", False, "")])
    table, _ = budget.score_project(TIMELY, acts, 35, year=2025)
    pts, notes = dict(zip(table["三级指标"], table["得分"])), dict(zip(table["三级指标"], table["评分说明"]))
    w = table["分值"].iloc[0]
    assert w == pytest.approx(90 / 6)
    assert pts["完工时间"] == pytest.approx(w) and notes["完工时间"].startswith("按时完成")
    assert pts["开工时间"] == pytest.approx(w * 0.3) and "晚于时限 2025-08" in notes["开工时间"]   # 未达成 band 60–0%
    assert pts["验收时间"] == pytest.approx(w)                     # 2025-10-28 within 10月底
    assert pts["灌溉面积(亩)"] == pytest.approx(w)                 # 31000亩 against 30000 亩, not a unit mismatch
    assert math.isnan(pts["支出"]) and notes["支出"].startswith("未填报")
    assert pts["单价"] == pytest.approx(w)                         # a verdict in a 成本 row is not a blank cell


def test_a_date_is_never_scored_as_a_quantity():
    proj = {**PROJECT, "indicators": [{"level1": "产出指标", "level2": "数量指标", "level3": "次数", "value": "≥12"}]}
    table, _ = budget.score_project(proj, _acts([("次数", "2025年9月", "", False, "")]), 50)
    assert math.isnan(table["得分"].iloc[0]) and "像是日期" in table["评分说明"].iloc[0]
    with pytest.raises(ValueError, match="像是日期"):
        budget._to_float("2025年9月", "")
    assert budget._to_float("31000亩", "") == 31000                # a unit the target did not name is kept


def test_late_or_undated_deadline_actuals():
    t = budget.parse_value("2025年6月30日前", level2="时效指标")
    assert budget.score_deadline(t, "2025-06-30", 10) == (10, "按时完成（2025-06-30，时限 2025-06-30）")
    assert budget.score_deadline(t, "2025年6月", 10)[0] == 10              # a month only: months compared
    assert budget.score_deadline(t, "2025-07-01", 10)[0] == pytest.approx(3)
    assert math.isnan(budget.score_deadline(t, "按期", 10)[0])
    assert math.isnan(budget.score_deadline(budget.parse_value("12月底前"), "2025年11月", 10)[0])   # no year known


def test_full_year_budget_measures_spending_and_budget_cap():
    """年初 0, 全年 40 (a budget adjusted during the year): 执行率, the schedule and 不超预算 use the 40."""
    sp = pd.DataFrame({"code": ["P2", "P2"], "period": ["2025-03", "2025-06"], "spent": [10.0, 20.0]})
    mon = budget.monitor([TIMELY], sp, "2025-06").iloc[0]
    assert (mon["全年预算数"], mon["执行率"]) == (40.0, 0.5)
    assert list(budget.spending_path(TIMELY, sp, "2025-06")["执行率"]) == [0, 0, 0.25, 0.25, 0.25, 0.5]
    acts = _acts([("支出", "45万", "", False, "")])
    table, _ = budget.score_project(TIMELY, acts, 45, year=2025)
    assert dict(zip(table["三级指标"], table["评分说明"]))["支出"].startswith("未达成")        # 45 > 40


def test_indicator_actual_for_a_deadline_must_be_a_date(tmp_path):
    f = tmp_path / "indicator_actuals.csv"
    f.write_text("项目编码,三级指标,实际完成值,评价等级,不适用,偏差原因\nP2,开工时间,按期,,,\n", encoding="utf-8")
    with pytest.raises(InputError) as e:
        budget.read_indicator_actuals(f, [TIMELY], 2025)
    assert "第 2 行" in str(e.value) and "实际完成值" in str(e.value) and "不是日期" in str(e.value)
    f.write_text("项目编码,三级指标,实际完成值,评价等级,不适用,偏差原因\nP2,开工时间,2025年9月,,,\nP2,完工时间,已完成,,,\n",
                 encoding="utf-8")
    assert len(budget.read_indicator_actuals(f, [TIMELY], 2025)) == 2


@pytest.mark.parametrize("text, date", [("2025-11", "2025-11"), ("2025-11-20", "2025-11-20"), ("2025年9月", "2025-09"),
                                        ("11月底", "2025-11"), ("2025-13", None), ("2025-02-30", None), ("按期", None),
                                        ("", None)])
def test_actual_dates_are_real_dates(text, date):
    assert budget.actual_date(text, 2025) == date
