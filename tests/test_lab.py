"""Planners in JupyterLab: notebooks driven as JupyterLab would (parameters cell edited, run all), with
short Chinese errors instead of tracebacks, honest results, fresh data; and the scenario explorer."""
import contextlib
import json
import os

import nbformat
import pytest
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

from analysis import build, explorer, paths, results, scenarios, sources
from analysis.catalogue import load_catalogue
from analysis.errors import InputError

from .conftest import make_project


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    proj = make_project(tmp_path_factory.mktemp("lab") / "proj")
    sources.prepare("2025-10", proj)
    return proj


@contextlib.contextmanager
def planner_environment(proj):
    """The environment of a kernel JupyterLab starts for ``proj`` (no build under way)."""
    env = {k: v for k, v in os.environ.items() if k != "ANALYSIS_BUILD"}
    env["ANALYSIS_ROOT"] = str(proj)
    old = dict(os.environ)
    os.environ.clear()
    os.environ.update(env)
    try:
        yield
    finally:
        os.environ.clear()
        os.environ.update(old)


def with_edits(proj, stem, **edits):
    path = proj / "notebooks" / f"{stem}.ipynb"
    nb = nbformat.read(path, as_version=4)
    cell = next(c for c in nb.cells if "parameters" in c.metadata.get("tags", []))
    for name, value in edits.items():
        cell.source += f"\n{name} = {value!r}"
    return nb, path


def run(proj, stem, **edits):
    """Open ``stem``, set the parameters cell as a planner would, run all; returns (notebook, error)."""
    nb, path = with_edits(proj, stem, **edits)
    client = NotebookClient(nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}})
    with planner_environment(proj):
        try:
            client.execute()
            error = None
        except CellExecutionError:
            error = next(o for c in nb.cells for o in c.get("outputs", []) if o.get("output_type") == "error")
    return nb, error


def text_of(nb) -> str:
    out = []
    for c in nb.cells:
        for o in c.get("outputs", []):
            data = o.get("data", {})
            out.append(data.get("text/markdown", "") + data.get("text/html", "") + o.get("text", ""))
    return "\n".join(out)


@pytest.mark.parametrize("stem, edits, words", [
    ("20_land_efficiency", {"scoring_method": "bench"}, ["scoring_method", "minmax", "benchmark"]),
    ("20_land_efficiency", {"relet_mu": "200亩"}, ["relet_mu", "数值", "亩"]),
    ("20_land_efficiency", {"taxed_land_mu": 10.0}, ["退出企业用地", "纳税企业用地"]),
    ("50_budget", {"budget_weight": 20.0}, ["合计应为 100"]),
    ("60_scenarios", {"overrides": {"revenue_grwth": "15%"}}, ["overrides", "未知假设"]),
    ("60_scenarios", {"overrides": {"exited_land_mu": 5000}}, ["情景参数无效", "纳税企业用地为", "不大于0"]),
    ("60_scenarios", {"overrides": {"exited_tax_wan": 40000}}, ["情景参数无效", "税收为", "不大于0"]),
    ("60_scenarios", {"overrides": {"revenue_growth": 15}}, ["输入 15 按 1500% 理解", "请写 15%"]),
    ("00_briefing", {"period": "2025-11"}, ["2025-11 没有任何月度数据"]),
    ("00_briefing", {"period": "2026-01"}, ["不在目标年度内"]),
    ("00_briefing", {"time_method": "weekly"}, ["time_method", "months"]),
])
def test_a_planners_mistake_is_one_short_chinese_message(lab, stem, edits, words):
    _, error = run(lab, stem, **edits)
    assert error is not None, edits
    shown = "\n".join(error["traceback"])
    assert len(error["traceback"]) == 1, shown                   # the message alone, no traceback
    assert all(w in shown for w in words), shown
    assert "Traceback" not in shown and "File \"" not in shown


def test_an_override_is_said_and_break_even_is_zero_when_already_met(lab):
    nb, error = run(lab, "60_scenarios", overrides={"revenue_growth": "25%"})
    assert error is None
    text = text_of(nb)
    assert "在“基准（文件目标）”基础上修改：规上营收增速 = 25%" in text
    assert "不改任何假设。）" in text                       # only as the original description, in brackets
    assert "当前假设下已达标，无需退出（0亩）" in text and "在搜索范围内无解" not in text.split("退出多少亩")[1][:200]
    assert "本页为试算**：情景假设调整为“规上营收增速 = 25%”" in text   # an override is a what-if of the published page


