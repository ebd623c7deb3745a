import copy
import json
import subprocess
import sys

import pytest

from analysis import audit
from analysis.catalogue import Indicator

from .conftest import ROOT


@pytest.fixture(scope="module")
def findings(catalogue):
    return audit.run(catalogue)


def _find(findings, check, subject):
    hits = [f for f in findings if f.check == check and subject in f.subject]
    assert hits, (check, subject)
    return hits[0]


def test_errors_on_the_document(findings):
    errors = {f.subject for f in findings if f.severity == "error"}
    assert errors == {"规上企业数量", "规上企业营业收入"}
    f = _find(findings, "同一指标前后数字矛盾", "规上企业营业收入")
    assert f.figures["隐含基期"] == pytest.approx(65 / 1.2, abs=1e-6) and f.figures["营业收入(2024年1-11月)"] == 97.01


def test_non_integer_bases(findings):
    for name in ("新开工项目", "竣工投产项目"):
        f = _find(findings, "隐含基期不是整数", name)
        assert f.severity == "warning" and f.figures["隐含基期"] == pytest.approx(12.5)
    f = _find(findings, "增幅与新增数是否一致", "规上企业数量")
    assert f.severity == "info" and f.figures["按新增倒推基期"] == 45
    assert _find(findings, "隐含基期", "在建项目").severity == "info"     # 20/1.25 = 16


def test_denominators_and_budgets(findings):
    f = _find(findings, "同一分母数字不同", "规上企业累计产值")
    assert f.severity == "warning" and f.figures == {"hightech_output": 88.0, "emerging_output": 86.25}
    f = _find(findings, "预算与成本指标不一致", "开发区人事薪酬改革绩效工资发放")
    assert f.figures == {"预算数": 141.37, "成本上限": 141.36}
    assert _find(findings, "预算与成本指标", "经济开发区财政体制改革补助").severity == "info"
    f = _find(findings, "比例上限与人数", "业务主办")
    assert f.severity == "warning" and f.figures["最小基数"] == pytest.approx(40)


def test_parts_pass_on_the_document(findings):
    parts = [f for f in findings if f.check == "分项与合计"]
    assert parts and all(f.severity == "info" for f in parts)
    assert _find(findings, "隐含用地面积", "亩均税收").figures["隐含用地亩"] == pytest.approx(4411.71, abs=0.01)


def test_parts_mismatch_is_an_error(catalogue):
    broken = copy.deepcopy(catalogue)
    broken.indicators = [Indicator(**{**i.__dict__, "value": 7}) if i.id == "onboarding_ready_2024" else i
                         for i in broken.indicators]
    subjects = {f.subject for f in audit.check_parts(broken) if f.severity == "error"}
    assert "2024年入统企业" in subjects and "2024年待入统企业" in subjects


def test_ordering_and_every_finding_explained(findings):
    ranks = [audit.SEVERITY_ORDER[f.severity] for f in findings]
    assert ranks == sorted(ranks)
    assert all(f.arithmetic and f.explanation for f in findings)


def test_cli_json():
    out = subprocess.run([sys.executable, "-m", "analysis", "audit", "--json"], cwd=ROOT, capture_output=True,
                         text=True, check=True).stdout
    data = json.loads(out)
    assert {d["severity"] for d in data} == {"error", "warning", "info"}
    assert {"severity", "check", "subject", "arithmetic", "explanation", "figures"} <= set(data[0])
