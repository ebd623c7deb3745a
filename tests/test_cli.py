import csv
import io
import subprocess
import sys

from analysis.cli import main

from .conftest import ROOT


def test_targets_csv_via_python_m():
    out = subprocess.run([sys.executable, "-m", "analysis", "targets", "--format", "csv"], cwd=ROOT,
                         capture_output=True, text=True, check=True).stdout
    rows = {r["id"]: r for r in csv.DictReader(io.StringIO(out))}
    assert rows["tax"]["中文名"] == "税收" and rows["tax"]["数值"] == "2.736" and rows["tax"]["单位"] == "亿元"
    assert float(rows["tax"]["隐含基期"]) == 2.736 / 1.476
    assert float(rows["hightech_output"]["隐含总量"]) == 88.0
    assert "managed_area" in rows and "finance_loans" in rows


def test_bad_period_exits_non_zero(capsys, monkeypatch):
    monkeypatch.chdir(ROOT)
    assert main(["validate", "--period", "2025-6"]) == 2
    assert "YYYY-MM" in capsys.readouterr().err


def test_unknown_parameter_exits_non_zero(capsys, monkeypatch, project):
    monkeypatch.setenv("ANALYSIS_ROOT", str(project))
    assert main(["build", "--period", "2025-10", "-p", "peroid=2025-06"]) == 2
    err = capsys.readouterr().err
    assert "peroid" in err and "没有声明参数" in err
    assert not (project / "reports" / "2025-10").exists()
    assert main(["build", "--period", "2025-10", "-p", "relet_mu=abc"]) == 2
    assert "relet_mu 应为 float" in capsys.readouterr().err


def test_scenarios_command_with_notebooks(project, monkeypatch, capsys):
    monkeypatch.setenv("ANALYSIS_ROOT", str(project))
    out = project / "cmp"
    files = [str(project / "data/raw/scenarios/baseline.yaml"), str(project / "data/raw/scenarios/revenue_15.yaml")]
    assert main(["scenarios", *files, "--output", str(out), "--notebooks", "--period", "2025-10"]) == 0
    index = (out / "index.html").read_text(encoding="utf-8")
    assert 'href="revenue_15.html"' in index and (out / "revenue_15.html").exists()
    assert "税收 2.622亿元，目标 2.736亿元，未达标" in (out / "revenue_15.html").read_text(encoding="utf-8")


def test_scenarios_command_rejects_bad_file(project, monkeypatch, capsys, tmp_path):
    monkeypatch.setenv("ANALYSIS_ROOT", str(project))
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: x\nassumptions: {revenue_growth: 500%}\n", encoding="utf-8")
    assert main(["scenarios", str(bad), "--output", str(tmp_path / "o")]) == 2
    assert "超出合理范围" in capsys.readouterr().err and not (tmp_path / "o").exists()
