import numpy as np
import pandas as pd
import pytest

from analysis import growth


def test_tax_base_from_document():
    # 税收 2.736亿元, 增幅47.6% → 2024 base 2.736/1.476 = 1.85365853…亿元 (hand: 27360/1.476 = 18536.585万元)
    assert growth.implied_base(2.736, 0.476) == pytest.approx(1.8536585, abs=1e-7)
    assert 2.736 - growth.implied_base(2.736, 0.476) == pytest.approx(0.8823415, abs=1e-7)


def test_above_scale_firm_base_agrees_with_increment():
    # 51家, 新增6家, 增幅13%: 51-6 = 45 and 51/1.13 = 45.13 (METHODS §1)
    assert growth.implied_base(51, 0.13) == pytest.approx(45.1327, abs=1e-4)
    assert round(growth.implied_base(51, 0.13)) == 51 - 6


def test_implied_total_high_tech():
    assert growth.implied_total(22, 0.25) == pytest.approx(88.0)
    assert growth.implied_total(6.9, 0.08) == pytest.approx(86.25)
    assert np.isnan(growth.implied_total(1, 0))


def test_growth_rate_edges():
    assert growth.growth_rate(2.736, 1.8536585) == pytest.approx(0.476, abs=1e-6)
    assert np.isnan(growth.growth_rate(5, 0))
    assert np.isnan(growth.growth_rate(5, -2))
    assert np.isnan(growth.growth_rate(float("nan"), 3))
    s = growth.growth_rate(pd.Series([110.0, 90.0, 1.0]), pd.Series([100.0, 100.0, 0.0]))
    assert list(s.round(3)[:2]) == [0.1, -0.1] and np.isnan(s.iloc[2])


def test_completion_rate_both_directions():
    assert growth.completion_rate(35, 70) == 0.5
    assert growth.completion_rate(300, 350, "lower") == 1.0           # under the cap
    assert growth.completion_rate(400, 350, "lower") == pytest.approx(0.875)
    assert np.isnan(growth.completion_rate(3, 0))
    r = growth.completion_rate(np.array([1.0, 400.0]), np.array([2.0, 350.0]), np.array(["higher", "lower"]))
    assert list(r) == [0.5, pytest.approx(0.875)]


def test_time_progress_methods():
    assert growth.time_progress("2025-06") == 0.5
    assert growth.time_progress("2025-10") == pytest.approx(10 / 12)
    assert growth.time_progress("2025-06", "days") == pytest.approx(181 / 365)
    assert growth.time_progress("2024-02", "days") == pytest.approx(60 / 366)
    assert growth.time_progress("2025-05", "quarters") == 0.25
    with pytest.raises(ValueError, match="YYYY-MM"):
        growth.time_progress("2025-13")
    with pytest.raises(ValueError, match="YYYY-MM"):
        growth.time_progress("202506")
    with pytest.raises(ValueError):
        growth.time_progress("2025-06", "weeks")


def test_gap_and_status():
    assert growth.progress_gap(0.45, 0.5) == pytest.approx(-5.0)
    assert growth.progress_status(-5.0) == growth.STATUS_BEHIND
    assert growth.progress_status(0.5, tolerance_pp=1) == growth.STATUS_ON
    assert growth.progress_status(2.0, tolerance_pp=1) == growth.STATUS_AHEAD
    assert growth.progress_status(float("nan")) == ""
    s = growth.progress_status(pd.Series([3.0, -3.0]))
    assert list(s) == [growth.STATUS_AHEAD, growth.STATUS_BEHIND]
    assert growth.growth_status(0.30, 0.476) == growth.GROWTH_BELOW      # a rate has its own words (issue 24 #3)
    assert growth.growth_status(0.209, 0.186) == growth.GROWTH_ABOVE     # 工业总产值 20.9% vs 18.6%, not 超序时进度
    assert growth.growth_status(0.19, 0.186, tolerance_pp=1) == growth.GROWTH_ON
    assert growth.is_behind(-1.5, 1.0) and not growth.is_behind(-1.0, 1.0) and not growth.is_behind(float("nan"))


def test_needed_growth_and_pace_by_hand():
    # target 70, YTD 50 after 10 months; last year's Nov+Dec = 12 → need 20/12 − 1 = 66.7%
    assert growth.needed_growth(70, 50, 12) == pytest.approx(20 / 12 - 1)
    assert growth.needed_monthly_pace(70, 50, 10) == 10
    assert np.isnan(growth.needed_monthly_pace(70, 50, 12))
    assert np.isnan(growth.needed_growth(70, 50, 0))


def test_projections_by_hand():
    assert growth.projection_run_rate(50, 10) == 60
    # last year 1-10月 was 40 of 50 for the year (80%) → 50 / 0.8 = 62.5
    assert growth.projection_seasonal(50, 40, 50) == 62.5
    assert np.isnan(growth.projection_seasonal(50, float("nan"), 50))


def test_monthly_from_ytd():
    m = growth.monthly_from_ytd(pd.Series([5.0, 11.0, 18.0]))
    assert list(m) == [5.0, 6.0, 7.0]
