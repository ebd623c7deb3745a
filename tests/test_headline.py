"""领导摘要: status rule, report settings, headline figures worked out by hand from the demo data."""
import math

import pytest

from analysis import headline, progress, results, sources
from analysis.errors import InputError

from .conftest import make_project


@pytest.mark.parametrize("gap, expected", [(5.0, "绿"), (-9.9, "绿"), (-10.0, "黄"), (-29.9, "黄"), (-30.0, "红"),
                                           (-80.0, "红"), (float("nan"), "未填报")])
def test_status_rule_10_and_30_points_behind(gap, expected):
    assert headline.status(gap, 10.0, 30.0) == expected


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    proj = make_project(tmp_path_factory.mktemp("headline") / "proj")
    sources.prepare("2025-10", proj)
    return proj


def head_for(proj, period="2025-10", **settings):
    bundle = sources.load(period, proj / "data/processed")
    bundle.manifest["settings"]["report"].update(settings)
    return results.Results(bundle)["headline"].set_index("id")


def test_headline_figures_by_hand(demo):
    h = head_for(demo)
    assert list(h.index) == headline.DEFAULT_HEADLINE
    out = h.loc["industrial_output"]            # 56.8809 of 70亿; September 50.4541
    assert out["完成率"] == pytest.approx(56.8809 / 70)
    assert out["序时进度"] == pytest.approx(10 / 12)
    assert out["本月新增"] == pytest.approx(56.8809 - 50.4541)
    assert out["预警"] == "绿"
    firms = h.loc["above_scale_firms"]          # 49 firms; base 51 − 6 = 45 (stated increment), not 51 ÷ 1.13
    assert firms["进度"] == pytest.approx((49 - 45) / 6)
    assert firms["进度差"] == pytest.approx(((49 - 45) / 6 - 10 / 12) * 100)
    assert firms["预警"] == "黄" and firms["本月新增"] == 0
    share = h.loc["hightech_share"]             # document basis: 17.5535 ÷ (56.8809 × 88 ÷ 70)
    assert share["本年累计"] == pytest.approx(17.5535 / (56.8809 * 88 / 70))
    assert share["完成率"] == pytest.approx(share["本年累计"] / 0.25)
    assert math.isnan(share["序时进度"])
    per_mu = h.loc["tax_per_mu"]                # 2.736亿 on the implied 4,411.7亩
    area = (27360 - 27360 / 1.476) / 2
    assert per_mu["年度目标"] == pytest.approx(27360 / area)
    assert per_mu["完成率"] == pytest.approx(h.loc["tax", "完成率"])


def test_share_basis_is_one_setting(demo):
    h = head_for(demo, share_basis="output")
    assert h.loc["hightech_share", "本年累计"] == pytest.approx(17.5535 / 56.8809)
    assert "工业总产值" in h.loc["hightech_share", "口径"]


def test_january_change_is_the_whole_year_to_date(demo):
    sources.prepare("2025-01", demo)
    h = head_for(demo, "2025-01")
    assert h.loc["industrial_output", "本月新增"] == pytest.approx(3.8822)
    assert math.isnan(h.loc["above_scale_firms", "本月新增"])     # a stock has no change to show in January
    sources.prepare("2025-10", demo)


def test_status_thresholds_move_with_the_settings(demo):
    h = head_for(demo, amber_pp=20.0, red_pp=40.0)
    assert h.loc["above_scale_firms", "预警"] == "绿"                # 16.7 points behind < 20
    h = head_for(demo, amber_pp=5.0, red_pp=15.0)
    assert h.loc["above_scale_firms", "预警"] == "红"


def test_largest_gaps_never_lists_one_fact_twice(demo):
    h = head_for(demo).reset_index()
    gaps = headline.largest_gaps(h, 3)
    assert "tax_per_mu" not in set(gaps["id"]) and list(gaps["进度差"]) == sorted(gaps["进度差"])
    assert gaps["id"].iloc[0] == "above_scale_firms"
    text = headline.gap_sentences(gaps, "2025-10")
    assert text[0] == "规上企业数量增量进度落后序时进度16.7个百分点，全年还需2家。"


