"""One fact, one source (issue 10's design, needed for trustworthy inputs): figures a ledger carries
come from the ledger; a monthly figure that disagrees is reported with both values."""
import json

import pandas as pd
import pytest

from analysis import build, reconcile, sources
from analysis.validation import Quality

from .conftest import ROOT, make_project

HEADER = "指标代码,指标名称,单位,期间,本年累计,上年同期累计,上年全年,官方增速%,备注\n"


def _real_months(proj, edits=None):
    """The demo months copied as real data, with {(indicator, period): 本年累计} replaced or added."""
    edits = dict(edits or {})
    for f in sorted((ROOT / "data/raw/demo/actuals").glob("*.csv")):
        lines = f.read_text(encoding="utf-8-sig").splitlines()[1:]
        period = f.stem
        extra = [f"{i},{n},{u},{period},{v},,,," for (i, p), (n, u, v) in list(edits.items()) if p == period]
        (proj / "data/raw/actuals" / f.name).write_text(HEADER + "\n".join(lines + extra) + "\n", encoding="utf-8-sig")


def test_ledger_values_by_month(catalogue):
    parcels = pd.DataFrame({"parcel": ["A", "B", "C"], "area_mu": [20.0, 30.0, 10.0], "category": ["供而未用"] * 3,
                            "disposed_mu": [20.0, 30.0, 10.0], "date": ["2024-11-02", "2025-03-18", "2025-07-01"],
                            "means": ["收回"] * 3})
    assert reconcile.ledger_value("land_recovery_target", parcels, "2025-06", "2025-10") == 30.0   # 2024 not counted
    assert reconcile.ledger_value("land_recovery_target", parcels, "2025-07", "2025-10") == 40.0
    status = pd.DataFrame({"企业名称": list("甲乙丙丁"), "处置意见": ["清退", "清退", "整改提升", "清退"],
                           "进展": ["已完成", "已完成", "已完成", "推进中"], "完成时间": ["2025-04-30", "", "2025-09", ""]})
    assert reconcile.ledger_value("low_efficiency_exit", status, "2025-05", "2025-10") == 1.0
    assert reconcile.ledger_value("low_efficiency_exit", status, "2025-10", "2025-10") == 2.0   # undated: from the period on
    assert reconcile.ledger_value("low_efficiency_rectify", status, "2025-08", "2025-10") == 0.0


def test_monthly_figure_disagreeing_with_the_ledger_is_reported_and_the_ledger_wins(tmp_path):
    proj = make_project(tmp_path / "proj")
    ledger = (proj / "data/raw/demo/land/parcels.csv").read_bytes()
    (proj / "data/raw/land/parcels.csv").write_bytes(ledger)          # the ledger as real data
    _real_months(proj, {("land_recovery_target", "2025-10"): ("收回盘活闲置土地", "亩", "180")})
    sources.prepare("2025-10", proj)
    act = pd.read_csv(proj / "data/processed/2025-10/actuals.csv", encoding="utf-8-sig")
    row = act[(act["id"] == "land_recovery_target") & (act["period"] == "2025-10")].iloc[0]
    assert row["ytd"] == 145.0 and "五未地块台账" in row["source"]
    manifest = json.loads((proj / "data/processed/2025-10/manifest.json").read_text(encoding="utf-8"))
    hit = [f for f in manifest["quality"] if "收回盘活闲置土地" in f["message"]]
    assert len(hit) == 1 and hit[0]["file"] == "2025-10.csv" and "180" in hit[0]["message"] and "145" in hit[0]["message"]


def test_demo_ledger_never_overrides_real_monthly_figures(tmp_path):
    proj = make_project(tmp_path / "proj")
    _real_months(proj, {("land_recovery_target", "2025-10"): ("收回盘活闲置土地", "亩", "180")})
    sources.prepare("2025-10", proj)
    act = pd.read_csv(proj / "data/processed/2025-10/actuals.csv", encoding="utf-8-sig")
    row = act[(act["id"] == "land_recovery_target") & (act["period"] == "2025-10")].iloc[0]
    assert row["ytd"] == 180.0 and row["source"].startswith("2025-10.csv:")


def test_reconcile_adds_missing_months_from_the_ledger(catalogue):
    actuals = pd.DataFrame({"id": ["tax", "tax"], "period": ["2025-09", "2025-10"], "ytd": [1.7, 2.0],
                            "ytd_last": [1.3, 1.5], "last_full": [None, None], "official_growth": [None, None],
                            "note": ["", ""], "source": ["a.csv:2", "b.csv:2"]})
    status = pd.DataFrame({"企业名称": ["甲"], "处置意见": ["清退"], "进展": ["已完成"], "完成时间": ["2025-10-08"]})
    out, derived = reconcile.reconcile(actuals, {"low_efficiency_status": status},
                                       {"low_efficiency_status": (ROOT / "s.csv", False)}, "2025-10", catalogue,
                                       Quality(), actuals_demo=False)
    got = out[out["id"] == "low_efficiency_exit"].set_index("period")["ytd"].to_dict()
    assert got == {"2025-09": 0.0, "2025-10": 1.0} and derived == {"low_efficiency_exit": "低效企业进展表",
                                                                     "low_efficiency_rectify": "低效企业进展表"}