def test_a_what_if_says_it_is_not_the_published_figures(lab):
    build.build("2025-10", root=lab, notebooks=["00_summary", "00_briefing"])
    nb, error = run(lab, "00_briefing", tolerance_pp=10.0)
    assert error is None and "本页为试算" in text_of(nb)
    nb, error = run(lab, "00_briefing")
    assert error is None and "本页为试算" not in text_of(nb)


def test_a_notebook_never_shows_stale_figures_after_an_input_changes(tmp_path):
    """A lab run after the raw data changed shows the new figures, says they are not the published ones,
    and leaves the build's prepared data and saved result tables alone (it deleted them, and with them
    every page's 试算 notice; overlapping a build, it deleted what the build had just written)."""
    proj = make_project(tmp_path / "proj")
    build.build("2025-10", root=proj, notebooks=["00_briefing"])
    official = proj / "data/processed/2025-10"
    before = {p.relative_to(official): p.read_bytes() for p in official.rglob("*") if p.is_file()}
    assert (official / "results/index.json").exists()
    monthly = proj / "data/raw/demo/actuals/2025-10.csv"
    original = monthly.read_bytes()
    monthly.write_text(original.decode("utf-8-sig").replace("56.8809", "57.1234"), encoding="utf-8-sig")
    nb, error = run(proj, "00_briefing")
    assert error is None and "57.12" in text_of(nb)
    assert "本页为试算" in text_of(nb) and "正式简报生成后输入数据已有改动（2025\\-10\\.csv）" in text_of(nb)   # Markdown-escaped
    assert {p.relative_to(official): p.read_bytes() for p in official.rglob("*") if p.is_file()} == before
    assert (proj / "data/processed" / sources.LAB / "2025-10/manifest.json").exists()
    monthly.write_bytes(original)                            # back as built: the published figures again
    (proj / "data/raw/scenarios/planner.yaml").write_text("name: 规划科\nassumptions: {relet_mu: 300}\n",
                                                          encoding="utf-8")     # read only by the scenario page
    nb, error = run(proj, "00_briefing")
    assert error is None and "本页为试算" not in text_of(nb) and "56.88" in text_of(nb)


@pytest.mark.parametrize("stem, edits, words", [
    ("40_investment", {"stale_days": 60.0}, "项目阶段停留预警（天）为60天（正式简报为100天）"),
    ("20_land_efficiency", {"relet_mu": 300.0}, "再招商利用土地（亩）为300亩（正式简报为200亩）"),
    ("20_land_efficiency", {"scoring_method": "benchmark"}, "亩均评价评分方法为“标杆值法”（正式简报为“按评价设置文件”）"),
    ("50_budget", {"achieved_full": False}, "自评：定量指标达成即得满分为“否”（正式简报为“是”）"),
    ("60_scenarios", {"overrides": {"revenue_growth": "15%"}}, "情景假设调整为“规上营收增速 = 15%”（正式简报为（无））"),
    ("90_audit", {"show_info": False}, "口径核查显示“提示”级别为“否”（正式简报为“是”）"),
])
def test_every_what_if_says_so_without_a_build_having_saved_results(lab, stem, edits, words):
    """The 试算 notice came from comparing saved result keys: a parameter used only in the notebook
    (relet_mu), or no saved results at all (a lab after a data change, or before any build), gave none."""
    import shutil

    shutil.rmtree(lab / "data/processed/2025-10/results", ignore_errors=True)
    nb, error = run(lab, stem, **edits)
    assert error is None
    assert "本页为试算" in text_of(nb) and words in text_of(nb), text_of(nb)[:600]
    nb, error = run(lab, stem)
    assert error is None and "本页为试算" not in text_of(nb)