def test_largest_gaps_look_beyond_the_headline(demo):
    bundle = sources.load("2025-10", demo / "data/processed")
    r = results.Results(bundle)
    gaps = headline.largest_gaps(r["headline"], 3, r["kpi"])
    # 竣工投产项目 (15家 target, 9 in the demo project ledger: 60% against 83.3%) is furthest behind although it
    # is not a headline indicator; 固投项目数量 21 of 30 (−13.3 points) comes before 收回盘活 145 of 200 (−10.8)
    assert list(gaps["指标"]) == ["竣工投产项目", "规上企业数量", "固投项目数量"]
    # one rule for "behind" (issue 24 #1): the summary counted any negative gap (12), 月度目标进度简报 the KPI
    # table's rule with its 1-point tolerance (11: 固定资产投资额 is 0.4 points short, within it)
    assert headline.all_indicator_sentence(r["kpi"]).startswith("全部14项按序时进度评价的指标中，11项落后于序时进度")
    assert "滞后序时进度11项" in progress.progress_sentences(r["kpi"], "2025-10")[0]
    # a count still needed per month is rounded up (issue 24 #2): 9 固投项目 in 2 months is 5 a month, not 4
    assert headline.gap_sentences(gaps, "2025-10")[2] == ("固投项目数量完成率落后序时进度13.3个百分点，全年还需9个，"
                                                          "剩余2个月须月均完成5个。")
    assert r["kpi"].set_index("id").loc["fixed_investment_projects", "剩余月均需完成"] == 5


def test_a_green_shortfall_says_it_is_behind(demo):
    # issue 24 #4: 税收 73.6% against 83.3% was shown as 绿·正常
    h = head_for(demo)
    assert h.loc["tax", "预警"] == "绿"
    assert h.loc["tax", "预警说明"] == "落后序时进度9.7个百分点，未达预警线"
    assert h.loc["above_scale_firms", "预警说明"] == "落后序时进度16.7个百分点"
    assert h.loc["hightech_share", "预警说明"] == "低于目标1.8个百分点，未达预警线"
    assert headline.status_note("绿", 0.5, "累计", 1.0) == "达到序时进度"
    assert headline.status_note("绿", 3.25, "累计", 1.0) == "超序时进度3.2个百分点"
    assert headline.status_note("未填报", float("nan"), "累计", 1.0) == "未填报"
    shown = headline.display_table(h.reset_index()).set_index("指标")
    assert shown.loc["税收", "预警"] == "绿·落后序时进度9.7个百分点，未达预警线"
    assert "正常" not in "".join(shown["预警"])


def test_outlook_and_verdict_by_hand(demo):
    r = results.Results(sources.load("2025-10", demo / "data/processed"))
    out = r["outlook"].set_index("id")
    # 税收: 1-10月 2.0146亿, last year 1-10月 1.4815 of 1.8537 → 2.0146 × 1.8537 ÷ 1.4815 = 2.5207亿, 92.1% of
    # 2.736; the last two months must grow (2.736 − 2.0146) ÷ (1.8537 − 1.4815) − 1 = 93.8% over last year's
    assert out.loc["tax", "预计全年"] == pytest.approx(2.0146 * 1.8537 / 1.4815)
    assert out.loc["tax", "预计完成率"] == pytest.approx(2.0146 * 1.8537 / 1.4815 / 2.736)
    assert out.loc["tax", "剩余月份需增速"] == pytest.approx((2.736 - 2.0146) / (1.8537 - 1.4815) - 1)
    assert out.loc["tax", "推算方法"] == headline.SEASONAL_WORDS
    assert "above_scale_firms" not in out.index and "hightech_share" not in out.index   # a stock, a share
    assert out.loc["tax_per_mu", "预计完成率"] == pytest.approx(out.loc["tax", "预计完成率"])
    shown = headline.outlook_table(r["outlook"], "2025-10").set_index("指标")
    assert shown.loc["税收", "预计全年"] == "2.52亿元" and shown.loc["税收", "预计完成率"] == "92.1%"
    assert shown.loc["税收", "剩余2个月需要"] == "比上年同期增长93.8%"
    gaps = headline.largest_gaps(r["headline"], 3, r["kpi"])
    text = headline.verdict(r["headline"], gaps, r["outlook"], "2025-10")
    assert text[0] == ("**总体判断：总体进度偏慢**。1-10月，8项头条指标中7项落后序时进度（其中黄色1项、红色0项）。")
    assert text[1].startswith("最需推动的是竣工投产项目（落后序时进度23.3个百分点）、规上企业数量")
    assert "税收预计2.52亿元（完成92.1%，亩均税收随之同比例）" in text[2]   # one fact once, its twin named
    assert headline.not_reported(r["kpi"]) == "本期未填报2项：拟清退低效企业、整改提升低效企业。"


def test_verdict_names_the_office_and_the_rule(demo):
    bundle = sources.load("2025-10", demo / "data/processed")
    bundle.manifest["settings"]["report"].update(responsible={"above_scale_firms": "经济发展科"}, amber_pp=20.0,
                                                 red_pp=40.0)
    r = results.Results(bundle)
    gaps = headline.largest_gaps(r["headline"], 3, r["kpi"])
    text = headline.verdict(r["headline"], gaps, r["outlook"], "2025-10")
    assert text[0].startswith("**总体判断：总体略慢于序时进度**") and "均未达到预警线" in text[0]
    assert "规上企业数量（落后序时进度16.7个百分点，责任科室：经济发展科）" in text[1]
    assert "（责任科室：经济发展科）" in headline.gap_sentences(gaps, "2025-10")[1]


