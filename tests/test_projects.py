"""The project ledger (招商引资, 项目建设), the 入统 and 金融助企 ledgers, and the figures derived from them.

The hand-made ledger below is counted by hand in the comments (period 2025-06 unless said otherwise).
"""
import csv
import datetime as dt
import re

import numpy as np
import pandas as pd
import pytest

from analysis import projects, reconcile, sources
from analysis.errors import InputError
from analysis.validation import Quality

from .conftest import ROOT

HEAD = list(projects.PROJECT_HEADERS)


def row(name, kind="", total="", 在谈="", 签约="", 落地="", 开工="", 竣工投产="", 终止="", reason="", months=(),
        channel="", sought="", approved="", received=""):
    cells = dict.fromkeys(HEAD, "")
    cells.update({"项目名称": name, "项目类型": kind, "总投资万元": total, "在谈日期": 在谈, "签约日期": 签约,
                  "落地日期": 落地, "开工日期": 开工, "竣工投产日期": 竣工投产, "终止日期": 终止, "终止原因": reason,
                  "资金渠道": channel, "拟争取资金万元": sought, "已批复资金万元": approved, "已到位资金万元": received})
    for m, v in months:
        cells[projects.MONTH_COLUMNS[m - 1]] = v
    return cells


LEDGER = [
    # A: 35亿元 typed with its unit; 在谈 → 签约 → 落地 → 开工 all in 2025
    row("项目A", "招商", "35亿元", "2025-01-05", "2025-03-10", "2025-05", "2025-06-20", months=[(6, 1000)],
        channel="国债", sought="2000", approved="1500", received="1000"),
    # B: in talks since 2024, signed 2025-02 (1.2亿: 亿元以上)
    row("项目B", "招商", "12000", "2024-10-01", "2025-02-01"),
    # C: signed in 2024 (not 在谈 this year), landed and started in 2025
    row("项目C", "招商", "5000", "2024-05-01", "2024-11-01", "2025-01-15", "2025-03-01",
        months=[(3, 300), (4, 300), (5, 300), (6, 300)], channel="技改再贷款", sought="800"),
    # D: under construction since 2024, completed 2025-04
    row("项目D", "产业项目", "3000", 开工="2024-06-01", 竣工投产="2025-04-30", months=[(1, 100), (2, 200), (4, 50)]),
    # E: under construction since 2024-12; its July figure is after the period
    row("项目E", "技改", "2000", 开工="2024-12-01", months=[(m, 10) for m in range(1, 7)] + [(7, 99)]),
    # F: in talks 2025-02, ended 2025-04 (counted as 在谈 this year)
    row("项目F", "招商", "", "2025-02-01", 终止="2025-04-01", reason="投资方撤回"),
    # G: ended in 2024: not counted
    row("项目G", "招商", "", "2024-03-01", 终止="2024-12-01", reason="选址未落实"),
    # H: in talks only from July: not yet
    row("项目H", "招商", "", "2025-07-01"),
    # I: completed in 2024: not 在建 this year
    row("项目I", "基础设施", "8000", 开工="2023-01-01", 竣工投产="2024-12-20"),
    # J: a name from the document, nothing filled in
    row("国怀航空项目"),
]
AT_JUNE = {"inv_negotiating": 3, "inv_signed": 2, "inv_landed": 2, "new_projects_started": 2,
           "projects_under_construction": 4, "projects_completed": 1, "fixed_investment_projects": 4,
           "fixed_investment": 0.261, "inv_big_projects_3bn": 1, "inv_projects_100m": 2}
AT_MARCH = {"inv_negotiating": 3, "inv_signed": 2, "inv_landed": 1, "new_projects_started": 1,
            "projects_under_construction": 3, "projects_completed": 0, "fixed_investment_projects": 3,
            "fixed_investment": 0.063, "inv_big_projects_3bn": 1, "inv_projects_100m": 2}


