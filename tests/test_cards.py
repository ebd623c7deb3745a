"""评价结果告知书: one card per firm, worked out by hand for one firm of each kind."""
import pandas as pd
import pytest

from analysis import cards


SETTINGS = {"method": "minmax", "weights": {"tax_per_mu": 45, "revenue_per_mu": 20, "va_per_energy": 15,
                                            "rd_intensity": 15, "labour_productivity": 5},
            "small_firm_weights": {"tax_per_mu": 100}, "class_cumulative_shares": {"A": 0.25, "B": 0.70, "C": 0.95}}


def _firm(code, name, group, rank, grade, total, note="", land=50.0, **values):
    row = {"企业代码": code, "企业名称": name, "评价组": group, "用地亩": land, "排名": rank, "等级": grade, "总分": total,
           "说明": note}
    row.update(values)
    return row


@pytest.fixture
def result():
    return pd.DataFrame([
        _firm("F1", "甲<script>", "规上", 2, "B", 37.92, 亩均税收=1.2820, 亩均税收得分=12.78, 亩均营业收入=33.528,
              亩均营业收入得分=4.97, 单位能耗增加值=2.7623, 单位能耗增加值得分=14.09, 研发经费投入强度=0.007961,
              研发经费投入强度得分=5.05, 全员劳动生产率=1.4652, 全员劳动生产率得分=1.03),
        _firm("F2", "乙", "规上", 1, "A", 80.0),
        _firm("F3", "丙", "规上", pd.NA, "不定等级", 43.47, note="初创企业，参与评价但不定等级"),
        _firm("F4", "丁", "", pd.NA, "", float("nan"), note="无用地数据，亩均指标无法计算，不参评", land=0.0),
        _firm("F5", "戊", "规下", 1, "A", 100.0, 亩均税收=4.5355, 亩均税收得分=100.0),
    ]).astype({"排名": "Int64"})


def test_a_graded_firm_sees_its_class_rank_and_every_point(result):
    firm = result.iloc[0]
    assert cards.verdict(firm, result) == "评价结果：B类。综合得分37.92分，在规上企业中排第2名（规上企业3家参评，2家排名）。"
    rows = cards.indicator_rows(firm, SETTINGS["weights"])
    assert rows["本企业数值"].tolist() == ["1.28", "33.53", "2.76", "0.80%", "1.47", ""]
    assert rows["得分"].tolist() == ["12.78", "4.97", "14.09", "5.05", "1.03", "37.92"]     # 12.78+4.97+14.09+5.05+1.03
    assert rows["权重（分）"].tolist() == ["45", "20", "15", "15", "5", "100"]


def test_a_firm_without_a_class_is_told_why(result):
    assert cards.verdict(result.iloc[2], result) == "评价结果：不定等级（初创企业，参与评价但不定等级）。"
    assert cards.verdict(result.iloc[3], result) == "评价结果：不参评（无用地数据，亩均指标无法计算，不参评）。"
    text = cards.card(result.iloc[3], result, SETTINGS)
    assert "用地：未填报" in text and "<table" not in text


def test_a_small_firm_is_scored_on_its_own_weights(result):
    rows = cards.indicator_rows(result.iloc[4], SETTINGS["small_firm_weights"])
    assert rows["指标"].tolist() == ["亩均税收", "合计"] and rows["得分"].tolist() == ["100.00", "100.00"]


def test_names_from_the_ledger_are_inert(result):
    text = cards.card(result.iloc[0], result, SETTINGS)
    assert "<script>" not in text and "甲&lt;script&gt;" in text
    assert "前25%为A类，至70%为B类，至95%为C类" in text and "极差法" in text


def test_the_rank_within_the_industry_is_given_beside_the_rank_in_the_group(result):
    ranked = result.assign(行业=["装备制造", "装备制造", "装备制造", "", "食品"])
    # 甲 37.92 and 乙 80.0 are graded in 装备制造 (丙 is 不定等级): 甲 is 2nd of 2
    assert cards.verdict(ranked.iloc[0], ranked).endswith("；在装备制造行业规上企业中排第2名（共2家）。")
    assert cards.verdict(ranked.iloc[4], ranked).endswith("（规下企业1家参评，1家排名）。")      # alone in its 行业
