"""Chinese numbers and units (METHODS.md §2 and §5).

Conventions held everywhere in the package:

* money is held in **万元** inside the code; 亿元 and 元 are converted at the edges;
* land is held in **亩** (1 亩 = 10000/15 m², 1 公顷 = 15 亩, 1 平方公里 = 1500 亩);
* shares and growth rates are held as **fractions** (0.25, not 25), shown as %.

Values arrive as people type them: ``97.01``, ``97.01亿元``, ``9,701万元``, full-width
``１２``, ``13%``.  :func:`parse_quantity` reads those forms and refuses anything it
cannot read unambiguously.
"""
from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass

# factor to the canonical unit of each dimension
MONEY_TO_WAN = {"元": 1e-4, "千元": 0.1, "万元": 1.0, "万": 1.0, "亿元": 1e4, "亿": 1e4}
AREA_TO_MU = {
    "亩": 1.0,
    "公顷": 15.0,
    "平方公里": 1500.0,
    "平方千米": 1500.0,
    "km2": 1500.0,
    "万平方米": 15.0,
    "平方米": 15.0 / 10000.0,
    "㎡": 15.0 / 10000.0,
    "m2": 15.0 / 10000.0,
}
PERCENT_UNITS = {"%", "％", "个百分点"}
COUNT_UNITS = {"家", "个", "次", "人", "宗", "人次", "项", "倍", "年"}
PER_MU_MONEY = {"万元/亩": 1.0, "元/亩": 1e-4}
USD_TO_WAN_USD = {"美元": 1e-4, "万美元": 1.0, "亿美元": 1e4}   # 实际利用外资 is counted in US dollars
ENERGY_TO_TCE = {"吨标煤": 1.0, "吨标准煤": 1.0, "tce": 1.0, "万吨标煤": 1e4, "万吨标准煤": 1e4}
POWER_TO_WAN_KWH = {"千瓦时": 1e-4, "度": 1e-4, "kwh": 1e-4, "kWh": 1e-4, "万千瓦时": 1.0, "万度": 1.0,
                    "亿千瓦时": 1e4}
POWER_PRICE = {"元/千瓦时": 1.0, "元/度": 1.0, "元/kwh": 1.0, "元/kWh": 1.0}
GAS_PRICE = {"元/立方米": 1.0, "元/m3": 1.0, "元/方": 1.0}
SCORE_POINTS = {"分": 1.0}
GAS_TO_WAN_M3 = {"立方米": 1e-4, "m3": 1e-4, "m³": 1e-4, "方": 1e-4, "万立方米": 1.0, "万方": 1.0}

DIMENSIONS = {
    "money": MONEY_TO_WAN,
    "area": AREA_TO_MU,
    "per_mu": PER_MU_MONEY,
    "energy": ENERGY_TO_TCE,
    "usd": USD_TO_WAN_USD,
    "power": POWER_TO_WAN_KWH,
    "gas": GAS_TO_WAN_M3,
    "power_price": POWER_PRICE,
    "gas_price": GAS_PRICE,
    "points": SCORE_POINTS,
}
CANONICAL = {"money": "万元", "usd": "万美元", "area": "亩", "per_mu": "万元/亩", "energy": "吨标煤", "power": "万千瓦时",
             "gas": "万立方米", "power_price": "元/千瓦时",
             "gas_price": "元/立方米", "points": "分", "percent": "%", "count": None}


class UnitError(ValueError):
    """A value or unit that cannot be read unambiguously (message in Chinese and English)."""


def dimension(unit: str | None) -> str:
    """Return the dimension of a unit: money, area, per_mu, energy, percent, count or other."""
    if unit is None or unit == "":
        return "none"
    u = normalize_text(unit)
    for dim, table in DIMENSIONS.items():
        if u in table:
            return dim
    if u in PERCENT_UNITS:
        return "percent"
    if u in COUNT_UNITS:
        return "count"
    return "other"


def normalize_text(text: str) -> str:
    """NFKC-normalise (full-width digits, ％, ＋ …), drop spaces and thousands separators."""
    s = unicodedata.normalize("NFKC", str(text)).strip()
    s = s.replace("\u3000", "").replace(" ", "")
    s = re.sub(r"(?<=\d)[,，](?=\d{3}(\D|$))", "", s)
    return s


_PLAIN = re.compile(r"[+-]?\d+(?:\.\d+)?\Z", re.ASCII)
_QUANTITY = re.compile(r"^([+-]?(?:\d+(?:\.\d*)?|\.\d+))(.*)$")


@dataclass(frozen=True)
class Quantity:
    value: float
    unit: str  # "" when the text carried no unit


def parse_quantity(text) -> Quantity | None:
    """Read ``'97.01亿元'`` → Quantity(97.01, '亿元'); blanks → None.

    Accepts full-width digits, thousands separators and a trailing unit.
    Raises :class:`UnitError` on text that is not a number followed by a unit.
    """
    if text is None:
        return None
    if isinstance(text, bool):
        raise UnitError(f"不是数值：{text!r} / not a number")
    if isinstance(text, (int, float)):
        if isinstance(text, float) and math.isnan(text):
            return None
        return Quantity(float(text), "")
    if _PLAIN.match(text):   # fast path for the common case: plain ASCII digits, no unit
        return Quantity(float(text), "")
    s = normalize_text(text)
    if s in ("", "-", "—", "/"):
        return None
    m = _QUANTITY.match(s)
    if not m:
        raise UnitError(f"无法识别的数值：{text!r}（应为数字，可带单位，如 97.01亿元）/ not a number")
    unit = m.group(2)
    if unit and dimension(unit) in ("other",):
        raise UnitError(f"无法识别的单位：{unit!r}（在 {text!r} 中）/ unknown unit")
    return Quantity(float(m.group(1)), unit)


