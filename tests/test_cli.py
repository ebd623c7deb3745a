import csv
import os
import io
import subprocess
import sys

import pytest
from pathlib import Path

from analysis.cli import main

from .conftest import ROOT, make_project


def test_targets_csv_via_python_m():
    out = subprocess.run([sys.executable, "-m", "analysis", "targets", "--format", "csv"], cwd=ROOT,
                         capture_output=True, text=True, check=True).stdout
    rows = {r["id"]: r for r in csv.DictReader(io.StringIO(out))}
    assert rows["tax"]["中文名"] == "税收" and rows["tax"]["数值"] == "2.736" and rows["tax"]["单位"] == "亿元"
    assert float(rows["tax"]["隐含基期"]) == 2.736 / 1.476
    assert float(rows["hightech_output"]["隐含总量"]) == 88.0
    assert "managed_area" in rows and "finance_loans" in rows
    # the project tables too: 预算数 and every indicator with its parsed value
    projects = [r for r in csv.DictReader(io.StringIO(out)) if r["表"] == "项目绩效目标"]
    budgets = {r["项目名称"]: float(r["数值"]) for r in projects if r["三级指标"] == "年初预算数"}
    assert budgets == {"经济开发区财政体制改革补助": 350.0, "经济开发区基础设施养护": 900.0,
                       "开发区人事薪酬改革绩效工资发放": 141.37}
    people = {r["指标值"]: (r["运算符"], float(r["数值"]), r["单位"], r["量纲"]) for r in projects
              if r["指标值"] in ("≥1000人", "≥28人")}
    assert people == {"≥1000人": ("≥", 1000.0, "人", "count"), "≥28人": ("≥", 28.0, "人", "count")}


def test_parse_values_from_stdin():
    import json

    out = subprocess.run([sys.executable, "-m", "analysis", "parse-values"], cwd=ROOT, capture_output=True, text=True,
                         input="≥12次\n\n30000\n2023.07-2024.01\n达成预期指标\n90%-95%\n", check=True).stdout
    recs = [json.loads(line) for line in out.splitlines()]
    assert [r["kind"] for r in recs] == ["quantitative", "quantitative", "deadline", "qualitative", "unrecognised"]
    assert (recs[0]["operator"], recs[0]["number"], recs[0]["unit"], recs[0]["dimension"]) == ("≥", 12.0, "次", "count")
    assert recs[1]["deadline"] is None and recs[1]["number"] == 30000.0
    assert recs[2]["deadline"] == "2024-01" and "区间" in recs[4]["note"]


def test_parse_values_from_a_column(tmp_path, capsys):
    import datetime as dt
    import json

    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["二级指标", "三级指标", "指标值"])
    ws.append(["数量指标", "农田面积(亩)", 30000])
    ws.append(["时效指标", "完成时间", 44561])
    ws.append(["时效指标", "到位时间", dt.datetime(2025, 6, 30)])
    ws.append(["质量指标", "合格率", "≥95%"])
    f = tmp_path / "t.xlsx"
    wb.save(f)
    assert main(["parse-values", str(f), "--column", "指标值", "--indicator-column", "三级指标",
                 "--level2-column", "二级指标"]) == 0
    recs = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [r["row"] for r in recs] == [2, 3, 4, 5]
    assert (recs[0]["number"], recs[0]["unit"], recs[0]["dimension"]) == (30000.0, "亩", "area")
    assert recs[1]["deadline"] == "2021-12" and recs[2]["deadline"] == "2025-06-30"
    assert recs[3]["operator"] == "≥"
    assert main(["parse-values", str(f)]) == 2                          # a file needs --column
    assert "--column" in capsys.readouterr().err


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
    assert "规上营收增速应在 -50%–200% 之间" in capsys.readouterr().err and not (tmp_path / "o").exists()


def test_parse_values_completes_a_month_only_deadline_with_the_budget_year(monkeypatch, capsys):
    import json

    monkeypatch.setattr("sys.stdin", io.StringIO("12月底前\n2023年底\n"))
    assert main(["parse-values"]) == 0                              # the targets file's year (2025)
    first, second = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert first["deadline"] == "2025-12" and "2025" in first["note"] and second["deadline"] == "2023-12"
    monkeypatch.setattr("sys.stdin", io.StringIO("12月底前\n"))
    assert main(["parse-values", "--year", "2026"]) == 0
    assert json.loads(capsys.readouterr().out)["deadline"] == "2026-12"
    assert main(["parse-values", "--year", "26"]) == 2


def test_a_copied_project_does_not_run_the_originals_code(tmp_path):
    """Issue 27 #5: a folder copied with its .venv imported the original checkout's package."""
    from analysis import cli
    from analysis.errors import AnalysisError

    copy = tmp_path / "copy"
    (copy / "src" / "analysis").mkdir(parents=True)
    original = tmp_path / "original" / "src" / "analysis"
    original.mkdir(parents=True)
    with pytest.raises(AnalysisError, match="另一个文件夹的程序"):
        cli.own_code_or_refuse(copy, original)
    cli.own_code_or_refuse(copy, copy / "src" / "analysis")          # its own code
    cli.own_code_or_refuse(tmp_path / "data-only", original)          # a data folder with an installed package


