import numpy as np
import pandas as pd
import pytest

from analysis import growth, progress


def _actuals(rows):
    return pd.DataFrame(rows, columns=["id", "period", "ytd", "ytd_last", "last_full", "official_growth"])


@pytest.fixture
def kpi(catalogue):
    act = _actuals([
        # 税收: 1.5亿 by June, last year 1.2亿 by June, 1.8536585亿 for the year
        ("tax", "2025-06", 1.5, 1.2, 2.736 / 1.476, np.nan),
        # 规上企业: 48 firms (base 45, target 51) → increment progress 3/6 = 50%
        ("above_scale_firms", "2025-06", 48, 44, np.nan, np.nan),
        # 工业总产值 with an official growth rate entered
        ("industrial_output", "2025-06", 30, 28, 59, 0.105),
        ("inv_signed", "2025-06", 6, np.nan, 4, np.nan),
        ("inv_landed", "2025-06", 2, np.nan, 3, np.nan),
        ("tax", "2025-05", 1.0, 0.9, np.nan, np.nan),   # another month: ignored
    ])
    return progress.kpi_table(catalogue, act, "2025-06").set_index("id")


def test_tax_by_hand(kpi):
    r = kpi.loc["tax"]
    assert r["完成率"] == pytest.approx(1.5 / 2.736)            # 54.82%
    assert r["序时进度"] == 0.5
    assert r["进度差"] == pytest.approx((1.5 / 2.736 - 0.5) * 100)  # +4.82 pp
    assert r["状态"] == growth.STATUS_AHEAD
    assert r["同比增速"] == pytest.approx(0.25) and r["增速来源"] == "推算"
    assert r["增速状态"] == growth.GROWTH_BELOW                  # 25% < 47.6%
    assert r["还需完成"] == pytest.approx(1.236)
    assert r["剩余月均需完成"] == pytest.approx(1.236 / 6)
    # last year's remaining months: 1.8536585 − 1.2 = 0.6536585 → need 1.236/0.6536585 − 1 = 89.09%
    assert r["剩余月份需增速"] == pytest.approx(1.236 / (2.736 / 1.476 - 1.2) - 1)
    assert r["全年预测_按进度"] == pytest.approx(3.0)
    # seasonal: last year's June share 1.2/1.8536585 = 64.74% → 1.5/0.6474 = 2.317
    assert r["全年预测_按季节"] == pytest.approx(1.5 / (1.2 / (2.736 / 1.476)))
    assert r["预测完成率"] == pytest.approx(r["全年预测_按季节"] / 2.736)


def test_stock_uses_increment_progress(kpi):
    r = kpi.loc["above_scale_firms"]
    assert r["类别"] == "存量"
    assert r["完成率"] == pytest.approx(48 / 51)
    assert r["进度"] == pytest.approx(0.5)                      # (48 − 45) / (51 − 45)
    assert r["状态"] == growth.STATUS_ON
    assert np.isnan(r["全年预测_按进度"])


def test_official_growth_wins(kpi):
    r = kpi.loc["industrial_output"]
    assert r["同比增速"] == 0.105 and r["增速来源"] == "官方"


def test_milestones(kpi):
    assert kpi.loc["inv_signed", "类别"] == "节点" and kpi.loc["inv_signed", "状态"] == progress.DONE
    assert kpi.loc["inv_landed", "状态"] == progress.OPEN
    assert np.isnan(kpi.loc["inv_landed", "进度差"])


def test_unreported_and_order(kpi):
    assert kpi.loc["revenue", "状态"] == progress.NOT_REPORTED
    order = list(kpi["状态"])
    ranks = [progress.STATUS_ORDER[s] for s in order]
    assert ranks == sorted(ranks)


def test_tolerance_band(catalogue):
    act = _actuals([("tax", "2025-06", 2.736 * 0.495, np.nan, np.nan, np.nan)])  # −0.5 pp
    strict = progress.kpi_table(catalogue, act, "2025-06", tolerance_pp=0).set_index("id")
    loose = progress.kpi_table(catalogue, act, "2025-06", tolerance_pp=1).set_index("id")
    assert strict.loc["tax", "状态"] == growth.STATUS_BEHIND
    assert loose.loc["tax", "状态"] == growth.STATUS_ON


def test_days_method(catalogue):
    act = _actuals([("tax", "2025-06", 1.5, np.nan, np.nan, np.nan)])
    k = progress.kpi_table(catalogue, act, "2025-06", method="days").set_index("id")
    assert k.loc["tax", "序时进度"] == pytest.approx(181 / 365)


def test_sentences_name_laggards(catalogue):
    act = _actuals([("revenue", "2025-10", 40.0, 38.0, 54.0, np.nan), ("tax", "2025-10", 2.5, 1.6, 1.85, np.nan)])
    k = progress.kpi_table(catalogue, act, "2025-10")
    text = "\n".join(progress.progress_sentences(k, "2025-10"))
    assert "规上企业营业收入滞后" in text and "完成率61.5%" in text       # 40/65
    assert "剩余2个月月均需完成12.50亿元" in text                         # (65−40)/2
    assert "超序时进度的有：税收" in text


def test_trend(catalogue):
    act = _actuals([("tax", f"2025-{m:02d}", m * 0.2, m * 0.15, np.nan, np.nan) for m in range(1, 8)])
    tr = progress.trend(act, "tax", "2025-05")
    assert list(tr["月份"]) == [1, 2, 3, 4, 5] and tr["本年累计"].iloc[-1] == pytest.approx(1.0)


def test_period_label():
    assert progress.period_label("2025-10") == "2025-10（1-10月累计）"
    with pytest.raises(ValueError, match="YYYY-MM"):
        progress.period_label("2025-1")


def test_trend_stays_in_its_year():
    import pandas as pd

    from analysis import progress

    act = pd.DataFrame({"id": ["tax"] * 3, "period": ["2024-12", "2025-01", "2025-02"], "ytd": [1.9, 0.1, 0.3],
                        "ytd_last": [1.5, 0.08, 0.2]})
    assert list(progress.trend(act, "tax", "2025-02")["月份"]) == [1, 2]
    assert progress.trend(act, "tax", "2026-01").empty
