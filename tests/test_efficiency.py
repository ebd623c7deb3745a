"""亩均效益评价: a 3-firm example worked on paper, ties, tiny ledgers, exempt firms, zero land."""
import numpy as np
import pandas as pd
import pytest

from analysis import efficiency
from analysis.errors import InputError

SETTINGS = {**efficiency.DEFAULT_SETTINGS, "weights": {"tax_per_mu": 60, "revenue_per_mu": 40}}


def ledger(rows):
    base = {"code": "", "name": "", "above_scale": True, "own_mu": 0.0, "leased_m2": 0.0, "tax": 0.0,
            "revenue": np.nan, "output": np.nan, "value_added": np.nan, "energy": np.nan, "rd": np.nan,
            "employees": np.nan, "flags": ""}
    return pd.DataFrame([{**base, **r} for r in rows])


THREE = ledger([
    # 亩均税收 10, 亩均营收 100
    {"code": "A", "name": "甲", "own_mu": 10, "tax": 100, "revenue": 1000},
    # 亩均税收 5, 亩均营收 150
    {"code": "B", "name": "乙", "own_mu": 20, "tax": 100, "revenue": 3000},
    # 亩均税收 2, 亩均营收 50
    {"code": "C", "name": "丙", "own_mu": 40, "tax": 80, "revenue": 2000},
])


def test_three_firms_minmax_by_hand():
    r = efficiency.evaluate(THREE, SETTINGS).set_index("企业代码")
    # tax: min 2, max 10 → A 60×100/100 = 60, B 60×(20+80×3/8)/100 = 30, C 60×20/100 = 12
    assert list(r["亩均税收得分"]) == pytest.approx([60, 30, 12])
    # revenue/亩: min 50, max 150 → A 40×(20+40)/100 = 24, B 40, C 8
    assert list(r["亩均营业收入得分"]) == pytest.approx([24, 40, 8])
    assert list(r["总分"]) == pytest.approx([84, 70, 20])
    assert list(r["排名"]) == [1, 2, 3]
    assert list(r["等级"]) == ["A", "B", "C"]


def test_three_firms_benchmark_by_hand():
    s = {**SETTINGS, "method": "benchmark"}
    r = efficiency.evaluate(THREE, s).set_index("企业代码")
    mean = (10 + 5 + 2) / 3
    # A: 10/5.667 = 1.76 → capped at 1.5 → 90 points
    assert list(r["亩均税收得分"]) == pytest.approx([90, 60 * 5 / mean, 60 * 2 / mean])
    s_fixed = {**s, "benchmarks": {"tax_per_mu": 10, "revenue_per_mu": 100}}
    r2 = efficiency.evaluate(THREE, s_fixed).set_index("企业代码")
    assert list(r2["亩均税收得分"]) == pytest.approx([60, 30, 12])
    assert list(r2["亩均营业收入得分"]) == pytest.approx([40, 60, 20])


@pytest.mark.parametrize("n, classes", [
    (1, ["B"]), (2, ["A", "C"]), (3, ["A", "B", "C"]),
    (20, ["A"] * 5 + ["B"] * 9 + ["C"] * 5 + ["D"]),
])
def test_class_cutoffs_tiny_and_regular(n, classes):
    totals = pd.Series(np.arange(n, 0, -1, dtype=float))
    _, cls = efficiency.classify(totals, efficiency.DEFAULT_SETTINGS["class_cumulative_shares"])
    assert list(cls) == classes


def test_ties_share_the_better_class():
    rank, cls = efficiency.classify(pd.Series([90.0, 80.0, 80.0, 10.0]), {"A": 0.25, "B": 0.70, "C": 0.95})
    assert list(rank) == [1, 2, 2, 4]
    assert list(cls) == ["A", "B", "B", "C"]
    # a tie across the A boundary: both firms take A
    _, cls = efficiency.classify(pd.Series([90.0, 90.0, 50.0, 40.0]), {"A": 0.25, "B": 0.70, "C": 0.95})
    assert list(cls) == ["A", "A", "B", "C"]


def test_equal_values_get_full_points():
    pts = efficiency.points(pd.Series([3.0, 3.0]), 45, "minmax")
    assert list(pts) == [45, 45]
    assert list(efficiency.points(pd.Series([np.nan, 2.0, 4.0]), 10, "minmax")) == [2, 2, 10]


def test_groups_exempt_and_zero_land():
    lg = ledger([
        {"code": "A", "name": "甲", "own_mu": 10, "tax": 100, "revenue": 1000},
        {"code": "B", "name": "乙", "own_mu": 20, "tax": 100, "revenue": 3000, "flags": "初创"},
        {"code": "Z", "name": "无地", "own_mu": 0, "tax": 50, "revenue": 100},
        {"code": "S1", "name": "小一", "above_scale": False, "own_mu": 6, "tax": 12},
        {"code": "S2", "name": "小二", "above_scale": False, "own_mu": 0, "leased_m2": 5000, "tax": 25},
        {"code": "S3", "name": "小三", "above_scale": False, "own_mu": 3, "tax": 9},
    ])
    r = efficiency.evaluate(lg, SETTINGS).set_index("企业代码")
    assert r.loc["B", "等级"] == "不定等级" and pd.isna(r.loc["B", "排名"]) and "初创" in r.loc["B", "说明"]
    assert r.loc["Z", "等级"] == "" and "无用地" in r.loc["Z", "说明"] and pd.isna(r.loc["Z", "亩均税收"])
    assert r.loc["S2", "用地亩"] == 5.0                       # 5,000㎡ ÷ 1,000
    assert r.loc["S2", "评价组"] == "规下" and r.loc["S1", "评价组"] == "规下"
    assert r.loc["S2", "亩均税收"] == 5.0 and r.loc["S2", "排名"] == 1   # 25/5 beats 12/6
    assert r.loc["S1", "亩均税收得分"] == pytest.approx(20)  # the floor: 100 × 20/100
    assert "不参评" in r.loc["S3", "说明"]
    assert r.loc["A", "等级"] == "B"                          # alone among graded 规上
    s = efficiency.class_summary(r.reset_index())
    assert dict(zip(s["等级"], s["企业数"])) == {"A": 1, "B": 1, "C": 1, "D": 0, "不定等级": 1, "不参评": 2}


