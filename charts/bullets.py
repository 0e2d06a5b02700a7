"""Bullet board: one compact horizontal bullet per indicator, all in one figure.

The bullets are a few traces over all rows on one pair of hidden axes (x: each row's own scale as 0 to 1,
y: px from the top): the bands and the status bars as horizontal bars with a base, the black lines as one
line trace, names and values as two text traces. Chromium draws that several times faster than a
go.Indicator and two annotations per row, which the board used to be.

Names, notes and values sit in columns of fixed pixel width sized from their own words (charts.text), the bar
takes the rest: nothing is cut at 1366 px, and on a 390 px phone the bar narrows instead of the words."""
from __future__ import annotations

import re
from dataclasses import dataclass

import plotly.graph_objects as go

from charts.base import (BAND_COLORS, FONT, STATUS_COLORS, STATUS_INK, STATUS_MARKS, STRETCH_COLOR,
                            TEXT_COLOR, THRESHOLD_COLOR, _bands, axis_range, marked, marker_value, stretch_of,
                            stretch_step, time_share, unit_suffix)
from charts.text import pack, widest, wrap
from common.kinds import NUMERIC_KINDS
from common.values import num
from indicators import numbers
from indicators.narrative import value_mark, status_word
from indicators.progress import GREEN, GREY, RED

ROW_PX = 36  # the least a row takes; rows whose words need more lines take more
NAME_SIZE, NOTE_SIZE, VALUE_SIZE, DEMO_SIZE = 12, 10, 14, 10
LINE = 1.25  # line height in font sizes
ROW_PAD = 6  # px above and below a row's words together
# the label and value columns grow to at most these widths (px): on a 390 px phone the bar keeps about 90 px
LABEL_MAX, VALUE_MAX = 144, 104
GAP = 8  # px between a column and the bar
AIR = 10  # px left beyond the estimated width of the words: fonts differ from the estimate by a few per cent
PAD = {"t": 6, "b": 6}
BAR_PX = ROW_PX * 0.84  # the bullet's height: the rest of a row is the space between bullets
BAR_SHARE, LINE_SHARE = 0.45, 0.9  # the status bar and the black line, as parts of the bullet's height
EMPTY_BG = "#F3F3F3"
# plotly sets a point's words mrc / 0.8 + 1 px beside its marker of radius mrc: with this one they stand GAP px off
# the bar and 2 more, where the annotations they replace stood (border and padding)
WORDS_MARK = 2 * 0.8 * (GAP + 1)
NOTE_COLOR = "#666"
# the traces, by name (never shown: no legend, no hover)
BANDS, BARS, LINES, NAMES, VALUES = "区间", "实际", "序时或目标", "名称", "数值"
VALUE_COLOR = "#222"


def _last_year(row) -> float | None:
    return num(row.get("last_year")) if row["kind"] == "decrease" else None


def drawable(row) -> bool:
    """True when a scale can be drawn: a numeric target, or last year's figure for 持续下降."""
    if row["kind"] == "decrease":
        return _last_year(row) is not None
    return row["kind"] in NUMERIC_KINDS + ("zero_event",) and num(row["target"]) is not None


def _note_parts(row) -> list[str]:
    """Second label line: data period if not monthly, target, 序时进度 (or last year's figure)."""
    parts = [f"目标{row['target_label']}"] if row.get("target_label") else []
    period = re.sub(r"^\d{4}年", "", str(row.get("data_period") or ""))
    if row.get("frequency") in ("quarterly", "annual") and period:
        parts.insert(0, period)  # 一季度 in May says so
    if time_share(row):
        parts.append(f"序时{numbers.mark(marker_value(row), row['unit'])}")
    if _last_year(row) is not None:
        parts.append(f"上年同期{numbers.number(_last_year(row), row['unit'])}")
    return parts


def _value_parts(row) -> tuple[list[str], str, str]:
    """(words, demo mark, colour) of what stands right of the bar: the number and its unit, else the reported
    text (qualitative) or the status word; the status mark first, for black-and-white print."""
    value = num(row["actual"])
    if value is not None:
        number = f"{STATUS_MARKS.get(row['status'], STATUS_MARKS[GREY])} {numbers.number(value, row['unit'])}"
        suffix = unit_suffix(row)
        words = [number + suffix] if suffix in ("%", "‰") else [number, suffix.strip()]
        return [w for w in words if w], value_mark(row), VALUE_COLOR
    said = row.get("actual_text") if isinstance(row.get("actual_text"), str) else None
    colour = STATUS_INK.get(row["status"], STATUS_INK[GREY])
    return [said or marked(status_word(row))], value_mark(row) if said else "", colour


