"""One configuration: resolved and checked once before anything runs, recorded in the manifest."""
import json

import pytest

from analysis import build, config, paths
from analysis.errors import ParameterError

from .conftest import make_project


def test_configuration_resolved_once(project, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    cfg = config.load(project, None, {"tolerance_pp": 2.0})
    assert cfg.period == "2025-10" and cfg.year == "2025"            # the latest month with data
    assert cfg.generated == "2026年1月1日"
    assert cfg.values["tolerance_pp"] == 2.0 and cfg.values["warn_pp"] == 5.0   # -p over the official default
    rec = cfg.record()
    assert rec["parameters"]["00_briefing"] == {"time_method": "months", "tolerance_pp": 2.0}
    assert rec["parameters_given"] == {"tolerance_pp": 2.0}


def test_partial_build_still_plans_every_notebook(project):
    cfg = config.load(project, "2025-10", {}, ["00_summary"])
    assert [p.stem for p in cfg.notebooks] == ["00_summary"] and cfg.partial
    assert len(cfg.every) == len(build.list_notebooks(project))


@pytest.mark.parametrize("kwargs, message", [
    ({"period": "2026-03"}, "不在目标年度内"),
    ({"period": "2025-10", "notebooks": ["99_none"]}, "找不到笔记本"),
    ({"period": "2025-10", "params": {"time_method": "weeks"}}, "无效"),
])
def test_bad_configuration_refused_before_anything_runs(project, kwargs, message):
    with pytest.raises(ParameterError, match=message):
        config.load(project, **kwargs)
    assert not (project / "data/processed/2025-10").exists()


def test_the_year_comes_from_the_targets_file_not_the_code(tmp_path):
    proj = make_project(tmp_path / "p")
    assert paths.target_years(proj) == ["2025"]
    (proj / "data/raw/targets/2026.yaml").write_text("x: 1\n", encoding="utf-8")
    assert paths.target_years(proj) == ["2025", "2026"]
    assert paths.targets_file(proj, "2025").name == "2025.yaml" and paths.targets_file(proj).name == "2026.yaml"


def test_manifest_records_the_configuration(project, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    dest = build.build("2025-10", root=project, notebooks=["00_summary", "00_briefing"], params={"tolerance_pp": 3.0})
    m = json.loads((dest / "manifest.json").read_text(encoding="utf-8"))
    assert m["configuration"]["generated"] == m["generated"] == "2026年1月1日"
    assert m["configuration"]["parameters"]["00_briefing"]["tolerance_pp"] == 3.0
    assert m["settings"]["report"]["share_basis"] == "document"
    assert "生成日期：2026年1月1日" in (dest / "00_summary.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("value", ["1760054400.5", "-1", "99999999999999", "abc", "1760054400 1"])
def test_a_bad_source_date_epoch_is_refused_not_ignored(project, monkeypatch, capsys, value):
    """Reliability item 7: an out-of-range SOURCE_DATE_EPOCH gave 内部错误, and 1760054400.0 was ignored."""
    from analysis import cli
    from analysis.errors import ParameterError
    from analysis.incremental import generated_on

    monkeypatch.setenv("SOURCE_DATE_EPOCH", value)
    with pytest.raises(ParameterError, match="SOURCE_DATE_EPOCH"):
        generated_on()
    monkeypatch.setenv("ANALYSIS_ROOT", str(project))
    code = cli.main(["build", "--period", "2025-10"])
    err = capsys.readouterr().err
    assert code == 2 and "SOURCE_DATE_EPOCH" in err and "Traceback" not in err and "内部错误" not in err
    assert not (project / "reports/2025-10").exists()          # refused before anything ran


def test_a_source_date_epoch_with_zero_fraction_is_read(monkeypatch):
    from analysis.incremental import generated_on

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1760054400.0")       # 2025-10-10 00:00 UTC
    assert generated_on() == "2025年10月10日"
