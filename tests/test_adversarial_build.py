"""Adversarial parameters and faults (issue 9): what the command does with contradictory parameters,
hostile text, failing notebooks, unwritable or half-written output and internal defects.

Exit codes: 0 built, 2 bad input or parameter, 1 anything else; no traceback on the terminal.
"""
import json
import re
import zipfile

import nbformat
import pytest

from analysis import build, cli, present, sources, xlsx
from analysis.errors import BuildError, OutputError

from .conftest import make_project


def run(proj, monkeypatch, capsys, *argv):
    monkeypatch.setenv("ANALYSIS_ROOT", str(proj))
    code = cli.main(list(argv))
    out = capsys.readouterr()
    assert "Traceback" not in out.err and "Traceback" not in out.out
    return code, out.err


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    """One build whose inputs carry formula and markup text in every free-text field."""
    proj = make_project(tmp_path_factory.mktemp("hostile") / "proj")
    ent = proj / "data/raw/demo/enterprises/enterprises.csv"
    text = ent.read_text(encoding="utf-8-sig")
    text = text.replace("示例企业01", '"=HYPERLINK(""http://x.example"",""点我"")"', 1)
    text = text.replace("示例企业02", "+cmd|' /C calc'!A0", 1)
    text = text.replace("示例企业03", "@SUM(1+1)", 1)
    text = text.replace("示例企业04", "<script>alert(1)</script>", 1)
    ent.write_text(text, encoding="utf-8-sig")
    status = proj / "data/raw/enterprises/low_efficiency_status.csv"
    lines = status.read_text(encoding="utf-8-sig").splitlines()
    lines[1] = lines[1].rstrip(",") + ",推进中,,=1+1<img src=x onerror=alert(2)>"
    lines[1] = ",".join(lines[1].split(",")[:3] + ["推进中", "", "=1+1<img src=x onerror=alert(2)>"])
    status.write_text("\n".join(lines) + "\n", encoding="utf-8-sig")
    (proj / "data/raw/scenarios/evil.yaml").write_text(
        "name: '<script>alert(3)</script>'\n"
        "description: '[点此](javascript:alert(4)) <img src=x onerror=alert(5)> $x^2$'\n"
        "assumptions:\n  revenue_growth: 15%\n", encoding="utf-8")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("MPLBACKEND", "Agg")
        dest = build.build("2025-10", root=proj)       # whole: the 月报 is made only from every page
    return proj, dest


def test_hostile_text_is_inert_in_html(hostile):
    proj, dest = hostile
    pages = [dest / "20_land_efficiency.html", dest / "月报.html", proj / "reports/scenarios/index.html"]
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert "<script" not in html.lower(), page
        assert not re.search(r"<img[^>]*onerror", html, re.I), page
        assert 'href="javascript:' not in html.lower(), page
    scen = pages[2].read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(3)&lt;/script&gt;" in scen or "&lt;script&gt;alert\\(3\\)" in scen
    land = pages[0].read_text(encoding="utf-8")
    assert "=1+1&lt;img" in land and "=1+1&lt;img" in pages[1].read_text(encoding="utf-8")
    # the hostile firm name is in the workbook's full evaluation table, as plain text
    from openpyxl import load_workbook

    names = [c.value for c in load_workbook(dest / "tables.xlsx")["亩均效益评价"]["B"]]
    assert "<script>alert(1)</script>" in names


def test_hostile_text_is_text_in_excel(hostile):
    _, dest = hostile
    with zipfile.ZipFile(dest / "tables.xlsx") as z:
        sheets = {n: z.read(n).decode() for n in z.namelist() if n.startswith("xl/worksheets/")}
    joined = "".join(sheets.values())
    assert "<f>" not in joined and "<f " not in joined
    for fragment in ("=HYPERLINK(", "+cmd|", "@SUM(1+1)", "=1+1&lt;img"):
        assert fragment in joined, fragment


def test_write_tables_quotes_formula_like_text(tmp_path):
    import pandas as pd
    from openpyxl import load_workbook

    df = pd.DataFrame({"企业名称": ["=1+1", "-2+3", "\t=x", "正常"], "数值": [1, -2, 3, 4]})
    f = tmp_path / "t.xlsx"
    xlsx.write_tables({"表": (df, {})}, f)
    ws = load_workbook(f)["表"]
    assert [c.data_type for c in ws["A"][1:]] == ["s", "s", "s", "s"]
    assert [c.quotePrefix for c in ws["A"][1:4]] == [True, True, True]
    assert ws["B3"].value == -2 and ws["B3"].data_type == "n"  # numbers stay numbers