@dataclass
class Row:
    """One bullet's words, broken into lines for the board's column widths."""
    name: list[str]
    note: list[str]
    value: list[str]
    demo: str
    colour: str

    def px(self) -> float:
        label = len(self.name) * NAME_SIZE * LINE + len(self.note) * NOTE_SIZE * LINE
        value = len(self.value) * VALUE_SIZE * LINE + (DEMO_SIZE * LINE if self.demo else 0)
        return max(ROW_PX, label + ROW_PAD, value + ROW_PAD)


def _widths(rows: list[dict]) -> tuple[float, float]:
    """(label, value) column widths: the widest unbroken words, at most LABEL_MAX and VALUE_MAX."""
    label = max([widest([r["name"]], NAME_SIZE) for r in rows]
                + [widest([" · ".join(_note_parts(r))], NOTE_SIZE) for r in rows], default=0)
    value = max([widest([" ".join(_value_parts(r)[0])], VALUE_SIZE) for r in rows]
                + [widest([_value_parts(r)[1]], DEMO_SIZE) for r in rows], default=0)
    return min(label, LABEL_MAX), min(value, VALUE_MAX)


def _lines(row, label: float, value: float) -> Row:
    words, demo, colour = _value_parts(row)
    return Row(wrap(row["name"], NAME_SIZE, label), pack(_note_parts(row), NOTE_SIZE, label),
               pack(words, VALUE_SIZE, value, joiner=" "), demo, colour)


def _scale(row, value: float | None) -> tuple[float, float, float, list]:
    """(bottom, top, black line, bands) of a drawable row."""
    if row["kind"] == "decrease":
        last = _last_year(row)
        top = max(last * 1.3, (value or 0) * 1.1, 1.0)
        return 0.0, top, last, [(0, last, GREEN), (last, top, RED)]
    bottom, top = axis_range(row, value)
    top = max(top, 1.0) if row["kind"] == "zero_event" else top
    return bottom, top, marker_value(row), _bands(row, top)


@dataclass(frozen=True)
class Parts:
    """What one bullet draws, in the row's own units: its scale, the colour bands (the 力争 band last), the
    status bar from the bottom of the scale to the value, and the black line. A row with nothing to draw is
    one band over the whole scale, tinted by its status."""
    bottom: float
    top: float
    bands: tuple[tuple[float, float, str], ...]
    bar: tuple[float, float, str] | None = None
    line: float | None = None

    def at(self, value: float) -> float:
        """Where `value` falls along the bullet: 0 at the bottom of the scale, 1 at its top."""
        return min(max((value - self.bottom) / (self.top - self.bottom), 0.0), 1.0)


def parts(row) -> Parts:
    """The bullet of one status row: the gauge's bands, bar and line on the row's own scale."""
    if not drawable(row):
        return Parts(0.0, 1.0, ((0.0, 1.0, BAND_COLORS.get(row["status"], EMPTY_BG)),))
    value = num(row["actual"])
    bottom, top, line, bands = _scale(row, value)
    stretch = [(*s["range"], s["color"]) for s in stretch_step(row, bottom, top)]
    colour = STATUS_COLORS.get(row["status"], STATUS_COLORS[GREY])
    return Parts(bottom, top, tuple([(a, b, BAND_COLORS[s]) for a, b, s in bands] + stretch),
                 (bottom, value, colour) if value is not None else None, line)


def _layer(name: str, drawn: list[Parts], middles: list[float], pick, width: float) -> go.Bar:
    """Horizontal bars of every row in one trace, each bar its own colour, drawn in order (a row's 力争 band
    after its colour bands, so over them); `pick` gives a row's (from, to, colour) spans, placed as
    fractions of the row's scale."""
    spans = [(m, p.at(a), p.at(b), colour) for p, m in zip(drawn, middles) for a, b, colour in pick(p)]
    return go.Bar(name=name, orientation="h", y=[s[0] for s in spans], base=[round(s[1], 5) for s in spans],
                  x=[round(s[2] - s[1], 5) for s in spans], width=width, hoverinfo="skip", showlegend=False,
                  marker={"color": [s[3] for s in spans], "line": {"width": 0}})


def _bullets(drawn: list[Parts], middles: list[float]) -> list:
    """The bands, the status bars over them, the black lines over both: three traces for any number of rows,
    which the browser draws several times faster than a gauge per row."""
    return [_layer(BANDS, drawn, middles, lambda p: p.bands, BAR_PX),
            _layer(BARS, drawn, middles, lambda p: [p.bar] if p.bar else [], BAR_PX * BAR_SHARE),
            _marks(drawn, middles)]


def _marks(drawn: list[Parts], middles: list[float]) -> go.Scatter:
    """Every row's black line (序时进度, target or last year's figure) in one trace."""
    half, x, y = BAR_PX * LINE_SHARE / 2, [], []
    for p, m in ((p, m) for p, m in zip(drawn, middles) if p.line is not None):
        x += [round(p.at(p.line), 5)] * 2 + [None]
        y += [m - half, m + half, None]
    return go.Scatter(name=LINES, x=x, y=y, mode="lines", hoverinfo="skip", showlegend=False,
                      line={"color": THRESHOLD_COLOR, "width": 2})


