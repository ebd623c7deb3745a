"""督办: the ledger's checks, tracking at a period worked out by hand, proposals, and the template."""
import pandas as pd
import pytest

from analysis import demo, headline, supervision
from analysis.errors import InputError
from analysis.validation import Quality


def _ledger(tmp_path, rows, name="supervision.csv"):
    df = demo.demo_supervision() if rows is None else pd.DataFrame(rows, columns=supervision.HEADERS)
    path = tmp_path / name
    df.to_csv(path, index=False, encoding="utf-8-sig")
    return path


ROW = ["DB-01", "加快竣工投产", "经济发展科", "分管副主任", "倒排工期", "2025-06-15", "2025-09-30", "推进中", "", "", ""]


@pytest.mark.parametrize("change, column, words", [
    ({6: "2025-06-01"}, "完成时限", "早于交办日期"),                      # a deadline before the item was opened
    ({7: "进行中"}, "状态", "未启动 / 推进中 / 已完成"),                    # a status word outside the list
    ({2: "经济发展局"}, "责任单位", "不在简报设置的责任单位名单中"),          # a unit not on the report's list
    ({5: ""}, "交办日期", "不能为空"),
    ({6: "2025-09-31"}, "完成时限", ""),                                   # no such day
])
def test_bad_rows_name_the_row_and_column(tmp_path, change, column, words):
    row = list(ROW)
    for k, v in change.items():
        row[k] = v
    path = _ledger(tmp_path, [ROW, row[:0] + ["DB-02"] + row[1:]])
    with pytest.raises(InputError) as e:
        supervision.read_supervision(path, "2025-10", Quality(), units=["经济发展科", "招商服务中心"])
    text = str(e.value)
    assert "supervision.csv" in text and "第 3 行" in text and column in text and words in text


def test_units_list_is_optional_and_checked_in_the_settings(tmp_path):
    row = list(ROW)
    row[2] = "任何单位"
    assert supervision.read_supervision(_ledger(tmp_path, [row]), "2025-10")["unit"].tolist() == ["任何单位"]
    bad = tmp_path / "report.yaml"
    bad.write_text("units: [经济发展科, 经济发展科]\n", encoding="utf-8")
    with pytest.raises(InputError, match="units"):
        headline.load_settings(bad)
    bad.write_text("units: [经济发展科]\nresponsible: {tax: 财政科}\n", encoding="utf-8")
    with pytest.raises(InputError, match="不在责任单位名单"):
        headline.load_settings(bad)


def test_doubtful_completion_is_a_warning(tmp_path):
    done = list(ROW)
    done[0], done[7] = "DB-02", "已完成"                        # done without a date
    later = list(ROW)
    later[0], later[7], later[8] = "DB-03", "已完成", "2025-11-05"   # closed after the period
    q = Quality()
    supervision.read_supervision(_ledger(tmp_path, [ROW, done, later]), "2025-10", q)
    messages = [f.message for f in q.findings]
    assert any("DB-02" in m and "没有完成日期" in m for m in messages)
    assert any("DB-03" in m and "晚于报告期" in m for m in messages)


def test_tracking_the_demo_list_by_hand(tmp_path):
    df = supervision.read_supervision(_ledger(tmp_path, None), "2025-10")
    t = supervision.track(df, "2025-10").set_index("编号")
    # 2025-10-31 − 2025-09-30 = 31 days; − 2025-10-15 = 16 days; open items only
    assert t.loc["DB2025-01", "逾期天数"] == 31 and t.loc["DB2025-01", "督办提示"] == "逾期31天"
    assert t.loc["DB2025-05", "逾期天数"] == 16
    assert t.loc["DB2025-04", "督办提示"] == "15天内到期" and t.loc["DB2025-04", "本月"] == "新增"   # due 11-15
    assert t.loc["DB2025-03", "本月"] == "办结" and t.loc["DB2025-03", "逾期天数"] == 0
    assert t.loc["DB2025-06", "本月"] == "" and t.loc["DB2025-06", "状态"] == "已完成"
    assert list(t.index[:2]) == ["DB2025-01", "DB2025-05"]        # overdue first, longest first
    assert supervision.counts(t.reset_index()) == {"在办": 4, "逾期": 2, "本月新增": 1, "本月办结": 1, "临近时限": 1,
                                                   "累计办结": 2}
    # at the end of September: the tax item (closed 10-28) was still open, the 固投 item not yet opened
    sep = supervision.track(df, "2025-09").set_index("编号")
    assert "DB2025-04" not in sep.index and sep.loc["DB2025-03", "状态"] == "推进中"
    assert sep.loc["DB2025-01", "逾期天数"] == 0 and sep.loc["DB2025-01", "督办提示"] == "本月到期"