def test_a_page_built_with_other_parameters_is_the_reference_for_what_if(tmp_path):
    """The published report's own parameters (analysis build -p stale_days=60) are the official ones."""
    proj = make_project(tmp_path / "proj")
    build.build("2025-10", root=proj, params={"stale_days": 60.0}, notebooks=["40_investment"])
    nb, error = run(proj, "40_investment", stale_days=60.0)
    assert error is None and "本页为试算" not in text_of(nb)
    nb, error = run(proj, "40_investment")
    assert error is None and "项目阶段停留预警（天）为100天（正式简报为60天）" in text_of(nb)


def test_a_cell_run_after_the_parameters_changed_stops_before_showing_figures(lab):
    """JupyterLab runs cells one at a time: period = "2025-06" and a run of only the parameters cell and
    “一句话看进度” showed June's 序时进度 beside October's figures.  That cell now stops with one line, and
    running the page's set-up again gives June throughout."""
    nb, path = with_edits(lab, "00_briefing")
    client = NotebookClient(nb, timeout=120, kernel_name="python3", allow_errors=True,
                            resources={"metadata": {"path": str(path.parent)}})
    params = next(i for i, c in enumerate(nb.cells) if "parameters" in c.metadata.get("tags", []))
    sentence = next(i for i, c in enumerate(nb.cells) if "progress_sentences" in c.source)
    with planner_environment(lab), client.setup_kernel():
        for i, cell in enumerate(nb.cells):
            client.execute_cell(cell, i)
        assert "截至10月底" in text_of(nb)
        nb.cells[params].source += '\nperiod = "2025-06"'
        client.execute_cell(nb.cells[params], params)
        client.execute_cell(nb.cells[sentence], sentence)
        out = nb.cells[sentence].outputs
        assert [o["output_type"] for o in out] == ["error"], out
        shown = "\n".join(out[0]["traceback"])
        assert len(out[0]["traceback"]) == 1 and "参数已修改" in shown and "期间 '2025-10' → '2025-06'" in shown
        assert "重新运行全部单元格" in shown and "Traceback" not in shown
        for i, cell in enumerate(nb.cells):                         # what the message says: run all
            client.execute_cell(cell, i)
        assert not [o for c in nb.cells for o in c.get("outputs", []) if o["output_type"] == "error"]
        text = json.dumps([o.get("data", {}) for o in nb.cells[sentence].outputs], ensure_ascii=False)
        assert "截至6月底" in text                                   # June, consistently
        nb.cells[params].source += '\nperiod = "2025-10"'           # set back without re-running the set-up
        client.execute_cell(nb.cells[params], params)
        client.execute_cell(nb.cells[sentence], sentence)
        assert [o["output_type"] for o in nb.cells[sentence].outputs] == ["error"]
        nb.cells.append(nbformat.v4.new_code_cell('period = "2025-06"'))   # a cell that only sets it back
        client.execute_cell(nb.cells[-1], len(nb.cells) - 1)                # is never blocked
        assert not nb.cells[-1].outputs
        client.execute_cell(nb.cells[sentence], sentence)
        assert "截至6月底" in json.dumps([o.get("data", {}) for o in nb.cells[sentence].outputs], ensure_ascii=False)


def test_the_check_goes_in_front_of_each_statement_that_is_not_an_assignment():
    """Assignments run unchecked (the parameters cell, a parameter set back); the set-up cell loads afresh
    (a for_page mentioned in a comment does not count); anything else is checked first."""
    import ast

    def checked(code):
        tree = results._Guard().visit(ast.parse(code))
        return [ast.unparse(n).startswith("__import__('analysis.results')") for n in tree.body]

    assert checked('period: str = "2025-10"\ntolerance_pp = 1.0') == [False, False]
    assert checked("res = results.for_page('00_briefing', globals())\ndisplay(1)") == [False, False]
    assert checked("# results.for_page( in a comment\ndisplay(1)") == [True, False]
    assert checked("tolerance_pp = 30.0\ndisplay(kpi)") == [False, True, False]
    used = {"period": "2025-10", "overrides": {"tax": 1}, "tolerance_pp": 1.0}
    assert results.changed_parameters({"period": "2025-10", "overrides": {"tax": 1}, "tolerance_pp": 1}, used) == []
    assert results.changed_parameters({"period": "2025-10", "tolerance_pp": 1.0}, used) == ["情景假设调整 {'tax': 1} → （已删除）"]


