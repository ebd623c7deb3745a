"""The scenario engine: baseline = the document, two scenarios and the break-evens worked by hand."""
import numpy as np
import pytest

from analysis import scenarios
from analysis.errors import InputError

from .conftest import ROOT

SCEN = ROOT / "data" / "raw" / "scenarios"
LAND = 27360 / 2 * (1 - 1 / 1.476)          # implied taxed land ≈ 4,411.7 亩


@pytest.fixture(scope="module")
def model(catalogue):
    return scenarios.Model.from_catalogue(catalogue)


def test_baseline_reproduces_the_document_to_the_last_digit(model):
    base = scenarios.load_scenario(SCEN / "baseline.yaml")
    r = scenarios.evaluate(model, **base.assumptions).iloc[0]
    assert round(r["output"], 10) == 70 and round(r["revenue"], 10) == 65 and round(r["tax"], 10) == 2.736
    assert round(r["hightech_share"], 12) == 0.25 and round(r["emerging_share"], 12) == 0.08
    assert round(r["hightech_needed"], 10) == 22
    assert r["tax_per_mu"] - (27360 / 1.476) / LAND == pytest.approx(2.0, abs=1e-12)   # +2万元/亩
    assert bool(r["all_met"])


def test_revenue_15_by_hand(model):
    s = scenarios.load_scenario(SCEN / "revenue_15.yaml")
    assert s.assumptions == {"revenue_growth": 0.15}
    r = scenarios.evaluate(model, **s.assumptions).iloc[0]
    # 营收 = 65/1.2 × 1.15 = 62.2917; 税收 = 营收 × 2.736/65 = 2.736 × 1.15/1.2 = 2.622
    assert r["revenue"] == pytest.approx(65 / 1.2 * 1.15)
    assert r["tax"] == pytest.approx(2.622)
    assert r["tax_margin"] == pytest.approx(-0.114) and not r["tax_met"]
    assert r["tax_per_mu"] == pytest.approx(26220 / LAND)                 # 5.943 < 6.202
    assert not r["tax_per_mu_met"] and r["output_met"]


def test_land_recovery_by_hand(model):
    s = scenarios.load_scenario(SCEN / "land_recovery.yaml")
    assert s.assumptions["relet_mu"] == 200                               # "200亩" read with its unit
    r = scenarios.evaluate(model, **s.assumptions).iloc[0]
    # 税收 27360 − 2 + 200 × 5 = 28358万元; 用地 4411.7 − 100 + 200 = 4511.7 亩
    assert r["tax"] == pytest.approx(2.8358)
    assert r["land_mu"] == pytest.approx(LAND + 100)
    assert r["tax_per_mu"] == pytest.approx(28358 / (LAND + 100))         # 6.285 ≥ 6.202
    assert r["tax_per_mu_met"]


def test_share_basis_output(model):
    r = scenarios.evaluate(model, share_basis="output").iloc[0]
    assert r["hightech_share"] == pytest.approx(22 / 70)                  # 31.4% on 工业总产值
    assert r["hightech_needed"] == pytest.approx(0.25 * 70)


def test_break_evens_by_hand(model):
    # with the document's tax/revenue ratio, tax meets 2.736 exactly at 20% revenue growth
    assert scenarios.break_even(model, "revenue_growth", "tax", {"revenue_growth": 0.15},
                                lo=-0.5, hi=2) == pytest.approx(0.20, abs=1e-9)
    # at 15% growth: ratio needed = 2.736 / 62.2917 = 4.392%
    assert scenarios.break_even(model, "tax_to_revenue", "tax", {"revenue_growth": 0.15},
                                lo=0, hi=0.5) == pytest.approx(2.736 / (65 / 1.2 * 1.15), abs=1e-9)
    # land to clear for 亩均 to reach target at 15%: 26220 / (L − x) = 27360 / L → x = L (1 − 26220/27360)
    x = scenarios.break_even(model, "exited_land_mu", "tax_per_mu", {"revenue_growth": 0.15}, lo=0, hi=4000)
    assert x == pytest.approx(LAND * (1 - 26220 / 27360), abs=1e-6)      # ≈ 183.8 亩
    # 高新 output for 25% when 工业总产值 is the denominator: 17.5亿
    assert scenarios.break_even(model, "hightech_output", "hightech_share", {"share_basis": "output"},
                                lo=0, hi=100) == pytest.approx(17.5, abs=1e-9)
    assert np.isnan(scenarios.break_even(model, "revenue_growth", "tax", {}, lo=0.3, hi=0.5))
    table = scenarios.break_evens(model, {"revenue_growth": 0.15})
    assert "腾出 183.8 亩" in set(table["说明"])


