"""Bullet board: one compact horizontal bullet per indicator, all in one figure.

Names, notes and values sit in columns of fixed pixel width sized from their own words (charts.text), the bar
takes the rest: nothing is cut at 1366 px, and on a 390 px phone the bar narrows instead of the words."""
from __future__ import annotations

import re
from dataclasses import dataclass

import plotly.graph_objects as go

from charts.base import (BAND_COLORS, FONT, GAUGE_KINDS, STATUS_COLORS, STATUS_INK, STATUS_MARKS, STRETCH_COLOR,
                            TEXT_COLOR, THRESHOLD_COLOR, _bands, _num, axis_range, marked, marker_value, stretch_of,
                            stretch_step, time_share, unit_suffix)
from charts.text import pack, widest, wrap
from indicators import numbers
from indicators.narrative import demo_mark, status_word
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
EMPTY_BG = "#F3F3F3"
INVISIBLE = "rgba(0,0,0,0)"
NOTE_COLOR = "#666"
VALUE_COLOR = "#222"


def _last_year(row) -> float | None:
    return _num(row.get("last_year")) if row["kind"] == "decrease" else None


def drawable(row) -> bool:
    """True when a scale can be drawn: a numeric target, or last year's figure for 持续下降."""
    if row["kind"] == "decrease":
        return _last_year(row) is not None
    return row["kind"] in GAUGE_KINDS + ("zero_event",) and _num(row["target"]) is not None


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
    value = _num(row["actual"])
    if value is not None:
        number = f"{STATUS_MARKS.get(row['status'], STATUS_MARKS[GREY])} {numbers.number(value, row['unit'])}"
        suffix = unit_suffix(row)
        words = [number + suffix] if suffix in ("%", "‰") else [number, suffix.strip()]
        return [w for w in words if w], demo_mark(row), VALUE_COLOR
    said = row.get("actual_text") if isinstance(row.get("actual_text"), str) else None
    colour = STATUS_INK.get(row["status"], STATUS_INK[GREY])
    return [said or marked(status_word(row))], demo_mark(row) if said else "", colour


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


def _gauge(row, value: float | None) -> dict:
    """Bar, bands, black line and 力争 mark of one bullet; an empty box tinted by the status when
    nothing can be drawn."""
    colour = STATUS_COLORS.get(row["status"], STATUS_COLORS[GREY])
    base = {"shape": "bullet", "borderwidth": 0, "bar": {"color": colour, "thickness": 0.45}}
    if not drawable(row):
        return {**base, "axis": {"range": [0, 1], "visible": False}, "bar": {"color": INVISIBLE, "thickness": 0},
                "bgcolor": BAND_COLORS.get(row["status"], EMPTY_BG)}
    bottom, top, line, bands = _scale(row, value)
    steps = [{"range": [a, b], "color": BAND_COLORS[s]} for a, b, s in bands]
    return {**base, "bgcolor": "white", "axis": {"range": [bottom, top], "visible": False},
            "steps": steps + stretch_step(row, bottom, top),
            "threshold": {"line": {"color": THRESHOLD_COLOR, "width": 2}, "thickness": 0.9, "value": line}}


def bullet(row, middle: float, half: float) -> go.Indicator:
    """One bullet (go.Indicator, a bare gauge: its words are annotations) centred at paper height `middle`."""
    value = _num(row["actual"])
    return go.Indicator(mode="gauge", value=value if value is not None else float("nan"),
                        domain={"x": [0, 1], "y": [middle - half, middle + half]},
                        gauge=_gauge(row, value), name=str(row.get("code", "")))


def _at(x: float, middle: float, anchor: str, shift: float) -> dict:
    """Annotation at paper x and height `middle`, with explicit anchors (plotly's 'auto' would shift them)."""
    return {"x": x, "y": middle, "xref": "paper", "yref": "paper", "xanchor": anchor, "yanchor": "middle",
            "xshift": shift, "showarrow": False, "align": "left" if anchor == "left" else "right"}


def _label(lines: Row, middle: float) -> dict:
    """The name (and the note under it, smaller and grey) right-aligned just left of the bar."""
    note = "<br>".join(lines.note)
    text = "<br>".join(lines.name) + (f"<br><span style='font-size:{NOTE_SIZE}px;color:{NOTE_COLOR}'>{note}</span>"
                                      if note else "")
    return {**_at(0, middle, "right", -GAP), "text": text, "font": {"size": NAME_SIZE, "color": VALUE_COLOR}}


def _value(lines: Row, middle: float) -> dict:
    """The number with its unit (or why there is none) just right of the bar, （示例） under a demo value."""
    demo = f"<br><span style='font-size:{DEMO_SIZE}px'>{lines.demo}</span>" if lines.demo else ""
    return {**_at(1, middle, "left", GAP), "text": "<br>".join(lines.value) + demo,
            "font": {"size": VALUE_SIZE, "color": lines.colour}}


def _stretch_label(row, middle: float) -> list[dict]:
    """“力争X” beside the 力争 band, on the side with more room (it is never past 93 % of the bar)."""
    stretch = stretch_of(row)
    if stretch is None or not drawable(row):
        return []
    bottom, top, _, _ = _scale(row, _num(row["actual"]))
    x = (stretch - bottom) / (top - bottom)
    left = x > 0.5
    return [{**_at(x, middle, "right" if left else "left", -3 if left else 3), "text": f"力争{numbers.mark(stretch, row['unit'])}",
             "bgcolor": "rgba(255,255,255,0.75)", "font": {"size": NOTE_SIZE, "color": STRETCH_COLOR}}]


def _middles(heights: list[float]) -> list[float]:
    """Paper height of each row's middle, rows stacked top down."""
    total, top, middles = sum(heights), 0.0, []
    for h in heights:
        middles.append(1 - (top + h / 2) / total)
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
    half = BAR_PX / 2 / sum(heights)
    middles = _middles(heights)
    fig = go.Figure([bullet(row, m, half) for row, m in zip(rows, middles)])
    for row, line, m in zip(rows, lines, middles):
        for note in [_label(line, m), _value(line, m)] + _stretch_label(row, m):
            fig.add_annotation(**note)
    fig.update_layout(height=round(sum(heights)) + PAD["t"] + PAD["b"], margin=_margin(lines), paper_bgcolor="white",
                      plot_bgcolor="white", font={"family": FONT, "color": TEXT_COLOR})
    return fig