def test_parameters_cells_say_what_each_parameter_means():
    for path in build.list_notebooks(paths.project_root()):
        nb = nbformat.read(path, as_version=4)
        cell = next(c for c in nb.cells if "parameters" in c.metadata.get("tags", []))
        for line in cell.source.splitlines():
            if ":" in line.split("#")[0] and "=" in line.split("#")[0]:
                assert "#" in line and any("\u4e00" <= ch <= "\u9fff" for ch in line.split("#", 1)[1]), (path, line)
        assert nb.metadata["kernelspec"]["display_name"] == "Python 3 (ipykernel)"   # as JupyterLab saves it


# ---------------------------------------------------------------- the explorer
@pytest.fixture
def model():
    return scenarios.Model.from_catalogue(load_catalogue(paths.targets_file()))


def test_explorer_controls_follow_the_scenario_file_rules(model):
    for c in explorer.controls(model):
        _, unit, lo, hi = scenarios.ASSUMPTIONS[c.name]
        assert lo <= c.lo <= c.value <= c.hi <= hi and c.unit == unit, c


def test_moving_a_slider_moves_the_results(model):
    values = {c.name: c.value for c in explorer.controls(model)}
    base = explorer.compute(model, values)["outcomes"].set_index("指标")
    assert base.loc["税收", "当前试算"] == pytest.approx(2.736)
    got = explorer.compute(model, {**values, "revenue_growth": 0.15})
    tax = got["outcomes"].set_index("指标").loc["税收"]
    assert tax["当前试算"] == pytest.approx(2.622, abs=5e-4) and tax["当前试算·达标"] == "未达标"
    assert got["seconds"] < 1.0


def test_saved_scenario_is_validated_and_built_on_the_comparison_page(tmp_path, model):
    proj = make_project(tmp_path / "p")
    folder = proj / "data/raw/scenarios"
    values = {c.name: c.value for c in explorer.controls(model)}
    path = explorer.save(model, {**values, "revenue_growth": 0.15, "exited_land_mu": 100.0}, "营收15%且退出100亩",
                         folder, "探索器试算")
    assert path.name == "营收15_且退出100亩.yaml"
    loaded = scenarios.load_scenario(path)
    assert loaded.assumptions == {"revenue_growth": pytest.approx(0.15), "exited_land_mu": 100.0}
    with pytest.raises(InputError, match="已有名为“营收15%且退出100亩”的情景"):
        explorer.save(model, values, "营收15%且退出100亩", folder)
    with pytest.raises(InputError):
        explorer.save(model, {**values, "exited_land_mu": 5000.0}, "太多", folder)
    assert not (folder / "太多.yaml").exists()
    page = build.build_scenarios(scenarios.scenario_files(folder), proj) / "index.html"
    assert "营收15%且退出100亩" in page.read_text(encoding="utf-8")


def test_explorer_notebook_runs(lab):
    import shutil

    shutil.copytree(paths.project_root() / "notebooks/explore", lab / "notebooks/explore", dirs_exist_ok=True)
    nb, error = run(lab, "explore/explorer")
    assert error is None
    kinds = [o.get("data", {}) for c in nb.cells for o in c.get("outputs", [])]
    assert any("application/vnd.jupyter.widget-view+json" in d for d in kinds)


@pytest.mark.parametrize("typed, read", [("15%", 0.15), ("0.15", 0.15), ("“15%”", 0.15), ("１５％", 0.15),
                                         ("80%", 0.8)])
def test_a_typed_value_is_read_by_the_scenario_rules(model, typed, read):
    c = next(c for c in explorer.controls(model) if c.name == "revenue_growth")
    assert explorer.read_typed(c, typed) == pytest.approx(read)


@pytest.mark.parametrize("typed, words", [
    ("15", ["规上营收增速应在 -50%–200% 之间", "输入 15 按 1500% 理解", "请写 15%"]),
    ("-150%", ["规上营收增速应在 -50%–200% 之间"]),
    ("abc", ["无法识别的数值"]),
    ("2", ["输入 2 按 200% 理解", "含义不明确"]),          # inside −50%…200%, but a planner meaning 2% got 200%
])
def test_a_typed_value_out_of_the_rules_is_refused_with_how_it_was_read(model, typed, words):
    """Typing 15 gave 60.00% (read as 1500% and clamped); -150% became −20%; abc was ignored."""
    c = next(c for c in explorer.controls(model) if c.name == "revenue_growth")
    with pytest.raises(InputError) as e:
        explorer.read_typed(c, typed)
    assert all(w in e.value.problem for w in words), e.value.problem


