"""Monthly actuals in: the template, the forms people type, encodings, and clear errors."""
import pandas as pd
import pytest
from openpyxl import load_workbook

from analysis import actuals, build
from analysis.errors import InputError

from .conftest import make_project

HEADER = "指标代码,指标名称,单位,期间,本年累计,上年同期累计,上年全年,官方增速%,备注\n"


def _csv(path, body, encoding="utf-8"):
    path.write_bytes((HEADER + body).encode(encoding))
    return path


def test_template_lists_every_monthly_indicator(catalogue, tmp_path):
    out = actuals.write_template(catalogue, "2025-06", tmp_path / "t.xlsx")
    ws = load_workbook(out)[actuals.SHEET]
    rows = list(ws.iter_rows(values_only=True))
    assert list(rows[0]) == list(actuals.COLUMNS)
    assert [r[0] for r in rows[1:]] == [i.id for i in catalogue.monthly()]
    assert all(r[3] == "2025-06" for r in rows[1:])
    assert ws.freeze_panes == "E2"
    # a clerk cannot change the code, name, unit or period; the cells to fill are open and prompt
    assert ws.protection.sheet and ws["A2"].protection.locked and ws["D2"].protection.locked
    assert not ws["E2"].protection.locked and not ws["I2"].protection.locked
    prompts = {str(dv.sqref): dv.prompt for dv in ws.data_validations.dataValidation}
    assert "不要填公式" in prompts[f"E2:E{len(rows)}"] and "已核实" in prompts[f"I2:I{len(rows)}"]
    notes = " ".join(str(r[0]) for r in load_workbook(out)["填表说明"].iter_rows(values_only=True))
    assert "13%" in notes and "公式" in notes and "make" not in notes and "data/raw" not in notes


def test_template_is_reproducible(catalogue, tmp_path):
    a = actuals.write_template(catalogue, "2025-06", tmp_path / "a.xlsx").read_bytes()
    b = actuals.write_template(catalogue, "2025-06", tmp_path / "b.xlsx").read_bytes()
    assert a == b


@pytest.mark.parametrize("typed, expected", [
    ("97.01", 97.01), ("97.01亿元", 97.01), ('"9,701万元"', 0.9701), ("９７．０１", 97.01),
    ("970100万元", 97.01), ("", None),
])
def test_value_forms(catalogue, tmp_path, typed, expected):
    f = _csv(tmp_path / "a.csv", f"revenue,,亿元,2025-06,{typed},1,,,\n")
    df = actuals.read_file(f, catalogue)
    got = df.loc[0, "ytd"]
    assert (pd.isna(got) and expected is None) or got == pytest.approx(expected)


def test_percent_official_growth(catalogue, tmp_path):
    f = _csv(tmp_path / "a.csv", "revenue,,亿元,2025-06,30,25,,12.5%,\n")
    assert actuals.read_file(f, catalogue).loc[0, "official_growth"] == pytest.approx(0.125)


def test_name_instead_of_code(catalogue, tmp_path):
    f = _csv(tmp_path / "a.csv", ",税收,亿元,2025-06,1.2,,,,\n")
    assert actuals.read_file(f, catalogue).loc[0, "id"] == "tax"


def test_gbk_utf8_bom_and_xlsx_agree(catalogue, tmp_path):
    body = "tax,税收,亿元,2025-06,1.5亿元,\"12,000万元\",,,备注中文\nabove_scale_firms,规上企业数量,家,2025-06,４８,44,,,\n"
    a = actuals.read_file(_csv(tmp_path / "gbk.csv", body, "gbk"), catalogue)
    b = actuals.read_file(_csv(tmp_path / "bom.csv", body, "utf-8-sig"), catalogue)
    x = tmp_path / "x.xlsx"
    pd.read_csv(tmp_path / "bom.csv", dtype=str, keep_default_na=False, encoding="utf-8-sig").to_excel(
        x, index=False, sheet_name=actuals.SHEET)
    c = actuals.read_file(x, catalogue)
    cols = ["id", "period", "ytd", "ytd_last", "note"]
    pd.testing.assert_frame_equal(a[cols], b[cols])
    pd.testing.assert_frame_equal(a[cols], c[cols])
    assert a.loc[0, "ytd_last"] == pytest.approx(1.2) and a.loc[0, "note"] == "备注中文"


@pytest.mark.parametrize("body, row, column, fragment", [
    ("tax,,亿元,2025-06,约1.5,,,,\n", 2, "本年累计", "约1.5"),
    ("tax,,亿元,2025-06,1.5,,,,\nrevenue,,亿元,2025-13,3,,,,\n", 3, "期间", "YYYY-MM"),
    ("tax,,亿元,2025-06,45亩,,,,\n", 2, "本年累计", "单位不符"),
    ("taxes,,亿元,2025-06,1,,,,\n", 2, "指标代码", "taxes"),
])
def test_errors_name_file_row_column(catalogue, tmp_path, body, row, column, fragment):
    f = _csv(tmp_path / "bad.csv", body)
    with pytest.raises(InputError) as e:
        actuals.read_file(f, catalogue)
    msg = str(e.value)
    assert "bad.csv" in msg and f"第 {row} 行" in msg and f"列 {column}" in msg and fragment in msg


