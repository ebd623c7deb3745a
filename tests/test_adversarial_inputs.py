"""Adversarial inputs (issue 9): realistic mistakes of statistics and finance staff, each with its
exact outcome: refused with file, row and column named; or read to the right value; or accepted
with a data-quality warning that names file and row.

Binary cases (formula cells without cached values, error cells, percent-formatted cells, encrypted
and truncated workbooks, UTF-16 text) are generated here rather than committed.
"""
import codecs
import datetime as dt
import shutil
import time

import pandas as pd
import pytest
from openpyxl import Workbook

from analysis import actuals, budget, efficiency, land, rawio, sources, validation
from analysis.errors import InputError
from analysis.validation import Quality

from .conftest import make_project

ACT_HEADER = ["指标代码", "指标名称", "单位", "期间", "本年累计", "上年同期累计", "上年全年", "官方增速%", "备注"]
ENT_HEADER = ["企业代码", "企业名称", "规上", "行业", "自有用地亩", "租赁厂房平方米", "税收万元", "营业收入万元",
              "工业总产值万元", "工业增加值万元", "综合能耗吨标煤", "研发费用万元", "年平均职工人数", "标记"]
PARCEL_HEADER = ["地块编号", "地块名称", "持有主体", "面积亩", "类别", "计划处置亩", "已处置亩", "处置日期", "处置方式", "备注"]
P1 = "13043425P004295100017"   # 经济开发区财政体制改革补助, budget 350万


def csv_text(header, rows) -> str:
    return "\n".join(",".join(map(str, r)) for r in [header, *rows]) + "\n"


def write(path, text, encoding="utf-8-sig"):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode(encoding))
    return path


def xlsx(path, header, rows, title=None, edit=None):
    """Write a workbook; ``edit(ws)`` may set formulas, formats, error cells."""
    wb = Workbook()
    ws = wb.active
    ws.title = "月度数据"
    if title:
        ws.append([title])
    ws.append(header)
    for r in rows:
        ws.append(r)
    if edit:
        edit(ws)
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path


def ent_row(**over):
    base = dict(zip(ENT_HEADER, ["E1", "甲公司", "是", "装备", "20", "0", "100", "3000", "3200", "800", "200", "30", "50", ""]))
    base.update(over)
    return [base[h] for h in ENT_HEADER]


def act_row(code="tax", name="税收", unit="亿元", period="2025-06", ytd="1.5", last="1.2", full="", g="", note=""):
    return [code, name, unit, period, ytd, last, full, g, note]


def error_of(fn, *args, **kw) -> str:
    with pytest.raises(InputError) as e:
        fn(*args, **kw)
    return str(e.value)


def assert_located(msg, path, row=None, column=None, *fragments):
    assert str(path) in msg or path.name in msg, msg
    if row is not None:
        assert f"第 {row} 行" in msg, msg
    if column is not None:
        assert f"列 {column}" in msg, msg
    for f in fragments:
        assert f in msg, msg


# ---------------------------------------------------------------- 1. units in ledger cells
@pytest.mark.parametrize("column, typed, field, expected", [
    ("税收万元", "1.0326亿元", "tax", 10326.0),
    ("税收万元", '"1,032,600元"', "tax", 103.26),
    ("税收万元", "１２０万元", "tax", 120.0),
    ("自有用地亩", "3.6公顷", "own_mu", 54.0),
    ("自有用地亩", "0.02平方公里", "own_mu", 30.0),
    ("租赁厂房平方米", "1.2万平方米", "leased_m2", 12000.0),
    ("租赁厂房平方米", "3亩", "leased_m2", 2000.0),
    ("综合能耗吨标煤", "1.2万吨标煤", "energy", 12000.0),
    ("营业收入万元", "0.3亿", "revenue", 3000.0),
])
def test_ledger_units_are_converted(tmp_path, column, typed, field, expected):
    f = write(tmp_path / "enterprises.csv", csv_text(ENT_HEADER, [ent_row(**{column: typed})]))
    ledger = efficiency.read_ledger(f)
    assert ledger.loc[0, field] == pytest.approx(expected)


@pytest.mark.parametrize("column, typed", [
    ("税收万元", "5公顷"), ("税收万元", "13%"), ("自有用地亩", "20万元"), ("年平均职工人数", "50.5"),
    ("税收万元", "-3"), ("综合能耗吨标煤", "12千瓦时"), ("规上", "大概"), ("税收万元", "约100"),
])
def test_ledger_wrong_dimension_or_value_refused(tmp_path, column, typed):
    f = write(tmp_path / "enterprises.csv", csv_text(ENT_HEADER, [ent_row(), ent_row(企业代码="E2", **{column: typed})]))
    assert_located(error_of(efficiency.read_ledger, f), f, 3, column)


def test_parcel_areas_converted_and_wrong_units_refused(tmp_path):
    f = write(tmp_path / "parcels.csv", csv_text(PARCEL_HEADER, [
        ["P1", "x", "x", "2公顷", "供而未用", "30", "6666.67平方米", "2025-03-01", "收回", ""]]))
    p = land.read_parcels(f)
    assert p.loc[0, "area_mu"] == 30.0 and p.loc[0, "disposed_mu"] == pytest.approx(10.0, abs=1e-4)
    g = write(tmp_path / "bad.csv", csv_text(PARCEL_HEADER, [["P1", "x", "x", "20万元", "供而未用", "", "0", "", "", ""]]))
    assert_located(error_of(land.read_parcels, g), g, 2, "面积亩", "单位不符")


@pytest.mark.parametrize("typed, expected", [("0.012亿元", 120.0), ("35000元", 3.5), ("42", 42.0), ("４２万元", 42.0)])
def test_spending_units(tmp_path, catalogue, typed, expected):
    f = write(tmp_path / "spending.csv", csv_text(["项目编码", "期间", "累计支出万元"], [[P1, "2025-03", typed]]))
    assert budget.read_spending(f, catalogue.budget_projects).loc[0, "spent"] == pytest.approx(expected)


def test_spending_in_wrong_unit_refused(tmp_path, catalogue):
    f = write(tmp_path / "spending.csv", csv_text(["项目编码", "期间", "累计支出万元"], [[P1, "2025-03", "12亩"]]))
    assert_located(error_of(budget.read_spending, f, catalogue.budget_projects), f, 2, "累计支出万元", "单位不符")


def test_indicator_actual_in_wrong_unit_refused_at_read(tmp_path, catalogue):
    f = write(tmp_path / "ia.csv", csv_text(["项目编码", "三级指标", "实际完成值"], [[P1, "招商活动开展合规率", "5亿元"]]))
    assert_located(error_of(budget.read_indicator_actuals, f, catalogue.budget_projects), f, 2, "实际完成值", "单位")


def test_scorer_never_scores_a_wrong_unit():
    with pytest.raises(ValueError, match="单位不符"):
        budget._to_float("5亿元", "%")
    assert budget._to_float("3.5亿元", "万") == 35000.0
    assert budget._to_float("13次", "次") == 13.0
    assert budget._to_float("完成", "%") is None