def write(path, rows, header=HEAD):
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", newline="", encoding="utf-8-sig") as f:
        w = csv.DictWriter(f, fieldnames=header)
        w.writeheader()
        w.writerows(rows)
    return path


@pytest.fixture
def ledger(tmp_path):
    return projects.read_projects(write(tmp_path / "projects.csv", LEDGER), "2025-06")


@pytest.mark.parametrize("as_of, expected", [("2025-06", AT_JUNE), ("2025-03", AT_MARCH)])
def test_counts_worked_by_hand(ledger, as_of, expected):
    got = {i: projects.ledger_value(i, ledger, as_of) for i in projects.FACT_IDS}
    assert got == pytest.approx(expected)


def test_units_converted_and_later_dates_warned(tmp_path):
    q = Quality()
    df = projects.read_projects(write(tmp_path / "projects.csv", LEDGER), "2025-06", q)
    assert df.loc[0, "total"] == 350000.0                    # 35亿元 → 万元
    messages = [f.message for f in q.findings]
    assert any("1 个阶段日期晚于报告期 2025-06" in m for m in messages)          # 项目H's 在谈
    assert any("项目E" in m and "7月" in m and "本期不计入" in m for m in messages)


def test_stage_at_and_ageing(ledger):
    at = projects.stage_at(ledger, "2025-06")
    assert list(at["阶段"]) == ["在建", "签约", "在建", "竣工投产", "在建", "终止", "终止", "未填报", "竣工投产", "未填报"]
    age = projects.ageing(ledger, "2025-06", 100).set_index("项目名称")
    # to 2025-06-30: E since 2024-12-01 = 211 days, B (签约 2025-02-01) 149, C since 2025-03-01 121, A 10
    assert age["停留天数"].to_dict() == {"项目E": 211, "项目B": 149, "项目C": 121, "项目A": 10}
    assert age.loc["项目B", "超过期限"] == "超过100天"                 # before construction: flagged
    assert (age.drop(index="项目B")["超过期限"] == "").all()          # 在建: days shown, not flagged
    assert "其中开工前（在谈、签约、落地）在当前阶段停留超过100天的1个" in projects.ageing_sentence(age.reset_index(), 100)


def test_month_events(ledger):
    ev = projects.month_events(ledger, "2025-06")
    assert ev[["事项", "项目名称"]].values.tolist() == [["开工", "项目A"]]
    assert ev["总投资（亿元）"].iloc[0] == 35.0


def test_financing_by_channel(ledger, catalogue):
    fin = projects.financing(ledger, catalogue).set_index("资金渠道")
    assert fin.loc["国债", "文件谋划项目（个）"] == 10 and fin.loc["国债", "文件拟争取（亿元）"] == 2.7
    assert fin.loc["国债", ["拟争取（亿元）", "已批复（亿元）", "已到位（亿元）", "尚未到位（亿元）"]].tolist() == \
        pytest.approx([0.2, 0.15, 0.1, 0.1])
    assert fin.loc["国债", "到位率"] == pytest.approx(0.5)
    # 技改再贷款: 800 sought, nothing entered as approved or received (blank, not 0)
    assert np.isnan(fin.loc["技改再贷款", "已批复（亿元）"]) and fin.loc["技改再贷款", "到位率"] == 0.0
    assert fin.loc["专项债", "文件所列总投资（亿元）"] == pytest.approx(3.57)      # 1.25 + 2.32
    assert np.isnan(fin.loc["专项债", "拟争取（亿元）"])


def test_funnel_from_the_monthly_table(catalogue):
    kpi = pd.DataFrame({"id": ["inv_negotiating", "inv_signed", "inv_landed"], "本年累计": [10.0, 4.0, 1.0]})
    f = projects.funnel_table(kpi, catalogue).set_index("阶段")
    assert f["2024年（个）"].tolist() == [11, 4, 3] and f["2025年目标（个）"].tolist() == [20, 6, 5]
    assert f.loc["签约", "较上一阶段转化率"] == pytest.approx(0.4)
    assert f.loc["签约", "2024年转化率"] == pytest.approx(4 / 11)
    assert f.loc["落地", "2024年转化率"] == pytest.approx(0.75)
    assert np.isnan(f.loc["在谈", "较上一阶段转化率"])