@pytest.mark.parametrize("text", ["<script>alert(1)</script>", "[x](javascript:alert(1))", "![i](http://x/y.png)",
                                  "<img src=x onerror=alert(1)>", "**粗体** _x_"])
def test_md_text_is_inert(text):
    from nbconvert.filters.markdown_mistune import markdown2html_mistune  # what nbconvert renders with

    rendered = markdown2html_mistune(present.md_text(text))
    assert "<script" not in rendered and "<img" not in rendered and "<a " not in rendered
    assert "<strong>" not in rendered and "<em>" not in rendered


# ---------------------------------------------------------------- 5. parameters that contradict the build
@pytest.fixture
def proj(tmp_path):
    return make_project(tmp_path / "proj")


@pytest.mark.parametrize("argv, fragment", [
    (["-p", "period=2025-09"], "不能用 -p"),
    (["-p", "data_dir=/tmp"], "不能用 -p"),
    (["-p", "relet_mu=-500"], "超出允许范围"),
    (["-p", "relet_mu=.nan"], "超出允许范围"),
    (["-p", "taxed_land_mu=1e9"], "超出允许范围"),
    (["-p", "tolerance_pp=-1"], "超出允许范围"),
    (["-p", "scoring_method=bench"], "可选"),
    (["-p", "time_method=weeks"], "可选"),
    (["-p", "time_method=weekly"], "可选"),
    (["-p", "overrides={revenue_growth: 500%}"], "revenue_growth"),
    (["-p", "overrides={tax_growth: 10%, tax_to_revenue: 4%}"], "只能设一个"),
    (["-p", "overrides={relet_mu: -3}"], "relet_mu"),
    (["-p", "overrides=[1, 2]"], "dict"),
    (["-p", "relet_mu=200亩"], "float"),
    (["-p", "nosuch=1"], "没有声明参数"),
    (["--notebook", "99_nosuch"], "找不到笔记本"),
])
def test_bad_parameters_exit_2_before_anything_runs(proj, monkeypatch, capsys, argv, fragment):
    code, err = run(proj, monkeypatch, capsys, "build", "--period", "2025-10", *argv)
    assert code == 2 and fragment in err, err
    assert not (proj / "reports/2025-10").exists() and not (proj / "data/processed/2025-10").exists()


@pytest.mark.parametrize("period", ["2025-6", "2025-13", "1900-01", "二〇二五年"])
def test_bad_period_exit_2(proj, monkeypatch, capsys, period):
    code, err = run(proj, monkeypatch, capsys, "validate", "--period", period)
    assert code == 2 and ("YYYY-MM" in err or "年份" in err)


def test_bad_input_exit_2_with_location(proj, monkeypatch, capsys):
    f = proj / "data/raw/demo/land/parcels.csv"
    f.write_text(f.read_text(encoding="utf-8-sig").replace("2025-03-18", "2025-02-30"), encoding="utf-8-sig")
    code, err = run(proj, monkeypatch, capsys, "validate", "--period", "2025-10")
    assert code == 2 and "parcels.csv" in err and "第 2 行" in err and "处置日期" in err


def test_validate_prints_the_warnings(proj, monkeypatch, capsys):
    f = proj / "data/raw/demo/land/parcels.csv"
    f.write_text(f.read_text(encoding="utf-8-sig").replace("2025-03-18", "2025-11-18"), encoding="utf-8-sig")
    code, err = run(proj, monkeypatch, capsys, "validate", "--period", "2025-10")
    assert code == 0 and "数据质量提示" in err and "parcels.csv，第 2 行，列 处置日期" in err


# ---------------------------------------------------------------- 7/8. faults: exit codes, no tracebacks, nothing half-done
def test_internal_defect_is_exit_1_with_a_log_not_a_traceback(proj, monkeypatch, capsys):
    def broken(*a, **k):
        raise ValueError("a bug, not an input")

    monkeypatch.setattr(sources, "prepare", broken)
    code, err = run(proj, monkeypatch, capsys, "validate", "--period", "2025-10")
    assert code == 1 and "内部错误" in err
    log = re.search(r"(/\S+zone-analysis-error-\S+\.log)", err).group(1)
    assert "a bug, not an input" in open(log, encoding="utf-8").read()


