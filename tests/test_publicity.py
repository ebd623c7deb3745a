"""公示 and objections of the 亩均 round, worked by hand on the official calendar and small ledgers."""
import datetime as dt

import pandas as pd
import pytest

from analysis import efficiency, publicity
from analysis.errors import InputError


def _round(tmp_path, text):
    p = tmp_path / "round.yaml"
    p.write_text(text, encoding="utf-8")
    return p


def test_a_five_working_day_window_across_the_national_day_holiday():
    # Friday 2025-09-26 is day 1; Sunday 09-28 is a worked day (调休), 09-29 and 09-30 are days 3 and 4;
    # 10-01 to 10-08 is the 国庆/中秋 holiday; Thursday 10-09 is day 5.
    assert publicity.window(dt.date(2025, 9, 26), 5) == (dt.date(2025, 9, 26), dt.date(2025, 10, 9))
    # a start on a holiday begins on the first working day after it
    assert publicity.window(dt.date(2025, 10, 3), 1) == (dt.date(2025, 10, 9), dt.date(2025, 10, 9))


def test_a_year_the_calendar_does_not_cover_is_refused(tmp_path):
    lo, hi = publicity.covered_years()
    with pytest.raises(InputError) as e:
        publicity.load_round(_round(tmp_path, f"publicity_start: {hi + 1}-03-02\n"))
    assert e.value.column == "publicity_start" and f"没有 {hi + 1} 年的数据" in str(e.value)


@pytest.mark.parametrize("text, column", [
    ("publicity_start: 2025-09-26\napproval_date: 2025-10-09\napproval_reference: 文号\n", "approval_date"),
    ("publicity_start: 2025-09-26\napproval_date: 2025-10-20\n", "approval_reference"),
    ("publicity_start: 2025-13-01\n", None),
    ("working_days: 0\n", "working_days"),
    ("publicity_start: 2025-09-26\napproval_reference: 文号\n", "approval_date"),
    ("approval_date: 2025-10-20\napproval_reference: 文号\n", "publicity_start"),
])
def test_bad_round_settings_are_refused_by_name(tmp_path, text, column):
    with pytest.raises(InputError) as e:
        publicity.load_round(_round(tmp_path, text))
    assert e.value.column == column
    if column is None:                        # an impossible date: YAML's own reading is refused with its line
        assert e.value.row == 1 and "无效的日期" in str(e.value)


def _objections(tmp_path, rows):
    p = tmp_path / "objections.csv"
    p.write_text("企业代码,企业名称,收到日期,异议事项,证明材料,更正列,更正值,处理结果,审定文号\n" + "".join(f"{r}\n" for r in rows),
                 encoding="utf-8")
    return p


def test_an_objection_for_an_unknown_firm_or_column_is_refused_with_its_row(tmp_path):
    p = _objections(tmp_path, ["F1,甲,2025-09-29,税收漏报,完税证明,税收万元,1.2亿元,采纳,", "F9,某,2025-09-29,异议,,,,待处理,"])
    table = publicity.read_objections(p)
    assert table.loc[0, "value"] == 12000.0                       # 1.2亿元 in the column's 万元
    with pytest.raises(InputError) as e:
        publicity.check_firms(p, table, {"enterprises": pd.DataFrame({"code": ["F1", "F2"]})})
    assert (e.value.row, e.value.column) == (3, "企业代码")
    with pytest.raises(InputError) as e:
        publicity.read_objections(_objections(tmp_path, ["F1,甲,2025-09-29,异议,,企业名称,乙,采纳,"]))
    assert (e.value.row, e.value.column) == (2, "更正列")
    with pytest.raises(InputError) as e:
        publicity.read_objections(_objections(tmp_path, ["F1,甲,2025-09-29,异议,,税收万元,3公顷,采纳,"]))
    assert (e.value.row, e.value.column) == (2, "更正值")


def _ledger():
    # five 规上 firms scored on 亩均税收 alone (10 亩 each): 50, 40, 30, 20, 10 万元/亩 of tax → points
    # 100, 80, 60, 40, 20.  Quota 20/60/80: A rank 1, B ranks 2–3, C rank 4, D rank 5.
    return pd.DataFrame({"code": ["F1", "F2", "F3", "F4", "F5"], "name": list("甲乙丙丁戊"), "above_scale": [True] * 5,
                         "own_mu": [10.0] * 5, "tax": [500.0, 400.0, 300.0, 200.0, 100.0]})


