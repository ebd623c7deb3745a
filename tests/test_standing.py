"""晋位升级 (issue 25): the zone's standing under a scheme file, worked by hand on three to four zones."""
import pandas as pd
import pytest

from analysis import standing
from analysis.errors import InputError

ONE = """name: 测试方案
source: 测试
status: office
groups:
  - name: 发展
    weight: 100
    indicators:
      - {id: x, name: 指标甲, unit: "%", weight: 100}
deductions:
  - {id: env, name: 环保问题, points: 15}
vetoes:
  - {id: accident, name: 重大事故}
classes: {A: 0.34, B: 0.67}
consequences:
  - {name: 摘牌, bottom: 1, times: 2, years: 3}
"""


def _scheme(tmp_path, text=ONE):
    p = tmp_path / "scheme.yaml"
    p.write_text(text, encoding="utf-8")
    return standing.load_scheme(p)


def _peers(tmp_path, rows):
    p = tmp_path / "peers.csv"
    p.write_text("年度,开发区,指标,数值\n" + "".join(f"{r}\n" for r in rows), encoding="utf-8")
    return standing.read_peers(p)


def test_the_efficacy_coefficient_method_on_three_zones(tmp_path):
    # x = 10, 20, 40: 60 + 40 × (x − 10)/30 → 60, 73.33, 100; weight 100, so the totals are the scores
    s = _scheme(tmp_path)
    m = standing.matrix(s, _peers(tmp_path, ["2025,本区,x,20", "2025,乙,x,10", "2025,丙,x,40"]), 2025, use_own=False)
    t = standing.score(s, m)
    assert t.loc["本区", "总分"] == pytest.approx(73.3333, abs=1e-4)
    assert t.loc["乙", "总分"] == pytest.approx(60.0) and t.loc["丙", "总分"] == pytest.approx(100.0)
    assert t["排名"].to_dict() == {"本区": 2, "乙": 3, "丙": 1}
    assert t["等级"].to_dict() == {"本区": "B", "乙": "C", "丙": "A"}      # A ⌊3 × 0.34 + ½⌋ = 1, B to 2


def test_a_lower_is_better_indicator_mirrors_the_scale(tmp_path):
    s = _scheme(tmp_path, ONE.replace('weight: 100}', 'weight: 100, direction: lower}'))
    m = standing.matrix(s, _peers(tmp_path, ["2025,本区,x,20", "2025,乙,x,10", "2025,丙,x,40"]), 2025, use_own=False)
    assert standing.score(s, m).loc["乙", "总分"] == pytest.approx(100.0)


def test_a_deduction_changes_a_rank_and_a_veto_takes_a_zone_out(tmp_path):
    s = _scheme(tmp_path)
    rows = ["2025,本区,x,20", "2025,乙,x,10", "2025,丙,x,40", "2025,丙,env,2"]
    t = standing.score(s, standing.matrix(s, _peers(tmp_path, rows), 2025, use_own=False))
    # 丙: 100 − 2 × 15 = 70 < 本区's 73.33: 本区 moves to first
    assert t.loc["丙", "总分"] == pytest.approx(70.0) and t.loc["本区", "排名"] == 1 and t.loc["丙", "排名"] == 2
    t = standing.score(s, standing.matrix(s, _peers(tmp_path, [*rows[:3], "2025,丙,accident,1"]), 2025, use_own=False))
    assert t.loc["丙", "等级"] == "取消评级" and pd.isna(t.loc["丙", "排名"]) and t.loc["本区", "排名"] == 1


def test_a_rank_band_with_one_peer_unknown(tmp_path):
    # 本区 30, 乙 20, 丙 unknown, 丁 40.  Best case for 本区: 丙 = 20 (the worst seen) → 丁, 本区, then 乙 = 丙:
    # 本区 2nd.  Worst case: 丙 = 40 → 丙 = 丁 share 1st, 本区 3rd.  The band is 2–3, no value guessed.
    s = _scheme(tmp_path)
    m = standing.matrix(s, _peers(tmp_path, ["2025,本区,x,30", "2025,乙,x,20", "2025,丙,x,", "2025,丁,x,40"]), 2025,
                        use_own=False)
    st = standing.standing(s, m)
    assert st["rank"] == (2, 3) and st["unknown"] == 1
    assert standing.rank_words(st).startswith("按考核方案测算，本区在4个参评开发区中排第2至3名")


def test_the_marginal_effect_of_one_percent(tmp_path):
    # 本区 39.9 against 丙 40: 1% more (40.299) makes 本区 the best: one place gained, 100 − (60 + 40 × 29.9/30) points
    s = _scheme(tmp_path)
    m = standing.matrix(s, _peers(tmp_path, ["2025,本区,x,39.9", "2025,乙,x,10", "2025,丙,x,40"]), 2025, use_own=False)
    row = standing.marginal(s, m).iloc[0]
    assert row["名次变化"] == 1
    assert row["提高1%（相对）后总分变化"] == pytest.approx(100 - (60 + 40 * 29.9 / 30))