def test_make_remakes_a_venv_that_belongs_to_another_folder(tmp_path):
    import shutil
    import subprocess

    from analysis import paths

    shutil.copy(paths.project_root() / "Makefile", tmp_path / "Makefile")
    venv = tmp_path / ".venv"
    venv.mkdir()
    (venv / ".installed").write_text("")
    (venv / ".root").write_text("/somewhere/else\n")
    out = subprocess.run(["make", "-n", "-C", str(tmp_path), "setup"], capture_output=True, text=True)
    assert "属于另一个文件夹" in out.stdout + out.stderr and not venv.exists()
    venv.mkdir()
    (venv / ".installed").write_text("")
    (venv / ".root").write_text(f"{tmp_path}\n")
    out = subprocess.run(["make", "-n", "-C", str(tmp_path), "setup"], capture_output=True, text=True)
    assert "属于另一个文件夹" not in out.stdout + out.stderr and venv.exists()


def test_disk_full_names_the_folder(monkeypatch, capsys, tmp_path):
    import errno

    from analysis import cli

    def full(args):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setenv("ANALYSIS_ROOT", str(tmp_path))
    monkeypatch.setattr(cli, "cmd_build", full)
    parser = cli.parser
    monkeypatch.setattr(cli, "parser", lambda: _with_func(parser(), full))
    assert cli.main(["build"]) == 1
    err = capsys.readouterr().err
    assert "磁盘空间不足" in err and str(tmp_path) in err and "MB" in err and "Traceback" not in err


def _with_func(p, func):
    class Wrapped:
        def parse_args(self, argv):
            args = p.parse_args(argv)
            args.func = func
            return args
    return Wrapped()


def test_output_cut_short_by_a_pipe_is_not_an_error_message():
    """`analysis targets --format csv | head -1` printed 错误：无法读写文件：Broken pipe."""
    p = subprocess.Popen([sys.executable, "-m", "analysis", "targets", "--format", "csv"], cwd=ROOT,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert p.stdout.readline().startswith("表,id".encode())
    p.stdout.close()                                     # the reader goes away, as head does
    err = p.stderr.read().decode("utf-8", "replace")
    p.wait(timeout=60)
    assert "Broken pipe" not in err and "Traceback" not in err and "错误" not in err


def test_a_build_whose_reader_leaves_still_finishes(monkeypatch, tmp_path):
    """`analysis build | head` ended the build with exit 1 and no word once head stopped reading: the
    progress lines after that go nowhere and the command runs to the end."""
    from analysis import cli

    done = tmp_path / "finished"

    def long_build(args):
        for i in range(20000):                       # far more than a pipe holds
            print(f"  第{i}页：完成", flush=i % 100 == 0)
        done.write_text("ok", encoding="utf-8")
        return 0

    read, write = os.pipe()
    os.close(read)                                   # the reader has gone, as head does after its lines
    out = os.fdopen(write, "w", encoding="utf-8")
    monkeypatch.setattr(sys, "stdout", out)
    parser = cli.parser
    monkeypatch.setattr(cli, "parser", lambda: _with_func(parser(), long_build))
    assert cli.main(["build"]) == 0
    assert done.read_text(encoding="utf-8") == "ok"
    assert sys.stdout is out                         # put back for whoever prints next
    out.write("到空设备\n")
    out.flush()                                      # the closed pipe was replaced: no error at exit either
    out.close()


@pytest.mark.parametrize("setting", ["missing", "not a font", "garbage", "no chinese"])
def test_a_wrong_font_setting_is_refused_before_anything_runs(monkeypatch, capsys, tmp_path, setting):
    """A missing ANALYSIS_CJK_FONT file was found only inside the pages, after the data was prepared."""
    from analysis import cli

    proj = make_project(tmp_path / "proj")
    font = tmp_path / "font.ttf"
    if setting == "not a font":
        font = tmp_path / "notes.txt"
        font.write_text("不是字体", encoding="utf-8")
    elif setting == "garbage":                                  # a .ttf that is no font: FreeType's English error
        font.write_bytes(b"\x00garbage" * 50)
    elif setting == "no chinese":                               # a real font without Chinese glyphs
        import matplotlib

        font = Path(matplotlib.get_data_path()) / "fonts/ttf/DejaVuSans.ttf"
    monkeypatch.setenv("ANALYSIS_ROOT", str(proj))
    monkeypatch.setenv("ANALYSIS_CJK_FONT", str(font))
    assert cli.main(["build", "--period", "2025-10"]) == 1
    err = capsys.readouterr().err
    assert "ANALYSIS_CJK_FONT" in err and str(font) in err and "Traceback" not in err
    assert {"missing": "不存在", "not a font": "不是字体文件", "garbage": "不是可读取的字体文件",
            "no chinese": "缺少中文字形"}[setting] in err
    assert not any((proj / "data/processed").iterdir())       # nothing was prepared
    assert not list((proj / "reports").glob("[!.]*"))        # only the build lock's file