def test_a_late_objection_is_never_applied_and_an_upheld_one_moves_a_third_firm(tmp_path):
    s = efficiency.load_settings(None)
    s.update(weights={"tax_per_mu": 100}, class_cumulative_shares={"A": 0.2, "B": 0.6, "C": 0.8})
    rs = publicity.load_round(_round(tmp_path, "publicity_start: 2025-09-26\n"))
    assert rs["window_end"] == "2025-10-09"
    table = publicity.read_objections(_objections(tmp_path, [
        "F4,丁,2025-10-09,税收漏报,完税证明,税收万元,350,采纳,文号1",       # the last day of the window: in time
        "F5,戊,2025-10-10,税收漏报,完税证明,税收万元,600,采纳,文号1",       # a day late: 逾期, never applied
    ]))
    log = publicity.log(table, rs)
    assert log["是否逾期"].tolist() == ["按期", "逾期（视为无异议）"] and log["计入重新计分"].tolist() == ["是", "否"]
    assert log["处理结果"].tolist() == ["采纳", "不予受理（逾期）"] and log.loc[0, "更正内容"] == "税收更正为350万元"
    before = efficiency.evaluate(_ledger(), s)
    assert before["等级"].tolist() == ["A", "B", "B", "C", "D"]
    after, applied = publicity.rescore(_ledger(), log, table, s)
    # 丁 now 35 万元/亩: 50, 40, 35, 30, 10 → 丁 rank 3 (B), 丙 rank 4 (C); 戊's late claim changes nothing
    assert after["等级"].tolist() == ["A", "B", "C", "B", "D"]
    moved = publicity.changes(before, after, applied).set_index("企业名称")
    assert moved.loc["丁", "原因"] == "本企业异议更正：税收由200万元更正为350万元"
    assert (moved.loc["丙", "公示排名"], moved.loc["丙", "审定排名"]) == (3, 4)
    assert (moved.loc["丙", "公示等级"], moved.loc["丙", "审定等级"]) == ("B", "C")
    assert moved.loc["丙", "原因"] == "其他企业更正后，组内排名或分值变化"
    assert "戊" not in moved.index
    assert publicity.log_sentence(log) == "共收到异议2件：逾期1件（视为无异议，不予受理），采纳并计入重新计分1件。"


def test_the_notice_states_the_window_and_the_approval(tmp_path):
    rs = publicity.load_round(_round(tmp_path, "publicity_start: 2025-09-26\noffice: 亩均办\n"
                                               "approval_reference: 审定〔2025〕1号\napproval_date: 2025-10-20\n"))
    text = publicity.notice(rs, "某开发区", 2025)
    assert "公示期为2025年9月26日至2025年10月9日（5个工作日" in text and "向亩均办提交书面意见" in text
    assert "审定〔2025〕1号，2025年10月20日" in text
    assert publicity.notice(publicity.load_round(None), "某开发区", 2025) == "本轮评价尚未设置公示开始日期，公示期待定。"


def test_a_head_count_correction_must_be_whole(tmp_path):
    with pytest.raises(InputError) as e:
        publicity.read_objections(_objections(tmp_path, ["F1,甲,2025-09-29,人数,,年平均职工人数,12.5,采纳,文号"]))
    assert (e.value.row, e.value.column) == (2, "更正值")


def test_doubtful_objection_rows_and_dates_are_warned(tmp_path):
    from analysis.validation import Quality

    p = _objections(tmp_path, ["F1,甲公司,2025-03-01,税收漏报,,税收万元,120,采纳,", "F2,乙,2025-09-29,异议,,,,待处理,"])
    rs = publicity.load_round(_round(tmp_path, "publicity_start: 2025-09-26\napproval_reference: 文号\n"
                                               "approval_date: 2099-10-20\n"))
    q = Quality()
    publicity.check_log(p, publicity.read_objections(p), pd.DataFrame({"code": ["F1", "F2"], "name": ["甲", "乙"]}), rs, q)
    publicity.check_dates(p, rs, 2025, q)
    said = " ".join(str(w) for w in q.as_list())
    for words in ("早于公示开始", "未填审定文号", "仍为待处理", "在企业台账中名为“甲”", "比公示期满晚一年以上"):
        assert words in said, words