def test_cost_indicator_typed_in_yi_is_scored_on_its_real_size(catalogue):
    project = catalogue.budget_projects[0]
    acts = pd.DataFrame([{"三级指标": "改革补助成本总额", "实际完成值": "3.5亿元", "评价等级": "", "不适用": False,
                          "偏差原因": ""}])
    table, _ = budget.score_project(project, acts, 300.0)
    row = table[table["三级指标"] == "改革补助成本总额"].iloc[0]
    # 35,000万 against ≤350万: far over the cap, so 350/35000 of the points
    assert row["得分"] == pytest.approx(row["分值"] * 350 / 35000)


# ---------------------------------------------------------------- monthly actuals: units, identity, plausibility
def test_monthly_unit_column_is_honoured(tmp_path, catalogue):
    f = write(tmp_path / "2025-06.csv", csv_text(ACT_HEADER, [act_row("revenue", "规上企业营业收入", "万元", ytd='"552,000"',
                                                                       last="480000")]))
    df = actuals.read_file(f, catalogue)
    assert df.loc[0, "ytd"] == pytest.approx(55.2) and df.loc[0, "ytd_last"] == pytest.approx(48.0)


def test_monthly_unit_column_of_wrong_dimension_refused(tmp_path, catalogue):
    f = write(tmp_path / "2025-06.csv", csv_text(ACT_HEADER, [act_row(unit="亩")]))
    assert_located(error_of(actuals.read_file, f, catalogue), f, 2, "单位", "亿元")


def test_monthly_count_must_be_whole(tmp_path, catalogue):
    f = write(tmp_path / "2025-06.csv", csv_text(ACT_HEADER, [act_row("above_scale_firms", "规上企业数量", "家", ytd="48.5")]))
    assert_located(error_of(actuals.read_file, f, catalogue), f, 2, "本年累计", "整数")


def test_monthly_negative_refused(tmp_path, catalogue):
    f = write(tmp_path / "2025-06.csv", csv_text(ACT_HEADER, [act_row(ytd="-1.5")]))
    assert_located(error_of(actuals.read_file, f, catalogue), f, 2, "本年累计", "负")


def test_swapped_codes_refused(tmp_path, catalogue):
    f = write(tmp_path / "2025-06.csv", csv_text(ACT_HEADER, [
        act_row("tax", "税收", ytd="2.0"), act_row("revenue", "税收", ytd="55.33")]))
    msg = error_of(actuals.read_file, f, catalogue)
    assert_located(msg, f, 3, "指标名称", "规上企业营业收入", "不符")


def test_file_name_period_must_match_rows(tmp_path, catalogue):
    f = write(tmp_path / "2025-11.csv", csv_text(ACT_HEADER, [act_row(period="2025-12")]))
    assert_located(error_of(actuals.read_file, f, catalogue), f, 2, "期间", "2025-11", "2025-12")
    g = write(tmp_path / "2025年11月.csv", csv_text(ACT_HEADER, [act_row(period="2025-11")]))
    assert actuals.read_file(g, catalogue).loc[0, "period"] == "2025-11"


@pytest.mark.parametrize("cell, expected", [("2025/6", "2025-06"), ("2025年6月", "2025-06"), ("202506", "2025-06")])
def test_period_forms_read(tmp_path, catalogue, cell, expected):
    f = write(tmp_path / "m.csv", csv_text(ACT_HEADER, [act_row(period=cell)]))
    assert actuals.read_file(f, catalogue).loc[0, "period"] == expected


def _project_with(tmp_path, files: dict):
    proj = make_project(tmp_path / "proj")
    for rel, text in files.items():
        write(proj / "data" / "raw" / rel, text)
    return proj


def _manifest(proj, period="2025-10"):
    import json

    return json.loads((proj / "data" / "processed" / period / "manifest.json").read_text(encoding="utf-8"))


def _demo_month(period="2025-10") -> list[list[str]]:
    from .conftest import ROOT

    text = (ROOT / "data/raw/demo/actuals" / f"{period}.csv").read_text(encoding="utf-8-sig")
    return [line.split(",") for line in text.strip().splitlines()[1:]]


def _with(rows, code, **cells):
    out = []
    for r in rows:
        r = list(r)
        if r[0] == code:
            for k, v in cells.items():
                r[ACT_HEADER.index(k)] = v
        out.append(r)
    return out


def test_yi_typed_as_wan_is_refused_unless_confirmed(tmp_path):
    rows = _with(_demo_month(), "revenue", 本年累计="5532.95")
    proj = _project_with(tmp_path, {"actuals/2025-10.csv": csv_text(ACT_HEADER, rows)})
    msg = error_of(sources.prepare, "2025-10", proj)
    assert_located(msg, proj / "x/2025-10.csv", 4, "本年累计", "5 倍", "已核实")
    rows = _with(rows, "revenue", 备注="已核实：含新入统企业")
    write(proj / "data/raw/actuals/2025-10.csv", csv_text(ACT_HEADER, rows))
    sources.prepare("2025-10", proj)
    q = _manifest(proj)["quality"]
    assert any(f["file"] == "2025-10.csv" and f["row"] == 4 and "5 倍" in f["message"] for f in q)


def test_thresholds_are_settings(tmp_path):
    rows = _with(_demo_month(), "revenue", 本年累计="200")   # 3.1× the target of 65亿
    proj = _project_with(tmp_path, {"actuals/2025-10.csv": csv_text(ACT_HEADER, rows)})
    sources.prepare("2025-10", proj)   # under the default 5×
    write(proj / "data/raw/quality.yaml", "max_ratio_to_target: 3\n", "utf-8")
    assert "3 倍" in error_of(sources.prepare, "2025-10", proj)
    write(proj / "data/raw/quality.yaml", "max_ratio_to_target: -3\n", "utf-8")
    assert_located(error_of(sources.prepare, "2025-10", proj), proj / "data/raw/quality.yaml", None, "max_ratio_to_target")


def test_ytd_falling_is_a_warning_with_file_and_row(tmp_path):
    sep = _demo_month("2025-09")
    octo = _with(_demo_month("2025-10"), "tax", 本年累计="1.70")
    proj = _project_with(tmp_path, {"actuals/2025-09.csv": csv_text(ACT_HEADER, sep),
                                    "actuals/2025-10.csv": csv_text(ACT_HEADER, octo)})
    sources.prepare("2025-10", proj)
    q = _manifest(proj)["quality"]
    hit = [f for f in q if f["column"] == "本年累计" and "小于" in f["message"]]
    assert hit and hit[0]["file"] == "2025-10.csv" and hit[0]["row"] == 5 and "税收" in hit[0]["message"]


def test_jump_over_five_times_last_month_refused(tmp_path):
    sep = _demo_month("2025-09")
    octo = _with(_demo_month("2025-10"), "tax", 本年累计="10")
    proj = _project_with(tmp_path, {"actuals/2025-09.csv": csv_text(ACT_HEADER, sep),
                                    "actuals/2025-10.csv": csv_text(ACT_HEADER, octo)})
    assert "上月累计" in error_of(sources.prepare, "2025-10", proj)


