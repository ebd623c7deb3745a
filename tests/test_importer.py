"""analysis import-targets: Word and Excel 项目绩效目标表 / 自评表 as offices publish them.

The tables are built here after published layouts:

* Word, 自评表: the 池州市贵池区 2022 项目支出绩效自评表 layout cited in METHODS §4 (项目名称, 主管部门;
  a 项目资金 block with 年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分 over 年度资金总额 /
  其中：当年财政拨款 / 其他资金; the indicator table 一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 |
  分值 | 得分 | 偏差原因分析及改进措施 with 一级/二级 merged down their group).  Two projects, two tables.
  Published: http://www.anthempetcare.com/upload_cz/download?id=502364&siteId=2 (a copy of 池州市贵池区
  棠溪镇人民政府 项目支出绩效自评表 2022, in tests/data/corpus/sources.md).
* Excel, 目标表 in the separate-cell layout many provinces print (issue 12): 指标性质 (≥ ≤ =), 指标值 and
  度量单位 in three columns after the 三级指标, an 指标方向性 column (正向/反向), merged 一级/二级 cells,
  年度资金总额 with 其中 财政资金 / 其他资金 beside their labels, and a 资金支出计划 row of months over
  percentages.  Two projects, two sheets.  Published: 指标性质 | 指标值 | 度量单位 in 青神县
  (https://www.scqs.gov.cn/info/13206/211004.htm) and 大英县 (https://dyxrmt.cn/article-157795-21.html).
* Excel, the same with other headers and order: 计算符号 | 目标值 | 度量单位 (浮梁县林业局,
  https://fuliang.gov.cn/xzf/czxx/bmczyjs/t1081473.shtml) and 计量单位 | 指标性质 | 指标值 (荣昌区林业局,
  http://www.rongchang.gov.cn/bm/qlyj/zwgk_70831/fdzdgknr_70834/ysjs/ysgk/202209/t20220907_11085882.html).
"""
from __future__ import annotations

import datetime as dt

import pytest
import yaml

from analysis import budget, build, catalogue, cli, importer

docx = pytest.importorskip("docx")