def test_summary_and_land_page_show_one_number(tmp_path):
    proj = make_project(tmp_path / "proj")
    status = proj / "data/raw/enterprises/low_efficiency_status.csv"
    lines = status.read_text(encoding="utf-8-sig").splitlines()
    exits = [i for i, line in enumerate(lines) if ",清退," in line][:2]
    for i in exits:
        lines[i] = ",".join(lines[i].split(",")[:3] + ["已完成", "2025-08-15", ""])
    status.write_text("\n".join(lines) + "\n", encoding="utf-8-sig")
    dest = build.build("2025-10", root=proj, notebooks=["00_briefing", "20_land_efficiency"])
    summary = (dest / "00_briefing.html").read_text(encoding="utf-8")
    assert "拟清退低效企业（2/5家）" in summary and "取自低效企业进展表" in summary
    land_page = (dest / "20_land_efficiency.html").read_text(encoding="utf-8")
    assert "本年已处置“五未”土地 145.0亩" in land_page and "收回盘活闲置土地滞后：本年累计145.0亩" in summary
    assert pytest.approx(145.0) == float(
        pd.read_csv(proj / "data/processed/2025-10/actuals.csv", encoding="utf-8-sig")
        .query("id == 'land_recovery_target' and period == '2025-10'")["ytd"].iloc[0])


# ---------------------------------------------------------------- found by a third adversarial pass
def test_ledger_figures_pass_the_same_plausibility_checks(tmp_path):
    from analysis.errors import InputError

    proj = make_project(tmp_path / "proj")
    (proj / "data/raw/land/parcels.csv").write_text(
        "地块编号,地块名称,持有主体,面积亩,类别,计划处置亩,已处置亩,处置日期,处置方式,备注\n"
        "D01,x,x,30,供而未用,30,30,2025-03-18,收回,\nD02,y,y,20000,用而未建,20000,20000,2025-06-20,转让,\n",
        encoding="utf-8-sig")
    _real_months(proj)
    with pytest.raises(InputError) as e:
        sources.prepare("2025-10", proj)
    assert "parcels.csv" in str(e.value) and "5 倍" in str(e.value) and "收回盘活闲置土地" in str(e.value)


def test_unfilled_progress_table_does_not_override_the_monthly_figure(tmp_path):
    proj = make_project(tmp_path / "proj")
    _real_months(proj, {("low_efficiency_exit", "2025-10"): ("拟清退低效企业", "家", "3")})
    sources.prepare("2025-10", proj)
    act = pd.read_csv(proj / "data/processed/2025-10/actuals.csv", encoding="utf-8-sig")
    assert act.query("id == 'low_efficiency_exit' and period == '2025-10'")["ytd"].iloc[0] == 3.0
    manifest = json.loads((proj / "data/processed/2025-10/manifest.json").read_text(encoding="utf-8"))
    assert any("尚未填写任何进展" in f["message"] and "按月报填报" in f["message"] for f in manifest["quality"])


def test_completion_in_an_earlier_year_counts_everywhere_and_is_flagged(tmp_path, catalogue):
    from analysis import efficiency

    listed = catalogue.lists["low_efficiency_firms"]["items"]
    rect = [i for i in listed if i["disposition"] == "整改提升"][:2]
    f = tmp_path / "s.csv"
    f.write_text("序号,企业名称,处置意见,进展,完成时间,备注\n"
                 f"1,{rect[0]['name']},整改提升,已完成,2024-12-01,\n2,{rect[1]['name']},整改提升,已完成,2025-09-30,\n",
                 encoding="utf-8-sig")
    q = Quality()
    status = efficiency.read_low_efficiency_status(f, listed, "2025-10", q)
    assert any("早于 2025 年" in x.message for x in q.findings)
    summary = efficiency.low_efficiency_summary(status).set_index("处置意见")
    assert summary.loc["整改提升", "已完成"] == reconcile.ledger_value("low_efficiency_rectify", status, "2025-10", "2025-10") == 2


def test_land_tables_count_this_years_disposals_like_the_progress(tmp_path):
    from analysis import land

    parcels = pd.DataFrame({"parcel": ["A", "B"], "area_mu": [15.0, 20.0], "category": ["供而未用", "用而未建"],
                            "disposed_mu": [15.0, 20.0], "date": ["2024-11-02", "2025-03-18"], "means": ["收回", "收回"]})
    total = land.category_summary(parcels, "2025-10").set_index("类别").loc["合计", "已处置亩"]
    by_means = land.means_summary(parcels, "2025-10").set_index("处置方式").loc["收回", "已处置亩"]
    assert total == by_means == reconcile.ledger_value("land_recovery_target", parcels, "2025-10", "2025-10") == 20.0
