"""Every rule about a report month in one type (registry issue, item 4), with answers worked by hand."""
import datetime as dt

import pytest

from analysis import growth, headline, progress
from analysis.period import Period


def test_parse_and_write_back():
    p = Period.parse(" 2025-06 ")
    assert (p.year, p.month, str(p), p.year_text) == (2025, 6, "2025-06", "2025")
    assert Period.parse(p) is p
    for bad in ("2025-6", "2025-13", "2025-00", "25-06", "2025/06", "", None, "2025-06-01"):
        with pytest.raises(ValueError, match="YYYY-MM"):
            Period.parse(bad)


def test_end_cutoff_label_and_the_month_before():
    assert Period(2024, 2).end == dt.date(2024, 2, 29) and Period(2025, 2).end == dt.date(2025, 2, 28)
    assert Period(2025, 10).cutoff == "2025年10月31日"
    assert Period(2025, 10).label == "2025-10（1-10月累计）"
    assert Period(2025, 10).previous() == Period(2025, 9) and Period(2025, 1).previous() is None
    assert Period(2025, 10).months_left == 2
    assert Period(2025, 10).in_year("2025-03") and not Period(2025, 10).in_year("2025-11")
    assert not Period(2025, 10).in_year("2024-12") and Period(2024, 9) < Period(2025, 1)


def test_time_progress_by_each_method():
    may = Period(2025, 5)
    assert may.time_progress("months") == pytest.approx(5 / 12)
    assert may.time_progress("days") == pytest.approx((31 + 28 + 31 + 30 + 31) / 365)
    assert may.time_progress("quarters") == 0.25 and Period(2025, 6).time_progress("quarters") == 0.5
    assert Period(2024, 2).time_progress("days") == pytest.approx(60 / 366)
    with pytest.raises(ValueError, match="序时进度算法"):
        may.time_progress("weeks")


def test_the_older_helpers_answer_from_the_one_type():
    assert growth.parse_period("2025-10") == (2025, 10) and growth.period_end("2025-02") == dt.date(2025, 2, 28)
    assert growth.time_progress("2025-09", "quarters") == 0.75
    assert headline.previous_period("2025-01") is None and headline.previous_period("2025-10") == "2025-09"
    assert headline.data_cutoff("2025-06") == "2025年6月30日"
    assert progress.period_label("2025-06") == "2025-06（1-6月累计）"


def test_a_ledger_date_as_a_day():
    import datetime as dt

    from analysis.period import ledger_day

    assert ledger_day("2025-09-30") == dt.date(2025, 9, 30)
    assert ledger_day("2025-09") == dt.date(2025, 9, 1) and ledger_day("2025-09", end=True) == dt.date(2025, 9, 30)
    assert ledger_day("2024-02", end=True) == dt.date(2024, 2, 29) and ledger_day("") is None