def test_key_projects_once_each_with_their_stage(ledger, catalogue):
    key = projects.key_projects(ledger, catalogue, "2025-06").set_index("项目")
    assert key.loc["国怀航空", "台账阶段"] == "阶段未填报"      # matched by name inside 国怀航空项目
    assert key.loc["天泽路西延工程", "台账阶段"] == "未列入台账"
    assert key.loc["中普二期", "文件中列为"] == "重点在谈项目、再次创业待解决问题"
    assert key.index.is_unique and len(key) == 13


@pytest.mark.parametrize("change, column, problem", [
    ({"签约日期": "2025-01-01", "在谈日期": "2025-02-01"}, "签约日期", "阶段顺序不对"),
    ({"在谈日期": "2025-03-20", "签约日期": "2025-03-10"}, "签约日期", "阶段顺序不对"),
    ({"终止日期": "2025-03-01", "终止原因": ""}, "终止原因", "缺少终止原因"),
    ({"终止日期": "2025-01-01", "终止原因": "撤资", "开工日期": "2025-02-01"}, "终止日期", "终止日期早于"),
    ({"终止原因": "撤资"}, "终止日期", "没有终止日期"),
    ({"拟争取资金万元": "500"}, "资金渠道", "没有资金渠道"),
    ({"项目类型": "招商引资"}, "项目类型", "不是可选值"),
    ({"总投资万元": "3公顷"}, "总投资万元", "单位不符"),
    ({"开工日期": "2025-02-30"}, "开工日期", "日期不存在"),
    ({"3月完成投资万元": "-5"}, "3月完成投资万元", "负数"),
])
def test_bad_rows_name_row_column_and_problem(tmp_path, change, column, problem):
    bad = {**row("坏项目"), **change}
    with pytest.raises(InputError) as e:
        projects.read_projects(write(tmp_path / "projects.csv", [row("好项目"), bad]), "2025-06")
    assert e.value.row == 3 and e.value.column == column and problem in e.value.problem


def test_duplicate_name_ignoring_spaces_and_width(tmp_path):
    with pytest.raises(InputError) as e:
        projects.read_projects(write(tmp_path / "projects.csv", [row("示例项目１"), row("示例 项目1")]))
    assert e.value.row == 3 and e.value.column == "项目名称" and "第 2 行" in e.value.problem


def test_onboarding_status_from_dates(tmp_path, catalogue):
    head = list(projects.ONBOARDING_HEADERS)
    rows = [{"企业名称": "甲", "纳入培育日期": "2024-10", "达标日期": "2024-12", "入统日期": "2025-01"},
            {"企业名称": "乙", "纳入培育日期": "2025-01", "达标日期": "2025-05", "入统日期": "2025-08"},
            {"企业名称": "伊特克斯", "纳入培育日期": "", "达标日期": "", "入统日期": ""},
            {"企业名称": "丙", "纳入培育日期": "2023-01", "达标日期": "2023-06", "入统日期": "2024-01"}]
    q = Quality()
    ob = projects.read_onboarding(write(tmp_path / "onboarding.csv", rows, head), "2025-06", q)
    assert list(projects.onboarding_status(ob, "2025-06")) == ["已入统", "达标", "培育中", "已入统"]
    assert projects.onboarded_in_year(ob, "2025-06") == 1        # 丙 was 入统 in 2024; 乙 only in August
    assert any("乙" in f.message and "晚于报告期" in f.message for f in q.findings)
    kpi = pd.DataFrame({"id": ["onboarding_target"], "本年累计": [1.0]})
    s = projects.onboarding_summary(ob, kpi, catalogue, "2025-06").set_index("项目")["数值"]
    assert s["本年已入统"] == 1 and s["已达入统标准、待入统"] == 1 and s["文件所列重点培育企业在台账中"] == 1
    rows[1]["达标日期"] = "2024-12"
    rows[1]["纳入培育日期"] = "2025-01"
    with pytest.raises(InputError) as e:
        projects.read_onboarding(write(tmp_path / "onboarding.csv", rows, head))
    assert e.value.row == 3 and e.value.column == "达标日期"