def test_display_keeps_counts_whole_and_units(demo):
    shown = headline.display_table(head_for(demo).reset_index()).set_index("指标")
    assert shown.loc["规上企业数量", "本年累计"] == "49家"
    assert shown.loc["工业总产值", "本年累计"] == "56.88亿元"
    assert shown.loc["工业总产值", "年度目标"] == "70亿元" and shown.loc["税收", "年度目标"] == "2.736亿元"
    assert shown.loc["高新技术企业产值占比", "本年累计"] == "24.5%"
    assert shown.loc["规上企业数量", "预警"] == "黄·落后序时进度16.7个百分点"
    assert "责任科室" not in shown.columns


def test_responsible_office_shown_when_set(demo):
    h = head_for(demo, responsible={"tax": "财政金融科"}).reset_index()
    shown = headline.display_table(h).set_index("指标")
    assert shown.loc["税收", "责任科室"] == "财政金融科" and shown.loc["工业总产值", "责任科室"] == "—"


@pytest.mark.parametrize("text, column", [
    ("share_basis: revenue\n", "share_basis"),
    ("amber_pp: 30\nred_pp: 10\n", "red_pp"),
    ("amber_pp: 十\n", "amber_pp"),
    ("headline: [tax, profits]\n", "headline"),
    ("headline: [tax, tax]\n", "headline"),
    ("responsible: {tax: 3}\n", "responsible.tax"),
    ("colour: red\n", "colour"),
])
def test_bad_report_settings_name_the_key(tmp_path, catalogue, text, column):
    f = tmp_path / "report.yaml"
    f.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as e:
        headline.load_settings(f, [i.id for i in catalogue.monthly()])
    assert e.value.column == column and "report.yaml" in str(e.value)


def test_dates_on_the_cover(monkeypatch):
    assert headline.data_cutoff("2025-02") == "2025年2月28日"
    assert headline.data_cutoff("2024-02") == "2024年2月29日"
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")        # 2026-01-01 00:00 UTC
    assert headline.generated_on() == "2026年1月1日"


def test_without_last_months_file_the_change_since_last_month_is_not_the_whole_year(tmp_path):
    """Reliability issue item 9 (and the 月报 issue item 6): an office that starts in October with only
    the October file got 本月新增 = the whole year (工业总产值 +56.88亿元) and 完成率较上月 = the whole 完成率."""
    from analysis import results, sources

    from .conftest import make_project

    proj = make_project(tmp_path / "proj")
    for f in (proj / "data/raw/demo/actuals").glob("2025-0*.csv"):
        f.unlink()
    sources.prepare("2025-10", proj)
    res = results.Results(sources.load("2025-10", proj / "data/processed"))
    head = res["headline"].set_index("id")
    row = head.loc["industrial_output"]
    assert row["较上月说明"] == "无上月数据"
    assert row["本月新增"] != row["本月新增"] and row["完成率较上月"] != row["完成率较上月"]   # blank, not the year
    shown = headline.display_table(res["headline"]).set_index("指标")
    assert shown.loc[row["指标"], "本月新增"] == "—" and shown.loc[row["指标"], "完成率较上月（个百分点）"] == "—"
    settings = res.bundle.manifest["settings"]["report"]
    assert "本期没有上月数据，“本月新增”和“完成率较上月”不计算" in headline.status_sentence(res["headline"], settings)


def test_january_counts_the_whole_year_to_date_as_this_months(tmp_path):
    from analysis import results, sources

    from .conftest import make_project

    proj = make_project(tmp_path / "proj")
    sources.prepare("2025-01", proj)
    head = results.Results(sources.load("2025-01", proj / "data/processed"))["headline"].set_index("id")
    row = head.loc["industrial_output"]
    assert row["本月新增"] == row["本年累计"] and row["较上月说明"] == ""


def test_this_months_growth_beside_the_year_to_date(demo):
    # 当月同比 (issue 24): October's 工业总产值 (56.8809 − 50.4541) against last year's (47.0333 − 41.6899)
    h = head_for(demo)
    assert h.loc["industrial_output", "当月同比"] == pytest.approx((56.8809 - 50.4541) / (47.0333 - 41.6899) - 1)
    assert h.loc["tax", "当月同比"] == pytest.approx((2.0146 - 1.7923) / (1.4815 - 1.3169) - 1)
    assert h.loc["tax_per_mu", "当月同比"] == h.loc["tax", "当月同比"]            # on fixed land, 税收's
    assert math.isnan(h.loc["above_scale_firms", "当月同比"]) and math.isnan(h.loc["hightech_share", "当月同比"])
    shown = headline.display_table(h.reset_index()).set_index("指标")
    assert shown.loc["工业总产值", "当月同比"] == "+20.3%" and shown.loc["规上企业数量", "当月同比"] == "—"
    sources.prepare("2025-01", demo)
    jan = head_for(demo, "2025-01")
    assert jan.loc["industrial_output", "当月同比"] == pytest.approx(3.8822 / 3.1836 - 1)   # January: the month is the year


