"""Numbers as people write them: one formatter for pages, slides and workbooks."""
import math

import pandas as pd
import pytest

from indicators import catalog, numbers


@pytest.mark.parametrize("value,unit,shown", [
    # counts: whole numbers, no thousands separator (the plan writes 2270例)
    (2270.0, "例", "2270"), (10.13, "家", "10"), (3.5, "个", "4"), (2.5, "家", "3"), (0.0, "起", "0"),
    (1700.4, "名", "1700"), (8.0, "人次", "8"),
    # rates: one decimal, as the bureau prints 增长6.0%
    (6.0, "%", "6.0"), (5.55, "%", "5.6"), (-2.35, "%", "-2.4"), (-0.04, "%", "0.0"), (1.0, "个百分点", "1.0"),
    (95.41, "%", "95.4"),
    # amounts: up to two decimals as the plan writes them, trailing zeros dropped
    (66.75, "亿元", "66.75"), (500.0, "亿元", "500"), (98.7, "万亩", "98.7"), (17.144, "万人次", "17.14"),
    (9534.0, "万元", "9534"), (770.0, "元/月", "770"), (13.456, "", "13.46"), (-0.001, "亿元", "0"),
    (0.0853, "毫克/升", "0.085"),
])
def test_number(value, unit, shown):
    assert numbers.number(value, unit) == shown


@pytest.mark.parametrize("value", [None, math.nan, pd.NA, float("nan")])
@pytest.mark.parametrize("unit", ["家", "%", "亿元"])
def test_no_number_is_a_dash(value, unit):
    assert numbers.number(value, unit) == numbers.with_unit(value, unit) == numbers.mark(value, unit) == "—"
    assert numbers.percent(value) == "—"


@pytest.mark.parametrize("value,unit,shown", [
    (2270.0, "例", "2270例"), (10.13, "家", "10家"), (6.0, "%", "6.0%"), (66.75, "亿元", "66.75亿元"),
    (13.0, "", "13"), (3.0, None, "3"),
])
def test_with_unit_closes_up(value, unit, shown):
    assert numbers.with_unit(value, unit) == shown


@pytest.mark.parametrize("value,unit,shown", [
    # a level a count must reach: 12.5家 due by now means 13 to be on track
    (12.5, "家", "13"), (0.8333, "个", "1"), (12.0000000001, "家", "12"), (15.0, "个", "15"),
    (8.333, "亿元", "8.33"), (83.333, "%", "83.3"), (5.5, "%", "5.5"), (7.0, "%", "7"), (100.0, "%", "100"),
    (0.0, "亿元", "0"),
])
def test_mark_rounds_levels_and_lifts_counts(value, unit, shown):
    assert numbers.mark(value, unit) == shown


@pytest.mark.parametrize("gap,unit,shown", [
    (0.94, "%", "0.9个百分点"), (-1.87, "家", "2家"), (3.214, "亿元", "3.21亿元"),
])
def test_difference_of_percentages_is_in_points(gap, unit, shown):
    assert numbers.difference(gap, unit) == shown


@pytest.mark.parametrize("share,places,shown", [(0.9134, 1, "91.3%"), (1.0, 1, "100.0%"), (0.8333, 0, "83%")])
def test_percent(share, places, shown):
    assert numbers.percent(share, places) == shown


@pytest.mark.parametrize("unit,plotly,excel", [
    ("家", ".0f", "0"), ("例", ".0f", "0"), ("%", ".1f", "0.0"), ("个百分点", ".1f", "0.0"),
    ("亿元", ".2~f", "0.00"), ("万人次", ".2~f", "0.00"), ("", ".2~f", "0.00"), ("毫克/升", ".3~f", "0.000"),
])
def test_plotly_and_excel_formats_follow_the_unit(unit, plotly, excel):
    assert (numbers.plotly_format(unit), numbers.excel_format(unit)) == (plotly, excel)


def test_axis_ticks_of_rates_drop_trailing_zeros():
    assert numbers.plotly_format("%", trim=True) == ".1~f"


@pytest.mark.parametrize("top,step", [(0.4, 1), (1.0, 1), (6.0, 1), (7.0, 2), (13.0, 5), (30.0, 5), (70.0, 20),
                                      (2300.0, 500)])
def test_count_axis_steps_are_whole(top, step):
    assert numbers.count_step(top) == step


@pytest.mark.parametrize("unit,count", [
    ("家", True), ("个", True), ("人次", True), ("起", True), ("例", True), (" 人 ", True),
    ("万人次", False), ("万头", False), ("亿元", False), ("%", False), ("", False), (None, False), ("公里", False),
])
def test_counts_are_the_counted_units(unit, count):
    assert numbers.is_count(unit) is count


def test_every_catalog_unit_is_known_and_the_issue_s_counts_are_counts():
    units = set(catalog.read_catalog()["unit"])
    assert all(numbers.known_unit(u) for u in units)
    assert {u for u in units if numbers.is_count(u)} == {
        "个", "家", "起", "项", "人", "场", "处", "套", "名", "例", "座", "台", "张", "条", "户", "间", "人次"}
    assert not numbers.known_unit("斤两")