def test_fall_below_a_fifth_of_last_month_refused_unless_confirmed(tmp_path):
    """Reliability item 8: 22161千元 typed in the 税收 row (亿元) is 0.22161亿元, a 90% fall from
    September's cumulative; it was only a warning.  The bound goes both ways."""
    sep = _demo_month("2025-09")
    octo = _with(_demo_month("2025-10"), "tax", 本年累计="22161千元")
    proj = _project_with(tmp_path, {"actuals/2025-09.csv": csv_text(ACT_HEADER, sep),
                                    "actuals/2025-10.csv": csv_text(ACT_HEADER, octo)})
    msg = error_of(sources.prepare, "2025-10", proj)
    assert_located(msg, proj / "x/2025-10.csv", 5, "本年累计", "不到上月累计", "1/5", "已核实")
    octo = _with(octo, "tax", 备注="已核实：退税冲减")
    write(proj / "data/raw/actuals/2025-10.csv", csv_text(ACT_HEADER, octo))
    sources.prepare("2025-10", proj)
    q = _manifest(proj)["quality"]
    assert any(f["row"] == 5 and "不到上月累计" in f["message"] and "已核实" in f["message"] for f in q)


def test_official_growth_typed_as_fraction_is_flagged(tmp_path):
    rows = _with(_demo_month(), "tax", **{"官方增速%": "0.36"})
    proj = _project_with(tmp_path, {"actuals/2025-10.csv": csv_text(ACT_HEADER, rows)})
    sources.prepare("2025-10", proj)
    q = _manifest(proj)["quality"]
    assert any(f["column"] == "官方增速%" and f["row"] == 5 and "百分点" in f["message"] for f in q)


# ---------------------------------------------------------------- 2. identity across files
def test_two_files_for_one_ledger_refused(tmp_path):
    proj = make_project(tmp_path / "proj")
    for suffix in (".csv", ".xlsx"):
        shutil.copy(proj / "data/raw/demo/enterprises/enterprises.csv", proj / f"data/raw/enterprises/enterprises{suffix}")
    msg = error_of(sources.prepare, "2025-10", proj)
    assert "enterprises.csv" in msg and "enterprises.xlsx" in msg and "只保留一个" in msg


def test_duplicate_enterprise_code_names_both_rows(tmp_path):
    f = write(tmp_path / "e.csv", csv_text(ENT_HEADER, [ent_row(), ent_row(企业名称="乙公司")]))
    assert_located(error_of(efficiency.read_ledger, f), f, 3, "企业代码", "第 2 行")


def test_duplicate_column_refused(tmp_path):
    f = write(tmp_path / "e.csv", csv_text(ENT_HEADER + ["税收万元"], [ent_row() + ["5"]]))
    assert_located(error_of(efficiency.read_ledger, f), f, 1, "税收万元", "重复")


def test_unquoted_thousands_separator_shifting_cells_refused(tmp_path, catalogue):
    f = write(tmp_path / "2025-06.csv", csv_text(ACT_HEADER, [act_row("revenue", "规上企业营业收入", "万元", ytd="552,000",
                                                                       last="480000")]))
    assert_located(error_of(actuals.read_file, f, catalogue), f, 2, None, "千位")


def test_value_outside_header_refused(tmp_path):
    f = write(tmp_path / "e.csv", csv_text(ENT_HEADER, [ent_row() + ["多出来的"]]))
    assert_located(error_of(efficiency.read_ledger, f), f, 2, "第15个字段", "没有表头")


# ---------------------------------------------------------------- 3. Excel cells: formulas, errors, percent, dates
def test_formula_without_cached_value_refused(tmp_path, catalogue):
    def edit(ws):
        ws["E2"] = "=1.2+0.3"
        ws["F2"] = "=E2*0.8"
    f = xlsx(tmp_path / "2025-06.xlsx", ACT_HEADER, [act_row(ytd=None, last=None)], edit=edit)
    msg = error_of(actuals.read_file, f, catalogue)
    assert_located(msg, f, None, None, "E2", "F2", "F9", "公式")


def test_formula_error_value_refused(tmp_path, catalogue):
    f = xlsx(tmp_path / "2025-06.xlsx", ACT_HEADER, [act_row()])
    # openpyxl writes a cached error like Excel does: <c t="e"><f>1/0</f><v>#DIV/0!</v></c>
    import zipfile

    with zipfile.ZipFile(f) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    sheet = parts["xl/worksheets/sheet1.xml"].decode()
    sheet = sheet.replace('<c r="E2" t="inlineStr"><is><t>1.5</t></is></c>',
                          '<c r="E2" t="e"><f>1/0</f><v>#DIV/0!</v></c>')
    assert "#DIV/0!" in sheet
    parts["xl/worksheets/sheet1.xml"] = sheet.encode()
    with zipfile.ZipFile(f, "w") as z:
        for n, b in parts.items():
            z.writestr(n, b)
    assert_located(error_of(actuals.read_file, f, catalogue), f, None, None, "#DIV/0!", "E2")


def test_percent_formatted_cell_keeps_its_percent(tmp_path, catalogue):
    def edit(ws):
        ws["H2"] = 0.13
        ws["H2"].number_format = "0%"
    f = xlsx(tmp_path / "2025-06.xlsx", ACT_HEADER, [act_row(g=None)], edit=edit)
    assert actuals.read_file(f, catalogue).loc[0, "official_growth"] == pytest.approx(0.13)


def test_percent_formatted_money_cell_refused(tmp_path, catalogue):
    def edit(ws):
        ws["E2"] = 0.5
        ws["E2"].number_format = "0.00%"
    f = xlsx(tmp_path / "2025-06.xlsx", ACT_HEADER, [act_row(ytd=None)], edit=edit)
    assert_located(error_of(actuals.read_file, f, catalogue), f, 2, "本年累计", "单位不符")


def test_date_cells_read_as_period_and_date(tmp_path, catalogue):
    f = xlsx(tmp_path / "m.xlsx", ACT_HEADER, [act_row(period=dt.datetime(2025, 6, 1))])
    assert actuals.read_file(f, catalogue).loc[0, "period"] == "2025-06"
    g = xlsx(tmp_path / "parcels.xlsx", PARCEL_HEADER,
             [["P1", "x", "x", 20, "供而未用", 20, 10, dt.datetime(2025, 3, 18), "收回", ""]])
    assert land.read_parcels(g).loc[0, "date"] == "2025-03-18"


@pytest.mark.parametrize("name, fragment", [("2025-10.xls", ".xls"), ("2025-10.xlsb", ".xlsb"), ("2025-10.et", ".et"),
                                            ("2025-10.pdf", ".pdf")])
def test_unreadable_formats_in_actuals_are_named(tmp_path, name, fragment):
    proj = make_project(tmp_path / "proj")
    write(proj / "data/raw/actuals" / name, "x")
    msg = error_of(sources.prepare, "2025-10", proj)
    assert name in msg and fragment in msg and "另存为" in msg


ODS_HEAD = ('<?xml version="1.0" encoding="UTF-8"?><office:document-content '
            'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
            'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
            'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
            'xmlns:calcext="urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0">'
            '<office:body><office:spreadsheet><table:table table:name="Sheet1">')