def test_no_months_growth_without_last_months_file(tmp_path):
    proj = make_project(tmp_path / "proj")
    (proj / "data/raw/demo/actuals/2025-09.csv").unlink()
    sources.prepare("2025-10", proj)
    h = head_for(proj)
    assert math.isnan(h.loc["industrial_output", "当月同比"])


def test_sources_are_named_by_department():
    report = {"departments": {"parcels": "县自然资源和规划局"}}
    got = headline.source_words(report, [("actuals", "月度数据"), ("parcels", "五未地块台账"),
                                         ("onboarding", "入统培育台账")], ["项目台账"])
    assert got == ("统计部门、税务部门（月度数据）；县自然资源和规划局（五未地块台账）；统计部门（入统培育台账）；"
                   "示例数据（合成，非真实统计）：项目台账")
    assert headline.source_words({}, [], ["月度数据"]) == "示例数据（合成，非真实统计）：月度数据"


@pytest.mark.parametrize("text", ["departments: {税务: 县税务局}\n", "departments: {actuals: 3}\n",
                                  "issue_number: [1]\n", "issued_on: 12\n"])
def test_cover_and_source_settings_are_checked(tmp_path, text):
    bad = tmp_path / "report.yaml"
    bad.write_text(text, encoding="utf-8")
    with pytest.raises(InputError):
        headline.load_settings(bad)
    ok = tmp_path / "ok.yaml"
    ok.write_text("issued_on: 2025-11-05\nissue_number: 第10期\n", encoding="utf-8")
    s = headline.load_settings(ok)
    assert s["issued_on"] == "2025年11月5日" and headline.issue_number(s, "2025-10") == "第10期"


@pytest.mark.parametrize("g, plan, avg, expected", [(0.209, 0.186, None, "绿"), (0.209, 0.186, 0.25, "黄"),
                                                    (0.10, 0.186, 0.05, "黄"), (-0.01, 0.186, None, "红"),
                                                    (0.186, 0.186, 0.186, "绿")])
def test_plan_avg_rule(g, plan, avg, expected):
    assert headline.plan_avg_status(g, plan, avg) == expected


def test_plan_avg_rule_set_in_the_settings(demo):
    """Issue 24: 预警 rule sets in report.yaml; plan_avg (天津 2022) judges a growth target by its growth."""
    h = head_for(demo, warning_rule="plan_avg", average_growth={"industrial_output": 0.25})
    assert h.loc["industrial_output", "预警"] == "黄"                    # 20.9% ≥ 18.6% plan, < 25% average
    assert h.loc["industrial_output", "预警说明"] == "增速20.9%，低于平均25.0%"
    assert h.loc["fixed_investment", "预警"] == "绿"                     # 24.4% ≥ 20% plan, no average
    assert h.loc["fixed_investment", "预警说明"] == "增速24.4%，不低于目标20.0%"
    assert h.loc["tax", "预警"] == "黄" and h.loc["tax", "预警说明"] == "增速36.0%，低于目标47.6%"
    assert h.loc["tax_per_mu", "预警"] == h.loc["tax", "预警"]           # judged as 税收 is
    assert h.loc["hightech_share", "预警"] == "绿"                       # no target rate: lag_pp
    assert "天津市2022年" in headline.status_sentence(h.reset_index(), {**REPORT, "warning_rule": "plan_avg"})


REPORT = dict(headline.REPORT_DEFAULTS)


@pytest.mark.parametrize("text, column", [("warning_rule: rank4\n", "warning_rule"),
                                          ("average_growth: {industrial_output: 八}\n", "average_growth.industrial_output"),
                                          ("average_growth: [1]\n", "average_growth")])
def test_rule_settings_are_checked(tmp_path, text, column):
    bad = tmp_path / "report.yaml"
    bad.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as e:
        headline.load_settings(bad)
    assert f"列 {column}" in str(e.value)


def test_average_growth_names_known_indicators(tmp_path):
    f = tmp_path / "report.yaml"
    ids = [*headline.DEFAULT_HEADLINE]
    f.write_text("average_growth: {nosuch: 5%}\n", encoding="utf-8")
    with pytest.raises(InputError, match="未知指标代码 'nosuch'"):
        headline.load_settings(f, ids)
    f.write_text("warning_rule: plan_avg\naverage_growth: {tax: 6%, industrial_output: 8.5}\n", encoding="utf-8")
    s = headline.load_settings(f, ids)
    assert s["average_growth"] == {"tax": pytest.approx(0.06), "industrial_output": pytest.approx(0.085)}
