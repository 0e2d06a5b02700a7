"""Bullet board: one compact horizontal bullet per indicator, all in one figure."""
from __future__ import annotations

import re

import plotly.graph_objects as go

from charts.base import (BAND_COLORS, FONT, GAUGE_KINDS, STATUS_COLORS, STATUS_INK, STATUS_MARKS, STRETCH_COLOR,
                            TEXT_COLOR, THRESHOLD_COLOR, _bands, _num, axis_range, marked, marker_value, number_suffix,
                            shorten, stretch_of, stretch_step, time_share)
from indicators import numbers
from indicators.narrative import demo_mark, status_word
from indicators.progress import GREEN, GREY, RED

ROW_PX = 36
NAME_CHARS = 12
NOTE_CHARS = 18
MARGIN = {"l": 205, "r": 8, "t": 6, "b": 6}
ROW_GAP = 0.16  # share of each row left empty between bullets
# plotly draws a bullet over the left 75 % of its domain and centres the number in the rest
BAR_SHARE, NUMBER_X = 0.75, 0.8875
EMPTY_BG = "#F3F3F3"
INVISIBLE = "rgba(0,0,0,0)"


def _last_year(row) -> float | None:
    return _num(row.get("last_year")) if row["kind"] == "decrease" else None


def drawable(row) -> bool:
    """True when a scale can be drawn: a numeric target, or last year's figure for 持续下降."""
    if row["kind"] == "decrease":
        return _last_year(row) is not None
    return row["kind"] in GAUGE_KINDS + ("zero_event",) and _num(row["target"]) is not None


def _domain(index: int, count: int) -> dict:
    top, height = 1 - index / count, 1 / count
    return {"x": [0, 1], "y": [top - height * (1 - ROW_GAP / 2), top - height * ROW_GAP / 2]}


def _at(x: float, index: int, count: int) -> dict:
    """Annotation position: paper x, vertical middle of row `index` (explicit anchors: plotly's
    'auto' anchoring would shift labels near the top and bottom)."""
    return {"x": x, "y": 1 - (index + 0.5) / count, "xref": "paper", "yref": "paper", "yanchor": "middle",
            "showarrow": False}


def _note(row) -> str:
    """Second title line: data period if not monthly, target, 序时进度 (or last year's figure)."""
    parts = [f"目标{row['target_label']}"] if row.get("target_label") else []
    if row.get("frequency") in ("quarterly", "annual") and row.get("data_period"):
        parts.insert(0, re.sub(r"^\d{4}年", "", str(row["data_period"])))  # 一季度 in May says so
    if time_share(row):
        parts.append(f"序时{numbers.mark(marker_value(row), row['unit'])}")
    if _last_year(row) is not None:
        parts.append(f"上年同期{numbers.number(_last_year(row), row['unit'])}")
    return shorten(" · ".join(parts), NOTE_CHARS)


def _title(row) -> dict:
    text = f"{shorten(row['name'], NAME_CHARS)}<br><span style='font-size:10px;color:#666'>{_note(row)}</span>"
    return {"text": text, "font": {"size": 12, "color": "#222"}}


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


def _number(row, value: float | None) -> dict:
    colour = "#222" if value is not None else INVISIBLE
    mark = STATUS_MARKS.get(row["status"], STATUS_MARKS[GREY])  # the status without colour, for print
    return {"prefix": f"{mark} ", "suffix": number_suffix(row, value), "valueformat": numbers.plotly_format(row["unit"]),
            "font": {"size": 14, "color": colour}}


def bullet(row, index: int, count: int) -> go.Indicator:
    """One bullet (go.Indicator, mode number+gauge) in row `index` of `count` stacked rows."""
    value = _num(row["actual"])
    return go.Indicator(mode="number+gauge", value=value if value is not None else float("nan"),
                        number=_number(row, value), title=_title(row), domain=_domain(index, count),
                        gauge=_gauge(row, value), name=str(row.get("code", "")))


def _stretch_label(row, index: int, count: int) -> list[dict]:
    """“力争X” just right of the 力争 band."""
    stretch = stretch_of(row)
    if stretch is None or not drawable(row):
        return []
    bottom, top, _, _ = _scale(row, _num(row["actual"]))
    x = BAR_SHARE * (stretch - bottom) / (top - bottom)
    return [{**_at(x, index, count), "xanchor": "left", "xshift": 3, "text": f"力争{numbers.mark(stretch, row['unit'])}",
             "font": {"size": 10, "color": STRETCH_COLOR}}]


def _missing_label(row, index: int, count: int) -> list[dict]:
    """Where there is no number: the reported text (qualitative) or the status word, in the number's place."""
    if _num(row["actual"]) is not None:
        return []
    said = row.get("actual_text") if isinstance(row.get("actual_text"), str) else None
    text = said + demo_mark(row) if said else marked(status_word(row))
    colour = STATUS_INK.get(row["status"], STATUS_INK[GREY])
    return [{**_at(NUMBER_X, index, count), "xanchor": "center", "text": text,
             "font": {"size": 13, "color": colour}}]


def bullet_board(rows: list[dict]) -> go.Figure:
    """Stacked bullets for status rows (keys: code, name, unit, kind, comparator, target,
    stretch_target, target_label, actual, status, time_progress, higher_is_better; optional
    actual_text, last_year, reason, is_demo), in the given order.

    Each bullet: name and target on the left, value with unit on the right, bar in the status
    colour over the rule's colour bands, black line at 序时进度 (cumulative) or the target,
    a thin dark band labelled 力争X at the 力争 number, （示例） after a demo value. Rows with nothing
    to draw keep their name and show the status word (or the reported text) in a box tinted by the status."""
    count = max(len(rows), 1)
    fig = go.Figure([bullet(row, i, count) for i, row in enumerate(rows)])
    for i, row in enumerate(rows):
        for note in _stretch_label(row, i, count) + _missing_label(row, i, count):
            fig.add_annotation(**note)
    fig.update_layout(height=count * ROW_PX + MARGIN["t"] + MARGIN["b"], margin=MARGIN, paper_bgcolor="white",
                      plot_bgcolor="white", font={"family": FONT, "color": TEXT_COLOR})
    return fig
