"""The 红黄绿 rules at and on both sides of every threshold (default settings)."""
import pytest

from indicators import progress
from indicators.progress import GREEN, GREY, RED, YELLOW, Reading, Target
from indicators.settings import Settings
from common import periods

S = Settings()
GDP = Target("growth_rate", "~", 5.5, "%")
INDUSTRY = Target("growth_rate", ">=", 7.0, "%")
EXPORTS = Target("cumulative", ">=", 120.0, "亿元")
ABOUT_AMOUNT = Target("cumulative", "~", 100.0, "亿元")
PRIVATE_SHARE = Target("point", ">=", 60.0, "%")
ABOUT_SHARE = Target("point", "~", 60.0, "%")
UNEMPLOYMENT = Target("ceiling", "<=", 5.5, "%")
DEATHS = Target("decrease", "<", None, "人")
ACCIDENTS = Target("zero_event", "=", 0.0, "起")
QUALITATIVE = Target("qualitative", "=", None, "")


@pytest.mark.parametrize("target,value,expected", [
    (GDP, 6.2, GREEN), (GDP, 5.0, GREEN), (GDP, 4.99, YELLOW), (GDP, 4.0, YELLOW), (GDP, 3.99, RED),
    (INDUSTRY, 7.0, GREEN), (INDUSTRY, 6.99, YELLOW), (INDUSTRY, 6.0, YELLOW), (INDUSTRY, 5.99, RED),
    (INDUSTRY, -2.0, RED),
])
def test_growth_rate(target, value, expected):
    assert progress.evaluate(target, Reading(value=value), S).status == expected


@pytest.mark.parametrize("target,value,month,expected", [
    # 1-6月: 序时进度 50%, yellow down to 40%
    (EXPORTS, 60.0, 6, GREEN), (EXPORTS, 59.9, 6, YELLOW), (EXPORTS, 48.0, 6, YELLOW),
    (EXPORTS, 47.9, 6, RED), (EXPORTS, 130.0, 6, GREEN),
    # 1-3月: 序时进度 25%
    (EXPORTS, 30.0, 3, GREEN), (EXPORTS, 29.9, 3, YELLOW), (EXPORTS, 18.0, 3, YELLOW), (EXPORTS, 17.9, 3, RED),
    # 左右 allows 3% of the target: green from 47%, yellow from 37% at 1-6月
    (ABOUT_AMOUNT, 47.0, 6, GREEN), (ABOUT_AMOUNT, 46.9, 6, YELLOW), (ABOUT_AMOUNT, 37.0, 6, YELLOW),
    (ABOUT_AMOUNT, 36.9, 6, RED),
])
def test_cumulative_against_straight_line(target, value, month, expected):
    reading = Reading(value=value, time_progress=progress.time_progress(month))
    assert progress.evaluate(target, reading, S).status == expected


@pytest.mark.parametrize("value,expected", [(40.0, GREEN), (39.9, YELLOW), (30.0, YELLOW), (29.9, RED)])
def test_cumulative_against_monthly_target_path(value, expected):
    tp = progress.time_progress(6, path={3: 20.0, 6: 40.0}, target=100.0)
    assert tp == pytest.approx(0.4)
    outcome = progress.evaluate(Target("cumulative", ">=", 100.0, "亿元"), Reading(value=value, time_progress=tp), S)
    assert outcome.status == expected
    assert outcome.completion == pytest.approx(value / 100)
    assert outcome.time_progress == pytest.approx(0.4)


@pytest.mark.parametrize("target,value,expected", [
    (PRIVATE_SHARE, 60.0, GREEN), (PRIVATE_SHARE, 59.99, YELLOW), (PRIVATE_SHARE, 57.0, YELLOW),
    (PRIVATE_SHARE, 56.99, RED),
    (ABOUT_SHARE, 59.5, GREEN), (ABOUT_SHARE, 59.49, YELLOW),
    (Target("point", ">=", 770.0, "元/月"), 770.0, GREEN), (Target("point", ">=", 770.0, "元/月"), 731.5, YELLOW),
    (Target("point", ">=", 770.0, "元/月"), 731.4, RED),
    (Target("point", "<=", 20.0, "%", higher_is_better=False), 20.0, GREEN),
    (Target("point", "<=", 20.0, "%", higher_is_better=False), 21.1, RED),
])
def test_point(target, value, expected):
    assert progress.evaluate(target, Reading(value=value), S).status == expected