def test_finance_totals_against_2024(tmp_path, catalogue):
    head = list(projects.FINANCE_HEADERS)
    rows = [{"企业名称": "甲", "金融机构": "示例银行01", "金额万元": "500", "日期": "2025-02-01"},
            {"企业名称": "甲", "金融机构": "示例银行02", "金额万元": "0.1亿元", "日期": "2025-05-01"},
            {"企业名称": "乙", "金融机构": "示例银行01", "金额万元": "300", "日期": "2025-06-30"},
            {"企业名称": "丙", "金融机构": "示例银行03", "金额万元": "900", "日期": "2024-12-31"},
            {"企业名称": "丁", "金融机构": "示例银行04", "金额万元": "100", "日期": "2025-07-01"}]
    fin = projects.read_finance(write(tmp_path / "finance.csv", rows, head), "2025-06")
    s = projects.finance_summary(fin, catalogue, "2025-06").set_index("项目")
    assert s["本年累计"].tolist() == pytest.approx([2, 0.18, 2])      # 甲 乙; 500 + 1000 + 300 万元; 银行01 02
    assert s["2024年"].tolist() == [39, 4.3, 11]


def test_monthly_figure_that_disagrees_is_reported_and_ledger_wins(project):
    write(project / "data" / "raw" / "projects" / "projects.csv", LEDGER)
    actuals = project / "data" / "raw" / "actuals" / "2025-06.csv"
    actuals.parent.mkdir(parents=True, exist_ok=True)
    actuals.write_text("指标代码,期间,本年累计,上年同期累计\ninv_signed,2025-06,5,\nnew_projects_started,2025-06,2,1\n",
                       encoding="utf-8")
    folder = sources.prepare("2025-06", root=project)
    b = sources.load("2025-06", folder.parent)
    act = b.tables["actuals"].set_index(["id", "period"])
    assert act.loc[("inv_signed", "2025-06"), "ytd"] == 2                    # the ledger's count
    assert act.loc[("new_projects_started", "2025-06"), "ytd_last"] == 1     # last year stays from the monthly file
    assert act.loc[("fixed_investment", "2025-06"), "ytd"] == pytest.approx(0.261)
    messages = [q["message"] for q in b.manifest["quality"]]
    assert any("签约项目 2025-06 月报填 5个，项目台账（projects.csv）为 2个" in m for m in messages)
    assert not any("新开工项目 2025-06 月报填" in m for m in messages)           # 2 = 2: nothing to say
    assert b.manifest["derived_from_ledgers"]["inv_signed"] == "项目台账"


def test_ledger_with_names_only_is_not_a_source_of_zero(project):
    write(project / "data" / "raw" / "projects" / "projects.csv", [row("国怀航空"), row("远景二期")])
    folder = sources.prepare("2025-06", root=project)
    b = sources.load("2025-06", folder.parent)
    assert "inv_signed" not in b.manifest["derived_from_ledgers"]
    assert any("项目台账尚未填写任何日期" in q["message"] for q in b.manifest["quality"])


