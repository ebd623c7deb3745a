"""The registry: pages, parameters and ledgers declared once, and the drift they used to have.

The four defects of the registry issue, each reproduced on the code before the registry:
1. a 50_budget what-if in the 自评 rule printed the edited rule but the official scores;
2. the 月报 appendix printed parameter names (stale_days, narrow_miss_pct …) and ``True``;
3. the appendix filed projects.csv, onboarding.csv and finance.csv under 其他;
4. 收回盘活 was judged with months and a 1-point tolerance on the land page whatever the build used.
"""
import json
import re
from pathlib import Path

import pytest

from analysis import parameters, publish, registry, results, sources

from .conftest import ROOT, make_project


@pytest.fixture(scope="module")
def built_results(tmp_path_factory):
    """A prepared period with the official result tables saved, as a build leaves it."""
    proj = make_project(tmp_path_factory.mktemp("registry") / "proj")
    sources.prepare("2025-10", proj)
    bundle = sources.load("2025-10", proj / "data/processed")
    results.Results(bundle).compute_all().save()
    return proj


def _page_namespace(proj, stem, **values):
    page = registry.PAGE[stem]
    return {"period": "2025-10", "data_dir": str(proj / "data/processed"), **page.defaults, **values}


def _scores(res):
    table = res["self_assessment"]
    return [round(float(v), 2) for v in table["已评指标得分"]]   # 总分 waits for the 满意度 survey


def test_a_budget_what_if_in_the_scoring_rule_is_computed_and_said_to_be_one(built_results, monkeypatch):
    monkeypatch.setenv("ANALYSIS_ROOT", str(built_results))
    official = results.for_page("50_budget", _page_namespace(built_results, "50_budget"))
    assert _scores(official) == [82.69, 81.0, 83.58] and official.official()
    what_if = results.for_page("50_budget", _page_namespace(built_results, "50_budget", narrow_miss_pct=10.0,
                                                            achieved_full=False))
    assert _scores(what_if) == [80.82, 79.6, 82.08]      # the edited rule's scores, worked in the issue
    assert not what_if.official()                         # so the page says 本页为试算


def test_every_notebook_loads_its_results_through_its_registry_entry():
    """One helper takes the page's parameters: no notebook names them again in a results.load call."""
    for page in registry.PAGES:
        nb = json.loads((ROOT / "notebooks" / f"{page.name}.ipynb").read_text(encoding="utf-8"))
        code = "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code")
        assert f'results.for_page("{page.name}", globals())' in code, page.name
        assert "results.load(" not in code, page.name


def test_the_appendix_names_every_parameter_in_chinese():
    rows = publish.parameter_rows({page.name: page.defaults for page in registry.PAGES})
    assert rows
    for label, shown in rows:
        assert not re.fullmatch(r"[a-z_]+", label), label
        assert shown not in ("True", "False"), (label, shown)
    labels = dict(rows)
    assert "亩均评价等级" not in labels              # a fan-out's per-output value is no build setting
    assert labels["项目阶段停留预警（天）"] == "100" and labels["自评：定量指标达成即得满分"] == "是"
    assert labels["自评：定性指标“部分达成/未达成”档位"] == "80–60%、60–0%"


def test_the_appendix_files_every_ledger_under_its_own_name():
    manifest = {"inputs": [{"path": f"data/raw/demo/{ledger.demo_path}", "sha256": "0"} for ledger in registry.LEDGERS]
                + [{"path": "data/raw/report.yaml", "sha256": "0"}]}
    kinds = {name: kind for kind, name, _ in publish.input_rows(manifest)}
    assert kinds["projects.csv"] == "项目台账（示例数据）"
    assert kinds["onboarding.csv"] == "入统培育台账（示例数据）"
    assert kinds["finance.csv"] == "金融助企台账（示例数据）"
    assert "其他" not in "".join(kinds.values())


def test_land_recovery_follows_the_builds_time_method_and_tolerance(built_results):
    bundle = sources.load("2025-10", built_results / "data/processed")
    res = results.Results(bundle, {"time_method": "quarters", "tolerance_pp": 10.0})
    kpi = res["kpi"].set_index("id").loc["land_recovery_target"]
    land = res["land_recovery"]
    assert land["已处置亩"] == pytest.approx(145.0) and land["完成率"] == pytest.approx(0.725)
    assert land["序时进度"] == pytest.approx(kpi["序时进度"]) == pytest.approx(0.75)   # 3 quarters of 4
    assert land["状态"] == kpi["状态"] == "达到序时进度"                                 # −2.5 within 10 points


def test_defaults_ranges_and_choices_come_from_the_registry():
    assert parameters.DEFAULTS["50_budget"]["qualitative_bands"] == "80-60"
    assert parameters.RANGES["stale_days"] == (1.0, 1000.0)
    assert parameters.CHOICES["scoring_method"] == ("", "minmax", "benchmark")
    for page in registry.PAGES:                     # the notebooks' parameters cells say the same
        from analysis.execute import declared_parameters

        declared = declared_parameters(Path(ROOT / "notebooks" / f"{page.name}.ipynb"))
        assert set(page.defaults) <= set(declared), page.name


