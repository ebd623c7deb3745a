"""The workbook writer (XlsxWriter) and the column-wise fast path of the validating reader."""
from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest
from openpyxl import load_workbook

from analysis import validation, xlsx
from analysis.errors import InputError


def frame():
    return pd.DataFrame({
        "企业名称": ["示例企业甲", "=HYPERLINK(\"x\")", None, "长名称" * 30],
        "税收（万元）": [12.345, -3.0, np.nan, 1234567.891],
        "占比": [0.125, 0.5, 1.0, 0.0],
        "家数": pd.array([3, 0, None, 12], dtype="Int64"),
        "混合": [1.0, 2.5, 3.0, 4.0],
        "日期": [dt.date(2025, 3, 5), None, None, None],
    })


def write(tmp_path, **kw):
    f = tmp_path / "t.xlsx"
    xlsx.write_tables({"表一": (frame(), {"占比": "0.0%", "混合": ["#,##0", "#,##0.00", "#,##0", "#,##0"]})}, f,
                      notice=kw.get("notice"), title=kw.get("title"))
    return f


def test_cells_formats_and_layout(tmp_path):
    f = write(tmp_path, notice="⚠ 示例数据 & 说明", title="单位 2025年10月")
    ws = load_workbook(f)["表一"]
    assert ws["A1"].value == "⚠ 示例数据 & 说明" and ws["A1"].font.b
    assert ws.oddHeader.center.text == "⚠ 示例数据 && 说明"          # '&&' is how a page header prints '&'
    assert ws["A2"].value == "表一　单位 2025年10月"
    assert [c.value for c in ws[3]] == ["企业名称", "税收（万元）", "占比", "家数", "混合", "日期"]
    assert ws["A3"].font.b and ws["A3"].fill.fgColor.rgb.endswith("DCE6F0")
    assert ws.freeze_panes == "A4" and ws.print_title_rows == "$3:$3"
    assert ws.oddFooter.center.text == "第 &P 页，共 &N 页"
    # values: numbers stay numbers, missing stays empty, formula-like text stays text
    assert ws["B4"].value == 12.345 and ws["B4"].number_format == "#,##0.00"   # float column default
    assert ws["B6"].value is None and ws["A6"].value is None and ws["D6"].value is None
    assert ws["C4"].number_format == "0.0%" and ws["C6"].value == 1
    assert ws["D7"].value == 12 and ws["D4"].data_type == "n"
    assert [ws[f"E{r}"].number_format for r in range(4, 8)] == ["#,##0", "#,##0.00", "#,##0", "#,##0"]
    assert ws["A5"].data_type == "s" and ws["A5"].quotePrefix and ws["A5"].value.startswith("=HYPERLINK")
    assert ws["F4"].value == dt.datetime(2025, 3, 5) and ws["F4"].number_format == "yyyy-mm-dd"
    assert ws["A4"].alignment.wrap_text                               # text wraps
    # widths: a CJK character counts two; capped at 40 for text, 18 for numbers
    assert ws.column_dimensions["A"].width == pytest.approx(40, abs=1)
    assert ws.column_dimensions["B"].width == pytest.approx(len("1,234,567.89") + 2, abs=1)


def test_same_tables_same_bytes(tmp_path):
    a = write(tmp_path).read_bytes()
    b = write(tmp_path).read_bytes()
    assert a == b


def test_column_width_is_the_widest_cell():
    assert xlsx.column_width(pd.Series([1.5, -12345.678, 3.0], name="x"), "#,##0.00") == len("-12,345.68")
    assert xlsx.column_width(pd.Series(["ab", "示例企业", None], name="名"), None) == 8
    assert xlsx.column_width(pd.Series([0.125], name="占比"), "0.0%") == len("12.5%")
    assert xlsx.column_width(pd.Series([0.125], name="高新占比"), "0.0%") == 8           # the header is wider
    assert xlsx.column_width(pd.Series([1.0, 2.0], name="n"), ["#,##0", "0.0%"]) == len("200.0%")


def test_table_longer_than_a_sheet_goes_to_csv(tmp_path, monkeypatch):
    monkeypatch.setattr(xlsx, "EXCEL_ROWS", 5)
    big = pd.DataFrame({"企业代码": [f"B{i:03d}" for i in range(10)], "税收万元": np.arange(10.0)})
    f = tmp_path / "tables.xlsx"
    spilled = xlsx.write_tables({"明细": (big, {}), "小表": (big.head(2), {})}, f, title="t")
    assert spilled == [tmp_path / "tables-明细.csv"]
    back = pd.read_csv(spilled[0], encoding="utf-8-sig")
    assert list(back["企业代码"]) == list(big["企业代码"]) and back["税收万元"].sum() == 45
    wb = load_workbook(f)
    assert "10 行" in wb["明细"]["A2"].value and "tables-明细.csv" in wb["明细"]["A2"].value
    assert wb["小表"]["A3"].value == "B000"           # title row, header, data


# ---------------------------------------------------------------- the reader's column-wise fast path
SPEC = validation.Spec("测试台账", (
    validation.Column("企业代码", "code", "code", required=True, nonblank=True),
    validation.Column("税收", "tax", "number", unit="万元", min=0),
    validation.Column("人数", "staff", "number", whole=True),
), key=("code",))