def test_demo_ledger_names_only_placeholders_or_document_facts(catalogue):
    from analysis import demo

    df = demo.demo_projects(catalogue)
    named = df[~df["项目名称"].str.startswith("示例项目")]
    stage_cols = [projects.STAGE_COLUMNS[s] for s in projects.STAGES] + ["终止日期", *projects.MONTH_COLUMNS,
                                                                       "拟争取资金万元", "已批复资金万元", "已到位资金万元"]
    vals = named[stage_cols]
    assert (vals.isna() | (vals.astype(str) == "")).all(axis=None)          # no invented figure on a real name
    assert set(named["总投资万元"].dropna()) - {""} == {"1.25亿元", "2.32亿元"}   # the document's own totals
    # the demo's monthly 完成投资 add up to the demo 固定资产投资额 path to the 万元
    series = demo._series(catalogue)
    fi = series[series["指标代码"] == "fixed_investment"]["本年累计"].astype(float).to_numpy()
    months = df[list(projects.MONTH_COLUMNS[:10])].fillna(0).astype(float).sum().cumsum().to_numpy()
    assert np.allclose(months / 10000, fi, atol=1e-9)


def test_template_round_trip(project):
    """Generate the template, fill it as an office would (dates typed as date cells), build, see it on the page."""
    from openpyxl import load_workbook

    from analysis import build, catalogue as cat_mod

    cat = cat_mod.load_catalogue(project / "data" / "raw" / "targets" / "2025.yaml")
    path = projects.write_template(cat, project / "data" / "raw" / "projects" / "projects.xlsx")
    wb = load_workbook(path)
    ws = wb["项目台账"]
    assert "填表说明" in wb.sheetnames
    lists = [dv.formula1 for dv in ws.data_validations.dataValidation if dv.type == "list"]
    assert sorted(lists) == sorted(['"' + ",".join(projects.KINDS) + '"', '"' + ",".join(projects.CHANNELS) + '"'])
    col = {c.value: c.column for c in ws[1]}
    names = [ws.cell(r, 1).value for r in range(2, ws.max_row + 1)]
    assert names[:5] == ["国怀航空", "远景二期", "中普二期", "药玻二期", "中信博二期"]
    r = names.index("国怀航空") + 2
    ws.cell(r, col["项目类型"], "招商")
    ws.cell(r, col["总投资万元"], "35亿元")
    ws.cell(r, col["在谈日期"], dt.date(2025, 3, 1))
    ws.cell(r, col["签约日期"], dt.date(2025, 6, 15))
    n = ws.max_row + 1
    for header, value in (("项目名称", "测试技改项目"), ("项目类型", "技改"), ("开工日期", "2025-02"),
                          ("2月完成投资万元", 500), ("资金渠道", "技改再贷款"), ("拟争取资金万元", 300)):
        ws.cell(n, col[header], value)
    wb.save(path)

    dest = build.build("2025-06", root=project, notebooks=["40_investment"])
    page = (dest / "40_investment.html").read_text(encoding="utf-8")
    assert "国怀航空" in page and "2025-06-15" in page and "测试技改项目" in page
    b = sources.load("2025-06", project / "data" / "processed")
    act = b.tables["actuals"].set_index(["id", "period"])["ytd"]
    assert act[("inv_signed", "2025-06")] == 1 and act[("inv_big_projects_3bn", "2025-06")] == 1
    assert act[("fixed_investment", "2025-06")] == pytest.approx(0.05)
    assert act[("new_projects_started", "2025-06")] == 1 and act[("inv_signed", "2025-05")] == 0


def test_template_command_writes_the_ledger_template(project, monkeypatch, capsys):
    from analysis import cli

    monkeypatch.setenv("ANALYSIS_ROOT", str(project))
    assert cli.main(["template", "--projects"]) == 0
    assert (project / "data" / "raw" / "projects" / "projects.xlsx").exists()
    assert cli.main(["template", "--projects"]) == 2                    # exists: refused without --force
    assert cli.main(["template"]) == 2                                  # neither --period nor --projects
    assert "--projects" in capsys.readouterr().err


def test_reconcile_knows_every_ledger_fact():
    assert {i for i, t in reconcile.FACTS.items() if t == "projects"} == set(projects.FACT_IDS)