def test_the_explorer_box_refuses_instead_of_clamping_and_widens_for_an_allowed_value(model, tmp_path,
                                                                                     monkeypatch):
    from analysis import charts

    charts.setup()
    ex = explorer.Explorer(model, tmp_path)
    monkeypatch.setattr(ex, "refresh", lambda: None)          # the tables are tested through compute()
    slider, box = ex.sliders["revenue_growth"], ex.entries["revenue_growth"]
    start = slider.value
    box.value = "15"
    assert slider.value == start and "按 1500% 理解" in ex.message.value and box.value == f"{start * 100:.2f}%"
    box.value = "80%"                                         # allowed by the files' rules, past the slider's 60%
    assert slider.value == pytest.approx(0.8) and slider.max >= 0.8 and ex.message.value == ""
    ex.message.value = "已保存：x.yaml"
    slider.value = 0.1
    assert box.value == "10.00%" and ex.message.value == ""   # the saved note went with the move


def _trial_values(model, **changes):
    return {**{c.name: c.value for c in explorer.controls(model)}, "share_basis": "document", **changes}


def test_the_trial_sheet_lists_what_was_assumed_and_says_it_is_a_trial(model, monkeypatch):
    """A 试算单 to show leadership: every changed assumption, the outcomes against the targets, marked 试算
    on screen and on every printed page; a planner's text is inert; equal inputs give equal bytes."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1761955200")
    values = _trial_values(model, revenue_growth=0.15, exited_land_mu=100.0)
    page = explorer.trial_sheet(model, values, name="营收增长15%<script>x</script>", description="供主任会讨论")
    assert "试算：本单为情景探索器中按下列假设测算的结果，不是统计数据" in page
    assert f'content:"{explorer.TRIAL_MARK}"' in page                  # every printed page
    assert "<li>规上营收增速：15.00%</li>" in page and "<li>退出企业用地：100亩</li>" in page
    assert "税收 2.622亿元，目标 2.736亿元，未达标" in page                   # 65 ÷ 1.3 × 1.15 × 2.736 ÷ 65
    assert "<script>" not in page and "&lt;script&gt;" in page and "生成日期：2025年11月1日" in page
    assert page == explorer.trial_sheet(model, values, name="营收增长15%<script>x</script>", description="供主任会讨论")
    same = explorer.trial_sheet(model, _trial_values(model))
    assert "全部假设与文件口径相同" in same


@pytest.mark.pdf
def test_the_trial_sheet_prints_with_its_mark_on_every_page(model, tmp_path):
    import subprocess

    page, pdf = explorer.write_trial_sheet(model, _trial_values(model, relet_mu=300.0), tmp_path, name="再利用300亩")
    assert page.name == "试算单-再利用300亩.html" and pdf.name == "试算单-再利用300亩.pdf"
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    pages = [p for p in text.split("\f") if p.strip()]
    assert len(pages) >= 2 and all("试算 · 非正式数据" in p for p in pages)
    assert "收回后再招商用地：300亩" in text


def test_a_saved_scenario_loads_back_into_the_sliders(model, tmp_path, monkeypatch):
    """A reload (Voilà starts a new kernel) returns to the document's values; a saved scenario is the way
    back: values_of gives the sliders that reproduce it, past a slider's practical range included."""
    from analysis import charts

    values = _trial_values(model, revenue_growth=0.8, relet_mu=300.0)
    path = explorer.save(model, values, "营收增长80%", tmp_path)
    back = explorer.values_of(model, scenarios.load_scenario(path))
    assert back["revenue_growth"] == pytest.approx(0.8) and back["relet_mu"] == 300.0
    assert back["share_basis"] == "document" and back["tax_to_revenue"] == values["tax_to_revenue"]
    assert explorer.compute(model, back)["outcomes"].equals(explorer.compute(model, values)["outcomes"])
    charts.setup()
    ex = explorer.Explorer(model, tmp_path)
    monkeypatch.setattr(ex, "refresh", lambda: None)
    ex.compare.value = str(path)
    ex.on_load()
    assert ex.sliders["revenue_growth"].value == pytest.approx(0.8) and ex.sliders["relet_mu"].value == 300.0
    assert ex.entries["revenue_growth"].value == "80.00%" and "已载入情景：营收增长80%" in ex.message.value


