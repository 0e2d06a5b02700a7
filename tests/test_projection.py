"""预计全年: projections and verdicts, input -> value."""
import pytest

from indicators import projection
from indicators.progress import Target
from indicators.settings import Settings

S = Settings()
AMOUNT = Target("cumulative", ">=", 73.0, "亿元")
ABOUT = Target("cumulative", "~", 100.0, "亿元")
GROWTH = Target("growth_rate", "~", 5.5, "%")


@pytest.mark.parametrize("value,month,ly_month,ly_total,expected,method", [
    (30.0, 5, None, None, 72.0, projection.BY_RUN_RATE),
    (30.0, 5, 25.0, 68.0, 81.6, projection.BY_PROFILE),
    (30.0, 5, 0.0, 68.0, 72.0, projection.BY_RUN_RATE),
    (73.0, 12, None, None, 73.0, projection.BY_RUN_RATE),
])
def test_project_cumulative(value, month, ly_month, ly_total, expected, method):
    projected, used = projection.project_cumulative(value, month, ly_month, ly_total)
    assert projected == pytest.approx(expected) and used == method


@pytest.mark.parametrize("target,value,month,ly,verdict,gap", [
    (AMOUNT, 30.0, 5, (25.0, 68.0), "预计可完成", None),
    (AMOUNT, 30.0, 5, (None, None), "有差距", 1.0),
    (ABOUT, 40.5, 5, (None, None), "预计可完成", None),   # 97.2 is within 3% of 100
    (ABOUT, 40.0, 5, (None, None), "有差距", 4.0),
    (GROWTH, 5.0, 5, (None, None), "预计可完成", None),
    (GROWTH, 4.8, 5, (None, None), "有差距", 0.7),
])
def test_verdicts(target, value, month, ly, verdict, gap):
    p = projection.project(target, value, month, *ly, s=S)
    assert p.verdict == verdict
    assert p.gap == (None if gap is None else pytest.approx(gap))


@pytest.mark.parametrize("target,value,month", [
    (Target("point", ">=", 60.0, "%"), 58.0, 5),
    (Target("zero_event", "=", 0.0, "起"), 0.0, 5),
    (AMOUNT, None, 5),
    (AMOUNT, 30.0, None),
    (Target("cumulative", ">=", None, "个"), 3.0, 5),
])
def test_no_projection_where_it_means_nothing(target, value, month):
    assert projection.project(target, value, month, s=S) == projection.Projection(None)


@pytest.mark.parametrize("p,unit,text", [
    (projection.Projection(70.0, "", "有差距", 3.0), "亿元", "有差距 3亿元"),
    (projection.Projection(4.8, "", "有差距", 0.7), "%", "有差距 0.7个百分点"),
    (projection.Projection(80.0, "", "预计可完成"), "亿元", "预计可完成"),
    (projection.Projection(None), "亿元", ""),
])
def test_verdict_text(p, unit, text):
    assert projection.verdict_text(p, unit) == text
