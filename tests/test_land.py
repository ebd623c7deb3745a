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