def test_grid_is_one_vectorised_pass(model):
    g = scenarios.grid(model, revenue_growth=np.linspace(0.1, 0.3, 50), exited_land_mu=np.arange(0, 400, 2),
                       hightech_output=[20, 22, 24])
    assert len(g) == 50 * 200 * 3
    one = scenarios.evaluate(model, revenue_growth=0.3, exited_land_mu=398.0, hightech_output=24).iloc[0]
    last = g.iloc[-1]
    assert (last["revenue_growth"], last["exited_land_mu"], last["hightech_output"]) == (0.3, 398, 24)
    for key in ("tax", "tax_per_mu", "hightech_share", "all_met"):
        assert last[key] == pytest.approx(one[key])
    assert g["tax_met"].sum() == (g["revenue_growth"] >= 0.2 - 1e-12).sum()


def test_sensitivity_order(model):
    sens = scenarios.sensitivity(model, {}, {"revenue_growth": (0.1, 0.3), "relet_mu": (0, 200)}, "tax")
    assert list(sens["id"]) == ["revenue_growth", "relet_mu"]
    assert sens.loc[0, "低值结果"] == pytest.approx(2.736 * 1.1 / 1.2)
    assert sens.loc[0, "高值结果"] == pytest.approx(2.736 * 1.3 / 1.2)


@pytest.mark.parametrize("body, fragment", [
    ("name: x\nassumptions: {revenu_growth: 0.1}\n", "revenu_growth"),
    ("name: x\nassumptions: {revenue_growth: 350%}\n", "规上营收增速应在 -50%–200% 之间"),
    ("name: x\nassumptions: {exited_land_mu: -5}\n", "退出企业用地应在 0–100000亩 之间"),
    ("name: x\nassumptions: {relet_mu: 2亿元}\n", "单位应为 亩"),
    ("name: x\nassumptions: {revenue_growth: 很快}\n", "无法识别"),
    ("name: x\nassumptions: {share_basis: sales}\n", "document / output"),
    ("name: x\nassumptions: {tax_growth: 0.3, tax_to_revenue: 0.04}\n", "只能设一个"),
    ("assumptions: {}\n", "缺少情景名称"),
    ("name: x\ncolour: red\n", "colour"),
])
def test_bad_scenario_files(tmp_path, body, fragment):
    p = tmp_path / "s.yaml"
    p.write_text(body, encoding="utf-8")
    with pytest.raises(InputError) as e:
        scenarios.load_scenario(p)
    assert fragment in str(e.value) and "s.yaml" in str(e.value)


def test_overrides(model):
    s = scenarios.with_overrides(scenarios.load_scenario(SCEN / "baseline.yaml"), {"revenue_growth": "15%"})
    assert s.assumptions == {"revenue_growth": 0.15} and s.name.endswith("（已修改）")
    with pytest.raises(InputError):
        scenarios.with_overrides(s, {"nonsense": 1})


def test_against_baseline_shows_an_unchanged_scenario_once():
    from analysis import scenarios

    same = scenarios.Scenario("基准（文件目标）", "", {})
    assert scenarios.against_baseline(same) == [same]
    other = scenarios.Scenario("营收增速15%", "", {"revenue_growth": 0.15})
    assert [s.name for s in scenarios.against_baseline(other)] == ["基准（文件目标）", "营收增速15%"]


