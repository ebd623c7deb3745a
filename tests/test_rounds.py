"""The 亩均 round: class rules and exceptions, history, 差别化 measures and the next class, worked by hand."""
import pandas as pd
import pytest

from analysis import classes, efficiency, measures, rounds
from analysis.errors import InputError

NAMES = {k: v[0] for k, v in efficiency.INDICATORS.items()}


def _settings(**over):
    s = efficiency.load_settings(None)
    s.update(over)
    return s


def _assign(totals, s, flags=None, points=None):
    t = pd.Series(totals, dtype=float)
    codes = pd.Series([f"F{i:02d}" for i in range(len(t))])
    flags = pd.Series(flags or [[] for _ in range(len(t))])
    points = points if points is not None else pd.DataFrame(index=t.index)
    return classes.assign(t, points, codes, flags, s, NAMES)


def _counts(cls):
    return [int((cls == g).sum()) for g in "ABCD"]


# ---------------------------------------------------------------- quota, rounding, thresholds
def test_a_quota_with_floor_for_a_and_ceil_for_d():
    # 28 firms, A ≤ 20% (floor): 28 × 0.2 = 5.6 → 5; B to 70%: 19.6 → 20; D ≥ 5% (ceil): 28 × 0.05 = 1.4 → 2, so C
    # ends at 26.  Rounded half up instead: A 6, C to ⌊26.6 + ½⌋ = 27, D 1.
    totals = list(range(100, 72, -1))
    s = _settings(class_cumulative_shares={"A": 0.20, "B": 0.70, "C": 0.95}, class_rounding={"A": "floor", "D": "ceil"})
    _, cls, basis = _assign(totals, s)
    assert _counts(cls) == [5, 15, 6, 2]
    assert basis.iloc[0] == "组内排名第1–5名为A类（共28家）" and basis.iloc[27] == "组内排名第27–28名为D类（共28家）"
    _, cls, _ = _assign(totals, _settings(class_cumulative_shares={"A": 0.20, "B": 0.70, "C": 0.95}))
    assert _counts(cls) == [6, 14, 7, 1]


def test_a_d_count_that_is_whole_in_decimal_is_not_rounded_up_by_binary_noise():
    # 20 × (1 − 0.95) is 1.0000000000000009 in floating point; the D quota is 1 firm, not 2
    assert classes.cutoffs(20, {"A": 0.25, "B": 0.70, "C": 0.95}, {"D": "ceil"})["C"] == 19


def test_per_class_quotas_chang_le_20_55_20_5(tmp_path):
    p = tmp_path / "scoring.yaml"
    p.write_text("class_quotas: {A: 0.20, B: 0.55, C: 0.20, D: 0.05}\n", encoding="utf-8")
    s = efficiency.load_settings(p)
    assert s["class_cumulative_shares"] == pytest.approx({"A": 0.20, "B": 0.75, "C": 0.95})
    _, cls, _ = _assign(list(range(40, 0, -1)), s)
    assert _counts(cls) == [8, 22, 8, 2]                      # 40 × 20/55/20/5 %


def test_fixed_thresholds():
    _, cls, basis = _assign([90, 85, 84.99, 70, 55, 54.9], _settings(class_rule="thresholds"))
    assert cls.tolist() == ["A", "A", "B", "B", "C", "D"]
    assert basis.iloc[5] == "总分低于55分为D类"


# ---------------------------------------------------------------- 安阳 two-stage
def test_the_anyang_two_stage_rule_on_ten_firms():
    # 10 firms ranked by total.  A: 15% of 10 = 1.5 → 2 firms, picked among the top 50% (ranks 1–5) by
    # 亩均税收 + 研发强度 points.  C: 10% → 1 firm among the bottom 50% (ranks 6–10) with the fewest
    # 单位能耗增加值 points.  The rest B.
    totals = [90, 85, 80, 75, 70, 60, 55, 50, 45, 40]
    points = pd.DataFrame({
        "亩均税收得分": [10, 30, 5, 25, 20, 40, 1, 1, 1, 1],
        "研发经费投入强度得分": [5, 0, 2, 8, 1, 0, 0, 0, 0, 0],
        "单位能耗增加值得分": [9, 9, 9, 9, 9, 9, 3, 8, 5, 4],
    })
    # A pool (ranks 1–5): 15, 30, 7, 33, 21 → firms 3 (33) and 1 (30); firm 5 (40 tax points) is not in the pool
    # C pool (ranks 6–10): 9, 3, 8, 5, 4 → firm 6 (3 points), though firm 9 has the lowest total
    _, cls, basis = _assign(totals, _settings(class_rule="two_stage"), points=points)
    assert cls.tolist() == ["B", "A", "B", "A", "B", "B", "C", "B", "B", "B"]
    assert basis.iloc[3].startswith("两段法：总分前50%的企业中，按亩均税收、研发经费投入强度得分")
    assert basis.iloc[0] == "两段法：未入选A类、C类的为B类"


