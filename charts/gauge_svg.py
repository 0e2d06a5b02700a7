"""The page's gauge as SVG in HTML: the same dial as charts.figures.gauge (bands of the rules, the value's
bar in its status colour, the black line at the target or 序时进度, ticks at the bottom of the scale and
at the target), without plotly. An area page shows up to seven gauges; as plotly charts they took the
browser about 0.15 s a page to draw, as pictures next to nothing. Slides and image downloads keep the
plotly figure.
"""
from __future__ import annotations

import base64
import html
import math
from dataclasses import dataclass

from charts.base import (BAND_COLORS, FONT, STATUS_COLORS, TEXT_COLOR, THRESHOLD_COLOR, _bands, axis_range,
                         marked, marker_value, stretch_step, word_ink)
from charts.figures import axis_ticks, legend_parts, subtitle_parts
from charts.text import text_px
from common.values import num
from indicators import numbers
from indicators.narrative import value_mark, status_word

WIDTH, HEIGHT = 300, 150                  # the drawing's own units; the picture is scaled to its column
CX, CY, OUTER, INNER = 150, 128, 112, 83  # the arc's centre and radii
BAR, LINE_REACH = 0.35, 0.62              # the bar's share of the band (plotly's bar.thickness), the black line's
TICK_SIZE, NUMBER_SIZE, NUMBER_ROOM = 12, 24, 150  # half-length in bands; the number shrinks to fit NUMBER_ROOM
OUTLINE = "#444"
MIN_SIDE = 14
BOX = f"font-family:{FONT};color:{TEXT_COLOR};text-align:center;line-height:1.3"


@dataclass(frozen=True)
class Scale:
    """Where a value falls on the half circle: the bottom of the scale at the left (π), the top at the right (0)."""
    bottom: float
    top: float

    def angle(self, value: float) -> float:
        span = self.top - self.bottom
        share = min(max((value - self.bottom) / span, 0.0), 1.0) if span > 0 else 0.0
        return math.pi * (1 - share)


def _xy(angle: float, radius: float) -> tuple[float, float]:
    return CX + radius * math.cos(angle), CY - radius * math.sin(angle)


def _point(angle: float, radius: float) -> str:
    return "{:.2f},{:.2f}".format(*_xy(angle, radius))


def _line(angle: float, inner: float, outer: float, colour: str, width: float) -> str:
    """A radial line from `inner` to `outer` at `angle`."""
    (x1, y1), (x2, y2) = _xy(angle, inner), _xy(angle, outer)
    return f'<line x1="{x1:.2f}" y1="{y1:.2f}" x2="{x2:.2f}" y2="{y2:.2f}" stroke="{colour}" stroke-width="{width}"/>'


def _sector(start: float, end: float, inner: float, outer: float, fill: str, stroke: str = "none") -> str:
    """A piece of ring from angle `start` to `end` (start > end: clockwise, left to right); "" when empty."""
    if start - end <= 1e-6:
        return ""
    return (f'<path d="M{_point(start, outer)} A{outer},{outer} 0 0 1 {_point(end, outer)} '
            f'L{_point(end, inner)} A{inner},{inner} 0 0 0 {_point(start, inner)} Z" fill="{fill}" stroke="{stroke}"/>')


@dataclass(frozen=True)
class Tick:
    """A labelled tick: a short mark outside the arc, its words beyond it, set away from the arc on its side."""
    angle: float
    text: str

    @property
    def anchor(self) -> str:
        return "end" if self.angle > math.pi * 0.6 else "start" if self.angle < math.pi * 0.4 else "middle"

    def span(self) -> tuple[float, float]:
        """The left and right edges of its words."""
        x, width = _xy(self.angle, OUTER + 9)[0], text_px(self.text, TICK_SIZE)
        return {"end": (x - width, x), "start": (x, x + width)}.get(self.anchor, (x - width / 2, x + width / 2))

    def svg(self) -> str:
        x, y = _xy(self.angle, OUTER + 9)
        return (_line(self.angle, OUTER, OUTER + 5, OUTLINE, 1) + f'<text x="{x:.2f}" y="{y + 4:.2f}" '
                f'font-size="{TICK_SIZE}" text-anchor="{self.anchor}">{html.escape(self.text)}</text>')


def _number(row, value: float | None) -> str:
    """The value as the plotly gauge writes it: 6.3%, 279 家; — when there is none."""
    if value is None:
        return numbers.NONE
    unit = row["unit"] or ""
    return numbers.number(value, unit) + (unit if unit in ("%", "‰") else f" {unit}")