def test_low_efficiency_screen():
    lg = ledger([{"code": "A", "name": "甲", "own_mu": 10, "tax": 0.5},
                 {"code": "B", "name": "乙", "own_mu": 20, "tax": 1.0},
                 {"code": "C", "name": "丙", "own_mu": 5, "tax": np.nan}])
    # a blank 税收 is unknown, not zero: it is not screened (the reader warns about it); 0 must be typed
    assert list(efficiency.screen_low_efficiency(lg, 1.0)["企业代码"]) == ["A"]


def test_settings_file_errors(tmp_path):
    p = tmp_path / "s.yaml"
    p.write_text("methd: minmax\n", encoding="utf-8")
    with pytest.raises(InputError, match="methd"):
        efficiency.load_settings(p)
    p.write_text("weights: {tax: 100}\n", encoding="utf-8")
    with pytest.raises(InputError, match="未知指标"):
        efficiency.load_settings(p)
    p.write_text("class_cumulative_shares: {A: 0.5, B: 0.3, C: 0.9}\n", encoding="utf-8")
    with pytest.raises(InputError, match="递增"):
        efficiency.load_settings(p)


def test_ledger_reader_errors(tmp_path):
    p = tmp_path / "e.csv"
    head = "企业代码,企业名称,规上,自有用地亩,税收万元\n"
    p.write_text(head + "X1,示例,是,10,abc\n", encoding="utf-8")
    with pytest.raises(InputError, match="第 2 行.*税收万元"):
        efficiency.read_ledger(p)
    p.write_text(head + "X1,示例,也许,10,1\n", encoding="utf-8")
    with pytest.raises(InputError, match="规上"):
        efficiency.read_ledger(p)
    p.write_text(head + "X1,示例,是,-3,1\n", encoding="utf-8")
    with pytest.raises(InputError, match="负"):
        efficiency.read_ledger(p)
    p.write_text(head + "X1,示例,是,10,1\nX1,示例二,否,3,1\n", encoding="utf-8")
    with pytest.raises(InputError, match="重复"):
        efficiency.read_ledger(p)


def test_low_efficiency_status_against_document(catalogue, tmp_path):
    listed = catalogue.lists["low_efficiency_firms"]["items"]
    p = tmp_path / "s.csv"
    p.write_text("企业名称,处置意见,进展\n河北亿鑫模塑有限公司,清退,已完成\n", encoding="utf-8")
    st = efficiency.read_low_efficiency_status(p, listed)
    assert len(st) == 19 and st.set_index("企业名称").loc["河北亿鑫模塑有限公司", "进展"] == "已完成"
    summary = efficiency.low_efficiency_summary(st).set_index("处置意见")
    assert summary.loc["清退", "已完成"] == 1 and summary.loc["清退", "合计"] == 5
    assert summary.loc["整改提升", "未更新"] == 14
    p.write_text("企业名称,处置意见,进展\n河北亿鑫模塑有限公司,整改提升,\n", encoding="utf-8")
    with pytest.raises(InputError, match="与文件不一致"):
        efficiency.read_low_efficiency_status(p, listed)
    p.write_text("企业名称,处置意见,进展\n某某公司,清退,\n", encoding="utf-8")
    with pytest.raises(InputError, match="不在文件列出"):
        efficiency.read_low_efficiency_status(p, listed)


def test_unknown_method_is_an_error():
    with pytest.raises(ValueError, match="未知的评分方法"):
        efficiency.evaluate(THREE, {**SETTINGS, "method": "rank"})


def test_distribution_and_median():
    r = efficiency.evaluate(THREE, SETTINGS)
    values, median = efficiency.tax_per_mu_distribution(r)
    assert sorted(values) == [2, 5, 10] and median == 5


def test_low_efficiency_sentence_counts_by_disposal():
    status = pd.DataFrame({"处置意见": ["清退", "清退", "整改提升", "整改提升", "整改提升"],
                           "进展": ["已完成", "未更新", "推进中", "推进中", "未启动"]})
    s = efficiency.low_efficiency_sentence(efficiency.low_efficiency_summary(status))
    assert s == "低效企业处置台账共5家：清退2家（已完成1家、未更新1家）；整改提升3家（推进中2家、未启动1家）。"
    untouched = pd.DataFrame({"处置意见": ["清退"] * 5, "进展": ["未更新"] * 5})
    assert efficiency.low_efficiency_sentence(efficiency.low_efficiency_summary(untouched)).endswith(
        "台账本期尚未更新任何进展。")