# ---------------------------------------------------------------- exceptions
def test_a_veto_caps_at_c_and_a_protected_firm_is_never_d_unless_vetoed():
    totals = [100, 90, 80, 70, 60, 50, 40, 30, 20, 10]
    flags = [["安全事故"], [], [], [], [], [], [], [], ["小升规"], ["新建", "环保事故"]]
    s = _settings(class_cumulative_shares={"A": 0.2, "B": 0.5, "C": 0.8})
    _, cls, basis = _assign(totals, s, flags)
    # by rank: A A B B B C C C D D
    assert cls.tolist() == ["C", "A", "B", "B", "B", "C", "C", "C", "C", "D"]
    assert basis.iloc[0] == "一票否决（安全事故）：按得分为A类，最高定为C类"
    assert basis.iloc[8] == "保护期企业（小升规）：按得分为D类，不列D类，定为C类"
    assert basis.iloc[9] == "组内排名第9–10名为D类（共10家）"            # vetoed: protection does not apply


def test_a_vetoed_firm_is_graded_even_with_an_exempt_flag_and_adjustments_count_in_the_total():
    ledger = pd.DataFrame({
        "code": ["F1", "F2", "F3"], "name": ["甲", "乙", "丙"], "above_scale": [True] * 3, "own_mu": [10.0] * 3,
        "leased_m2": [0.0] * 3, "tax": [100.0, 50.0, 10.0], "revenue": [1000.0] * 3, "value_added": [300.0] * 3,
        "energy": [100.0] * 3, "rd": [10.0] * 3, "employees": [10] * 3,
        "flags": ["初创、安全事故", "", "初创"], "adjust": [None, -10.0, None], "adjust_reason": ["", "环保处罚", ""]})
    out = efficiency.evaluate(ledger, _settings())
    assert out["等级"].tolist()[2] == "不定等级"
    assert out.loc[0, "排名"] == 1 and out.loc[0, "等级"] == "C"      # ranked, capped
    # 乙: tax points 45 × (20 + 80 × (5 − 1)/(10 − 1)) / 100 = 25.0; the other items are equal, full weight 55
    assert out.loc[1, "总分"] == pytest.approx(25.0 + 55 - 10)
    assert out.loc[1, "加减分原因"] == "环保处罚"


# ---------------------------------------------------------------- settings refused
@pytest.mark.parametrize("text, column, words", [
    ("class_rule: median\n", "class_rule", "未知的分档规则"),
    ("class_quotas: {A: 0.3, B: 0.5, C: 0.2, D: 0.05}\n", "class_quotas", "合计应为100%，现为105%"),
    ("class_rounding: {A: up}\n", "class_rounding", "取整方式"),
    ("class_thresholds: {A: 60, B: 70, C: 55}\n", "class_thresholds", "A ≥ B ≥ C"),
    ("measures:\n  - {name: 加价, class: D, amount: 0.05, source: 某文件, status: verified}\n", "measures 第1项.unit",
     "有金额但没有单位"),
    ("measures:\n  - {name: 加价, class: D, amount: 0.05, unit: 元/吨, source: 某文件, status: verified}\n",
     "measures 第1项.unit", "单位无法测算"),
    ("measures:\n  - {name: 加价, class: E, source: 某文件, status: verified}\n", "measures 第1项.class", "等级无效"),
    ("veto_flags: [初创]\n", "veto_flags", "同时列在"),
    ("measures:\n  - {name: 加价, class: D, amount: 0.05, unit: 元/千瓦时, exclusive: [电价, 加价], source: 某, status: verified}\n",
     "measures 第1项.exclusive", "应为一个组名"),
    ("measures:\n  - {name: 电, class: D, amount: 0.05, unit: 元/千瓦时, exclusive: 加价, source: 某, status: verified}\n"
     "  - {name: 气, class: D, amount: 1, unit: 元/立方米, exclusive: 加价, source: 某, status: verified}\n",
     "measures", "计价单位不同"),
])
def test_bad_class_settings_are_refused_by_name(tmp_path, text, column, words):
    p = tmp_path / "scoring.yaml"
    p.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as e:
        efficiency.load_settings(p)
    assert e.value.column == column and words in str(e.value)


