import numpy as np
import pytest

from analysis import land


def test_implied_area_from_document():
    # METHODS §2: Δ税收 = 27360 − 27360/1.476 ≈ 8823.4万元; ÷ 2万元/亩 ≈ 4,411.7 亩
    area = land.implied_area_from_increase(27360, 0.476, 2)
    assert area == pytest.approx(4411.71, abs=0.01)


def test_per_mu_and_zero_land():
    assert land.per_mu(300, 20) == 15
    assert np.isnan(land.per_mu(300, 0))
    assert np.isnan(land.per_mu(300, -1))
    assert np.isnan(land.implied_area_from_increase(27360, 0.476, 0))


import pandas as pd  # noqa: E402

from analysis.errors import InputError  # noqa: E402


def test_per_mu_steps_document_logic():
    steps = land.per_mu_steps(27360, 0.476, 2)
    area = 27360 / 2 * (1 - 1 / 1.476)                # ≈ 4,411.7 亩
    assert steps.attrs["area_source"] == "由目标倒推"
    assert list(steps["用地亩"]) == pytest.approx([area, area])
    # 2024: 18,536.6万 / 4,411.7 = 4.2017; 2025 target 6.2017: exactly +2万元/亩
    assert steps["较2024增加"].iloc[1] == pytest.approx(2.0)
    assert steps["亩均税收"].iloc[0] == pytest.approx((27360 / 1.476) / area)


def test_per_mu_steps_exits_and_relet_by_hand():
    # user area 4,000 亩; 5 firms leave with 100 亩 and 2万 tax; 200 亩 re-let at 5万元/亩
    s = land.per_mu_steps(27360, 0.476, 2, area_mu=4000, exited_mu=100, exited_tax_wan=2,
                          relet_mu=200, relet_tax_per_mu_wan=5)
    assert s.attrs["area_source"] == "用户提供"
    assert s["亩均税收"].iloc[1] == pytest.approx(27360 / 4000)               # 6.84
    assert s["亩均税收"].iloc[2] == pytest.approx(27358 / 3900)               # 7.015
    assert s["亩均税收"].iloc[3] == pytest.approx((27358 + 1000) / 4100)      # 6.917
    assert len(s) == 4


def _parcels_csv(path, rows):
    head = "地块编号,地块名称,持有主体,面积亩,类别,计划处置亩,已处置亩,处置日期,处置方式,备注\n"
    path.write_text(head + "".join(r + "\n" for r in rows), encoding="utf-8")
    return path


def test_parcels_progress_by_hand(tmp_path):
    p = _parcels_csv(tmp_path / "p.csv", [
        "P1,地块一,示例,20,供而未用,20,20,2025-03-10,收回,",
        "P2,地块二,示例,50,用而未建,50,30,2025-06,转让,",
        "P3,地块三,示例,40,投而未效,40,0,,,",
        "P4,地块四,示例,15,供而未用,15,15,2024-12-01,收回,",
    ])
    parcels = land.read_parcels(p)
    by_month = land.recovery_by_month(parcels, "2025-06")
    assert list(by_month["累计处置亩"]) == [0, 0, 20, 20, 20, 50]
    prog = land.recovery_progress(parcels, 200, "2025-06")
    assert prog["已处置亩"] == 50 and prog["完成率"] == 0.25 and prog["进度差"] == pytest.approx(-25)
    assert prog["剩余月均需亩"] == pytest.approx(150 / 6)
    cs = land.category_summary(parcels).set_index("类别")
    assert cs.loc["供而未用", "处置率"] == 1.0 and cs.loc["合计", "认定面积亩"] == 125
    assert cs.loc["合计", "处置率"] == pytest.approx(65 / 125)
    assert cs.loc["建而未全", "地块数"] == 0
    ms = land.means_summary(parcels).set_index("处置方式")
    assert ms.loc["收回", "已处置亩"] == 35 and ms.loc["招商盘活", "地块数"] == 0


@pytest.mark.parametrize("row, column", [
    ("P1,x,x,20,闲置,20,0,,,", "类别"),
    ("P1,x,x,20,供而未用,20,25,2025-03-01,收回,", "已处置亩"),
    ("P1,x,x,20,供而未用,20,10,2025-02-30,收回,", "处置日期"),
    ("P1,x,x,20,供而未用,20,10,2025-03-01,拍卖,", "处置方式"),
    ("P1,x,x,二十,供而未用,20,0,,,", "面积亩"),
])
def test_parcel_errors(tmp_path, row, column):
    with pytest.raises(InputError) as e:
        land.read_parcels(_parcels_csv(tmp_path / "p.csv", [row]))
    assert "第 2 行" in str(e.value) and column in str(e.value)


def test_named_sites_total(catalogue):
    t = land.named_sites(catalogue.lists["land_recovery_sites"]["items"])
    assert t.iloc[-1]["面积亩"] == 205 and len(t) == 7
    assert isinstance(t, pd.DataFrame)


def test_zone_per_mu_from_ledger(catalogue):
    ledger = pd.DataFrame({"code": ["A", "B", "C"], "name": ["甲", "乙", "丙"], "own_mu": [30.0, 20.0, 50.0],
                           "tax": [0.5, 0.2, 300.0]})
    settings = {"low_efficiency_tax_wan": 1.0}
    steps = land.zone_per_mu(catalogue, ledger, settings, taxed_land_mu=4000, relet_mu=100, relet_tax_per_mu=5)
    # A and B leave with 50 亩 and 0.7万元; 100 亩 re-let at 5万元/亩
    assert list(steps["用地亩"]) == pytest.approx([4000, 4000, 3950, 4050])
    assert steps["税收万元"].iloc[-1] == pytest.approx(27360 - 0.7 + 500)
    assert "退出企业的用地和税收取自企业台账" in land.area_explanation(steps)
    none = land.zone_per_mu(catalogue, None, settings)
    assert len(none) == 2 and "由目标倒推的隐含值" in land.area_explanation(none)