def test_a_ledger_is_one_entry():
    """Where a ledger's facts are read from: the processed text columns, the missing-ledger message, the
    monthly facts it carries and the appendix all come from its one entry."""
    from analysis import reconcile

    ledger = registry.LEDGER["finance"]
    assert registry.text_columns()["finance"] == ("firm", "institution", "date", "means", "note")
    assert reconcile.FACTS["onboarding_target"] == "onboarding"
    assert ledger.where.startswith("data/raw/projects/finance.xlsx")
    assert set(reconcile.FACTS) == {f for led in registry.LEDGERS for f in led.facts}


def test_one_name_per_scoring_method_on_the_page_in_the_appendix_and_in_the_settings_table():
    from analysis import efficiency

    for method in ("minmax", "benchmark"):
        settings = {**efficiency.DEFAULT_SETTINGS, "method": method}
        table = efficiency.settings_table(settings)
        name = registry.SCORING_METHODS[method]
        row = table[table.iloc[:, 0] == "评分方法"].iloc[0]
        assert row.iloc[1] == name and str(row.iloc[2]).startswith(name)
        assert dict(publish.parameter_rows({"20_land_efficiency": {"scoring_method": method}}))[
            "亩均评价评分方法"] == name


def test_the_workbook_and_the_briefing_name_the_kpi_columns_alike(built_results):
    from analysis import progress, tables

    bundle = sources.load("2025-10", built_results / "data/processed")
    sheet, _ = tables.kpi_sheet(results.Results(bundle))
    for raw, shown in progress.KPI_HEADERS.items():
        assert shown in sheet.columns and raw not in sheet.columns
    nb = (ROOT / "notebooks/00_briefing.ipynb").read_text(encoding="utf-8")
    assert "按当前进度）" not in nb and nb.count("columns=progress.KPI_HEADERS") == 2


def test_scenario_tables_use_the_one_precision_rule():
    import pandas as pd

    from analysis import present, units

    df = pd.DataFrame({"指标": ["税收", "用地", "企业", "亩均税收"], "单位": ["亿元", "亩", "家", "万元/亩"],
                       "目标": [2.736, None, 51.0, 6.2017], "值": [2.7364, 4411.66, 51.0, 6.2935]})
    shown = present.format_by_unit(df)
    assert shown["值"].tolist() == [units.fmt_value(2.7364, "", units.digits_for(2.7364, "亿元")), "4,411.7", "51",
                                    "6.29"] == ["2.74", "4,411.7", "51", "6.29"]
    assert shown["目标"].tolist() == ["2.736", "—", "51", "6.20"]     # the document's 2.736, a derived 6.20


# ---------------------------------------------------------------- a fan-out page: one notebook, N outputs
CLASS_PAGES = [f"25_class_list-{c}" for c in ("A", "B", "C", "D", "exempt")]


@pytest.fixture(scope="module")
def fanned(tmp_path_factory):
    from analysis import build

    proj = make_project(tmp_path_factory.mktemp("fanout") / "proj")
    events = []
    dest = build.build("2025-10", root=proj, notebooks=["25_class_list"],
                       progress=lambda kind, name, text="": events.append((kind, name)))
    return proj, dest, events


def test_a_fan_out_page_makes_one_output_per_parameter_set(fanned):
    proj, dest, events = fanned
    assert sorted(n for k, n in events if k == "run") == CLASS_PAGES
    manifest = json.loads((dest / "manifest.json").read_text(encoding="utf-8"))
    titles = {e["name"]: e["title"] for e in manifest["notebooks"]}
    assert titles["25_class_list-D"] == "亩均效益评价分类名单：D类"
    assert len({manifest["page_keys"][n] for n in CLASS_PAGES}) == len(CLASS_PAGES)   # a key per output
    d = (dest / "25_class_list-D.html").read_text(encoding="utf-8")
    a = (dest / "25_class_list-A.html").read_text(encoding="utf-8")
    assert "D类企业共2家（规上1家、规下1家）" in d and "A类企业共" in a
    assert not (dest / "月报.html").exists()           # a partial build of a new period publishes no 月报
    assert "25_class_list-B.html" in (dest / "index.html").read_text(encoding="utf-8")


def test_a_fan_out_output_is_reused_or_remade_on_its_own(fanned):
    from analysis import build

    proj, dest, _ = fanned
    (dest / "25_class_list-B.html").unlink()
    events = []
    build.build("2025-10", root=proj, notebooks=["25_class_list"],
                progress=lambda kind, name, text="": events.append((kind, name)))
    assert [n for k, n in events if k == "run"] == ["25_class_list-B"]
    assert sorted(n for k, n in events if k == "skip") == sorted(set(CLASS_PAGES) - {"25_class_list-B"})


def test_class_lists_hold_each_graded_firm_once(built_results):
    from analysis import efficiency

    bundle = sources.load("2025-10", built_results / "data/processed")
    result = results.Results(bundle)["efficiency"]
    pages = efficiency.class_pages(results.Results(bundle))
    assert [p[0] for p in pages] == ["A", "B", "C", "D", "exempt"]
    listed = sum(len(efficiency.class_list(result, extra["grade"])) for _, _, extra in pages)
    assert listed == int((result["等级"] != "").sum())
    d = efficiency.class_list(result, "D")
    assert list(d["评价组"]) == ["规上", "规下"] and list(d["组内排名"])[:1] == [40]   # 示例企业20 is 小升规: C
    with pytest.raises(ValueError, match="等级应为"):
        efficiency.class_list(result, "E")
