"""Growth, completion and time progress (METHODS.md §1).

Every function works on scalars and, element-wise, on numpy arrays and pandas Series.
Undefined results (a base ≤ 0, a target of 0) are NaN, never ±inf.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from .period import Period

STATUS_AHEAD = "超序时进度"
STATUS_ON = "达到序时进度"
STATUS_BEHIND = "滞后序时进度"
# a growth rate is compared with the document's target rate, not with 序时进度: its own words
GROWTH_ABOVE = "高于目标增幅"
GROWTH_ON = "达到目标增幅"
GROWTH_BELOW = "低于目标增幅"


def _arr(x):
    return np.asarray(x, dtype=float)


def _out(result, like):
    """Return a scalar for scalar input, a Series for Series input, an array otherwise."""
    if isinstance(like, pd.Series):
        return pd.Series(result, index=like.index)
    if np.ndim(result) == 0:
        return float(result)
    return result


def ratio(numerator, denominator):
    """numerator / denominator, NaN where the denominator is 0, negative or missing (never ±inf).

    The one safe division of the package: growth, bases, shares, 亩均 and paces all go through it.
    """
    n, d = _arr(numerator), _arr(denominator)
    with np.errstate(divide="ignore", invalid="ignore"):
        r = np.where(d > 0, n / np.where(d > 0, d, 1.0), np.nan)
    return _out(r, numerator if isinstance(numerator, pd.Series) else denominator)


def growth_rate(current, base):
    """增速 g = (本期 − 基期) / 基期; NaN where 基期 ≤ 0 or missing (METHODS §1)."""
    diff = current - base if isinstance(current, pd.Series) else _arr(current) - _arr(base)
    return ratio(diff, base)


def implied_base(target, growth):
    """基期 = 目标 / (1 + g), with g a fraction (0.476 for 47.6%) (METHODS §1)."""
    return _out(ratio(_arr(target), 1 + _arr(growth)), target)


def implied_total(part, share):
    """总量 = 部分 / 占比, share a fraction (22亿 / 0.25 = 88亿) (METHODS §1)."""
    return ratio(part, share)


def completion_rate(actual, target, direction="higher"):
    """目标完成率 (METHODS §1).

    higher-is-better: 累计完成 / 年度目标.
    lower-is-better (caps such as 成本 ≤ 350万): 1 while actual ≤ cap, else cap / actual.
    NaN where the target is missing or ≤ 0.
    """
    a, t = _arr(actual), _arr(target)
    d = np.asarray(direction)
    with np.errstate(divide="ignore", invalid="ignore"):
        higher = np.where(t > 0, a / np.where(t > 0, t, 1.0), np.nan)
        lower = np.where(
            t > 0, np.where(a <= t, 1.0, t / np.where(a > 0, a, 1.0)), np.nan
        )
    r = np.where(d == "lower", lower, higher)
    r = np.where(np.isnan(a), np.nan, r)
    return _out(r, actual)


def time_progress(period, method: str = "months") -> float:
    """序时进度 at the end of ``period`` ('YYYY-MM'): :meth:`Period.time_progress`."""
    return Period.parse(period).time_progress(method)


def period_end(period):
    """The last day of ``period`` (a ``datetime.date``): :attr:`Period.end`."""
    return Period.parse(period).end


def parse_period(period) -> tuple[int, int]:
    """'2025-06' → (2025, 6) (:meth:`Period.parse`); anything else raises ValueError."""
    p = Period.parse(period)
    return p.year, p.month


def progress_gap(completion, progress):
    """进度差 in 个百分点: (完成率 − 序时进度) × 100."""
    return _out((_arr(completion) - _arr(progress)) * 100, completion)


def is_behind(gap_pp, tolerance_pp: float = 0.0):
    """The one rule for "behind": more than ``tolerance_pp`` points below (False for NaN)."""
    with np.errstate(invalid="ignore"):
        b = _arr(gap_pp) < -tolerance_pp
    return _out(b, gap_pp) if isinstance(gap_pp, pd.Series) else (bool(b) if np.ndim(b) == 0 else b)


def progress_status(gap_pp, tolerance_pp: float = 0.0, words=(STATUS_AHEAD, STATUS_ON, STATUS_BEHIND)):
    """超序时进度 / 达到序时进度 / 滞后序时进度 from the gap in points (or other ``words`` for
    above / on / below).

    |gap| ≤ tolerance counts as 达到; NaN gives "" (not judged).
    """
    g = _arr(gap_pp)
    above, on, below = words
    s = np.where(
        np.isnan(g), "",
        np.where(g > tolerance_pp, above, np.where(is_behind(g, tolerance_pp), below, on)),
    )
    if isinstance(gap_pp, pd.Series):
        return pd.Series(s, index=gap_pp.index)
    return str(s) if np.ndim(s) == 0 else s


def growth_status(ytd_growth, target_growth, tolerance_pp: float = 0.0):
    """For targets stated as a rate: compare 累计增速 with the target rate (METHODS §1):
    高于目标增幅 / 达到目标增幅 / 低于目标增幅 (a rate is not 序时进度, so not its words)."""
    gap = (_arr(ytd_growth) - _arr(target_growth)) * 100
    return progress_status(_out(gap, ytd_growth), tolerance_pp, (GROWTH_ABOVE, GROWTH_ON, GROWTH_BELOW))


def ytd_growth(ytd, ytd_last_year):
    """累计同比增速 = 本年1-N月累计 / 上年1-N月累计 − 1 (METHODS §1)."""
    return growth_rate(ytd, ytd_last_year)


def monthly_from_ytd(ytd: pd.Series) -> pd.Series:
    """Monthly values as differences of consecutive YTD figures (first month = its YTD)."""
    return ytd.diff().fillna(ytd)


def needed_growth(target, ytd, last_year_remaining):
    """Growth the remaining months need: (T − A) / R − 1, R = 上年同期剩余月份合计 (METHODS §1)."""
    return _out(ratio(_arr(target) - _arr(ytd), _arr(last_year_remaining)) - 1, target)


def needed_monthly_pace(target, ytd, month):
    """Average amount per remaining month to reach the target: (T − A) / (12 − N); NaN in December."""
    return _out(ratio(_arr(target) - _arr(ytd), 12 - _arr(month)), target)


def projection_run_rate(ytd, month):
    """Run-rate full-year projection: A × 12 / N (METHODS §1)."""
    return _out(_arr(ytd) * 12 / _arr(month), ytd)


def projection_seasonal(ytd, last_ytd, last_full):
    """Seasonal projection: A / s_N, s_N = 上年1-N月 / 上年全年 (METHODS §1); NaN without last year."""
    share = ratio(_arr(last_ytd), _arr(last_full))  # s_N; NaN without last year's total
    return _out(ratio(_arr(ytd), share), ytd)