def test_unwritable_output_is_exit_1_and_clear(proj, monkeypatch, capsys):
    (proj / "reports").write_text("a file where the reports folder should be")
    code, err = run(proj, monkeypatch, capsys, "build", "--period", "2025-10", "--notebook", "10_growth")
    assert code == 1 and "无法写入报告目录" in err and str(proj / "reports") in err
    assert (proj / "reports").read_text() == "a file where the reports folder should be"


def test_stray_file_in_place_of_a_period_folder_is_replaced_whole(proj):
    (proj / "reports").mkdir(exist_ok=True)
    (proj / "reports/2025-10").write_text("stray")
    dest = build.build("2025-10", root=proj, notebooks=["10_growth"])
    assert (dest / "10_growth.html").exists() and not (proj / "reports/.2025-10.old").exists()


def test_second_build_while_one_runs_is_refused(proj):
    with sources.build_lock(proj):
        with pytest.raises(OutputError, match="另一个构建"):
            build.build("2025-10", root=proj, notebooks=["10_growth"])


def test_missing_ledger_refused_before_running(proj, monkeypatch, capsys):
    (proj / "data/raw/demo/land/parcels.csv").unlink()
    code, err = run(proj, monkeypatch, capsys, "build", "--period", "2025-10", "--notebook", "20_land_efficiency")
    assert code == 2 and "五未地块台账" in err and "data/raw/land/parcels" in err
    assert not (proj / "reports/2025-10").exists()


def _break(nb_path):
    nb = nbformat.read(nb_path, as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell("raise RuntimeError('boom in cell')"))
    nbformat.write(nb, nb_path)


def test_failed_notebook_is_kept_and_reports_untouched(proj, monkeypatch, capsys):
    build.build("2025-10", root=proj, notebooks=["10_growth"])
    before = {p.name: p.read_bytes() for p in (proj / "reports/2025-10").iterdir()}
    _break(proj / "notebooks/10_growth.ipynb")
    code, err = run(proj, monkeypatch, capsys, "build", "--period", "2025-10", "--notebook", "10_growth")
    kept = proj / "build/failed/2025-10/10_growth.ipynb"
    assert code == 1 and "boom in cell" in err and str(kept) in err
    assert "boom in cell" in kept.read_text(encoding="utf-8")
    assert {p.name: p.read_bytes() for p in (proj / "reports/2025-10").iterdir()} == before
    assert not [p for p in (proj / "reports").iterdir() if p.name.startswith(".build-")]


def test_killed_build_leftovers_are_cleaned(proj):
    (proj / "reports/.build-2025-10-abc123").mkdir(parents=True)
    (proj / "reports/.build-2025-10-abc123/half.html").write_text("half")
    (proj / "reports/.2025-10.old").mkdir()
    (proj / "data/processed/.build-2025-10-xyz").mkdir(parents=True)
    build.build("2025-10", root=proj, notebooks=["10_growth"])
    left = [p.name for d in (proj / "reports", proj / "data/processed") for p in d.iterdir()
            if p.name.startswith(".build-") or p.name.endswith(".old")]
    assert left == []


def test_failing_scenario_page_keeps_the_period_report(proj, monkeypatch):
    def fail(*a, **k):
        raise BuildError("情景笔记本出错")

    monkeypatch.setattr(build, "build_scenarios", fail)
    with pytest.raises(BuildError, match="简报已生成") as e:
        build.build("2025-10", root=proj, notebooks=["10_growth"])
    assert "情景笔记本出错" in str(e.value)
    assert (proj / "reports/2025-10/10_growth.html").exists()


def test_failing_workbook_keeps_the_previous_report(proj, monkeypatch):
    from analysis import tables

    dest = build.build("2025-10", root=proj, notebooks=["10_growth"])
    before = {f: (dest / f).read_bytes() for f in ("index.html", "10_growth.html", "tables.xlsx")}

    def fail(*a, **k):   # the workbook is written beside the pages, in a thread: its error still stops the build
        raise OutputError("无法写入 tables.xlsx：磁盘已满")

    monkeypatch.setattr(tables, "write_workbook", fail)
    with pytest.raises(OutputError, match="磁盘已满"):
        build.build("2025-10", root=proj, notebooks=["10_growth"], force=True)
    assert {f: (dest / f).read_bytes() for f in before} == before
    assert not [p for p in (proj / "reports").iterdir() if p.name.startswith(".build-")]