def test_city_assigned_foreign_investment_joins_the_monthly_tracking(project, monkeypatch):
    """实际利用外资：文件只写“完成市下达任务”。Once the city's figure is set, the template asks for it and the
    monthly table, the 招商 sentence of the 领导摘要 and the catalogue carry it: 1,200 of 1,500万美元 = 80%."""
    from analysis import cli, results
    from openpyxl import load_workbook

    report = project / "data" / "raw" / "report.yaml"
    text = report.read_text(encoding="utf-8")
    text = re.sub(r"(?m)^headline: .*$", "headline: [tax, foreign_investment]", text)
    report.write_text(text.replace("foreign_investment_target: null", "foreign_investment_target: 1500万美元"),
                      encoding="utf-8")
    monkeypatch.setenv("ANALYSIS_ROOT", str(project))
    out = project / "t.xlsx"
    assert cli.main(["template", "--period", "2025-06", "--output", str(out)]) == 0
    ws = load_workbook(out)["月度数据"]
    assert ["foreign_investment", "实际利用外资", "万美元"] in [[c.value for c in r[:3]] for r in ws.iter_rows()]
    actuals = project / "data" / "raw" / "actuals" / "2025-06.csv"
    actuals.parent.mkdir(parents=True, exist_ok=True)
    actuals.write_text("指标代码,期间,本年累计\nforeign_investment,2025-06,0.12亿美元\n", encoding="utf-8")
    folder = sources.prepare("2025-06", root=project)
    res = results.Results(sources.load("2025-06", folder.parent))
    row = res["kpi"].set_index("id").loc["foreign_investment"]
    assert row["本年累计"] == 1200 and row["年度目标"] == 1500 and row["完成率"] == pytest.approx(0.8)
    assert "实际利用外资1,200万美元（目标1,500万美元）" in projects.centre_sentences(res["kpi"])[0]
    assert res.bundle.catalogue.get("foreign_investment").qualifier == "市下达"
    assert list(res["headline"]["指标"]) == ["税收", "实际利用外资"]          # a publisher may put it in the headline


@pytest.mark.parametrize("value", ["1500亩", "-3万美元", "很多", "0", "true"])
def test_bad_city_target_names_the_setting(tmp_path, value):
    from analysis import headline

    p = tmp_path / "report.yaml"
    p.write_text(f"foreign_investment_target: {value}\n", encoding="utf-8")
    with pytest.raises(InputError) as e:
        headline.load_settings(p, ["tax"])
    assert e.value.column == "foreign_investment_target"


def test_without_the_city_figure_foreign_investment_is_not_tracked(catalogue):
    from analysis.catalogue import with_city_targets
    from analysis.headline import REPORT_DEFAULTS

    assert with_city_targets(catalogue, REPORT_DEFAULTS) is catalogue
    assert "foreign_investment" not in {i.id for i in catalogue.monthly()}


def test_a_finance_row_given_twice_is_said(tmp_path):
    """Reliability item 6: a duplicated 金融助企 row was counted twice with no warning."""
    from analysis.validation import Quality

    src = ROOT / "data/raw/demo/projects/finance.csv"
    lines = src.read_text(encoding="utf-8-sig").splitlines()
    f = tmp_path / "finance.csv"
    f.write_text("\n".join(lines + [lines[1]]) + "\n", encoding="utf-8-sig")
    q = Quality()
    df = projects.read_finance(f, "2025-10", q)
    assert len(df) == len(lines)                                   # both rows stay: the office decides
    hit = [x for x in q.findings if "重复出现" in x.message]
    assert len(hit) == 1 and hit[0].row == len(lines) + 1 and f"第 2、{len(lines) + 1} 行" in hit[0].message