@pytest.mark.parametrize("value,expected", [
    (4.9, GREEN), (5.5, GREEN), (5.51, YELLOW), (5.775, YELLOW), (5.78, RED),
])
def test_ceiling(value, expected):
    assert progress.evaluate(UNEMPLOYMENT, Reading(value=value), S).status == expected


@pytest.mark.parametrize("value,last_year,expected", [
    (9.0, 10.0, GREEN), (10.0, 10.0, YELLOW), (11.0, 10.0, RED), (0.0, 0.0, YELLOW),
])
def test_decrease(value, last_year, expected):
    assert progress.evaluate(DEATHS, Reading(value=value, last_year=last_year), S).status == expected


@pytest.mark.parametrize("value", [0.0, 3.0, 120.0])
def test_decrease_without_last_year_is_grey_no_base_never_green(value):
    outcome = progress.evaluate(DEATHS, Reading(value=value), S)
    assert (outcome.status, outcome.reason) == (GREY, "无基数")
    assert progress.status_label(outcome.status, outcome.reason) == "无基数"


@pytest.mark.parametrize("value,expected", [(0.0, GREEN), (1.0, RED), (3.0, RED)])
def test_zero_event(value, expected):
    assert progress.evaluate(ACCIDENTS, Reading(value=value), S).status == expected


@pytest.mark.parametrize("text,expected", [
    ("已完成", GREEN), ("正常推进", GREEN), (" 正常推进 ", GREEN), ("进度滞后", YELLOW), ("未完成", RED),
    ("不知道", GREY),
])
def test_qualitative(text, expected):
    assert progress.evaluate(QUALITATIVE, Reading(text=text), S).status == expected


@pytest.mark.parametrize("target,reading,reason", [
    (GDP, Reading(), "未报送"),
    (EXPORTS, Reading(), "未报送"),
    (QUALITATIVE, Reading(), "未报送"),
    (ACCIDENTS, Reading(), "未报送"),
    (Target("cumulative", ">=", None, "个"), Reading(value=3.0), "目标待定"),
])
def test_no_value_is_grey_with_reason(target, reading, reason):
    outcome = progress.evaluate(target, reading, S)
    assert (outcome.status, outcome.reason) == (GREY, reason)


@pytest.mark.parametrize("frequency,month,expected", [
    ("monthly", 5, 5), ("monthly", 1, 1), ("quarterly", 2, None), ("quarterly", 3, 3),
    ("quarterly", 5, 3), ("quarterly", 6, 6), ("quarterly", 11, 9), ("quarterly", 12, 12),
    ("annual", 11, None), ("annual", 12, 12),
])
def test_reporting_month(frequency, month, expected):
    assert periods.reporting_month(frequency, month) == expected


@pytest.mark.parametrize("target,expected", [
    (GDP, 0.5), (INDUSTRY, 0.0), (ABOUT_AMOUNT, 3.0), (Target("cumulative", "~", 80.0, "个"), 2.4),
    (Target("point", "~", 1.0, "个百分点"), 0.5),
])
def test_tolerance(target, expected):
    assert progress.tolerance(target, S) == pytest.approx(expected)


def test_completion_only_where_it_means_something():
    assert progress.evaluate(EXPORTS, Reading(value=60.0, time_progress=0.5), S).completion == pytest.approx(0.5)
    assert progress.evaluate(GDP, Reading(value=5.5), S).completion == pytest.approx(1.0)
    assert progress.evaluate(UNEMPLOYMENT, Reading(value=5.0), S).completion is None


def test_thresholds_come_from_settings():
    strict = Settings(growth_yellow_points=0.2)
    assert progress.evaluate(GDP, Reading(value=4.9), S).status == YELLOW
    assert progress.evaluate(GDP, Reading(value=4.7), strict).status == RED


def test_rollup_counts_each_colour():
    counts = progress.rollup([GREEN, GREEN, YELLOW, RED, GREY, GREEN])
    assert counts == {GREEN: 3, YELLOW: 1, RED: 1, GREY: 1, "total": 6, "on_track_share": 0.6}


def test_rollup_of_nothing_reported():
    assert progress.rollup([GREY, GREY])["on_track_share"] is None
