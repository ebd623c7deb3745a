"""End to end: raw data → papermill → nbconvert HTML, and the guarantees around it."""
import re

import nbformat
import pytest

from analysis import build, sources
from analysis.errors import BuildError, InputError, ParameterError

from .conftest import EPOCH, ROOT

NB = ROOT / "notebooks" / "10_growth.ipynb"


@pytest.fixture
def built(demo_report, monkeypatch):
    """The shared demo report; a rebuild here sees the environment it was built in."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    return demo_report


def test_every_notebook_is_clean_and_parametrized():
    for path in build.list_notebooks(ROOT):
        nb = nbformat.read(path, as_version=4)
        assert not any(c.get("outputs") for c in nb.cells if c.cell_type == "code"), path
        declared = build.declared_parameters(path)
        assert {"period", "data_dir"} <= set(declared), path


def test_unknown_parameter_is_an_error():
    with pytest.raises(ParameterError, match="peroid"):
        build.check_parameters(NB, {"peroid": "2025-06"})


@pytest.mark.parametrize("value", [202506, 2025.06, True, ["2025-06"]])
def test_wrong_type_is_an_error(value):
    with pytest.raises(ParameterError, match="period"):
        build.check_parameters(NB, {"period": value})


def test_parameter_goes_only_where_declared():
    nbs = build.list_notebooks(ROOT)
    plan = build.plan_parameters(nbs, "2025-06", {"relet_mu": 150})
    by_name = {p.stem: v for p, v in plan.items()}
    assert by_name["20_land_efficiency"]["relet_mu"] == 150 and "relet_mu" not in by_name["00_briefing"]
    # every declared parameter is injected: the build's period and folder, then the official defaults
    assert by_name["00_briefing"] == {"period": "2025-06", "data_dir": "../data/processed",
                                      "time_method": "months", "tolerance_pp": 1.0}
    with pytest.raises(ParameterError, match="relet_mu"):
        build.plan_parameters([NB], "2025-06", {"relet_mu": 150})     # 10_growth alone does not declare it


def test_right_parameters_pass():
    build.check_parameters(NB, {"period": "2025-06", "data_dir": "x"})


def test_build_writes_briefing_with_computed_values(built):
    proj, dest = built
    html = (dest / "10_growth.html").read_text(encoding="utf-8")
    # computed by analysis.targets from the document: 2.736 / 1.476 = 1.854
    assert "倒推2024年基期约 1.854亿元" in html
    assert "需新增约 0.882亿元" in html
    assert html.count("data:image/png;base64,") == 2   # both charts embedded
    assert "示例数据" in html                          # built on demo actuals
    index = (dest / "index.html").read_text(encoding="utf-8")
    assert 'href="10_growth.html"' in index and "2025年经济指标目标与隐含基期" in index
    assert (proj / "reports" / "index.html").exists()
    assert (dest / "tables.xlsx").exists() and (dest / "manifest.json").exists()


def test_every_briefing_shows_its_computed_values(built):
    _, dest = built
    page = {p.stem: p.read_text(encoding="utf-8") for p in dest.glob("*.html")}
    assert {"00_briefing", "10_growth", "20_land_efficiency", "30_innovation", "50_budget", "60_scenarios",
            "90_audit"} <= set(page)
    assert "共 39 条：错误 2 条" in page["90_audit"]
    # demo spend in October: 259.00 of 350 → 74.0% against the 80% checkpoint
    assert "<td>259.00</td><td>74.0%</td>" in page["50_budget"]
    assert "截至10月底，序时进度为83.3%" in page["00_briefing"]
    assert "4,411.7亩" in page["20_land_efficiency"]           # implied taxed land, METHODS §2
    assert "2025年目标，用地不变" in page["20_land_efficiency"]
    assert "<td>88.00</td>" in page["30_innovation"] and "<td>86.25</td>" in page["30_innovation"]
    from openpyxl import load_workbook

    sheets = load_workbook(dest / "tables.xlsx").sheetnames
    assert sheets[:4] == ["领导摘要", "全年预计", "月度进度", "经济目标"] and "亩均效益评价" in sheets and "五未土地" in sheets
    assert {"预算执行", "绩效自评", "口径核查"} <= set(sheets)


def test_scenario_comparison_built_and_linked(built):
    proj, dest = built
    page = (proj / "reports" / "scenarios" / "index.html").read_text(encoding="utf-8")
    assert 'href="../scenarios/index.html"' in (dest / "index.html").read_text(encoding="utf-8")
    # 亿元 at the one precision of pages, 月报 and Excel (2 digits; the scenario tables kept 3 before)
    assert "营收增速15%" in page and "<td>2.62</td>" in page and "<td>2.84</td>" in page
    assert "<td>2.736</td>" in page                   # the document's 税收 target as the document prints it
    assert "示例数据" not in page                     # scenarios use only the document and the files
    single = (dest / "60_scenarios.html").read_text(encoding="utf-8")
    assert "税收 2.736亿元，目标 2.736亿元，达标" in single


def test_html_is_offline_and_shows_no_code(built):
    _, dest = built
    for page in dest.glob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert not re.search(r'(src|href)\s*=\s*["\']?(https?:)?//', html), page
        assert "<script" not in html and "@import" not in html and "mathjax" not in html.lower()
        assert "charts.setup()" not in html and "In&nbsp;[" not in html


@pytest.mark.pdf
def test_rebuild_is_byte_identical(built):
    proj, dest = built
    before = {p.name: p.read_bytes() for p in dest.iterdir()}
    build.build("2025-10", root=proj)
    after = {p.name: p.read_bytes() for p in dest.iterdir()}
    assert before.keys() == after.keys()
    changed = [k for k in before if before[k] != after[k]]
    assert changed == []


def test_failed_build_keeps_previous_report(built):
    proj, dest = built
    before = {p.name: p.read_bytes() for p in dest.iterdir()}
    bad = proj / "data" / "raw" / "demo" / "actuals" / "2025-10.csv"
    original = bad.read_bytes()
    bad.write_text(original.decode("utf-8-sig").replace("56.8809", "五十六"), encoding="utf-8-sig")
    try:
        with pytest.raises(InputError, match="2025-10.csv"):
            build.build("2025-10", root=proj)
    finally:
        bad.write_bytes(original)
    assert {p.name: p.read_bytes() for p in dest.iterdir()} == before
    assert not list((proj / "reports").glob(".build-*"))


def test_notebook_failure_keeps_previous_report(built, tmp_path):
    proj, dest = built
    before = {p.name: p.read_bytes() for p in dest.iterdir()}
    nb_path = proj / "notebooks" / "10_growth.ipynb"
    original = nb_path.read_bytes()
    nb = nbformat.read(nb_path, as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell("raise RuntimeError('boom')"))
    nbformat.write(nb, nb_path)
    try:
        with pytest.raises(BuildError, match="boom"):
            build.build("2025-10", root=proj, notebooks=["10_growth"])
    finally:
        nb_path.write_bytes(original)
    assert {p.name: p.read_bytes() for p in dest.iterdir()} == before


def test_default_period_is_latest_with_data(built):
    proj, _ = built
    assert sources.default_period(proj) == "2025-10"


def test_parameters_cells_are_read_as_papermill_reads_them():
    """declared_parameters reads the cell with json + ast (no nbformat import); it must agree with papermill."""
    import papermill as pm

    nbs = build.list_notebooks(ROOT) + [ROOT / "notebooks/scenarios/compare.ipynb",
                                        ROOT / "notebooks/explore/explorer.ipynb"]
    for path in nbs:
        ours, theirs = build.declared_parameters(path), pm.inspect_notebook(str(path))
        assert set(ours) == set(theirs), path
        for name, info in theirs.items():
            for field in ("name", "inferred_type_name", "default", "help"):
                assert ours[name][field] == info[field], (path.name, name, field)