def read_both(path, monkeypatch):
    fast = validation.read(path, SPEC)

    def doubtful(*a, **k):
        raise validation._Doubtful

    monkeypatch.setattr(validation, "_read_by_column", doubtful)
    slow = validation.read(path, SPEC)
    monkeypatch.undo()
    return fast, slow


def test_fast_path_reads_exactly_as_cell_by_cell(tmp_path, monkeypatch):
    f = tmp_path / "t.csv"
    f.write_text("企业代码,税收,人数\n"
                 "a1,12.5,3\n"
                 "A2,1.2亿元,４\n"          # a unit converted, full-width digits
                 "ａ3,,\n"                   # blanks
                 "a4,—,7.0\n"
                 "a5,\"1,234\",0\n", encoding="utf-8")
    fast, slow = read_both(f, monkeypatch)
    pd.testing.assert_frame_equal(fast, slow)
    assert list(fast["code"]) == ["A1", "A2", "A3", "A4", "A5"]
    assert fast["tax"].tolist()[:2] == [12.5, 12000.0] and np.isnan(fast["tax"][2])
    assert fast["staff"].tolist()[:2] == [3.0, 4.0] and list(fast["_row"]) == [2, 3, 4, 5, 6]


@pytest.mark.parametrize("rows, row, column", [
    ("a1,-1,3\na2,x,2.5\n", 2, "税收"),          # the first error in reading order, not the first column
    ("a1,1,2.5\na2,-1,3\n", 2, "人数"),
    ("a1,1,2\na1,2,3\n", 3, "企业代码"),         # duplicate key
    ("a1,1,2\n,2,3\n", 3, "企业代码"),           # required
    ("a1,3公顷,2\n", 2, "税收"),                 # a unit of another dimension
])
def test_a_doubtful_table_names_the_first_bad_cell(tmp_path, rows, row, column):
    f = tmp_path / "t.csv"
    f.write_text("企业代码,税收,人数\n" + rows, encoding="utf-8")
    with pytest.raises(InputError) as e:
        validation.read(f, SPEC)
    assert e.value.row == row and e.value.column == column, str(e.value)


def test_wrapped_rows_get_their_height_and_wide_sheets_print_large_enough(tmp_path):
    """Issue 24 #8: wrapped text overprinted the next row in LibreOffice (no row heights were written), and
    23-column sheets shrank to about 4 pt on A4."""
    note = "按不增不减的口径核算，" * 8     # 80 CJK characters (160 units) in a 40-wide column, 39 a line: 5 lines
    narrow = pd.DataFrame({"指标": ["税收", "工业总产值"], "说明": [note, "短"]})
    wide = pd.DataFrame({f"第{i}列说明文字": ["较长的说明文字" * 3] for i in range(16)})
    mid = pd.DataFrame({f"列{i}": [1.5] for i in range(13)})
    path = tmp_path / "t.xlsx"
    xlsx.write_tables({"窄": (narrow, {}), "宽": (wide, {}), "中": (mid, {})}, path)
    wb = load_workbook(path)
    ws = wb["窄"]
    assert ws.row_dimensions[2].height == 15 * 5 and ws.row_dimensions[3].height is None
    assert ws.page_setup.paperSize == 9 and ws.page_setup.orientation == "portrait"
    big = wb["宽"]
    assert big.page_setup.paperSize == 8 and big.page_setup.orientation == "landscape"   # A3
    assert all(big.column_dimensions[c].width <= xlsx.NARROW_TEXT + 1 for c in "ABCDEFGHIJKLMNOP")
    assert wb["中"].page_setup.paperSize == 9 and wb["中"].page_setup.orientation == "landscape"


def test_templates_print_on_one_landscape_page_wide(tmp_path):
    from analysis import actuals, catalogue, paths, projects

    cat = catalogue.load_catalogue(paths.targets_file(paths.project_root()))
    wb = load_workbook(actuals.write_template(cat, "2025-11", tmp_path / "m.xlsx"))
    for ws in wb.worksheets:
        assert ws.page_setup.orientation == "landscape" and ws.page_setup.fitToWidth == 1
        assert ws.page_setup.fitToHeight == 0 and ws.sheet_properties.pageSetUpPr.fitToPage
    assert wb.worksheets[0].print_title_rows == "$1:$1"
    assert wb["填表说明"]["A2"].alignment.wrap_text                 # 填表说明 no longer cut at the margin
    p = load_workbook(projects.write_template(cat, tmp_path / "p.xlsx")).worksheets[0]
    assert p.page_setup.paperSize == 8 and p.page_setup.fitToWidth == 2 and p.print_title_cols == "$A:$A"


def test_text_longer_than_a_cell_holds_says_it_was_cut(tmp_path):
    long = "说明" * 20_000                                 # 40,000 characters
    path = tmp_path / "t.xlsx"
    xlsx.write_tables({"表": (pd.DataFrame({"备注": [long, "短"]}), {})}, path)
    got = load_workbook(path)["表"]["A2"].value
    assert len(got) == xlsx.CELL_CHARS and got.endswith(xlsx.CUT_NOTE) and got.startswith("说明说明")