def test_proposals_skip_what_an_open_item_follows():
    kpi = pd.DataFrame({"id": ["above_scale_firms", "land_recovery_target", "tax"],
                        "指标": ["规上企业数量", "收回盘活闲置土地", "税收"], "预警": ["黄", "红", "绿"],
                        "进度差": [-16.7, -35.0, -9.7]})
    ageing = pd.DataFrame({"项目名称": ["示例项目27", "示例项目29"], "当前阶段": ["在谈", "签约"], "停留天数": [408.0, 289.0],
                           "超过期限": ["超过100天", "超过100天"], "责任单位": ["单位4", ""]})
    tracked = pd.DataFrame({"状态": ["推进中", "已完成"], "关联": ["above_scale_firms", "示例项目29"]})
    p = supervision.proposals(kpi, ageing, tracked, {"land_recovery_target": "自然资源科"})
    assert p["关联"].tolist() == ["land_recovery_target", "示例项目27", "示例项目29"]   # a closed item follows nothing
    assert p["问题"].iloc[0] == "收回盘活闲置土地落后序时进度35.0个百分点（红色预警）"
    assert p["责任单位"].tolist() == ["自然资源科", "单位4", ""]


def test_problems_and_next_steps_come_from_the_list(tmp_path):
    df = supervision.read_supervision(_ledger(tmp_path, None), "2025-10")
    t = supervision.track(df, "2025-10")
    proposed = pd.DataFrame({"建议事项": ["加快收回盘活闲置土地进度"], "问题": ["收回盘活闲置土地落后序时进度10.8个百分点（黄色预警）"],
                             "责任单位": [""], "关联": ["land_recovery_target"]})
    problems, steps = supervision.problems_and_next_steps(t, proposed, "2025-10")
    assert problems[0] == "加快在建项目竣工投产：已逾期31天（时限2025-09-30，责任单位：示例责任单位1）"
    assert problems[2].endswith("尚无督办事项跟进（建议列入督办）")
    assert steps[0].endswith("时限：2025-09-30（已逾期））") and "责任领导：示例分管领导1" in steps[0]
    assert len(steps) == 4                                         # the four open items, soonest first
    few, _ = supervision.problems_and_next_steps(t, pd.concat([proposed] * 6), "2025-10", limit=3)
    assert len(few) == 4 and few[-1] == "另有5项，见督办事项页。"


def test_template_reads_back_and_prints_on_one_page_wide(tmp_path):
    from openpyxl import load_workbook

    out = supervision.write_template(tmp_path / "supervision.xlsx", ["经济发展科", "招商服务中心"])
    wb = load_workbook(out)
    ws = wb["督办事项"]
    assert [c.value for c in ws[1]] == list(supervision.HEADERS)
    assert ws.page_setup.orientation == "landscape" and ws.page_setup.fitToWidth == 1
    lists = [dv.formula1 for dv in ws.data_validations.dataValidation if dv.type == "list"]
    assert '"未启动,推进中,已完成"' in lists and '"经济发展科,招商服务中心"' in lists
    for j, v in enumerate(ROW, start=1):
        ws.cell(row=2, column=j, value=v)
    wb.save(out)
    got = supervision.read_supervision(out, "2025-10", units=["经济发展科", "招商服务中心"])
    assert got["code"].tolist() == ["DB-01"]


def test_closed_before_opened_is_refused(tmp_path):
    row = list(ROW)
    row[7], row[8] = "已完成", "2025-01-01"               # 完成日期 before the 交办日期 2025-06-15
    with pytest.raises(InputError) as e:
        supervision.read_supervision(_ledger(tmp_path, [row]), "2025-10")
    assert "列 完成日期" in str(e.value) and "早于交办日期" in str(e.value)


def test_units_are_trimmed_and_names_that_break_the_dropdown_refused(tmp_path):
    f = tmp_path / "report.yaml"
    f.write_text('units: ["招商中心 ", 经济发展科]\n', encoding="utf-8")
    assert headline.load_settings(f)["units"] == ["招商中心", "经济发展科"]
    f.write_text("units:\n", encoding="utf-8")
    assert headline.load_settings(f)["units"] == []
    for bad in ('units: ["招商,服务中心"]\n', "units: ['财政\"金融\"科']\n"):
        f.write_text(bad, encoding="utf-8")
        with pytest.raises(InputError, match="英文逗号、双引号"):
            headline.load_settings(f)


def test_text_too_long_for_a_cell_is_refused(tmp_path):
    """A 10,000-character 事项 took the build 330 s (the PDF laid it out); the ledger refuses it by name."""
    row = list(ROW)
    row[1] = "长" * 10_000
    with pytest.raises(InputError) as e:
        supervision.read_supervision(_ledger(tmp_path, [row]), "2025-10")
    assert "列 事项" in str(e.value) and "文字过长（10,000 字）" in str(e.value)


def test_the_page_selections_by_hand(tmp_path):
    t = supervision.track(supervision.read_supervision(_ledger(tmp_path, None), "2025-10"), "2025-10")
    assert list(supervision.open_items(t)["编号"]) == ["DB2025-01", "DB2025-05", "DB2025-04", "DB2025-02"]
    assert list(supervision.urgent(t)["督办提示"]) == ["逾期31天", "逾期16天", "15天内到期"]   # not DB2025-02 (Dec)
    assert sorted(supervision.this_month(t)["本月"]) == ["办结", "新增"]