def test_one_slider_move_redraws_tables_and_chart_from_the_values(model):
    from analysis import charts

    charts.setup()
    moved = explorer.view(model, _trial_values(model, revenue_growth=0.15))
    assert "税收 2.622亿元，目标 2.736亿元，未达标" in moved["html"] and "<table" in moved["html"]
    assert moved["seconds"] > 0 and 'role="img" aria-label="各项假设取低值和高值时' in moved["html"]
    again = explorer.view(model, _trial_values(model, revenue_growth=0.15))
    assert again["html"] == moved["html"]
    still = explorer.view(model, _trial_values(model))["html"]
    chart = moved["html"][moved["html"].index("<figure"):]
    assert chart != still[still.index("<figure"):]                                # the chart follows the move


def test_the_sensitivity_bars_are_placed_by_hand(model):
    """Low −1, high +3 around a current value of 0 on a scale from −1 to +3: the low bar spans 0–25%, the
    high bar 25–100%, the line at 25%."""
    import pandas as pd

    sens = pd.DataFrame({"假设": ["规上营收增速"], "低值结果": [-1.0], "高值结果": [3.0], "基准结果": [0.0]})
    chart = explorer.tornado_html(sens)
    assert "left:0.00%;width:25.00%;background:#9aa5b1" in chart
    assert "left:25.00%;width:75.00%;background:#1f4e79" in chart and "left:25.00%;width:1px" in chart
    assert "-1.00 至 +3.00" in chart and "规上营收增速-1.00至3.00万元/亩" in chart


