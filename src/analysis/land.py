"""亩均 (per-mu) measures and 五未 land progress (METHODS.md §2, §3).

Money in 万元, land in 亩 (see analysis.units).
"""
from __future__ import annotations

import numpy as np

from .growth import _arr, _out, implied_base


def per_mu(value_wan, area_mu):
    """亩均 = 数值(万元) / 用地面积(亩); NaN where the area is 0, negative or missing (METHODS §2)."""
    v, a = _arr(value_wan), _arr(area_mu)
    with np.errstate(divide="ignore", invalid="ignore"):
        r = np.where(a > 0, v / np.where(a > 0, a, 1.0), np.nan)
    return _out(r, value_wan)


def implied_area_from_increase(target_wan, growth, per_mu_increase_wan):
    """Taxed land implied by a tax target, its growth and a 亩均 increase, area unchanged.

    Δ税收 = 目标 − 目标/(1+g); with area L fixed, Δ税收 / L = Δ亩均, so L = Δ税收 / Δ亩均
    (METHODS §2: 2.736亿, +47.6%, +2万元/亩 → ≈ 4,412 亩).
    """
    delta = _arr(target_wan) - _arr(implied_base(target_wan, growth))
    inc = _arr(per_mu_increase_wan)
    with np.errstate(divide="ignore", invalid="ignore"):
        area = np.where(inc > 0, delta / np.where(inc > 0, inc, 1.0), np.nan)
    return _out(area, target_wan)