def test_the_delisting_watch_after_two_bottom_finishes(tmp_path):
    s = _scheme(tmp_path)
    peers = _peers(tmp_path, ["2023,本区,x,5", "2023,乙,x,10", "2024,本区,x,5", "2024,乙,x,10",
                              "2025,本区,x,20", "2025,乙,x,10"])
    m = standing.matrix(s, peers, 2025, use_own=False)
    assert standing.watch(s, peers, 2025, m) == ["摘牌（近3年内2次列后1名）：已触发：本区列后1名的年份为2023、2024。"]
    peers = peers[peers["year"] != 2024]
    assert standing.watch(s, peers, 2025, m) == ["摘牌（近3年内2次列后1名）：尚未触发：近3年内1次（2023年），再有1次即触发。"]


def test_the_zone_s_own_figures_come_from_the_build_not_the_peer_table(tmp_path):
    s = _scheme(tmp_path, ONE.replace("weight: 100}", 'weight: 100, own: "tax:growth"}'))
    kpi = pd.DataFrame({"id": ["tax"], "本年累计": [2.0], "同比增速": [0.36], "单位": ["亿元"]})
    m = standing.matrix(s, _peers(tmp_path, ["2025,乙,x,10", "2025,丙,x,40"]), 2025, kpi=kpi)
    assert m.loc["本区", "x"] == pytest.approx(36.0)                   # the build's 36% growth, in %


@pytest.mark.parametrize("change, column, words", [
    (("weight: 100\n    indicators", "weight: 90\n    indicators"), "groups 第1组.indicators", "应等于该组权重"),
    (("weight: 100}", "weight: 100, method: zscore}"), "groups 第1组.indicators 第1项.method", "未知的标准化方法"),
    (("status: office", "status: official"), "status", "状态无效"),
])
def test_bad_schemes_are_refused_by_name(tmp_path, change, column, words):
    with pytest.raises(InputError) as e:
        _scheme(tmp_path, ONE.replace(*change))
    assert e.value.column == column and words in str(e.value)


def test_a_group_left_without_weight_says_the_office_must_fill_it(tmp_path):
    with pytest.raises(InputError) as e:
        _scheme(tmp_path, ONE.replace("    weight: 100\n    indicators", "    weight:\n    indicators"))
    assert "权重未填" in str(e.value)


def test_a_peer_table_with_a_duplicate_zone_or_an_unknown_item_is_refused(tmp_path):
    with pytest.raises(InputError) as e:
        _peers(tmp_path, ["2025,乙,x,10", "2025,乙,x,12"])
    assert e.value.row == 3 and "重复" in str(e.value)
    s = _scheme(tmp_path)
    peers = _peers(tmp_path, ["2025,乙,x,10", "2025,乙,y,12"])
    with pytest.raises(InputError) as e:
        standing.check_peers(tmp_path / "peers.csv", peers, s)
    assert (e.value.row, e.value.column) == (3, "指标")
    with pytest.raises(InputError) as e:
        standing.check_peers(tmp_path / "peers.csv", _peers(tmp_path, ["2025,乙,x,10万元"]), s)
    assert e.value.column == "数值" and "单位与考核方案不符" in str(e.value)


def test_an_indicator_no_input_provides_is_refused(tmp_path):
    s = _scheme(tmp_path)
    with pytest.raises(InputError) as e:
        standing.matrix(s, _peers(tmp_path, ["2025,乙,env,1"]), 2025, use_own=False)
    assert "在对标表和本期结果中都没有数值" in str(e.value)


@pytest.mark.parametrize("preset, words", [("mofcom_2021.yaml", "“对外开放”没有指标"), ("hebei.yaml", "“规划实施”的权重未填")])
def test_the_shipped_presets_say_what_the_office_must_fill(preset, words):
    from pathlib import Path

    with pytest.raises(InputError) as e:
        standing.load_scheme(Path(__file__).resolve().parents[1] / "docs/schemes" / preset)
    assert words in str(e.value)


def test_a_vetoed_zone_sets_no_scale_and_ties_count_as_level(tmp_path):
    s = _scheme(tmp_path)
    # 甲 vetoed at 100 would make the scale 10–100; rated zones 本区 20, 乙 10, 丙 40 keep 10–40: 本区 73.33
    m = standing.matrix(s, _peers(tmp_path, ["2025,本区,x,20", "2025,乙,x,10", "2025,丙,x,40", "2025,甲,x,100",
                                             "2025,甲,accident,1"]), 2025, use_own=False)
    assert standing.score(s, m).loc["本区", "总分"] == pytest.approx(73.3333, abs=1e-4)
    level = standing.matrix(s, _peers(tmp_path, ["2025,本区,x,5", "2025,乙,x,5", "2025,丙,x,5"]), 2025, use_own=False)
    b = standing.boards(s, level).iloc[0]
    assert b["本区百分位"] == 50 and b["判断"] == "居中"