def test_the_explorer_served_as_an_app_shows_controls_and_results_not_code(tmp_path):
    """`make explore` (Voilà): the page shows the controls and results, no code; a value typed in a box
    moves the results; a refused one is named; a 试算单 is exported from the page."""
    import socket
    import subprocess
    import sys

    from .browser import Tab

    def free_port():
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            return s.getsockname()[1]

    proj = make_project(tmp_path / "proj")
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k != "ANALYSIS_BUILD"} | {"ANALYSIS_ROOT": str(proj)}
    server = subprocess.Popen([sys.executable, "-m", "voila", "notebooks/explore/explorer.ipynb", "--no-browser",
                               f"--port={port}", "--Voila.ip=127.0.0.1"], cwd=proj, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    tab = None
    try:
        tab = Tab(free_port())
        tab.call("Page.enable")
        for _ in range(60):                                   # the server takes a moment to listen
            tab.call("Page.navigate", url=f"http://127.0.0.1:{port}/")
            if tab.wait_for("document.querySelectorAll('.widget-slider').length > 0 && "
                            "document.querySelectorAll('table').length > 0", 5):
                break
        text = tab.js("document.body.innerText")
        assert "规上营收增速" in text and "税收 2.736亿元，目标 2.736亿元，达标" in text
        assert "charts.setup()" not in text and "explorer.Explorer" not in text and "Traceback" not in text
        typed = ("(v => { const box = document.querySelectorAll('.widget-text input')[0]; box.focus(); box.value = v;"
                 " box.dispatchEvent(new Event('change', {bubbles: true})); box.blur(); })")
        tab.js(f"{typed}('15')")
        assert tab.wait_for("document.body.innerText.includes('输入 15 按 1500% 理解')", 30)
        tab.js(f"{typed}('25%')")
        assert tab.wait_for("document.body.innerText.includes('税收 2.850亿元')", 30)     # 65 ÷ 1.3 × 1.25 × 2.736 ÷ 65
        tab.js("Array.from(document.querySelectorAll('button')).find(b => b.innerText.includes('导出试算单')).click()")
        assert tab.wait_for("document.body.innerText.includes('试算单已导出')", 60)
        assert (proj / "reports/试算单/试算单-当前试算.html").exists() and (proj / "reports/试算单/试算单-当前试算.pdf").exists()
    finally:
        if tab is not None:
            tab.close()
        server.terminate()
        server.wait(timeout=30)


def test_the_save_dialog_says_what_is_wrong_and_asks_before_overwriting(model, tmp_path):
    """Item 7: a name that exists got a message with the server path and "或选择覆盖" with no such control;
    `..` was called empty; two names whose file names collide got 同名; a display name could be saved
    twice; 基准 was listed twice."""
    folder = tmp_path / "scenarios"
    values = _trial_values(model)
    first = explorer.save(model, values | {"revenue_growth": 0.15}, "营收15%", folder, "第一次")

    def refused(name, **kw):
        with pytest.raises(InputError) as e:
            explorer.save(model, values | {"revenue_growth": 0.2}, name, folder, **kw)
        return explorer.said(e.value)

    assert refused("营收15%") == "已有名为“营收15%”的情景；勾选“覆盖同名情景”后再保存，或换一个名称"
    assert str(tmp_path) not in refused("营收15%") and "/ " not in refused("营收15%")
    assert refused("营收15/") == "名称“营收15/”与已有情景“营收15%”的文件名相同（营收15.yaml）；换一个名称"
    assert refused("..").startswith("情景名称“..”里没有可用作文件名的文字或数字")
    assert refused("  ") == "情景名称不能为空；如 营收增长15%且退出100亩"
    (folder / "hand.yaml").write_text("name: 营收20%\nassumptions: {revenue_growth: 20%}\n", encoding="utf-8")
    assert refused("营收20%") == "已有情景使用名称“营收20%”（文件 hand.yaml）；换一个名称"
    assert refused("营收15/", overwrite=True).startswith("名称“营收15/”与已有情景“营收15%”的文件名相同")
    assert refused("baseline", overwrite=True) == "“baseline”是基准情景文件的名称，不能用作情景名称；换一个名称"
    again = explorer.save(model, values | {"revenue_growth": 0.25}, "营收15%", folder, "改过", overwrite=True)
    assert again == first and scenarios.load_scenario(first).assumptions["revenue_growth"] == pytest.approx(0.25)
    (folder / "baseline.yaml").write_text("name: 基准（文件目标）\nassumptions: {}\n", encoding="utf-8")
    names = [n for n, _ in explorer.compare_choices(folder)]
    assert names.count("基准（文件目标）") == 1 and names[0] == "基准（文件目标）"
    assert sorted(names[1:]) == ["营收15%", "营收20%"]


def test_a_compared_scenario_broken_or_deleted_while_open_is_said_not_raised(model, tmp_path, monkeypatch):
    """Each widget callback read the compared file outside its error handling: an uncaught InputError,
    invisible in Voilà."""
    from analysis import charts

    charts.setup()
    path = explorer.save(model, _trial_values(model, revenue_growth=0.3), "营收30%", tmp_path)
    ex = explorer.Explorer(model, tmp_path, sheets=tmp_path / "sheets")
    refresh = ex.refresh
    for action in ("on_sheet", "on_load", "refresh"):
        monkeypatch.setattr(ex, "refresh", lambda: None)
        ex.compare.options = explorer.compare_choices(tmp_path)
        ex.compare.value = str(path)
        path.write_text("name: [broken", encoding="utf-8")
        ex.message.value = ""
        monkeypatch.setattr(ex, "refresh", refresh)
        getattr(ex, action)()
        assert "对比情景无法读取" in ex.message.value and ex.compare.value == "", action
        path.unlink()
        explorer.save(model, _trial_values(model, revenue_growth=0.3), "营收30%", tmp_path)
    assert not (tmp_path / "sheets").exists()                 # nothing exported against a broken comparison


def test_an_empty_box_and_an_impossible_move_are_said_in_chinese(model):
    c = next(c for c in explorer.controls(model) if c.name == "exited_land_mu")
    with pytest.raises(InputError) as e:
        explorer.read_typed(c, "  ")
    assert explorer.said(e.value) == "退出企业用地：请输入数值；单位：亩"
    with pytest.raises(InputError) as e:
        explorer.compute(model, _trial_values(model, exited_land_mu=5000.0))
    shown = explorer.said(e.value)
    assert shown.startswith("退出用地后纳税企业用地为 -588.3 亩（不大于0）；退出企业用地小于纳税企业用地（4,411.7 亩）")
    assert "exited" not in shown and "input error" not in shown