def ods_cell(v) -> str:
    """A cell as LibreOffice 7 writes it (checked against a real save): strings, floats, percentages,
    dates, formulas with or without a value, error values."""
    if v is None:
        return "<table:table-cell/>"
    if isinstance(v, tuple):
        kind, value = v
        if kind == "pct":
            return (f'<table:table-cell office:value-type="percentage" office:value="{value}" '
                    f'calcext:value-type="percentage"><text:p>{value * 100:g}%</text:p></table:table-cell>')
        if kind == "date":
            return (f'<table:table-cell office:value-type="date" office:date-value="{value}T00:00:00" '
                    f'calcext:value-type="date"><text:p>{value}</text:p></table:table-cell>')
        if kind == "error":
            return (f'<table:table-cell table:formula="of:={value}" office:value-type="string" office:string-value="" '
                    'calcext:value-type="error"><text:p>#DIV/0!</text:p></table:table-cell>')
        if kind == "nocache":
            return f'<table:table-cell table:formula="of:={value}"/>'
    if isinstance(v, (int, float)):
        return f'<table:table-cell office:value-type="float" office:value="{v}"><text:p>{v}</text:p></table:table-cell>'
    return f'<table:table-cell office:value-type="string"><text:p>{v}</text:p></table:table-cell>'


def ods(path, rows):
    import zipfile

    body = "".join("<table:table-row>" + "".join(ods_cell(v) for v in r)
                   + '<table:table-cell table:number-columns-repeated="16375"/></table:table-row>' for r in rows)
    body += ('<table:table-row table:number-rows-repeated="1048570">'
             '<table:table-cell table:number-columns-repeated="16384"/></table:table-row>')
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("content.xml", ODS_HEAD + body + "</table:table></office:spreadsheet></office:body></office:document-content>")
    return path


def test_ods_from_libreoffice_is_read_with_its_types(tmp_path, catalogue):
    f = ods(tmp_path / "2025-06.ods", [["2025年1-6月主要经济指标"], ACT_HEADER,
                                       ["tax", "税收", "亿元", "2025-06", 1.5, 1.2, None, ("pct", 0.13), "中文备注"]])
    df = actuals.read_file(f, catalogue)
    assert df.loc[0, "official_growth"] == pytest.approx(0.13) and df.loc[0, "ytd"] == 1.5
    assert df.loc[0, "source"] == "2025-06.ods:3"
    g = ods(tmp_path / "parcels.ods", [PARCEL_HEADER, ["P1", "x", "x", 20, "供而未用", 20, 10, ("date", "2025-03-18"), "收回"]])
    assert land.read_parcels(g).loc[0, "date"] == "2025-03-18"


@pytest.mark.parametrize("cell, fragment", [(("error", "1/0"), "E3=#DIV/0!"), (("nocache", "1+1"), "E3")])
def test_ods_formula_problems_refused(tmp_path, catalogue, cell, fragment):
    f = ods(tmp_path / "2025-06.ods", [["标题"], ACT_HEADER, ["tax", "税收", "亿元", "2025-06", cell, 1.2]])
    assert_located(error_of(actuals.read_file, f, catalogue), f, None, None, fragment, "公式")


def test_damaged_ods_refused(tmp_path):
    f = tmp_path / "e.ods"
    f.write_bytes(b"PK\x03\x04 not really")
    assert_located(error_of(efficiency.read_ledger, f), f, None, None, ".ods", "另存为")


def test_subfolder_in_actuals_is_named(tmp_path):
    proj = make_project(tmp_path / "proj")
    shutil.copytree(proj / "data/raw/demo/actuals", proj / "data/raw/actuals/2025")
    msg = error_of(sources.prepare, "2025-10", proj)
    assert "2025" in msg and "子文件夹" in msg


def test_title_row_above_header_csv(tmp_path, catalogue):
    text = "2025年1-6月主要经济指标,,,,,,,,\n" + csv_text(ACT_HEADER, [act_row(), act_row("revenue", "规上企业营业收入", ytd="x")])
    f = write(tmp_path / "2025-06.csv", text)
    assert_located(error_of(actuals.read_file, f, catalogue), f, 4, "本年累计")  # the row the analyst sees
    g = write(tmp_path / "ok.csv", "2025年1-6月主要经济指标\n单位：亿元\n" + csv_text(ACT_HEADER, [act_row()]))
    assert actuals.read_file(g, catalogue).loc[0, "ytd"] == 1.5


def test_title_row_above_header_xlsx(tmp_path, catalogue):
    f = xlsx(tmp_path / "2025-06.xlsx", ACT_HEADER, [act_row(), act_row("revenue", "规上企业营业收入", ytd="x")],
             title="2025年1-6月主要经济指标")
    assert_located(error_of(actuals.read_file, f, catalogue), f, 4, "本年累计")


def test_missing_column_named_with_header_row(tmp_path):
    f = write(tmp_path / "e.csv", csv_text([h for h in ENT_HEADER if h != "税收万元"], [ent_row()[:6] + ent_row()[7:]]))
    assert_located(error_of(efficiency.read_ledger, f), f, 1, "税收万元", "缺少列")


# ---------------------------------------------------------------- 7. encodings and broken files
def _ent_text():
    return csv_text(ENT_HEADER, [ent_row(企业名称="魏县𠀋鑫机械")])


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
def test_text_encodings(tmp_path, encoding):
    f = write(tmp_path / "e.csv", _ent_text(), encoding)
    assert efficiency.read_ledger(f).loc[0, "name"] == "魏县𠀋鑫机械"


def test_gbk_csv(tmp_path):
    f = write(tmp_path / "e.csv", csv_text(ENT_HEADER, [ent_row(企业名称="魏县鑫机械")]), "gbk")
    assert efficiency.read_ledger(f).loc[0, "name"] == "魏县鑫机械"


def test_utf16_unicode_text_from_excel(tmp_path):
    text = "\t".join(ENT_HEADER) + "\r\n" + "\t".join(ent_row(企业名称="乙公司", 税收万元="1,234.5")) + "\r\n"
    f = tmp_path / "e.txt"
    f.write_bytes(codecs.BOM_UTF16_LE + text.encode("utf-16-le"))
    ledger = efficiency.read_ledger(f)
    assert ledger.loc[0, "name"] == "乙公司" and ledger.loc[0, "tax"] == 1234.5


def test_undecodable_bytes(tmp_path):
    f = tmp_path / "e.csv"
    f.write_bytes(b"\xff\xff\xff,\xfe\n")
    assert_located(error_of(efficiency.read_ledger, f), f, None, None, "编码")


@pytest.mark.parametrize("content", [b"", b"\n\n  \n"])
def test_empty_csv(tmp_path, content):
    f = tmp_path / "e.csv"
    f.write_bytes(content)
    assert_located(error_of(efficiency.read_ledger, f), f, None, None, "为空")


def test_encrypted_workbook(tmp_path):
    f = tmp_path / "e.xlsx"
    f.write_bytes(rawio.OLE_MAGIC + b"\x00" * 600)
    assert_located(error_of(efficiency.read_ledger, f), f, None, None, "密码", "另存为")


def test_truncated_workbook(tmp_path):
    good = xlsx(tmp_path / "g.xlsx", ENT_HEADER, [ent_row()])
    f = tmp_path / "e.xlsx"
    f.write_bytes(good.read_bytes()[:500])
    assert_located(error_of(efficiency.read_ledger, f), f, None, None, "损坏")