def _column(name: str, x: int, middles: list[float], texts: list[str], font: dict) -> go.Scatter:
    """A column of words beside the bars (x 0: names, right-aligned; x 1: values): one text trace, which the
    browser draws several times faster than as many annotations. Each point's invisible marker holds its
    words GAP px off the bar."""
    return go.Scatter(name=name, x=[x] * len(texts), y=middles, text=texts, mode="markers+text",
                      textposition="middle left" if x == 0 else "middle right", textfont=font, cliponaxis=False,
                      marker={"size": WORDS_MARK, "opacity": 0}, hoverinfo="skip", showlegend=False)


def _label(lines: Row) -> str:
    """The name, and the note under it, smaller and grey."""
    note = "<br>".join(lines.note)
    return "<br>".join(lines.name) + (f"<br><span style='font-size:{NOTE_SIZE}px;color:{NOTE_COLOR}'>{note}</span>"
                                      if note else "")


def _value(lines: Row) -> str:
    """The number with its unit (or why there is none), （示例） under a demo value."""
    demo = f"<br><span style='font-size:{DEMO_SIZE}px'>{lines.demo}</span>" if lines.demo else ""
    return "<br>".join(lines.value) + demo


def _columns(lines: list[Row], middles: list[float]) -> list[go.Scatter]:
    """Names and notes left of the bars in dark grey, values right of them in their rows' colours."""
    return [_column(NAMES, 0, middles, [_label(l) for l in lines], {"size": NAME_SIZE, "color": VALUE_COLOR}),
            _column(VALUES, 1, middles, [_value(l) for l in lines],
                    {"size": VALUE_SIZE, "color": [l.colour for l in lines]})]


def _stretch_label(row, drawn: Parts, middle: float) -> list[dict]:
    """“力争X” beside the 力争 band, on the side with more room (it is never past 93 % of the bar)."""
    stretch = stretch_of(row)
    if stretch is None or not drawable(row):
        return []
    x = drawn.at(stretch)
    left = x > 0.5
    return [{"x": x, "y": middle, "xref": "paper", "yref": "y", "xanchor": "right" if left else "left",
             "yanchor": "middle", "xshift": -3 if left else 3, "showarrow": False,
             "text": f"力争{numbers.mark(stretch, row['unit'])}", "bgcolor": "rgba(255,255,255,0.75)",
             "font": {"size": NOTE_SIZE, "color": STRETCH_COLOR}}]


def _middles(heights: list[float]) -> list[float]:
    """Where each row's middle is, in px from the top, rows stacked top down."""
    top, middles = 0.0, []
    for h in heights:
        middles.append(round(top + h / 2, 2))
        top += h
    return middles


def _margin(lines: list[Row]) -> dict:
    """Left and right margins that hold the widest label and value lines (and a little air)."""
    label = max([widest(l.name, NAME_SIZE) for l in lines] + [widest(l.note, NOTE_SIZE) for l in lines], default=0)
    value = max([widest(l.value, VALUE_SIZE) for l in lines] + [widest([l.demo], DEMO_SIZE) for l in lines],
                default=0)
    return {"l": round(label + GAP + AIR), "r": round(value + GAP + AIR), **PAD}


def bullet_board(rows: list[dict]) -> go.Figure:
    """Stacked bullets for status rows (keys: code, name, unit, kind, comparator, target,
    stretch_target, target_label, actual, status, time_progress, higher_is_better; optional
    actual_text, last_year, reason, is_demo, frequency, data_period), in the given order.

    Each bullet: name and target on the left, value with unit on the right (wrapped, never cut), bar in the
    status colour over the rule's colour bands, black line at 序时进度 (cumulative) or the target,
    a thin dark band labelled 力争X at the 力争 number, （示例） under a demo value. Rows with nothing
    to draw keep their name and show the status word (or the reported text) in a box tinted by the status."""
    label, value = _widths(rows)
    lines = [_lines(row, label, value) for row in rows]
    heights = [line.px() for line in lines] or [ROW_PX]
    middles = _middles(heights)
    drawn = [parts(row) for row in rows]
    fig = go.Figure(_bullets(drawn, middles) + _columns(lines, middles))
    for row, p, m in zip(rows, drawn, middles):
        for note in _stretch_label(row, p, m):
            fig.add_annotation(**note)
    hidden = {"visible": False, "fixedrange": True}
    fig.update_layout(height=round(sum(heights)) + PAD["t"] + PAD["b"], margin=_margin(lines), paper_bgcolor="white",
                      plot_bgcolor="white", font={"family": FONT, "color": TEXT_COLOR}, barmode="overlay",
                      showlegend=False, hovermode=False, dragmode=False, xaxis={**hidden, "range": [0, 1]},
                      yaxis={**hidden, "range": [sum(heights), 0]})
    return fig
