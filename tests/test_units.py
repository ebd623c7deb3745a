import pytest

from analysis import units
from analysis.units import Quantity, UnitError


@pytest.mark.parametrize("text, expected", [
    ("97.01", Quantity(97.01, "")),
    ("97.01亿元", Quantity(97.01, "亿元")),
    ("9,701万元", Quantity(9701.0, "万元")),
    ("１２", Quantity(12.0, "")),            # full-width digits
    ("１２．５％", Quantity(12.5, "%")),      # full-width point and percent sign
    (" 13% ", Quantity(13.0, "%")),
    ("741.0645亩", Quantity(741.0645, "亩")),
    ("-3.5", Quantity(-3.5, "")),
    (7, Quantity(7.0, "")),
])
def test_parse_quantity_forms(text, expected):
    assert units.parse_quantity(text) == expected


@pytest.mark.parametrize("blank", [None, "", "  ", "-", "—", float("nan")])
def test_blank_is_none(blank):
    assert units.parse_quantity(blank) is None


@pytest.mark.parametrize("bad", ["约50", "abc", "12..5", "5家企业", "1.2.3", True])
def test_unreadable_values_raise(bad):
    with pytest.raises(UnitError):
        units.parse_quantity(bad)


def test_money_conversions_by_hand():
    assert units.convert(2.736, "亿元", "万元") == 27360.0      # no 27360.000000000004
    assert units.convert(9701, "万元", "亿元") == 0.9701
    assert units.convert(12345, "元", "万元") == 1.2345
    assert units.to_canonical(97.01, "亿元") == (970100.0, "万元")


def test_area_conversions_by_hand():
    assert units.convert(1, "公顷", "亩") == 15
    assert units.convert(22.36, "平方公里", "亩") == 33540.0     # METHODS §2
    assert units.convert(10000 / 15, "平方米", "亩") == pytest.approx(1.0)


def test_percent_to_fraction():
    assert units.to_canonical(47.6, "%") == (0.476, "ratio")


def test_incompatible_units_raise():
    with pytest.raises(UnitError):
        units.convert(1, "亿元", "亩")


def test_parse_in_unit_converts_or_refuses():
    assert units.parse_in_unit("9,701万元", "亿元") == 0.9701
    assert units.parse_in_unit("97.01", "亿元") == 97.01
    assert units.parse_in_unit("13%", "%") == 13
    with pytest.raises(UnitError, match="单位不符"):
        units.parse_in_unit("45亩", "亿元")


def test_formatting():
    assert units.fmt_value(27360, "万元") == "27,360万元"
    assert units.fmt_value(float("nan"), "亿元") == "—"
    assert units.fmt_doc(2.736, "亿元") == "2.736亿元"
    assert units.fmt_doc(70.0) == "70"
    assert units.fmt_pct(0.476) == "47.6%"
    assert units.fmt_pct(0.0312, signed=True) == "+3.1%"
    assert units.fmt_pp(-4.3) == "-4.3个百分点"
    assert units.fmt_pp(float("nan")) == "—"