def test_an_adjustment_without_a_reason_is_refused_with_its_row(tmp_path):
    p = tmp_path / "enterprises.csv"
    p.write_text("企业代码,企业名称,规上,自有用地亩,税收万元,加减分\nA1,甲,是,10,5,\nA2,乙,是,10,5,3分\n", encoding="utf-8")
    with pytest.raises(InputError) as e:
        efficiency.read_ledger(p)
    assert (e.value.row, e.value.column) == (3, "加减分原因")


# ---------------------------------------------------------------- history
def _history_file(tmp_path, rows):
    p = tmp_path / "class_history.csv"
    p.write_text("年度,企业代码,企业名称,等级\n" + "".join(f"{r}\n" for r in rows), encoding="utf-8")
    return p


def test_history_with_a_duplicate_firm_in_one_year_or_a_year_not_before_this_round_is_refused(tmp_path):
    with pytest.raises(InputError) as e:
        rounds.read_history(_history_file(tmp_path, ["2024,F1,甲,D", "2023,F1,甲,D", "2024,F1,甲,C"]), "2025")
    assert e.value.row == 4 and "重复" in str(e.value)
    with pytest.raises(InputError) as e:
        rounds.read_history(_history_file(tmp_path, ["2024,F1,甲,D", "2025,F2,乙,C"]), "2025")
    assert (e.value.row, e.value.column) == (3, "年度")


def _result(grades, codes=None):
    codes = codes or [f"F{i}" for i in range(1, len(grades) + 1)]
    return pd.DataFrame({"企业代码": codes, "企业名称": [f"企业{c}" for c in codes], "等级": grades})


def test_years_in_a_row_the_change_and_the_movement_matrix(tmp_path):
    hist = rounds.read_history(_history_file(tmp_path, [
        "2022,F1,甲,D", "2023,F1,甲,D", "2024,F1,甲,D",   # D four rounds running
        "2022,F2,乙,D", "2024,F2,乙,D",                  # 2023 missing: the run is 2024–2025
        "2024,F3,丙,B", "2024,F4,丁,A"]), "2025")
    result = _result(["D", "D", "C", "A", "B"])
    h = rounds.class_history(result, hist, 2025)
    assert h["连续同级年数"].tolist() == [4, 2, 1, 2, 1]
    assert h["变动"].tolist() == ["持平", "持平", "降级", "持平", "首次参评"]
    assert h.loc[0, "2022年"] == "D" and h.loc[4, "2024年"] == "—"
    m = rounds.movement(result, hist, 2025).set_index("上年等级")
    assert m.loc["D", "D"] == 2 and m.loc["B", "C"] == 1 and m.loc["上年未参评", "B"] == 1 and m["合计"].sum() == 5


# ---------------------------------------------------------------- measures
def _ledger(codes, power, other=None):
    return pd.DataFrame({"code": codes, "power": power, "gas": [None] * len(codes),
                         "other_power_surcharge": other or [None] * len(codes)})