def test_a_start_date_a_century_off_is_refused(tmp_path):
    """Reliability item 6: 开工日期 1925-03-10 was accepted and 新开工 dropped from 12 to 11."""
    from analysis.errors import InputError

    src = ROOT / "data/raw/demo/projects/projects.csv"
    text = src.read_text(encoding="utf-8-sig")
    assert "2025-03-" in text
    f = tmp_path / "projects.csv"
    f.write_text(text.replace("2025-03-", "1925-03-", 1), encoding="utf-8-sig")
    with pytest.raises(InputError) as e:
        projects.read_projects(f, "2025-10")
    assert "1925" in str(e.value) and "2000–2100" in str(e.value) and "第" in str(e.value)


def test_merged_cells_fill_down_text_and_dates_and_refuse_amounts(tmp_path):
    """Issue 27 #6: merged cells in projects.xlsx read as blanks (a merged 签约日期 gave 签约 4, not 5)."""
    from openpyxl import Workbook

    from analysis.errors import InputError

    def workbook(merge):
        wb = Workbook()
        ws = wb.active
        ws.append(["项目名称", "签约日期", "总投资万元", "责任单位"])
        ws.append(["示例项目A", "2025-03-01", 1000, "示例责任单位1"])
        ws.append(["示例项目B", None, 2000, None])
        ws.append(["示例项目C", "2025-05-01", 3000, None])
        for rng in merge:
            ws.merge_cells(rng)
        path = tmp_path / f"projects-{len(merge)}-{merge[-1].replace(':', '')}.xlsx"
        wb.save(path)
        return path

    df = projects.read_projects(workbook(["B2:B3", "D2:D4"]), "2025-10").set_index("name")
    assert df.loc["示例项目B", "签约"] == "2025-03-01" and df.loc["示例项目C", "签约"] == "2025-05-01"
    assert (df["owner"] == "示例责任单位1").all()
    with pytest.raises(InputError) as e:                 # one amount over two projects: refused, range named
        projects.read_projects(workbook(["C2:C3"]), "2025-10")
    assert "C2:C3" in str(e.value) and "总投资万元" in str(e.value) and "第 2 行" in str(e.value)
    with pytest.raises(InputError, match="B4:C4"):      # across columns in the data: which column is meant?
        projects.read_projects(workbook(["B4:C4"]), "2025-10")
    with pytest.raises(InputError, match="表头单元格与下面的数据行合并（D1:D2）"):   # a header merged into row 2
        projects.read_projects(workbook(["D1:D2"]), "2025-10")


def _planned(name, plan="", start="", **kw):
    cells = row(name, **kw)
    cells.update({"年度计划投资万元": plan, "计划开工日期": start})
    return cells


RAG = [
    # June: task = plan × 6/12.  P1 2400 → task 1200, done 1000 → 83.3% 绿
    _planned("P1", plan="2400", 开工="2025-01-10", months=[(m, 1000 / 6) for m in range(1, 7)]),
    # P2 2400 → task 1200, done 900 → 75% 黄 (below 80%)
    _planned("P2", plan="2400", 开工="2025-01-10", months=[(1, 900)]),
    # P3 2400 → task 1200, done 700 → 58.3% 红 (below 60%)
    _planned("P3", plan="2400", 开工="2025-01-10", months=[(2, 700)]),
    # P4 planned to start 2025-05, not started: June is 1 month past → 黄
    _planned("P4", start="2025-05", 签约="2025-01-01"),
    # P5 planned 2025-03, not started: 3 months past → 红 (银川: red after 3 months)
    _planned("P5", start="2025-03", 签约="2025-01-01"),
    # P6 planned 2025-06: this month, not missed yet → 绿; P7 started late (plan 2025-02, started 2025-04) → 绿
    _planned("P6", start="2025-06", 签约="2025-01-01"),
    _planned("P7", start="2025-02", 开工="2025-04-01"),
    # P8 a plan but finished in May → 绿·已竣工投产; P9 no plan at all → not listed; P10 ended → not listed
    _planned("P8", plan="5000", 开工="2024-01-01", 竣工投产="2025-05-20", months=[(1, 10)]),
    _planned("P9", 开工="2025-01-01"),
    _planned("P10", plan="900", 签约="2025-01-01", 终止="2025-03-01", reason="撤资"),
]


