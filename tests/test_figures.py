"""Gauges: value, target marker and colour bands follow the indicator's rule."""
import pytest

from charts import figures


def row(**overrides):
    base = {"name": "电子商务交易额", "unit": "亿元", "kind": "cumulative", "comparator": ">=", "target": 73.0,
            "actual": 30.0, "status": "red", "time_progress": 0.5, "target_label": "73亿元以上",
            "higher_is_better": True}
    return {**base, **overrides}


def gauge_parts(fig):
    ind = fig.data[0]
    return ind.value, ind.gauge.threshold.value, [(s.range[0], s.range[1]) for s in ind.gauge.steps], ind.gauge.bar.color


def test_cumulative_gauge_marks_time_progress_and_status_colour():
    value, marker, steps, colour = gauge_parts(figures.gauge(row()))
    assert value == 30.0
    assert marker == pytest.approx(36.5)
    assert steps[1] == pytest.approx((36.5 - 7.3, 36.5))
    assert colour == figures.STATUS_COLORS["red"]


def test_growth_gauge_bands_include_the_about_tolerance():
    gdp = row(name="地区生产总值增速", unit="%", kind="growth_rate", comparator="~", target=5.5, actual=5.1,
              status="green", time_progress=None)
    value, marker, steps, _ = gauge_parts(figures.gauge(gdp))
    assert marker == 5.5
    assert steps[2][0] == pytest.approx(5.0) and steps[1] == pytest.approx((4.0, 5.0))


def test_ceiling_gauge_is_green_below_the_target():
    jobless = row(name="城镇调查失业率", unit="%", kind="ceiling", comparator="<=", target=5.5, actual=5.2,
                  status="green", time_progress=None, higher_is_better=False)
    _, _, steps, _ = gauge_parts(figures.gauge(jobless))
    assert steps[0] == pytest.approx((0, 5.5)) and steps[1] == pytest.approx((5.5, 5.775))


def test_a_missing_value_still_draws_target_and_title():
    fig = figures.gauge(row(actual=None, status="grey"))
    assert "目标 73亿元以上 · 序时进度 50% · 未报送" in fig.layout.title.text