@pytest.mark.parametrize("rows, column, words", [
    (["2025,本区,x,1", "2025,乙,x,2", "2025,乙,指标甲,3"], "指标", "同一年、同一开发区的同一指标"),
    (["2025,本区,x,1", "2025,乙,env,-3"], "数值", "应填发生次数"),
    (["2025,本区,x,1", "2025,乙,env,1.5"], "数值", "应填发生次数"),
    (["2025,乙,x,1"], "指标", "对标表没有本区2025年的“指标甲”"),
])
def test_peer_rows_that_cannot_be_right_are_refused(tmp_path, rows, column, words):
    s = _scheme(tmp_path)
    with pytest.raises(InputError) as e:
        standing.check_peers(tmp_path / "peers.csv", _peers(tmp_path, rows), s, 2025)
    assert e.value.column == column and words in str(e.value)


def test_a_ratio_method_refuses_a_value_of_zero_or_less(tmp_path):
    s = _scheme(tmp_path, ONE.replace('weight: 100}', 'weight: 100, method: ratio_best}'))
    with pytest.raises(InputError, match="要求数值大于0"):
        standing.check_peers(tmp_path / "peers.csv", _peers(tmp_path, ["2025,本区,x,1", "2025,乙,x,-1.5"]), s, 2025)


def test_too_few_zones_for_a_bottom_rule_are_said_not_judged(tmp_path):
    s = _scheme(tmp_path)
    peers = _peers(tmp_path, ["2025,本区,x,20"])
    m = standing.matrix(s, peers, 2025, use_own=False)
    assert "无法判断" in standing.watch(s, peers, 2025, m)[0]


def test_classes_named_otherwise_than_letters_leave_the_rest_as_other(tmp_path):
    assert _scheme(tmp_path, ONE.replace("classes: {A: 0.34, B: 0.67}", "classes: {甲: 0.3, 乙: 0.8}"))["rest_class"] == "其他"
    with pytest.raises(InputError, match="逐级增大"):
        _scheme(tmp_path, ONE.replace("classes: {A: 0.34, B: 0.67}", "classes: {A: 0.3, B: 0.3}"))
    with pytest.raises(InputError, match="应为整数"):
        _scheme(tmp_path, ONE.replace("bottom: 1,", "bottom: 2.7,"))
    with pytest.raises(InputError, match="写法不对"):
        _scheme(tmp_path, ONE.replace("weight: 100}", 'weight: 100, own: "tax_per_mu:total"}'))


def test_a_real_scheme_is_never_scored_on_the_demo_peers_and_its_own_figures_must_exist(project):
    from analysis import sources

    folder = project / "data/raw/standing"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "scheme.yaml").write_text(ONE.replace("weight: 100}", 'weight: 100, own: "tax_per_mu:value"}'),
                                        encoding="utf-8")
    sources.prepare("2025-10", project)
    bundle = sources.load("2025-10", project / "data/processed")
    assert "peers" not in bundle.tables
    assert any("有考核方案但没有对标表" in str(w) for w in bundle.manifest["quality"])
    (folder / "scheme.yaml").write_text(ONE.replace("weight: 100}", 'weight: 100, own: "no_such:value"}'),
                                        encoding="utf-8")
    with pytest.raises(InputError) as e:
        sources.prepare("2025-10", project)
    assert e.value.column == "own" and "scheme.yaml" in str(e.value)


def test_a_peer_value_ten_times_the_others_is_warned_with_its_row(tmp_path):
    from analysis.validation import Quality

    s = _scheme(tmp_path)
    q = Quality()
    peers = _peers(tmp_path, ["2025,本区,x,5", "2025,乙,x,4", "2025,丙,x,6", "2025,丁,x,5100"])
    standing.check_peers(tmp_path / "peers.csv", peers, s, 2025, q)
    said = [str(w) for w in q.as_list()]
    assert len(said) == 1 and "丁 2025年“指标甲”为 5100" in said[0] and "相差10倍以上" in said[0]


def test_the_red_and_black_lists_say_how_many_they_hold(tmp_path):
    t = pd.DataFrame({"开发区": ["甲", "乙", "丙", "丁", "戊"], "总分": [90, 80, 70, 60, 50],
                      "排名": pd.array([1, 2, 3, 4, pd.NA], dtype="Int64"), "等级": ["A", "A", "B", "C", "取消评级"]})
    # four rated zones: two on each list, none on both
    assert standing.red_black_sentence(t) == "红榜（总分前2名）：甲、乙；黑榜（总分后2名）：丁、丙。"
    assert standing.red_black_sentence(t.head(1)) == "参评开发区太少，不列红黑榜。"


def test_ranks_and_dates_read_the_same_everywhere():
    import datetime as dt

    from analysis import period, units

    assert [units.fmt_rank(v) for v in (3, 3.0, None, float("nan"), pd.NA)] == ["3", "3", "—", "—", "—"]
    assert period.chinese_date(dt.date(2025, 9, 6)) == "2025年9月6日"
