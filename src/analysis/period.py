"""One type for a report period (a month of a targets year) and every rule about it.

A period is written ``YYYY-MM`` everywhere a person types or reads it (file names, ``--period``, the
期间 column).  :class:`Period` parses that text once and answers the questions the pages ask: its year,
its month, the last day (数据截止), the month before it in the same year (本月新增), the 序时进度 at its
end by each method, and the way a year-to-date report is titled.
"""
from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

@dataclass(frozen=True, order=True)
class Period:
    year: int
    month: int

    @classmethod
    def parse(cls, text) -> Period:
        """'2025-06' → Period(2025, 6); anything else raises ValueError saying the expected form."""
        if isinstance(text, Period):
            return text
        s = str(text).strip()
        try:
            y, m = s.split("-")
            year, month = int(y), int(m)
            if len(y) == 4 and len(m) == 2 and 1 <= month <= 12:
                return cls(year, month)
        except ValueError:
            pass
        raise ValueError(f"期间格式应为 YYYY-MM（如 2025-06），收到 {text!r} / period must be YYYY-MM")

    def __str__(self) -> str:
        return f"{self.year}-{self.month:02d}"

    @property
    def year_text(self) -> str:
        """The year as the targets file and the 期间 column write it ('2025')."""
        return f"{self.year}"

    @property
    def end(self) -> dt.date:
        """The last day: 2025-02 → 2025-02-28."""
        return dt.date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])

    @property
    def cutoff(self) -> str:
        """数据截止, as a Chinese date: 2025年10月31日."""
        return chinese_date(self.end)

    @property
    def label(self) -> str:
        """How a year-to-date report is titled: 2025-10（1-10月累计）."""
        return f"{self}（1-{self.month}月累计）"

    @property
    def months_left(self) -> int:
        return 12 - self.month

    def previous(self) -> Period | None:
        """The month before, in the same year (None for January: the year starts afresh)."""
        return Period(self.year, self.month - 1) if self.month > 1 else None

    def in_year(self, other) -> bool:
        """Whether ``other`` (a period or its text) is a month of this period's year up to this one."""
        o = Period.parse(other)
        return o.year == self.year and o <= self

    def time_progress(self, method: str = "months") -> float:
        """序时进度 at the end of the period: months N/12; days elapsed to month end / days in year;
        quarters completed / 4 (end of March = 0.25, end of May = 0.25)."""
        if method == "months":
            return self.month / 12
        if method == "days":
            days = sum(calendar.monthrange(self.year, m)[1] for m in range(1, self.month + 1))
            return days / (366 if calendar.isleap(self.year) else 365)
        if method == "quarters":
            return (self.month // 3) / 4
        raise ValueError(f"未知的序时进度算法：{method!r}（可选 months / days / quarters）/ unknown method")


def ledger_day(text: str, end: bool = False) -> dt.date | None:
    """A ledger date as a day: ``YYYY-MM-DD`` itself; a date given to the month only (``YYYY-MM``) is its
    first day, or its last with ``end`` (a 完成时限 of 2025-09 runs to the 30th); blank gives None."""
    if not text:
        return None
    if len(text) >= 10:
        return dt.date.fromisoformat(text[:10])
    p = Period.parse(text[:7])
    return p.end if end else dt.date(p.year, p.month, 1)


def chinese_date(day: dt.date) -> str:
    """A date as a Chinese reader writes it: 2025年9月26日 (no leading zeros)."""
    return f"{day.year}年{day.month}月{day.day}日"