def test_three_years_in_d_pay_the_shandong_top_rate_and_only_the_highest_surcharge_applies():
    result = _result(["D", "D", "D", "C"])
    hist = pd.DataFrame({"企业代码": ["F1", "F2", "F3", "F4"], "连续同级年数": [3, 1, 2, 1]})
    ledger = _ledger(["F1", "F2", "F3", "F4"], [200.0, 100.0, 50.0, 10.0], [0.10, None, 0.30, None])
    every = measures.costs(result, ledger, hist, efficiency.load_settings(None))
    cost = every[every["措施"] == "差别电价加价"].set_index("企业代码")     # F2 is also charged on gas, not on record
    # F1: 3 years → 0.15元/千瓦时; already 0.10 from another surcharge, so it adds 0.05 × 200万千瓦时 = 10万元
    assert cost.loc["F1", "标准"] == "0.15元/千瓦时" and cost.loc["F1", "年度加价万元"] == pytest.approx(10.0)
    # F2: first year in D → 0.05 × 100 = 5万元
    assert cost.loc["F2", "年度加价万元"] == pytest.approx(5.0)
    # F3: second year, 0.10, but it already pays 0.30: nothing more
    assert cost.loc["F3", "年度加价万元"] == 0 and "本措施不再增加" in cost.loc["F3", "说明"]
    assert "F4" not in cost.index
    assert measures.cost_summary(every)["年度加价合计万元"].sum() == pytest.approx(15.0)


def test_two_measures_in_one_exclusive_group_charge_the_higher_only():
    s = efficiency.load_settings(None)
    s["measures"] = [
        {"name": "差别电价", "class": "D", "min_years": 1, "amount": 0.15, "unit": "元/千瓦时", "exclusive": "电价",
         "source": "甲", "status": "verified"},
        {"name": "惩罚性电价", "class": "D", "min_years": 1, "amount": 0.12, "unit": "元/千瓦时", "exclusive": "电价",
         "source": "乙", "status": "verified"},
    ]
    cost = measures.costs(_result(["D"]), _ledger(["F1"], [100.0]), pd.DataFrame({"企业代码": ["F1"], "连续同级年数": [1]}), s)
    assert len(cost) == 1 and cost.loc[0, "年度加价万元"] == pytest.approx(15.0) and "只按最高" in cost.loc[0, "说明"]


def test_a_firm_without_its_use_on_record_is_named_not_costed_as_zero():
    cost = measures.costs(_result(["D"]), _ledger(["F1"], [None]), pd.DataFrame({"企业代码": ["F1"], "连续同级年数": [1]}),
                        efficiency.load_settings(None))
    assert pd.isna(cost.loc[0, "年度加价万元"]) and "未填报年用电量" in cost.loc[0, "说明"]
    assert "另有2项因未填报用量无法测算" in measures.cost_sentence(cost)


# ---------------------------------------------------------------- the next class
def test_the_points_and_tax_a_firm_needs_for_the_next_class():
    # four 规上 firms scored on 亩均税收 alone (weight 100, min–max): values 1, 2, 3, 5 → points 20, 40, 60, 100.
    # Quota 25/50/75: A = rank 1, B = rank 2, C = rank 3, D = rank 4.  The D firm (1万元/亩, 10亩) needs the
    # 3rd-highest total of the others, 40, to reach C: 20 points more.  Points = 20 + 80 (v − 1)/(5 − 1) with
    # the others fixed, so v = 2: 1万元/亩 more on 10亩 = 10万元 a year.
    s = _settings(weights={"tax_per_mu": 100}, class_cumulative_shares={"A": 0.25, "B": 0.5, "C": 0.75})
    ledger = pd.DataFrame({"code": ["F1", "F2", "F3", "F4"], "name": list("甲乙丙丁"), "above_scale": [True] * 4,
                           "own_mu": [10.0] * 4, "tax": [50.0, 30.0, 20.0, 10.0]})
    result = efficiency.evaluate(ledger, s)
    assert result["等级"].tolist() == ["A", "B", "C", "D"]
    assert rounds.next_class(result.iloc[3], result, s) == \
        "距C类还差20.00分；其他指标和其他企业不变时，年税收约需增加10万元。"
    assert rounds.next_class(result.iloc[0], result, s) == ""


def test_an_empty_schedule_means_no_measures_and_an_unset_one_the_published_default(tmp_path):
    p = tmp_path / "scoring.yaml"
    p.write_text("measures: []\n", encoding="utf-8")
    hist = pd.DataFrame({"企业代码": ["F1"], "连续同级年数": [3]})
    none = measures.costs(_result(["D"]), _ledger(["F1"], [100.0]), hist, efficiency.load_settings(p))
    assert none.empty
    default = measures.costs(_result(["D"]), _ledger(["F1"], [100.0]), hist, efficiency.load_settings(None))
    assert default.loc[0, "年度加价万元"] == pytest.approx(15.0)