# ---------------------------------------------------------------- 6. plausibility in ledgers
def test_spending_above_budget_is_a_warning(tmp_path, catalogue):
    f = write(tmp_path / "spending.csv", csv_text(["项目编码", "期间", "累计支出万元"], [[P1, "2025-03", "360"]]))
    q = Quality()
    budget.read_spending(f, catalogue.budget_projects, q)
    assert [(x.row, x.column) for x in q.findings] == [(2, "累计支出万元")] and "超过预算" in q.findings[0].message


def test_spending_may_restart_in_a_new_year_but_not_fall_within_one(tmp_path, catalogue):
    rows = [[P1, "2024-12", "340"], [P1, "2025-01", "20"]]
    f = write(tmp_path / "s.csv", csv_text(["项目编码", "期间", "累计支出万元"], rows))
    assert len(budget.read_spending(f, catalogue.budget_projects)) == 2
    g = write(tmp_path / "t.csv", csv_text(["项目编码", "期间", "累计支出万元"], [[P1, "2025-02", "40"], [P1, "2025-03", "30"]]))
    assert_located(error_of(budget.read_spending, g, catalogue.budget_projects), g, 3, "累计支出万元", "减少")


def test_disposal_after_period_warned_and_not_counted(tmp_path):
    f = write(tmp_path / "parcels.csv", csv_text(PARCEL_HEADER, [
        ["P1", "x", "x", "20", "供而未用", "20", "20", "2025-03-18", "收回", ""],
        ["P2", "y", "y", "15", "用而未建", "15", "15", "2025-12-01", "转让", ""]]))
    q = Quality()
    parcels = land.read_parcels(f, "2025-06", q)
    assert [(x.row, x.column) for x in q.findings] == [(3, "处置日期")]
    total = land.category_summary(parcels, "2025-06").set_index("类别").loc["合计", "已处置亩"]
    assert total == 20.0
    assert land.means_summary(parcels, "2025-06").set_index("处置方式").loc["转让", "已处置亩"] == 0


@pytest.mark.parametrize("date", ["2025-02-30", "2025-13-01", "2025/2/29", "明年"])
def test_impossible_disposal_date_refused(tmp_path, date):
    f = write(tmp_path / "parcels.csv", csv_text(PARCEL_HEADER, [["P1", "x", "x", "20", "供而未用", "20", "5", date, "收回", ""]]))
    assert_located(error_of(land.read_parcels, f), f, 2, "处置日期")


def test_low_efficiency_done_without_date_and_future_date_warned(tmp_path, catalogue):
    listed = catalogue.lists["low_efficiency_firms"]["items"]
    a, b = listed[0], listed[1]
    f = write(tmp_path / "s.csv", csv_text(["序号", "企业名称", "处置意见", "进展", "完成时间", "备注"], [
        [1, a["name"], a["disposition"], "已完成", "", ""], [2, b["name"], b["disposition"], "已完成", "2025-12-20", ""]]))
    q = Quality()
    status = efficiency.read_low_efficiency_status(f, listed, "2025-10", q)
    assert [(x.row, x.column) for x in q.findings] == [(2, "完成时间"), (3, "完成时间")]
    assert len(status) == len(listed) == 19


def test_tax_above_revenue_warned(tmp_path):
    f = write(tmp_path / "e.csv", csv_text(ENT_HEADER, [ent_row(税收万元="5000", 营业收入万元="3000")]))
    q = Quality()
    efficiency.read_ledger(f, q)
    assert [(x.row, x.column) for x in q.findings] == [(2, "税收万元")]


def test_missing_status_file_lists_all_firms_and_says_so(tmp_path):
    proj = make_project(tmp_path / "proj")
    (proj / "data/raw/enterprises/low_efficiency_status.csv").unlink()
    sources.prepare("2025-10", proj)
    status = pd.read_csv(proj / "data/processed/2025-10/low_efficiency_status.csv", encoding="utf-8-sig")
    assert len(status) == 19 and set(status["进展"]) == {"未更新"}
    assert any("未提供低效企业进展表" in f["message"] for f in _manifest(proj)["quality"])


