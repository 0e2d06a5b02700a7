"""The page's SVG gauge and HTML bullets draw what the plotly gauge and bullet board of the slides draw."""
import base64
import math
import re
from xml.etree import ElementTree

import pytest


from charts import bullets, bullets_html, figures, gauge_svg
from charts.text import text_px
from common.kinds import NUMERIC_KINDS
from common.values import num
from conftest import make_store
from indicators import report

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def rows():
    table = report.status_table(make_store(with_demo=True), 2026, 10)
    return table.to_dict("records")


def gauge_rows(rows):
    return [r for r in rows if r["kind"] in NUMERIC_KINDS and num(r["target"]) is not None]


def parsed(row) -> ElementTree.Element:
    """The SVG document inside the gauge's <img>."""
    data = re.search(r'src="data:image/svg\+xml;base64,([^"]+)"', gauge_svg.gauge_html(row)).group(1)
    return ElementTree.fromstring(base64.b64decode(data))


def angle_at(x: float, y: float) -> float:
    return math.atan2(gauge_svg.CY - y, x - gauge_svg.CX)


def sectors(svg) -> list[tuple[str, float, float]]:
    """(fill, start angle, end angle) of each filled piece of ring."""
    found = []
    for path in svg.iter(f"{SVG}path"):
        numbers = [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", path.get("d"))]
        found.append((path.get("fill"), angle_at(*numbers[0:2]), angle_at(*numbers[7:9])))
    return [s for s in found if s[0] != "none"]


def expected_angle(fig, value: float) -> float:
    bottom, top = fig.data[0].gauge.axis.range
    return math.pi * (1 - min(max((value - bottom) / (top - bottom), 0), 1))


def test_every_demo_gauge_has_the_slides_bands_bar_line_and_ticks(rows):
    for row in gauge_rows(rows):
        fig, svg = figures.gauge(row), parsed(row)
        gauge, drawn = fig.data[0].gauge, sectors(svg)
        steps = [(s.color, expected_angle(fig, s.range[0]), expected_angle(fig, s.range[1])) for s in gauge.steps]
        steps = [s for s in steps if s[1] - s[2] > 1e-6]
        bar = [] if math.isnan(fig.data[0].value) else \
            [(gauge.bar.color, math.pi, expected_angle(fig, fig.data[0].value))]
        assert [(c, pytest.approx(a, abs=1e-3), pytest.approx(b, abs=1e-3)) for c, a, b in steps + bar] == \
            [s for s in drawn if s[1] - s[2] > 1e-6], row["code"]
        (line,) = [ln for ln in svg.iter(f"{SVG}line") if ln.get("stroke") == figures.THRESHOLD_COLOR]
        assert angle_at(float(line.get("x1")), float(line.get("y1"))) == \
            pytest.approx(expected_angle(fig, gauge.threshold.value), abs=1e-3), row["code"]
        texts = [t.text for t in svg.iter(f"{SVG}text")]
        assert texts[:-1] == list(gauge.axis.ticktext), row["code"]


def test_the_number_is_the_value_rounded_with_the_plotly_gauges_suffix_and_fits_inside_the_arc(rows):
    for row in gauge_rows(rows):
        *_, number = parsed(row).iter(f"{SVG}text")
        fig, value = figures.gauge(row), num(row["actual"])
        if value is None:
            assert number.text == "—", row["code"]
        else:
            shown, suffix = number.text[:len(number.text) - len(fig.data[0].number.suffix)], fig.data[0].number.suffix
            assert number.text.endswith(suffix), row["code"]
            assert float(shown) == pytest.approx(value, abs=0.5 * 10 ** -figures.numbers.decimals(row["unit"]) + 1e-9)
        assert text_px(number.text, float(number.get("font-size"))) <= gauge_svg.NUMBER_ROOM + 0.5


@pytest.mark.parametrize("target,unit", [(5.5, "%"), (1234567.0, "万元"), (98.7, "万亩")])
def test_tick_labels_stay_inside_the_picture(target, unit):
    row = {"name": "某指标", "unit": unit, "kind": "point", "comparator": ">=", "target": target, "actual": target / 2,
           "status": "red", "time_progress": None, "target_label": f"{target:g}{unit}", "higher_is_better": True}
    svg = parsed(row)
    left, _, width, _ = (float(v) for v in svg.get("viewBox").split())
    for tick in gauge_svg._ticks_of(row, gauge_svg.Scale(*figures.axis_range(row, row["actual"]))):
        low, high = tick.span()
        assert left <= low and high <= left + width, tick.text


def test_words_are_escaped_and_read_aloud():
    row = {"name": "<b>某</b>指标", "unit": "%", "kind": "point", "comparator": ">=", "target": 5.0, "actual": 6.0,
           "status": "green", "time_progress": None, "target_label": "5%以上", "higher_is_better": True}
    page = gauge_svg.gauge_html(row)
    assert "<b>某</b>" not in page and "&lt;b&gt;某&lt;/b&gt;指标" in page
    assert 'alt="&lt;b&gt;某&lt;/b&gt;指标：6.0%，目标 5%以上，正常"' in page


def test_bullets_place_bands_bar_and_line_where_the_slides_do(rows):
    drawn = [r for r in rows if not r["headline"]][:60]
    page = bullets_html.bullet_board_html(drawn)
    tracks = re.findall(r'<div style="position:relative;height:30px">(.*?)</div>(?=<div style="(?:font-size|text-align))',
                        page)
    assert len(tracks) == len(drawn)
    for row, track in zip(drawn, tracks):
        p = bullets.parts(row)
        lefts = [float(x) for x in re.findall(r"left:(-?[\d.]+)%", track)]
        spans = [p.at(a) * 100 for a, _, _ in p.bands] + ([p.at(p.bar[0]) * 100] if p.bar else [])
        assert lefts == pytest.approx(spans, abs=0.01), row["code"]
        line = re.search(r"left:calc\(([\d.]+)% - 1px\)", track)
        assert (line and float(line.group(1))) == (pytest.approx(p.at(p.line) * 100, abs=0.01) if p.line is not None
                                                   else None), row["code"]


def test_bullets_show_every_name_note_and_value_escaped():
    row = {"code": "X", "name": "<i>某</i>指标", "unit": "亿元", "kind": "cumulative", "comparator": ">=", "target": 10.0,
           "actual": 4.0, "status": "red", "time_progress": 0.5, "target_label": "10亿元以上", "higher_is_better": True,
           "stretch_target": 12.0}
    page = bullets_html.bullet_board_html([row])
    assert "&lt;i&gt;某&lt;/i&gt;指标" in page and "<i>" not in page
    assert "目标10亿元以上 · 序时5" in page and "■ 4 亿元" in page and "力争12" in page