def test_red_amber_green_per_project_worked_by_hand(tmp_path):
    df = projects.read_projects(write(tmp_path / "p.csv", RAG), "2025-06")
    t = projects.project_rag(df, "2025-06").set_index("项目名称")
    assert set(t.index) == {"P1", "P2", "P3", "P4", "P5", "P6", "P7", "P8"}
    assert t.loc["P1", "完成序时任务"] == pytest.approx(1000 / 1200) and t.loc["P1", "投资预警"] == "绿"
    assert t.loc["P2", "完成序时任务"] == pytest.approx(0.75) and t.loc["P2", "投资预警"] == "黄·不足序时任务80%，跟进督导"
    assert t.loc["P3", "投资预警"] == "红·不足序时任务60%，亮黄牌"
    assert t.loc["P4", "开工预警"] == "黄·逾期1个月未开工" and t.loc["P5", "开工预警"] == "红·逾期3个月未开工"
    assert t.loc["P6", "开工预警"] == "绿·本月计划开工" and t.loc["P7", "开工预警"] == "绿"
    assert t.loc["P8", "投资预警"] == "绿·已竣工投产"
    assert t["综合预警"].tolist()[:2] == ["红", "红"] and list(t.index[:2]) == ["P3", "P5"]     # red first
    stricter = projects.project_rag(df, "2025-06", {"invest_follow_pct": 90, "start_red_months": 1}).set_index("项目名称")
    assert stricter.loc["P1", "综合预警"] == "黄" and stricter.loc["P4", "综合预警"] == "红"
    assert projects.rag_sentence(t.reset_index()) == "有计划可比的项目8个：红色2个、黄色2个、绿色4个；红色项目：P3、P5。"


def test_a_ledger_without_plans_has_no_colours_and_says_so(ledger):
    t = projects.project_rag(ledger, "2025-06")
    assert t.empty and projects.rag_sentence(t).startswith("项目台账未填报年度计划投资或计划开工日期")


@pytest.mark.parametrize("rules, words", [
    ({"invest_card_pct": 90}, "应低于跟进线"),
    ({"start_red_months": 0}, "1–24"),
    ({"invest_follow_pct": "八十"}, "取值无效"),
    ({"red_after": 3}, "可设 invest_follow_pct"),
])
def test_project_rules_in_report_settings_are_checked(tmp_path, rules, words):
    import yaml

    from analysis import headline

    f = tmp_path / "report.yaml"
    f.write_text(yaml.safe_dump({"project_rules": rules}, allow_unicode=True), encoding="utf-8")
    with pytest.raises(InputError, match=words):
        headline.load_settings(f)


def test_the_planned_storage_month_is_judged_like_the_start(tmp_path):
    """银川's rule for 入库 (issue 24): amber once the planned month is missed, red 2 months after; done is green."""
    rows = []
    for name, plan, stored in (("S1", "2025-05", ""), ("S2", "2025-04", ""), ("S3", "2025-03", "2025-04-10"),
                               ("S4", "2025-08", ""), ("S5", "2025-05", "2025-07-01")):
        cells = _planned(name, 开工="2025-01-10")
        cells.update({"计划入库日期": plan, "入库日期": stored})
        rows.append(cells)
    df = projects.read_projects(write(tmp_path / "p.csv", rows), "2025-06")
    t = projects.project_rag(df, "2025-06").set_index("项目名称")
    assert t.loc["S1", "入库预警"] == "黄·逾期1个月未入库" and t.loc["S2", "入库预警"] == "红·逾期2个月未入库"
    assert t.loc["S3", "入库预警"] == "绿" and t.loc["S4", "入库预警"] == "绿·未到计划入库月"
    assert t.loc["S5", "入库预警"] == "黄·逾期1个月未入库" and t.loc["S5", "实际入库"] == ""     # July is after June
    assert t.loc["S2", "综合预警"] == "红"