# ---------------------------------------------------------------- 7/8. YAML: encodings, types, alias bombs
def test_yaml_alias_bomb_refused_quickly(tmp_path):
    lines = ["a: &a [x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 12):
        lines.append(f"{chr(97 + i)}: &{chr(97 + i)} [*{chr(96 + i)}, *{chr(96 + i)}, *{chr(96 + i)}, *{chr(96 + i)}]")
    f = write(tmp_path / "bomb.yaml", "name: x\nassumptions:\n" + "\n".join("  " + x for x in lines) + "\n", "utf-8")
    t = time.perf_counter()
    msg = error_of(validation.load_yaml, f)
    assert time.perf_counter() - t < 2 and "锚点" in msg and "第 3 行" in msg


def test_gbk_scenario_yaml_is_read(tmp_path):
    from analysis import scenarios

    f = write(tmp_path / "s.yaml", "name: 营收增长15%\ndescription: 乐观情形\nassumptions:\n  revenue_growth: 15%\n", "gbk")
    s = scenarios.load_scenario(f)
    assert s.name == "营收增长15%" and s.assumptions["revenue_growth"] == pytest.approx(0.15)


@pytest.mark.parametrize("text, column", [
    ("weights: [1, 2]\n", "weights"),
    ("weights: {tax_per_mu: -5}\n", "weights.tax_per_mu"),
    ("method: bench\n", "method"),
    ("class_cumulative_shares: {A: 0.5, B: 0.3, C: 0.9}\n", "class_cumulative_shares"),
    ("leased_m2_per_mu: 0\n", "leased_m2_per_mu"),
    ("exempt_flags: 公益性\n", "exempt_flags"),
    ("colour: red\n", "colour"),
])
def test_malformed_scoring_settings(tmp_path, text, column):
    f = write(tmp_path / "scoring.yaml", text, "utf-8")
    assert_located(error_of(efficiency.load_settings, f), f, None, column)


def test_scoring_yaml_syntax_error_names_line(tmp_path):
    f = write(tmp_path / "scoring.yaml", "method: minmax\nweights: {tax_per_mu: 45\n", "utf-8")
    assert_located(error_of(efficiency.load_settings, f), f, None, None, "格式错误")


def test_scenario_text_fields_must_be_text(tmp_path):
    from analysis import scenarios

    f = write(tmp_path / "s.yaml", "name: {a: 1}\n", "utf-8")
    assert_located(error_of(scenarios.load_scenario, f), f, None, "name")


# ---------------------------------------------------------------- found by an independent adversarial pass
def test_hidden_first_sheet_is_not_read(tmp_path, catalogue):
    def edit(ws):
        ws.title = "十月"
        old = ws.parent.create_sheet("旧数据", 0)
        old.append(ACT_HEADER)
        old.append(act_row(ytd="9.9"))
        old.sheet_state = "hidden"
    f = xlsx(tmp_path / "2025-06.xlsx", ACT_HEADER, [act_row(ytd="1.5")], edit=edit)
    assert actuals.read_file(f, catalogue).loc[0, "ytd"] == 1.5


def test_two_visible_data_sheets_refused(tmp_path, catalogue):
    def edit(ws):
        ws.title = "10月"
        other = ws.parent.create_sheet("9月")
        other.append(ACT_HEADER)
        other.append(act_row(period="2025-09"))
    f = xlsx(tmp_path / "m.xlsx", ACT_HEADER, [act_row()], edit=edit)
    msg = error_of(actuals.read_file, f, catalogue)
    assert "10月" in msg and "9月" in msg and "月度数据" in msg
    notes = xlsx(tmp_path / "n.xlsx", ACT_HEADER, [act_row()], edit=lambda ws: ws.parent.create_sheet("填表说明").append(["说明"]))
    assert len(actuals.read_file(notes, catalogue)) == 1


@pytest.mark.parametrize("fmt, stored, outcome", [
    ('0!.0000"万"', 662800, "refused"),       # shows 66.2800万: the stored number is in 元
    ("#,##0,", 662800, "refused"),            # shows 663: divided by 1000
    ('#,##0.00"万元"', 66.28, 66.28),          # shows 66.28万元: read as 万元
    ('0.00"亿元"', 0.0066, 66.0),              # shows 0.01亿元: read as 亿元 → 66万元
    ("#,##0.00", 66.28, 66.28),
    ('0.00"亩"', 5, "refused"),               # an area unit in a money column
])
def test_custom_number_formats(tmp_path, fmt, stored, outcome):
    def edit(ws):
        ws["G2"] = stored
        ws["G2"].number_format = fmt
    f = xlsx(tmp_path / "e.xlsx", ENT_HEADER, [ent_row(税收万元=None)], edit=edit)
    if outcome == "refused":
        assert_located(error_of(efficiency.read_ledger, f), f, None, None, "G2" if "亩" not in fmt else "税收万元")
    else:
        assert efficiency.read_ledger(f).loc[0, "tax"] == pytest.approx(outcome)


@pytest.mark.parametrize("fmt, stored, expected", [("0.0\\%", 3.5, 0.035), ('0.0"%"', 16.4, 0.164), ("0.0%", 0.164, 0.164)])
def test_literal_and_true_percent_formats(tmp_path, catalogue, fmt, stored, expected):
    def edit(ws):
        ws["H2"] = stored
        ws["H2"].number_format = fmt
    f = xlsx(tmp_path / "2025-06.xlsx", ACT_HEADER, [act_row(g=None)], edit=edit)
    assert actuals.read_file(f, catalogue).loc[0, "official_growth"] == pytest.approx(expected)


@pytest.mark.parametrize("typed, outcome", [("0.97", "refused"), ("1.0", "refused"), ("97", 97.0), ("97%", 97.0)])
def test_percent_target_with_bare_fraction(tmp_path, catalogue, typed, outcome):
    f = write(tmp_path / "ia.csv", csv_text(["项目编码", "三级指标", "实际完成值"], [[P1, "基础设施维护及时率", typed]]))
    if outcome == "refused":
        assert_located(error_of(budget.read_indicator_actuals, f, catalogue.budget_projects), f, 2, "实际完成值", "%")
    else:
        table = budget.read_indicator_actuals(f, catalogue.budget_projects)
        assert budget._to_float(table.loc[0, "实际完成值"], "%") == outcome


def test_blank_tax_is_warned_not_screened(tmp_path):
    f = write(tmp_path / "e.csv", csv_text(ENT_HEADER, [ent_row(税收万元=""), ent_row(企业代码="E2", 税收万元="0")]))
    q = Quality()
    ledger = efficiency.read_ledger(f, q)
    assert list(efficiency.screen_low_efficiency(ledger, 1.0)["企业代码"]) == ["E2"]
    assert [(x.row, x.column) for x in q.findings] == [(2, "税收万元")] and "税收为空" in q.findings[0].message


def test_flags_are_whole_words(tmp_path):
    rows = [ent_row(企业代码=f"E{i}", 标记=flag) for i, flag in enumerate(["非公益性", "已过建设期", "公益性、初创", ""])]
    f = write(tmp_path / "e.csv", csv_text(ENT_HEADER, rows))
    q = Quality()
    result = efficiency.evaluate(efficiency.read_ledger(f, q))
    assert list(result["等级"] == "不定等级") == [False, False, True, False]
    assert sorted(x.row for x in q.findings if x.column == "标记") == [2, 3]


def test_money_far_below_target_refused(tmp_path):
    rows = _with(_demo_month(), "revenue", 单位="万元")   # the figures are still in 亿元
    proj = _project_with(tmp_path, {"actuals/2025-10.csv": csv_text(ACT_HEADER, rows)})
    assert_located(error_of(sources.prepare, "2025-10", proj), proj / "x/2025-10.csv", 4, "本年累计", "单位填错")


def test_header_only_ledger_refused(tmp_path):
    f = write(tmp_path / "e.csv", csv_text(ENT_HEADER, []))
    assert_located(error_of(efficiency.read_ledger, f), f, None, None, "只有表头")


def test_scoring_weights_must_total_100(tmp_path):
    f = write(tmp_path / "scoring.yaml", "weights: {tax_per_mu: 450, revenue_per_mu: 20, va_per_energy: 15, "
                                         "rd_intensity: 15, labour_productivity: 5}\n", "utf-8")
    assert_located(error_of(efficiency.load_settings, f), f, None, "weights", "100")


def test_infeasible_scenario_file_refused(tmp_path):
    """A bad scenario file is refused by the scenario pages, with every bad file named, and never blocks the
    monthly data (issue 26 #8: one planner's scratch file stopped the 月报, and only one error showed)."""
    import json

    from analysis import build

    proj = make_project(tmp_path / "proj")
    write(proj / "data/raw/scenarios/bad.yml", "name: x\nassumptions:\n  taxed_land_mu: 300\n  exited_land_mu: 500\n", "utf-8")
    write(proj / "data/raw/scenarios/worse.yml", "name: y\nassumptions:\n  no_such: 1\n", "utf-8")
    dest = sources.prepare("2025-10", proj)
    problems = json.loads((dest / "manifest.json").read_text(encoding="utf-8"))["scenario_problems"]
    assert len(problems) == 2
    assert_located(problems[0], proj / "data/raw/scenarios/bad.yml", None, "exited_land_mu", "不大于0")
    assert "worse.yml" in problems[1]
    files = sorted((proj / "data/raw/scenarios").glob("*.y*ml"))
    msg = error_of(build.build_scenarios, files, proj)
    assert "bad.yml" in msg and "worse.yml" in msg and "2 个情景文件有错误" in msg


def test_scenario_labels_never_hide_columns():
    from analysis import scenarios

    made = [scenarios.Scenario(n, "", {}) for n in ("目标", "单位", "营收情景", "营收情景", "基准（文件目标）")]
    assert scenarios.labels(made) == ["情景：目标", "情景：单位", "营收情景", "营收情景（2）", "基准（文件目标）"]
    from analysis.catalogue import load_catalogue

    from .conftest import ROOT

    cat_model = scenarios.Model.from_catalogue(load_catalogue(ROOT / "data/raw/targets/2025.yaml"))
    two = [scenarios.Scenario("营收情景", "", {"revenue_growth": 0.05}), scenarios.Scenario("营收情景", "", {"revenue_growth": 0.4})]
    table = scenarios.outcome_table(cat_model, [scenarios.Scenario("目标", "", {"revenue_growth": 0.05})] + two)
    rev = table.set_index("指标").loc["规上营收"]
    assert rev["目标"] == 65 and rev["情景：目标"] == pytest.approx(56.875)
    assert rev["营收情景"] == pytest.approx(56.875) and rev["营收情景（2）"] == pytest.approx(54.16666 * 1.4, rel=1e-4)


# ---------------------------------------------------------------- found by a second adversarial pass
@pytest.mark.parametrize("code", ["E1\u200b", "\ufeffE1", "Ｅ１", "e1", " E1 "])
def test_codes_that_look_alike_are_one_firm(tmp_path, code):
    f = write(tmp_path / "e.csv", csv_text(ENT_HEADER, [ent_row(), ent_row(企业代码=code, 企业名称="乙")]))
    assert_located(error_of(efficiency.read_ledger, f), f, 3, "企业代码", "重复")


def test_parcel_code_with_zero_width_space_is_a_duplicate(tmp_path):
    row = ["D01", "x", "x", "20", "供而未用", "20", "20", "2025-03-18", "收回", ""]
    f = write(tmp_path / "p.csv", csv_text(PARCEL_HEADER, [row, ["D01\u200b"] + row[1:]]))
    assert_located(error_of(land.read_parcels, f), f, 3, "地块编号", "重复")


def test_invisible_character_in_a_header_is_ignored(tmp_path, catalogue):
    header = [h + "\u200b" if h == "本年累计" else h for h in ACT_HEADER]
    f = write(tmp_path / "2025-06.csv", csv_text(header, [act_row()]))
    assert actuals.read_file(f, catalogue).loc[0, "ytd"] == 1.5


@pytest.mark.parametrize("cell", [2025.1, "2025.1"])
def test_ambiguous_dotted_month_refused(tmp_path, catalogue, cell):
    f = xlsx(tmp_path / "经济指标月报.xlsx", ACT_HEADER, [act_row(period=cell)])
    assert_located(error_of(actuals.read_file, f, catalogue), f, 2, "期间", "2025-10")


def test_ambiguous_dotted_disposal_date_refused(tmp_path):
    f = write(tmp_path / "p.csv", csv_text(PARCEL_HEADER, [["P1", "x", "x", "20", "供而未用", "20", "5", "2025.1", "收回", ""]]))
    assert_located(error_of(land.read_parcels, f), f, 2, "处置日期", "2025-10")


def test_period_outside_the_targets_year_refused(tmp_path):
    from analysis import build
    from analysis.errors import ParameterError

    proj = make_project(tmp_path / "proj")
    write(proj / "data/raw/actuals/2024-10.csv", csv_text(ACT_HEADER, [act_row(period="2024-10", ytd="9.99")]))
    with pytest.raises(ParameterError, match="不在目标年度内：目标目录只有 2025 年"):
        build.build("2024-10", root=proj, notebooks=["00_briefing"])


@pytest.mark.parametrize("note, confirmed", [("已核实：含新入统企业", True), ("是否已核实？待统计局回复", False),
                                             ("未核实", False), (" 已确认", True)])
def test_confirmation_must_lead_the_note(tmp_path, note, confirmed):
    rows = _with(_demo_month(), "tax", 本年累计="100", 备注=note)
    proj = _project_with(tmp_path, {"actuals/2025-10.csv": csv_text(ACT_HEADER, rows)})
    if confirmed:
        sources.prepare("2025-10", proj)
    else:
        assert "5 倍" in error_of(sources.prepare, "2025-10", proj)


@pytest.mark.parametrize("written, read_as", [("营业收入（万元）", "营业收入万元"), ("营业收入 (万元)", "营业收入万元")])
def test_header_with_brackets_is_the_same_column(tmp_path, written, read_as):
    header = [written if h == read_as else h for h in ENT_HEADER]
    f = write(tmp_path / "e.csv", csv_text(header, [ent_row()]))
    assert efficiency.read_ledger(f).loc[0, "revenue"] == 3000.0


@pytest.mark.parametrize("written, meant", [("上年同期", "上年同期累计"), ("官方增速", "官方增速%")])
def test_header_close_to_an_optional_column_refused(tmp_path, catalogue, written, meant):
    header = [written if h == meant else h for h in ACT_HEADER]
    f = write(tmp_path / "2025-06.csv", csv_text(header, [act_row()]))
    assert_located(error_of(actuals.read_file, f, catalogue), f, 1, written, meant)


def test_header_close_to_a_required_column_named(tmp_path, catalogue):
    header = ["本年累计（亿元）" if h == "本年累计" else h for h in ACT_HEADER]
    f = write(tmp_path / "2025-06.csv", csv_text(header, [act_row()]))
    assert_located(error_of(actuals.read_file, f, catalogue), f, 1, "本年累计", "本年累计(亿元)")


def test_done_after_the_period_counts_as_in_progress(tmp_path, catalogue):
    listed = catalogue.lists["low_efficiency_firms"]["items"]
    a = listed[0]
    f = write(tmp_path / "s.csv", csv_text(["序号", "企业名称", "处置意见", "进展", "完成时间", "备注"],
                                           [[1, a["name"], a["disposition"], "已完成", "2025-12-20", ""]]))
    status = efficiency.read_low_efficiency_status(f, listed, "2025-10")
    assert status.set_index("企业名称").loc[a["name"], "进展"] == "推进中"
    assert efficiency.read_low_efficiency_status(f, listed, "2025-12").set_index("企业名称").loc[a["name"], "进展"] == "已完成"


@pytest.mark.parametrize("grade", ["1", "1.5", "0.85", "85", "120%"])
def test_grade_shares_must_be_percentages(tmp_path, catalogue, grade):
    f = write(tmp_path / "ia.csv", csv_text(["项目编码", "三级指标", "实际完成值", "评价等级"], [[P1, "企业的满意度", "", grade]]))
    assert_located(error_of(budget.read_indicator_actuals, f, catalogue.budget_projects), f, 2, "评价等级", "%")


def test_grade_share_scores_in_proportion():
    t = budget.parse_value("有效促进")
    assert budget.score_indicator(t, None, "85%", 10.0, "社会效益指标")[0] == pytest.approx(8.5)
    points, note = budget.score_indicator(t, None, "0.85", 10.0, "社会效益指标")
    assert points != points and "85%" in note   # NaN: a bare 0.85 is not guessed


def test_nothing_applicable_is_not_graded(catalogue):
    project = catalogue.budget_projects[2]
    acts = pd.DataFrame([{"三级指标": i["level3"], "实际完成值": "", "评价等级": "", "不适用": True, "偏差原因": ""}
                         for i in project["indicators"]])
    _, summary = budget.score_project(project, acts, 100.0)
    assert summary["等级"] != "差" and summary["总分"] != summary["总分"]


def test_negative_actual_refused(tmp_path, catalogue):
    f = write(tmp_path / "ia.csv", csv_text(["项目编码", "三级指标", "实际完成值"], [[P1, "招商活动开展次数", "-5"]]))
    assert_located(error_of(budget.read_indicator_actuals, f, catalogue.budget_projects), f, 2, "实际完成值", "负")


@pytest.mark.parametrize("value", [".nan", '"-"', '""', "null"])
def test_empty_scenario_values_refused(tmp_path, value):
    from analysis import scenarios

    f = write(tmp_path / "s.yaml", f"name: x\nassumptions:\n  revenue_growth: {value}\n", "utf-8")
    assert_located(error_of(scenarios.load_scenario, f), f, None, "revenue_growth")


def test_duplicate_yaml_keys_refused(tmp_path):
    f = write(tmp_path / "s.yaml", "name: x\nassumptions:\n  revenue_growth: 15%\n  revenue_growth: 30%\n", "utf-8")
    assert_located(error_of(validation.load_yaml, f), f, 4, None, "两次")


@pytest.mark.parametrize("cell", ["nan", "None", "NaN"])
def test_words_that_are_not_numbers_refused(tmp_path, catalogue, cell):
    f = write(tmp_path / "2025-06.csv", csv_text(ACT_HEADER, [act_row(ytd=cell)]))
    assert_located(error_of(actuals.read_file, f, catalogue), f, 2, "本年累计")


def test_blank_above_scale_refused(tmp_path):
    f = write(tmp_path / "e.csv", csv_text(ENT_HEADER, [ent_row(规上="")]))
    assert_located(error_of(efficiency.read_ledger, f), f, 2, "规上", "不能为空")


def test_last_year_figures_disagreeing_are_flagged(tmp_path):
    rows24 = [r[:3] + ["2024-10", r[5], "", "", "", ""] for r in _demo_month()]
    rows24 = _with(rows24, "tax", 本年累计="9.99")
    proj = _project_with(tmp_path, {"actuals/2024-10.csv": csv_text(ACT_HEADER, rows24),
                                    "actuals/2025-10.csv": csv_text(ACT_HEADER, _demo_month())})
    sources.prepare("2025-10", proj)
    hits = [f for f in _manifest(proj)["quality"] if f["column"] == "上年同期累计"]
    assert [(h["file"], h["row"]) for h in hits] == [("2025-10.csv", 5)] and "2024-10" in hits[0]["message"]


def test_spending_only_in_another_year_flagged(tmp_path, catalogue):
    f = write(tmp_path / "s.csv", csv_text(["项目编码", "期间", "累计支出万元"], [[P1, "2024-12", "300"]]))
    q = Quality()
    budget.read_spending(f, catalogue.budget_projects, q, "2025-10")
    assert len(q.findings) == 3 and P1 in q.findings[0].message and "2025" in q.findings[0].message


def test_date_cell_in_a_number_column_explained(tmp_path, catalogue):
    f = xlsx(tmp_path / "2025-06.xlsx", ACT_HEADER, [act_row(ytd=dt.datetime(2025, 1, 2, 0, 21))])
    assert_located(error_of(actuals.read_file, f, catalogue), f, 2, "本年累计", "日期或时间格式")


def test_multiline_csv_cell_keeps_excel_row_numbers(tmp_path, catalogue):
    text = csv_text(ACT_HEADER, [act_row(note='"第一行\n第二行\n第三行"'), act_row("revenue", "规上企业营业收入", ytd="x")])
    f = write(tmp_path / "2025-06.csv", text)
    assert_located(error_of(actuals.read_file, f, catalogue), f, 3, "本年累计")


def test_merged_header_cell_named(tmp_path):
    def edit(ws):
        ws["O1"] = None
        ws["O2"] = "多出来的"
    f = xlsx(tmp_path / "e.xlsx", ENT_HEADER, [ent_row()], edit=edit)
    assert_located(error_of(efficiency.read_ledger, f), f, 2, "O", "没有表头")


def test_settings_numbers_written_as_1e9(tmp_path):
    f = write(tmp_path / "q.yaml", "max_ratio_to_target: 1e9\n", "utf-8")
    assert actuals.load_quality_settings(f)["max_ratio_to_target"] == 1e9
    g = write(tmp_path / "scoring.yaml", "leased_m2_per_mu: 1.5e3\n", "utf-8")
    assert efficiency.load_settings(g)["leased_m2_per_mu"] == 1500.0


# ---------------------------------------------------------------- found by a third adversarial pass
def test_last_full_year_below_its_own_months_refused(tmp_path):
    rows = _with(_demo_month(), "revenue", 上年全年="4.1667")
    proj = _project_with(tmp_path, {"actuals/2025-10.csv": csv_text(ACT_HEADER, rows)})
    assert_located(error_of(sources.prepare, "2025-10", proj), proj / "x/2025-10.csv", 4, "上年全年", "小于上年同期累计")


def test_part_larger_than_whole_flagged(tmp_path):
    rows = _with(_demo_month(), "hightech_output", 本年累计="65.5535")
    proj = _project_with(tmp_path, {"actuals/2025-10.csv": csv_text(ACT_HEADER, rows)})
    sources.prepare("2025-10", proj)
    hits = [f for f in _manifest(proj)["quality"] if "大于工业总产值" in f["message"]]
    assert len(hits) == 1 and hits[0]["file"] == "2025-10.csv"


def test_revised_sheet_next_to_the_template_sheet_refused(tmp_path, catalogue):
    def edit(ws):
        other = ws.parent.create_sheet("10月修订版")
        other.append(ACT_HEADER)
        other.append(act_row(ytd="2.5"))
    f = xlsx(tmp_path / "2025-06.xlsx", ACT_HEADER, [act_row()], edit=edit)
    assert "10月修订版" in error_of(actuals.read_file, f, catalogue)


def test_graded_firm_without_energy_or_staff_flagged(tmp_path):
    f = write(tmp_path / "e.csv", csv_text(ENT_HEADER, [ent_row(综合能耗吨标煤="0", 年平均职工人数="")]))
    q = Quality()
    efficiency.read_ledger(f, q)
    assert sorted(x.column for x in q.findings) == ["年平均职工人数", "综合能耗吨标煤"]


def test_half_width_brackets_in_a_listed_name(tmp_path, catalogue):
    listed = catalogue.lists["low_efficiency_firms"]["items"]
    firm = next(i for i in listed if "（" in i["name"])
    typed = firm["name"].replace("（", "(").replace("）", ")")
    f = write(tmp_path / "s.csv", csv_text(["序号", "企业名称", "处置意见", "进展", "完成时间", "备注"],
                                           [[1, typed, firm["disposition"], "推进中", "", ""]]))
    status = efficiency.read_low_efficiency_status(f, listed, "2025-10")
    assert status.set_index("企业名称").loc[firm["name"], "进展"] == "推进中"


def test_a_nul_byte_and_an_unclosed_quote_are_named(tmp_path):
    """A NUL byte was "无法识别文件编码"; an unclosed quote was reported as a blank cell three columns on."""
    from analysis import rawio

    nul = tmp_path / "a.csv"
    nul.write_bytes("编号,事项\nDB1,事项\x00A\n".encode("utf-8"))
    assert_located(error_of(rawio.read_text_grid, nul), nul, 2, None, "空字符")
    quote = tmp_path / "b.csv"
    quote.write_text('编号,事项,责任单位\nDB1,"事项A,单位\nDB2,事项B,单位\n', encoding="utf-8")
    assert_located(error_of(rawio.read_text_grid, quote), quote, 2, None, "未配对的双引号")
    ok = tmp_path / "c.csv"
    ok.write_text('编号,事项\nDB1,"两行\n的事项"\nDB2,"引号""内"\n', encoding="utf-8")
    assert len(rawio.read_text_grid(ok).rows) == 3