def convert(value: float, from_unit: str, to_unit: str) -> float:
    """Convert ``value`` between units of the same dimension (亿元→万元, 平方公里→亩 …)."""
    fu, tu = normalize_text(from_unit), normalize_text(to_unit)
    if fu == tu:
        return float(value)
    fd, td = dimension(fu), dimension(tu)
    if fd != td or fd not in DIMENSIONS:
        raise UnitError(f"单位不能换算：{from_unit} → {to_unit} / incompatible units")
    table = DIMENSIONS[fd]
    return _tidy(float(value) * table[fu] / table[tu])


def _tidy(x: float) -> float:
    """Remove binary noise from a decimal conversion (2.736×10000 = 27360.000000000004)."""
    if x == 0 or not math.isfinite(x):
        return x
    return float(f"{x:.12g}")


def to_canonical(value: float, unit: str) -> tuple[float, str]:
    """Convert to the package's internal unit: money → 万元, area → 亩, % → fraction."""
    dim = dimension(unit)
    if dim in DIMENSIONS:
        target = CANONICAL[dim]
        return convert(value, unit, target), target
    if dim == "percent":
        return _tidy(float(value) / 100.0), "ratio"
    return float(value), unit


def parse_in_unit(text, expected_unit: str):
    """Parse user input and express it in ``expected_unit``.

    A bare number is taken to be in ``expected_unit``; a number with a unit of the same
    dimension is converted; anything else raises :class:`UnitError` saying what was expected.
    Percent: ``'13%'`` and ``13`` both mean 13 when the expected unit is %.
    """
    q = parse_quantity(text)
    if q is None:
        return None
    if q.unit == "":
        return q.value
    exp = normalize_text(expected_unit)
    if q.unit == exp:
        return q.value
    if dimension(q.unit) == "percent" and dimension(exp) == "percent":
        return q.value
    try:
        return convert(q.value, q.unit, exp)
    except UnitError:
        raise UnitError(
            f"单位不符：{text!r} 的单位是 {q.unit}，此处应为 {expected_unit} / expected {expected_unit}"
        ) from None


def fmt_value(value, unit: str = "", digits: int | None = None) -> str:
    """Format a figure with its unit for a Chinese reader: ``fmt_value(27360, '万元')`` → ``27,360万元``."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    if digits is None:
        digits = default_digits(unit)
    return f"{value:,.{digits}f}{unit}"


def fmt_figure(value, unit: str) -> str:
    """A figure with its unit at the precision of ``digits_for`` (counts whole, 亿元 two decimals): 49家."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    return fmt_value(value, "", digits_for(value, unit)) + unit


def fmt_doc(value, unit: str = "") -> str:
    """A figure as the document prints it: no padding zeros (2.736, 70, 3.98, 741.0645)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    text = f"{value:,.4f}".rstrip("0").rstrip(".")
    return f"{text}{unit}"


def fmt_pct(ratio, digits: int = 1, signed: bool = False) -> str:
    """Format a fraction as percent: 0.476 → ``47.6%``; NaN → ``—``."""
    if ratio is None or (isinstance(ratio, float) and math.isnan(ratio)):
        return "—"
    sign = "+" if signed else ""
    return f"{ratio * 100:{sign}.{digits}f}%"


def fmt_pp(points, digits: int = 1) -> str:
    """Format a difference of percentages: 3.2 → ``+3.2个百分点``."""
    if points is None or (isinstance(points, float) and math.isnan(points)):
        return "—"
    return f"{points:+.{digits}f}个百分点"


def digits_for(value, unit: str) -> int:
    """``default_digits``, except that a count which is not whole (an implied base of 12.5家) keeps one
    decimal: rounding it to 12 or 13 would show a number the document never implies."""
    d = default_digits(unit)
    if d == 0 and dimension(normalize_text(unit or "")) == "count" and value == value and value is not None \
            and float(value) != round(float(value)):
        return 1
    return d


def default_digits(unit: str) -> int:
    """Sensible precision per unit: 亿元 2 (3 where the document uses 3), 万元 0, counts 0, 亩 1."""
    u = normalize_text(unit or "")
    if u in ("亿元", "亿"):
        return 2
    if u in ("万元/亩",):
        return 2
    if dimension(u) == "count" or u in ("万元", "元", "万美元", "美元"):
        return 0
    if dimension(u) == "area":
        return 1
    return 2


def fmt_rank(v) -> str:
    """A rank for a reader: a whole number, or — for a firm or zone not ranked (None, NaN, NA)."""
    try:
        return "—" if v is None or v != v else str(int(v))
    except TypeError:                     # pandas.NA compares to nothing
        return "—"