def test_quality_section_on_index_and_note_on_pages(proj):
    f = proj / "data/raw/demo/land/parcels.csv"
    f.write_text(f.read_text(encoding="utf-8-sig").replace("2025-03-18", "2025-11-18"), encoding="utf-8-sig")
    dest = build.build("2025-10", root=proj, notebooks=["10_growth"])
    index = (dest / "index.html").read_text(encoding="utf-8")
    assert "<h2>数据质量</h2>" in index and "parcels.csv" in index and "第 2 行" in index and "晚于报告期" in index
    assert "数据质量提示" in (dest / "10_growth.html").read_text(encoding="utf-8")
    manifest = json.loads((dest / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["quality"][0]["row"] == 2


def test_clean_inputs_say_so(proj):
    status = proj / "data/raw/enterprises/low_efficiency_status.csv"   # a progress table that has been filled in
    lines = status.read_text(encoding="utf-8-sig").splitlines()
    lines[1] = ",".join(lines[1].split(",")[:3] + ["推进中", "", ""])
    status.write_text("\n".join(lines) + "\n", encoding="utf-8-sig")
    dest = build.build("2025-10", root=proj, notebooks=["10_growth"])
    index = (dest / "index.html").read_text(encoding="utf-8")
    assert "未发现需要提示的疑点" in index
    assert "数据质量提示" not in (dest / "10_growth.html").read_text(encoding="utf-8")


# ---------------------------------------------------------------- found by an independent adversarial pass
@pytest.mark.parametrize("argv, fragment", [
    (["--notebook", "20_land_efficiency", "-p", "taxed_land_mu=100"], "不小于纳税企业用地"),
    (["--notebook", "60_scenarios", "-p", "overrides={exited_land_mu: 5000}"], "不大于0"),
    (["--notebook", "60_scenarios", "-p", "scenario=nosuch"], "找不到情景文件"),
    (["--notebook", "50_budget", "-p", "budget_weight=100", "-p", "output_weight=100"], "合计应为 100"),
])
def test_parameters_checked_against_the_data(proj, monkeypatch, capsys, argv, fragment):
    code, err = run(proj, monkeypatch, capsys, "build", "--period", "2025-10", *argv)
    assert code == 2 and fragment in err, err
    assert not (proj / "reports/2025-10").exists()


def test_scenario_file_name_is_escaped_in_links(proj, monkeypatch, capsys):
    evil = proj / 'data/raw/scenarios/q"x onmouseover=alert(1) y.yaml'
    evil.write_text("name: q\n", encoding="utf-8")
    code, _ = run(proj, monkeypatch, capsys, "scenarios", str(evil), "--output", str(proj / "cmp"), "--notebooks",
                  "--period", "2025-10")
    html = (proj / "cmp/index.html").read_text(encoding="utf-8")
    assert code == 0 and not re.search(r"<[^>]*\sonmouseover=", html)   # shown as text, never an attribute
    assert 'href="q%22x%20onmouseover%3Dalert%281%29%20y.html"' in html


def test_validate_waits_for_no_build_and_needs_data(proj, monkeypatch, capsys):
    with sources.build_lock(proj):
        code, err = run(proj, monkeypatch, capsys, "validate", "--period", "2025-10")
    assert code == 1 and "另一个构建" in err
    code, err = run(proj, monkeypatch, capsys, "validate", "--period", "2025-12")
    assert code == 2 and "2025-12 没有任何月度数据" in err


def test_partial_build_keeps_pages_of_the_same_inputs_only(proj, monkeypatch, capsys):
    build.build("2025-10", root=proj, notebooks=["10_growth", "20_land_efficiency", "90_audit"])
    growth = (proj / "reports/2025-10/10_growth.html").read_bytes()
    build.build("2025-10", root=proj, notebooks=["90_audit"])
    assert (proj / "reports/2025-10/10_growth.html").read_bytes() == growth
    assert "10_growth.html" in (proj / "reports/2025-10/index.html").read_text(encoding="utf-8")
    # a parcel changes: the land page, which reads the parcels, can no longer stay; the targets page can
    f = proj / "data/raw/demo/land/parcels.csv"
    f.write_text(f.read_text(encoding="utf-8-sig").replace("2025-03-18", "2025-03-19"), encoding="utf-8-sig")
    code, err = run(proj, monkeypatch, capsys, "build", "--period", "2025-10", "--notebook", "90_audit")
    assert code == 0 and "已移除：20_land_efficiency" in err
    assert not (proj / "reports/2025-10/20_land_efficiency.html").exists()
    assert (proj / "reports/2025-10/10_growth.html").read_bytes() == growth


def test_unkeepable_failed_notebook_does_not_mask_the_error(proj, monkeypatch, capsys):
    (proj / "build").mkdir()
    (proj / "build/failed").write_text("a file")
    _break(proj / "notebooks/10_growth.ipynb")
    code, err = run(proj, monkeypatch, capsys, "build", "--period", "2025-10", "--notebook", "10_growth")
    assert code == 1 and "boom in cell" in err


def test_demo_workbook_says_demo_on_every_sheet(hostile):
    from openpyxl import load_workbook

    _, dest = hostile
    wb = load_workbook(dest / "tables.xlsx")
    for ws in wb.worksheets:
        assert "示例数据" in str(ws["A1"].value) and "示例数据" in ws.oddHeader.center.text, ws.title
        assert "2025-10" in str(ws["A2"].value)            # period and source above the header
        assert ws.freeze_panes == "A4" and ws.print_title_rows == "$3:$3"
        # one page wide, as many long as needed (fitToWidth 1 is the OOXML default, so it may be omitted)
        assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToHeight == 0
        assert ws.page_setup.fitToWidth in (None, 1)


def test_parameter_given_twice_refused(proj, monkeypatch, capsys):
    code, err = run(proj, monkeypatch, capsys, "build", "--period", "2025-10", "-p", "relet_mu=100", "-p", "relet_mu=300")
    assert code == 2 and "不止一次" in err


@pytest.mark.parametrize("output", ["2025-11.csv", "folder"])
def test_template_output_must_be_xlsx(proj, monkeypatch, capsys, output):
    (proj / "folder").mkdir()
    code, err = run(proj, monkeypatch, capsys, "template", "--period", "2025-11", "--output", str(proj / output), "--force")
    assert code == 2 and ".xlsx" in err and not (proj / "2025-11.csv").exists()


def test_workbook_uses_the_builds_parameters(proj):
    import pandas as pd

    from analysis import efficiency, progress

    dest = build.build("2025-10", root=proj, notebooks=["00_briefing", "20_land_efficiency"],
                       params={"scoring_method": "benchmark", "tolerance_pp": 10.0})
    bundle = sources.load("2025-10", proj / "data/processed")
    sheets = pd.read_excel(dest / "tables.xlsx", sheet_name=None, header=2)   # rows 1-2: 示例数据, period
    settings = {**bundle.manifest["settings"]["scoring"], "method": "benchmark"}
    expected = efficiency.evaluate(bundle.tables["enterprises"], settings)
    assert list(sheets["亩均效益评价"]["等级"].fillna("")) == list(expected["等级"])
    assert list(expected["等级"]) != list(efficiency.evaluate(bundle.tables["enterprises"],
                                                              bundle.manifest["settings"]["scoring"])["等级"])
    kpi = progress.kpi_table(bundle.catalogue, bundle.tables["actuals"], "2025-10", tolerance_pp=10.0)
    assert list(sheets["月度进度"]["状态"]) == list(kpi["状态"])


def test_processed_csv_is_inert_in_excel_and_reads_back(hostile):
    proj, _ = hostile
    path = proj / "data/processed/2025-10/enterprises.csv"
    text = path.read_text(encoding="utf-8-sig")
    assert "'=HYPERLINK(" in text and "'+cmd|" in text and "'@SUM(1+1)" in text
    names = list(sources.read_processed(path)["name"])
    assert '=HYPERLINK("http://x.example","点我")' in names and "+cmd|' /C calc'!A0" in names


def test_a_broken_scenario_file_never_blocks_the_monthly_report(tmp_path, monkeypatch, capsys):
    """Issue 26 #8: one planner's scratch file stopped the monthly build, one error per run."""
    proj = make_project(tmp_path / "proj")
    (proj / "data/raw/scenarios/草稿.yaml").write_text("name: 草稿\nassumptions:\n  revenue_growth: 十五\n",
                                                      encoding="utf-8")
    (proj / "data/raw/scenarios/草稿2.yaml").write_text("name: [\n", encoding="utf-8")
    code, err = run(proj, monkeypatch, capsys, "build", "--period", "2025-10")
    assert code == 1 and "草稿.yaml" in err and "草稿2.yaml" in err and "情景比较页" in err
    dest = proj / "reports/2025-10"
    assert (dest / "月报.html").exists() and (dest / "00_summary.html").exists() and (dest / "月报.docx").exists()
    code, err = run(proj, monkeypatch, capsys, "validate", "--period", "2025-10")
    assert code == 2 and "2 个情景文件有错误" in err and "草稿2.yaml" in err
