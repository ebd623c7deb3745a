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