def test_load_all_defaults_to_the_folder_and_refuses_nothing(tmp_path):
    from analysis import scenarios
    from analysis.errors import InputError

    from .conftest import ROOT

    names = [s.name for s in scenarios.load_all([], ROOT / "data/raw/scenarios")]
    assert len(names) == 3 and "基准（文件目标）" in names
    with pytest.raises(InputError, match="没有情景文件"):
        scenarios.load_all([], tmp_path)


def test_signing_to_landing_conversion(model, tmp_path):
    """落地 = 签约 × 转化率, whole projects: the document's 6 签约 and 5 落地 imply 5/6; 60% gives 3.6 → 3."""
    base = scenarios.evaluate(model).iloc[0]
    assert base["landed"] == 5 and base["landed_met"]
    p = tmp_path / "slow_landing.yaml"
    p.write_text("name: 落地转化放缓\nassumptions:\n  landing_rate: 60%\n", encoding="utf-8")
    s = scenarios.load_scenario(p)
    assert s.assumptions == {"landing_rate": pytest.approx(0.6)}
    got = scenarios.evaluate(model, **s.assumptions).iloc[0]
    assert got["landed"] == 3 and not got["landed_met"] and got["landed_margin"] == -2
    more = scenarios.evaluate(model, signed_projects=8, landing_rate=0.625).iloc[0]
    assert more["landed"] == 5 and more["landed_met"]
    table = scenarios.outcome_table(model, [scenarios.load_scenario(SCEN / "baseline.yaml"), s]).set_index("指标")
    assert table.loc["预计落地项目（按转化率，取整）", "目标"] == 5


def _named(name, path=None, **assumptions):
    return scenarios.Scenario(name, "", assumptions, path)


def test_the_baseline_is_compared_first_whatever_the_file_names():
    """The comparison page listed scenarios by file name: a.yaml came before the baseline."""
    a, base, z = _named("甲", ROOT / "a.yaml", revenue_growth=0.1), _named("基准", ROOT / "baseline.yaml"), \
        _named("乙", ROOT / "z.yaml", relet_mu=10.0)
    assert [s.name for s in scenarios.baseline_first([a, base, z])] == ["基准", "甲", "乙"]
    plain = _named("文件口径", ROOT / "doc.yaml")                     # no assumptions: the document itself
    assert [s.name for s in scenarios.baseline_first([a, plain])] == ["文件口径", "甲"]


def test_many_scenarios_are_compared_four_to_a_table():
    many = [_named(f"情景{i}", revenue_growth=0.01 * i) for i in range(1, 15)]
    groups = scenarios.in_groups(many)
    assert [len(g) for _, g in groups] == [4, 4, 4, 2]
    assert [c for c, _ in groups] == ["情景1–4（共14个）", "情景5–8（共14个）", "情景9–12（共14个）", "情景13–14（共14个）"]
    assert [s for _, g in groups for s in g] == many
    assert scenarios.in_groups(many[:3]) == [("", many[:3])]
    assert scenarios.in_groups(many[:9])[-1][0] == "情景9（共9个）"


def test_fourteen_scenarios_fit_the_comparison_page(project, monkeypatch):
    """With 14 scenario files the comparison tables were 2,611 and 2,938 px wide at 1280."""
    from analysis import build

    from .browser import too_wide

    folder = project / "data/raw/scenarios"
    for i in range(1, 15):
        (folder / f"s{i:02d}.yaml").write_text(
            f"name: 情景{i:02d}营收增长{10 + i}%且退出{10 * i}亩\nassumptions:\n  revenue_growth: {10 + i}%\n"
            f"  exited_land_mu: {10 * i}\n", encoding="utf-8")
    page = build.build_scenarios(scenarios.scenario_files(folder), root=project) / "index.html"
    assert too_wide(page)["wide"] == []
    text = page.read_text(encoding="utf-8")
    assert text.index("基准（文件目标）") < text.index("情景01营收增长11%") and "情景17（共17个）" in text