def word_self_assessment(path):
    d = docx.Document()
    for name, code, budget_row, indicators in (
        ("示例乡村道路养护项目", "P-WORD-01", ("年度资金总额", "350", "300", "280", "10", "93.33%", "9.33"), [
            ("产出指标", "数量指标", "养护道路里程", "≥120公里", "126公里", "20", "20", ""),
            ("产出指标", "数量指标", "维修桥涵", "≥8座", "8座", "10", "10", ""),
            ("产出指标", "质量指标", "验收合格率", "100%", "100%", "10", "10", ""),
            ("产出指标", "时效指标", "完成时间", "2025年12月底前", "2025年11月", "10", "10", ""),
            ("效益指标", "社会效益指标", "群众出行条件", "有效改善", "达成预期指标", "30", "30", ""),
            ("满意度指标", "服务对象满意度指标", "群众满意度", "≥90%", "88%", "10", "9.78", "个别路段施工期较长"),
        ]),
        ("示例农技培训项目", "", ("年度资金总额", "60", "60", "60", "10", "100%", "10"), [
            ("产出指标", "数量指标", "培训人次", "≥500人次", "520人次", "25", "25", ""),
            ("产出指标", "成本指标", "人均培训成本", "≤1200元/人", "1150元/人", "25", "25", ""),
            ("效益指标", "经济效益指标", "亩均增收", "≥200元/亩", "基本达到", "30", "27", ""),
            ("满意度指标", "服务对象满意度指标", "学员满意度", "≥95%", "96%", "10", "10", ""),
        ]),
    ):
        rows = [["项目名称", name, name, name, name, name, name, name],
                ["项目编码", code, code, code, "主管部门", "示例局", "示例局", "示例局"],
                ["项目资金（万元）", "", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"],
                [budget_row[0], "", *budget_row[1:]],
                ["其中：当年财政拨款", "", budget_row[1], budget_row[2], budget_row[3], "—", "", "—"],
                ["其他资金", "", "0", "0", "0", "—", "", "—"],
                ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"]]
        rows += [list(r) for r in indicators]
        rows.append(["总分", "", "", "", "", "100", "", ""])
        t = d.add_table(rows=len(rows), cols=8)
        for r, values in enumerate(rows):
            for c, v in enumerate(values):
                t.cell(r, c).text = v
        for c in range(2, 8):
            t.cell(0, c).text = ""
        t.cell(0, 1).merge(t.cell(0, 7))                              # 项目名称 across the row
        start = 7                                                     # 一级/二级 merged down their group
        for col in (0, 1):
            r = start
            while r < start + len(indicators):
                end = r
                while end + 1 < start + len(indicators) and rows[end + 1][col] == rows[r][col]:
                    end += 1
                if end > r:
                    for k in range(r + 1, end + 1):
                        t.cell(k, col).text = ""
                    t.cell(r, col).merge(t.cell(end, col))
                r = end + 1
        d.add_paragraph("")
    d.save(path)
    return path


def excel_targets(path):
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    for title, name, code, total, fiscal, inds in (
        ("项目一", "示例污水管网建设项目", "P-XLSX-01", 1200, 1000, [
            ("产出指标", "数量指标", "新建管网长度", "≥", "15", "公里", "正向"),
            ("产出指标", "质量指标", "工程验收合格率", "=", "100", "%", "正向"),
            ("产出指标", "时效指标", "完工时间", "", dt.datetime(2025, 12, 31), "", ""),
            ("产出指标", "成本指标", "每公里建设成本", "≤", "80", "万元/公里", "反向"),
            ("效益指标", "生态效益指标", "污水收集率", "", "95", "%", "正向"),
            ("效益指标", "社会效益指标", "群众生活环境", "", "明显改善", "", ""),
            ("满意度指标", "服务对象满意度指标", "周边群众满意度", "≥", "90", "%", "正向"),
            ("满意度指标", "服务对象满意度指标", "其他", "", "详见实施方案", "", ""),
        ]),
        ("项目二", "示例农田水利项目", "P-XLSX-02", 300, 300, [
            ("产出指标", "数量指标", "灌溉面积(亩)", "≥", "30000", "", "正向"),
            ("产出指标", "质量指标", "设备完好率", "≥", "98", "%", "正向"),
            ("效益指标", "经济效益指标", "亩均节水", "≥", "50", "立方米", "正向"),
            ("满意度指标", "服务对象满意度指标", "农户满意度", "≥", "90", "%", "正向"),
        ]),
    ):
        ws = wb.create_sheet(title)
        ws.append([f"{2025}年度项目支出绩效目标表"])
        ws.append(["项目名称", name, None, None, "项目编码", code, None])
        ws.append(["年度资金总额", total, None, "其中：财政资金", fiscal, "其他资金", total - fiscal])
        ws.append(["资金支出计划", "3月", "6月", "9月", "12月", None, None])
        ws.append([None, "20%", "50%", "80%", "100%", None, None])
        ws.append(["一级指标", "二级指标", "三级指标", "指标性质", "指标值", "度量单位", "指标方向性"])
        first = ws.max_row + 1
        for row in inds:
            ws.append(list(row))
        # 一级 and 二级 printed once per group, merged down (as published)
        for col in (1, 2):
            r = first
            while r < first + len(inds):
                end = r
                while end + 1 < first + len(inds) and inds[end + 1 - first][col - 1] == inds[r - first][col - 1]:
                    end += 1
                if end > r:
                    for k in range(r + 1, end + 1):
                        ws.cell(k, col).value = None
                    ws.merge_cells(start_row=r, start_column=col, end_row=end, end_column=col)
                r = end + 1
        ws.merge_cells(start_row=2, start_column=2, end_row=2, end_column=4)
    wb.save(path)
    return path


def test_word_self_assessment_tables(tmp_path):
    got = importer.import_files([word_self_assessment(tmp_path / "自评表.docx")])
    assert [p["name"] for p in got.projects] == ["示例乡村道路养护项目", "示例农技培训项目"]
    road, training = got.projects
    assert (road["code"], road["budget"], road["full_year_budget"], road["fiscal_funds"], road["other_funds"]) == \
        ("P-WORD-01", 350, 300, 350, 0)
    assert training["code"] == "示例农技培训项目" and "full_year_budget" not in training   # 60 = 60
    assert [i["level3"] for i in road["indicators"]] == ["养护道路里程", "维修桥涵", "验收合格率", "完成时间", "群众出行条件",
                                                         "群众满意度"]
    levels = [(i["level1"], i["level2"]) for i in road["indicators"]]
    assert levels[1] == ("产出指标", "数量指标") and levels[4] == ("效益指标", "社会效益指标")   # carried down
    assert road["indicators"][-1]["actual"] == "88%" and road["indicators"][-1]["score"] == "9.78"
    kinds = [budget.parse_value(i["value"], level2=i["level2"]).kind for p in got.projects for i in p["indicators"]]
    assert "unrecognised" not in kinds
    assert any("没有项目编码" in p for p in got.problems) and any("资金支出计划" in p for p in got.problems)


def test_excel_separate_cell_tables(tmp_path):
    got = importer.import_files([excel_targets(tmp_path / "目标表.xlsx")])
    pipes, farm = got.projects
    assert (pipes["code"], pipes["budget"], pipes["fiscal_funds"], pipes["other_funds"]) == ("P-XLSX-01", 1200, 1000, 200)
    assert pipes["schedule_pct"] == {"03": 20.0, "06": 50.0, "09": 80.0, "12": 100.0}
    values = {i["level3"]: i["value"] for i in pipes["indicators"]}
    assert values["新建管网长度"] == "≥15公里" and values["工程验收合格率"] == "=100%"
    assert values["每公里建设成本"] == "≤80万元/公里" and values["污水收集率"] == "≥95%"     # 正向 with no operator → ≥
    assert values["完工时间"] == "2025-12-31" and values["群众生活环境"] == "明显改善"
    assert budget.parse_value(values["完工时间"], level2="时效指标").deadline == "2025-12-31"
    assert [i["level2"] for i in pipes["indicators"]][:4] == ["数量指标", "质量指标", "时效指标", "成本指标"]
    problem = [p for p in got.problems if "详见实施方案" in p]
    assert problem and "目标表.xlsx 项目一 第 14 行" in problem[0]            # file, sheet and row of the cell
    area = next(i for i in farm["indicators"] if i["level3"] == "灌溉面积(亩)")
    t = budget.parse_value(area["value"], indicator=area["level3"])
    assert (t.op, t.value, t.unit, t.dimension) == ("≥", 30000, "亩", "area")  # unit from the name, not a 1982 date


@pytest.mark.parametrize("header, row", [
    (["三级指标", "计算符号", "目标值", "度量单位"], ["绿化美化公路", "=", "3500", "米"]),      # 浮梁
    (["三级指标", "计量单位", "指标性质", "指标值"], ["绿化美化公路", "米", "=", "3500"]),      # 荣昌: unit first
])
def test_other_separate_cell_headers_and_orders(tmp_path, header, row):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["项目名称", "示例绿化项目"])
    ws.append(["年度资金总额", 80])
    ws.append(["一级指标", "二级指标", *header])
    ws.append(["产出指标", "数量指标", *row])
    wb.save(tmp_path / "t.xlsx")
    got = importer.import_files([tmp_path / "t.xlsx"])
    ind = got.projects[0]["indicators"][0]
    assert ind["value"] == "=3500米" and budget.parse_value(ind["value"]).dimension == "length"


def test_import_build_and_page(project, tmp_path, monkeypatch, capsys):
    """Import a Word and an Excel table, the catalogue reads them beside 2025.yaml, and the budget page
    shows the imported projects."""
    monkeypatch.setenv("ANALYSIS_ROOT", str(project))
    before = build.build("2025-10", root=project, notebooks=["50_budget"])
    assert "示例乡村道路养护项目" not in (before / "50_budget.html").read_text(encoding="utf-8")
    word = word_self_assessment(tmp_path / "自评表.docx")
    xlsx = excel_targets(tmp_path / "目标表.xlsx")
    assert cli.main(["import-targets", str(word), str(xlsx)]) == 0
    out = capsys.readouterr()
    assert "已导入 4 个项目" in out.out and "详见实施方案" in out.err
    target = project / "data/raw/targets/2025.projects.yaml"
    assert cli.main(["import-targets", str(word)]) == 2               # no silent overwrite
    saved = yaml.safe_load(target.read_text(encoding="utf-8"))
    assert len(saved["budget_projects"]) == 4
    cat = catalogue.load_catalogue(project / "data/raw/targets/2025.yaml")
    assert [p["name"] for p in cat.budget_projects][-4:] == ["示例乡村道路养护项目", "示例农技培训项目",
                                                            "示例污水管网建设项目", "示例农田水利项目"]
    dest = build.build("2025-10", root=project, notebooks=["50_budget"])     # not forced: the import is a change
    assert "运行 50_budget" in (dest / "build.log").read_text(encoding="utf-8")
    page = (dest / "50_budget.html").read_text(encoding="utf-8")
    for name in ("示例乡村道路养护项目", "示例污水管网建设项目", "经济开发区基础设施养护"):
        assert name in page
    manifest = (dest / "manifest.json").read_text(encoding="utf-8")
    assert "2025.projects.yaml" in manifest                            # an input of the report, with its hash


def test_imported_file_is_checked(tmp_path):
    (tmp_path / "2025.yaml").write_text("indicators: []\nbudget_projects:\n  - {code: A, name: a, budget: 1, "
                                        "indicators: []}\n", encoding="utf-8")
    f = tmp_path / "2025.projects.yaml"
    f.write_text("budget_projects:\n  - {code: A, name: b, budget: 5, indicators: "
                 "[{level1: 产出指标, level2: 数量指标, level3: x, value: ≥1次}]}\n", encoding="utf-8")
    with pytest.raises(Exception, match="项目编码重复"):
        catalogue.load_catalogue(tmp_path / "2025.yaml")
    f.write_text("budget_projects:\n  - {code: B, name: b, budget: 五十, indicators: []}\n", encoding="utf-8")
    with pytest.raises(Exception, match="预算数应为非负数值"):
        catalogue.load_catalogue(tmp_path / "2025.yaml")


def test_a_project_already_in_the_targets_is_not_imported_again(project, tmp_path, monkeypatch, capsys):
    from openpyxl import Workbook

    monkeypatch.setenv("ANALYSIS_ROOT", str(project))
    wb = Workbook()
    ws = wb.active
    ws.append(["项目名称", "经济开发区基础设施养护", "项目编码", "13043425p00429510003e "])   # case and spaces differ
    ws.append(["年度资金总额", 900])
    ws.append(["一级指标", "二级指标", "三级指标", "指标值"])
    ws.append(["产出指标", "数量指标", "管理区域面积", "≥22.36平方公里"])
    wb.save(tmp_path / "t.xlsx")
    assert cli.main(["import-targets", str(tmp_path / "t.xlsx")]) == 2     # nothing left to import
    assert "已在目标文件中" in capsys.readouterr().err
    assert not (project / "data/raw/targets/2025.projects.yaml").exists()


def test_unsupported_and_empty_files(tmp_path, capsys):
    (tmp_path / "a.doc").write_bytes(b"\xd0\xcf\x11\xe0")
    assert cli.main(["import-targets", str(tmp_path / "a.doc"), "--output", str(tmp_path / "o.yaml")]) == 2
    assert "另存为" in capsys.readouterr().err
    d = docx.Document()
    d.add_paragraph("没有表格")
    d.save(tmp_path / "b.docx")
    assert cli.main(["import-targets", str(tmp_path / "b.docx"), "--output", str(tmp_path / "o.yaml")]) == 2
    assert "没有读到任何项目" in capsys.readouterr().err and not (tmp_path / "o.yaml").exists()


# ---------------------------------------------------------------- found by an adversarial pass
def sheet(path, rows, formats=None, merges=()):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    for r in rows:
        ws.append(r)
    for (r, c), fmt in (formats or {}).items():
        ws.cell(r, c).number_format = fmt
    for m in merges:
        ws.merge_cells(m)
    wb.save(path)
    return path


HEAD = [["项目名称", "示例项目"], ["年度资金总额", 350], ["一级指标", "二级指标", "三级指标", "指标值"]]


def test_a_label_column_named_like_an_alias_is_not_the_indicator(tmp_path):
    rows = [["项目名称", "示例项目"], ["年度资金总额", 350],
            ["绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值"],
            ["绩效指标", "产出指标", "数量指标", "培训人次", "≥500人次", "520人次"],
            ["绩效指标", "满意度指标", "服务对象满意度指标", "满意度", "≥90%", "92%"]]
    got = importer.import_files([sheet(tmp_path / "t.xlsx", rows)])
    assert [i["level3"] for i in got.projects[0]["indicators"]] == ["培训人次", "满意度"]


def test_percent_cells_and_a_bad_schedule(tmp_path):
    rows = [["项目名称", "示例项目"], ["年度资金总额", 350], ["资金支出计划", "3月", "6月", "9月", "12月"],
            ["", 105, 210, 280, 350],                                   # amounts, not cumulative percentages
            ["一级指标", "二级指标", "三级指标", "指标值"], ["产出指标", "质量指标", "合格率", 0.95]]
    got = importer.import_files([sheet(tmp_path / "t.xlsx", rows, formats={(6, 4): "0%"})])
    p = got.projects[0]
    assert p["indicators"][0]["value"] == "95%"                          # the cell shows 95%, it holds 0.95
    assert p["schedule_pct"] == {"12": 100} and any("资金支出计划" in x and "已忽略" in x for x in got.problems)


def test_notes_rows_level_resets_and_same_named_projects(tmp_path):
    rows = HEAD + [["产出指标", "质量指标", "合格率", "100%"], ["效益指标", "", "就业", "≥50人"],
                   ["注：指标值以实际完成为准", "注：指标值以实际完成为准", "注：指标值以实际完成为准", "注：指标值以实际完成为准"],
                   ["填表人：", "张三", "联系电话：", "0311-1234567"],
                   ["项目名称", "示例项目", "项目编码", "S2"], ["年度资金总额", 99], HEAD[2],
                   ["产出指标", "数量指标", "次数", "≥2次"]]
    got = importer.import_files([sheet(tmp_path / "t.xlsx", rows)])
    first, second = got.projects
    assert [i["level3"] for i in first["indicators"]] == ["合格率"]       # 就业 has no 二级 under 效益: reported
    assert any("就业" in x and "缺少一级或二级" in x for x in got.problems)
    assert any("说明文字" in x for x in got.problems) and any("张三" in x or "填表人" in x for x in got.problems)
    assert (second["code"], second["budget"]) == ("S2", 99)             # a second project of the same name


def test_budgets_in_yuan_and_unreadable_ones(tmp_path):
    rows = [["项目名称", "甲"], ["年度资金总额（元）", 3500000]] + HEAD[2:] + [["产出指标", "数量指标", "次数", "≥2次"]]
    assert importer.import_files([sheet(tmp_path / "a.xlsx", rows)]).projects[0]["budget"] == 350
    rows = [["项目名称", "乙"], ["年度资金总额", "3.5亿元"]] + HEAD[2:] + [["产出指标", "数量指标", "次数", "≥2次"]]
    assert importer.import_files([sheet(tmp_path / "b.xlsx", rows)]).projects[0]["budget"] == 35000   # unit typed
    rows = [["项目名称", "乙"], ["年度资金总额", "350公顷"]] + HEAD[2:] + [["产出指标", "数量指标", "次数", "≥2次"]]
    got = importer.import_files([sheet(tmp_path / "b2.xlsx", rows)])
    assert not got.projects and any("无法读取" in x and "350公顷" in x for x in got.problems)
    rows = [["项目名称", "丙"], ["年度资金总额", -350]] + HEAD[2:] + [["产出指标", "数量指标", "次数", "≥2次"]]
    got = importer.import_files([sheet(tmp_path / "c.xlsx", rows)])
    assert not got.projects and any("负数" in x for x in got.problems)


@pytest.mark.parametrize("text, note", [("不超预算10%", "预算内"), ("95 98", "空格"), ("≥10⁴亩", "上标"),
                                        ("2025.12", "年份"), ("2025年", "年份"), ("13月底前", "时限")])
def test_values_that_were_read_confidently_wrong_are_refused(text, note):
    t = budget.parse_value(text)
    assert t.kind == "unrecognised" and note in t.note
    assert budget.parse_value("2025.12", level2="时效指标").deadline == "2025-12"
    assert budget.parse_value("3个工作日内").op == "≤"


def test_hostile_project_names_are_inert_on_the_page(project):
    (project / "data/raw/targets/2025.projects.yaml").write_text(yaml.safe_dump({"budget_projects": [
        {"code": f"H{n}", "name": name, "budget": 10, "indicators": [
            {"level1": "产出指标", "level2": "数量指标", "level3": "次数", "value": "≥1次"}]}
        for n, name in enumerate(["<script>alert(1)</script>项目", "<img src=x onerror=alert(2)>项目",
                                  "[点此核对](javascript:alert(3))"])]}, allow_unicode=True), encoding="utf-8")
    dest = build.build("2025-10", root=project, notebooks=["50_budget"])
    page = (dest / "50_budget.html").read_text(encoding="utf-8")
    assert "<script>alert" not in page and "<img src=x" not in page and 'href="javascript' not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;项目" in page


def test_published_scores_are_rechecked_and_differences_named(tmp_path, capsys):
    """The Word 自评表: 群众满意度 88% of ≥90% printed 9.78 (10 × 88/90, the rule), 完成时间 2025年11月 within
    12月底前 printed 10; 亩均增收 基本达到 printed 27 of 30, where 部分达成 gives the band midpoint 21."""
    got = importer.import_files([word_self_assessment(tmp_path / "自评表.docx")])
    lines = importer.check_scores(got, 2025)
    assert lines[0] == "示例乡村道路养护项目：6 个指标中 6 个与表中得分一致"
    assert lines[1].startswith("示例农技培训项目：4 个指标中 3 个与表中得分一致；不一致的")
    assert lines[2].strip() == "“亩均增收”表中得分 27，按规则 21（定性评价：部分达成）"
    assert len(lines) == 3
    assert cli.main(["import-targets", str(tmp_path / "自评表.docx"), "--output", str(tmp_path / "p.yaml")]) == 0
    assert "“亩均增收”表中得分 27，按规则 21" in capsys.readouterr().out


@pytest.mark.parametrize("content, words", [
    (b"", "文件是空的"),
    (importer.OLE_MAGIC + b"\x00" * 512, "设置了打开密码"),       # an encrypted .docx is an OLE container
    (b"%PDF-1.4 not a docx", "不是 Word 文档"),
    (b"PK\x03\x04broken", "已损坏"),
])
def test_a_docx_that_will_not_open_says_why(tmp_path, content, words):
    """Issue 27 #7: an empty or password-protected .docx was refused as "PackageNotFoundError"."""
    from analysis.errors import InputError

    path = tmp_path / "目标表.docx"
    path.write_bytes(content)
    with pytest.raises(InputError) as e:
        importer.docx_grids(path)
    assert words in str(e.value) and "PackageNotFoundError" not in str(e.value)


def test_an_indicator_value_merged_over_two_indicators_is_reported_not_copied(tmp_path):
    """Issue 27 #6: a 指标值 merged over two rows gave the second indicator the first's target (新建桥梁 ≥5公里)."""
    from openpyxl import load_workbook

    path = excel_targets(tmp_path / "目标表.xlsx")
    wb = load_workbook(path)
    ws = wb["项目二"]
    rows = [r for r in range(1, ws.max_row + 1) if ws.cell(r, 3).value in ("灌溉面积(亩)", "设备完好率")]
    for col in (4, 5, 6):                                    # 指标性质, 指标值, 度量单位 merged over both rows
        ws.merge_cells(start_row=rows[0], start_column=col, end_row=rows[1], end_column=col)
    wb.save(path)
    got = importer.import_files([path])
    farm = got.projects[1]
    names = [i["level3"] for i in farm["indicators"]]
    assert "灌溉面积(亩)" in names and "设备完好率" not in names
    problem = [p for p in got.problems if "设备完好率" in p]
    assert problem and "合并" in problem[0] and f"D{rows[0]}:D{rows[1]}" in problem[0]