def _ticks_of(row, scale: Scale) -> list[Tick]:
    found = axis_ticks(row, scale.bottom, scale.top, num(row["target"]))
    return [Tick(scale.angle(v), t) for v, t in zip(found["tickvals"], found["ticktext"])]


def _shapes(row, value: float | None, scale: Scale) -> list[str]:
    """Bands, 力争 band, bar, outline and black line, drawn in plotly's order."""
    middle, band = (OUTER + INNER) / 2, OUTER - INNER
    shapes = [_sector(scale.angle(a), scale.angle(b), INNER, OUTER, BAND_COLORS[s]) for a, b, s in _bands(row, scale.top)]
    shapes += [_sector(scale.angle(s["range"][0]), scale.angle(s["range"][1]), INNER, OUTER, s["color"])
               for s in stretch_step(row, scale.bottom, scale.top)]
    if value is not None:
        shapes.append(_sector(math.pi, scale.angle(value), middle - band * BAR / 2, middle + band * BAR / 2,
                              STATUS_COLORS[row["status"]]))
    shapes.append(_sector(math.pi, 0, INNER, OUTER, "none", OUTLINE))
    return shapes + [_line(scale.angle(marker_value(row)), middle - band * LINE_REACH, middle + band * LINE_REACH,
                           THRESHOLD_COLOR, 3)]


def dial(row, value: float | None) -> str:
    """The SVG document of one gauge; its width reaches as far as its tick labels do."""
    scale = Scale(*axis_range(row, value))
    ticks = _ticks_of(row, scale)
    # the same room each side, at least MIN_SIDE: most dials of a row come out the same size
    side = max([MIN_SIDE] + [-t.span()[0] + 2 for t in ticks] + [t.span()[1] + 2 - WIDTH for t in ticks])
    left, right = -side, WIDTH + side
    number = _number(row, value)
    size = min(NUMBER_SIZE, NUMBER_ROOM / max(text_px(number, 1), 1))
    words = (f'<text x="{CX}" y="{CY - 8}" font-size="{size:.1f}" text-anchor="middle">'
             f'{html.escape(number)}</text>')
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="{left:.1f} 0 {right - left:.1f} {HEIGHT}" '
            f'font-family="{FONT}" fill="{TEXT_COLOR}">{"".join(_shapes(row, value, scale))}'
            f'{"".join(t.svg() for t in ticks)}{words}</svg>')


def picture(row, value: float | None) -> str:
    """The dial as an <img> of the SVG: st.html lets HTML through but takes out inline <svg>."""
    data = base64.b64encode(dial(row, value).encode()).decode()
    return (f'<img src="data:image/svg+xml;base64,{data}" alt="{html.escape(spoken(row, value))}" '
            'style="display:block;width:100%;max-width:24rem;margin:0 auto">')


def spoken(row, value: float | None) -> str:
    """The gauge in words, for screen readers: 地区生产总值增速：6.3%，目标 5.5%左右，正常."""
    return f"{row['name']}：{_number(row, value)}，目标 {row['target_label']}，{status_word(row)}"


def _heading(row) -> str:
    """The name, and under it, smaller, the target, 序时进度 and the status word in its colour."""
    word = html.escape(marked(status_word(row)))
    subtitle = " · ".join(html.escape(p) for p in subtitle_parts(row))
    subtitle = subtitle.replace(word, f'<b style="color:{word_ink(status_word(row))}">{word}</b>')
    # room for two subtitle lines, so that the dials of a row line up
    return (f'<div style="font-size:14px;font-weight:600">{html.escape(row["name"])}</div>'
            f'<div style="font-size:11px;color:#555;min-height:2.6em">{subtitle}</div>')


def _notes(row, value: float | None) -> str:
    """（示例） after a demo value, then what the black line and the 力争 band stand for."""
    notes = [f'<div style="color:#8A6D00;font-size:12px">{html.escape(value_mark(row))}</div>'] \
        if value is not None and value_mark(row) else []
    legend = " · ".join(legend_parts(row, marker_value(row)))
    notes += [f'<div style="color:#555;font-size:11px">{html.escape(legend)}</div>'] if legend else []
    return f'<div style="min-height:2.2em">{"".join(notes)}</div>'


def gauge_html(row) -> str:
    """The gauge of a status row (the keys of charts.figures.gauge): heading, dial and notes."""
    value = num(row["actual"])
    return f'<div style="{BOX}">{_heading(row)}{picture(row, value)}{_notes(row, value)}</div>'