def test_missing_column(catalogue, tmp_path):
    f = tmp_path / "a.csv"
    f.write_text("指标代码,期间\ntax,2025-06\n", encoding="utf-8")
    with pytest.raises(InputError, match="缺少列.*本年累计|本年累计.*缺少列"):
        actuals.read_file(f, catalogue)


def test_duplicates_across_files(tmp_path, catalogue):
    proj = make_project(tmp_path / "p", with_demo=False)
    _csv(proj / "data/raw/actuals/a.csv", "tax,,亿元,2025-06,1,,,,\n")
    _csv(proj / "data/raw/actuals/b.csv", "tax,,亿元,2025-06,2,,,,\n")
    with pytest.raises(InputError, match="a.csv:2.*b.csv:2"):
        actuals.collect(proj, catalogue)


def test_real_data_replaces_demo(tmp_path, catalogue):
    proj = make_project(tmp_path / "p")
    assert actuals.collect(proj, catalogue).demo is True
    _csv(proj / "data/raw/actuals/2025-06.csv", "tax,,亿元,2025-06,1,,,,\n")
    got = actuals.collect(proj, catalogue)
    assert got.demo is False and list(got.frame.id) == ["tax"]


def test_template_to_briefing_by_hand(tmp_path, catalogue):
    """analysis template → fill a few cells → build: the briefing shows the hand-worked numbers."""
    proj = make_project(tmp_path / "p", with_demo=False)
    path = actuals.write_template(catalogue, "2025-06", proj / "data/raw/actuals/2025-06.xlsx")
    wb = load_workbook(path)
    ws = wb[actuals.SHEET]
    for row in ws.iter_rows(min_row=2):
        if row[0].value == "tax":
            row[4].value, row[5].value, row[6].value = "1.5亿元", 1.2, 2.736 / 1.476
        if row[0].value == "revenue":
            row[4].value, row[5].value = "300,000万元", 27
    wb.save(path)
    # every page the inputs allow (no ledgers here): the 月报 needs them all
    dest = build.build("2025-06", root=proj, notebooks=["00_summary", "00_briefing", "10_growth", "30_innovation",
                                                        "60_scenarios", "90_audit"])
    html = (dest / "00_briefing.html").read_text(encoding="utf-8")
    assert "示例数据" not in html
    monthly = (dest / "月报.html").read_text(encoding="utf-8")     # the 月报 from typed figures alone
    assert "示例数据" not in monthly and "领导摘要" in monthly and (dest / "月报.pdf").exists()
    assert monthly.index('id="sec-00_summary"') < monthly.index('id="sec-00_briefing"')
    # 税收 1.5/2.736 = 54.8%, 序时 50% → +4.8 pp; 营收 30/65 = 46.2% → −3.8 pp, 还需 35亿, 月均 5.83亿
    assert "54.8%" in html and "<td>+4.8</td>" in html
    assert "规上企业营业收入滞后：本年累计30.00亿元，完成率46.2%，落后序时进度3.8个百分点" in html
    assert "剩余6个月月均需完成5.83亿元" in html
    assert "未填报" in html

    # the same figures as a GBK CSV give the same processed table
    proj2 = make_project(tmp_path / "q", with_demo=False)
    _csv(proj2 / "data/raw/actuals/2025-06.csv",
         f"tax,税收,亿元,2025-06,1.5亿元,1.2,{2.736 / 1.476},,\nrevenue,营收,亿元,2025-06,\"300,000万元\",27,,,\n",
         "gbk")
    from analysis.sources import prepare

    a = pd.read_csv(prepare("2025-06", proj) / "actuals.csv", encoding="utf-8-sig")
    b = pd.read_csv(prepare("2025-06", proj2) / "actuals.csv", encoding="utf-8-sig")
    cols = ["id", "period", "ytd", "ytd_last", "last_full"]
    pd.testing.assert_frame_equal(a[cols].dropna(subset=["ytd"]).reset_index(drop=True),
                                  b[cols].dropna(subset=["ytd"]).reset_index(drop=True))


def test_period_without_data_is_an_error(project):
    from analysis.errors import InputError

    with pytest.raises(InputError, match="2025-12 没有任何月度数据"):
        build.build("2025-12", root=project)
    assert not (project / "reports" / "2025-12").exists()


def test_processed_keeps_codes_and_names_demo_parts(tmp_path):
    """Codes with leading zeros survive raw → processed → load; the manifest names what is synthetic."""
    from analysis import sources

    proj = make_project(tmp_path / "p")
    (proj / "data/raw/enterprises/enterprises.csv").write_text(
        "企业代码,企业名称,规上,自有用地亩,税收万元\n0012,示例甲,是,10,5\n", encoding="utf-8")
    sources.prepare("2025-10", proj)
    b = sources.load("2025-10", proj / "data/processed")
    assert list(b.tables["enterprises"]["code"]) == ["0012"]
    assert "企业台账" not in b.manifest["demo_parts"] and "月度数据" in b.manifest["demo_parts"]
    assert b.demo
