"""The official build's parameters: defaults in one place, and a saved what-if cannot reach a report."""
import json

import nbformat
import pytest

from analysis import build, parameters

from .conftest import ROOT, make_project


def test_notebook_cells_hold_the_official_defaults():
    for nb in build.list_notebooks(ROOT):
        declared = build.declared_parameters(nb)
        assert set(parameters.DEFAULTS[nb.stem]) == set(declared) - {"period", "data_dir"}, nb.name
        assert parameters.saved_edits(nb.stem, declared) == {}, nb.name


def _save_what_if(nb_path, old, new):
    nb = nbformat.read(nb_path, as_version=4)
    cell = next(c for c in nb.cells if "parameters" in c.metadata.get("tags", []))
    assert old in cell.source
    cell.source = cell.source.replace(old, new)
    nbformat.write(nb, nb_path)


def test_saved_what_if_does_not_change_the_official_build(tmp_path, monkeypatch, capsys):
    from analysis import cli

    proj = make_project(tmp_path / "proj")
    _save_what_if(proj / "notebooks/60_scenarios.ipynb", "overrides: dict = {}",
                  'overrides: dict = {"revenue_growth": "15%"}')
    monkeypatch.setenv("ANALYSIS_ROOT", str(proj))
    assert cli.main(["build", "--period", "2025-10", "--notebook", "60_scenarios"]) == 0
    err = capsys.readouterr().err
    assert "60_scenarios" in err and "revenue_growth" in err and "未采用" in err
    page = (proj / "reports/2025-10/60_scenarios.html").read_text(encoding="utf-8")
    assert "税收 2.736亿元，目标 2.736亿元，达标" in page and "2.622" not in page
    manifest = json.loads((proj / "reports/2025-10/manifest.json").read_text(encoding="utf-8"))
    assert manifest["notebook_edits"] == {"60_scenarios": {"overrides": {"revenue_growth": "15%"}}}


def test_user_parameters_still_apply(tmp_path):
    proj = make_project(tmp_path / "proj")
    dest = build.build("2025-10", root=proj, notebooks=["60_scenarios"],
                       params={"overrides": {"revenue_growth": "15%"}})
    assert "税收 2.622亿元，目标 2.736亿元，未达标" in (dest / "60_scenarios.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("stem, name, value, meant", [
    ("00_summary", "perod", "2025-06", "period"),
    ("20_land_efficiency", "relet_muu", 500.0, "relet_mu"),
    ("50_budget", "warn_p", 3, "warn_pp"),
])
def test_a_misspelt_parameter_is_named_not_ignored(stem, name, value, meant):
    """Issue 26 #5: `perod = "2025-06"` ran October silently; `relet_muu = 500.0` ran the default."""
    from analysis.errors import ParameterError

    namespace = {"period": "2025-10", "data_dir": "../data/processed", name: value, "periods": ["2025-01"],
                 "Markdown": object}
    with pytest.raises(ParameterError, match=f"未知参数 {name}（是否为 {meant}？）"):
        parameters.misspelt(stem, namespace)
    parameters.misspelt(stem, {"period": "2025-10", "periods": ["2025-01"], "head": 3})   # other names pass