def test_another_electricity_surcharge_competes_with_a_measure_outside_any_exclusive_group():
    s = efficiency.load_settings(None)
    s["measures"] = [{"name": "差别电价", "class": "D", "min_years": 1, "amount": 0.15, "unit": "元/千瓦时",
                      "source": "甲", "status": "verified"}]
    cost = measures.costs(_result(["D"]), _ledger(["F1"], [100.0], [0.10]),
                          pd.DataFrame({"企业代码": ["F1"], "连续同级年数": [1]}), s)
    assert cost.loc[0, "年度加价万元"] == pytest.approx(5.0)                  # (0.15 − 0.10) × 100


def test_the_tax_a_card_names_is_enough_to_reach_the_next_class():
    """The adversarial pass's case: the amount was rounded down (32 for 32.5万元) and fell short."""
    s = _settings(weights={"tax_per_mu": 100}, class_cumulative_shares={"A": 0.2, "B": 0.5, "C": 0.75},
                  class_rounding={"A": "floor", "D": "ceil"})
    ledger = pd.DataFrame({"code": [f"F{i}" for i in range(1, 8)], "name": list("甲乙丙丁戊己庚"), "above_scale": [True] * 7,
                           "own_mu": [10.0] * 7, "tax": [300.0, 250, 150, 100, 80, 50, 20],
                           "flags": ["", "安全事故", "", "", "", "新建", ""], "adjust": [None, None, None, None, 15.0, None, None],
                           "adjust_reason": ["", "", "", "", "专精特新", "", ""]})
    result = efficiency.evaluate(ledger, s)
    firm = result.iloc[3]
    assert firm["等级"] == "C"
    words = rounds.next_class(firm, result, s)
    extra = float(words.split("年税收约需增加")[1].split("万元")[0])
    assert extra == 33.0                                       # 亩均税收 13.25 needed: +32.5万元, rounded up
    raised = ledger.assign(tax=ledger["tax"].where(ledger["code"] != "F4", 100.0 + extra))
    assert efficiency.evaluate(raised, s).iloc[3]["等级"] == "B"


def test_flags_named_in_the_settings_in_use_are_not_called_unknown(tmp_path):
    from analysis.validation import Quality

    p = tmp_path / "enterprises.csv"
    p.write_text("企业代码,企业名称,规上,自有用地亩,税收万元,标记\nA1,甲,是,10,5,欠税\nA2,乙,是,10,5,乱写\n", encoding="utf-8")
    s = _settings(veto_flags=["安全事故", "欠税"])
    q = Quality()
    efficiency.read_ledger(p, q, s)
    said = " ".join(w["message"] if isinstance(w, dict) else str(w) for w in q.as_list())
    assert "乱写" in said and "欠税" not in said


def test_a_missing_item_can_take_the_group_average_points_as_huangyan_does():
    # 亩均营业收入 10, 20 and missing on 10亩 each; weight 100 on that item, min–max: 20 and 100 points, so the
    # firm without revenue gets the group's average, 60, instead of the floor, 20
    ledger = pd.DataFrame({"code": ["F1", "F2", "F3"], "name": list("甲乙丙"), "above_scale": [True] * 3,
                           "own_mu": [10.0] * 3, "tax": [5.0] * 3, "revenue": [100.0, 200.0, None]})
    s = _settings(weights={"revenue_per_mu": 100})
    assert efficiency.evaluate(ledger, s)["总分"].tolist() == pytest.approx([20.0, 100.0, 20.0])
    s["missing_points"] = "group_average"
    assert efficiency.evaluate(ledger, s)["总分"].tolist() == pytest.approx([20.0, 100.0, 60.0])
    from analysis import cards

    rows = cards.indicator_rows(efficiency.evaluate(ledger, s).iloc[2], s["weights"], s["missing_points"])
    assert rows.loc[0, "本企业数值"] == "未填报（按组内平均分计）"
