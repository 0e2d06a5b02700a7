"""Plotly figures from plain data: status rows in, one go.Figure out.

The gauge lives here; the bullet board, trends and the status matrix live in their own
modules and are re-exported, so views need only `from charts import figures`."""
from __future__ import annotations

import plotly.graph_objects as go

from charts.base import (BAND_COLORS, FONT, GRID_COLOR, STATUS_COLORS, STRETCH_COLOR,  # noqa: F401
                         TEXT_COLOR, THRESHOLD_COLOR, _bands, axis_range, marked, marker_value, stretch_of,
                         stretch_step, time_share, unit_suffix, word_ink)
from charts.bullets import bullet_board  # noqa: F401
from charts.heatmaps import status_heatmap  # noqa: F401
from charts.text import pack, widest, wrap
from charts.trends import trend, trend_grid  # noqa: F401
from common.values import num
from indicators import numbers
from indicators.narrative import value_mark, status_word


TITLE_SIZE, SUBTITLE_SIZE, TICK_SIZE, LEGEND_SIZE = 14, 11, 12, 11
# the narrowest a gauge is drawn, less some air: a third of the main column at 1366 px is 291 px (a phone gives
# a gauge the whole 358 px)
TITLE_PX = 270
PLOT_PX = 162  # the arc and its number
LINE = 1.3
MIN_SIDE = 30
TITLE_TOP = 16  # px above the title: at less, plotly's top anchor lets a multi-line title's first line run off


def axis_ticks(row, bottom: float, top: float, target: float) -> dict:
    """Labelled ticks at the bottom of the scale and at the target only: 序时 and 力争 are named below the
    gauge, where they can never run into each other or off the edge."""
    values = [target] if (target - bottom) < 0.12 * (top - bottom) else [bottom, target]
    return {"tickvals": values, "ticktext": [numbers.mark(v, row["unit"]) for v in values], "tickfont": {"size": TICK_SIZE}}


def subtitle_parts(row) -> list[str]:
    parts = [f"目标 {row['target_label']}"]
    if time_share(row):
        parts.append(f"序时进度 {numbers.percent(time_share(row), 0)}")
    return parts + [marked(status_word(row))]


def _title(row) -> tuple[str, int]:
    """(title text, its lines): the name and, smaller, the subtitle, each broken to fit the narrowest gauge."""
    name = wrap(row["name"], TITLE_SIZE, TITLE_PX)
    sub = pack(subtitle_parts(row), SUBTITLE_SIZE, TITLE_PX)
    word = marked(status_word(row))  # the status in its own colour, bold: the one word a reader looks for
    lines = "<br>".join(sub).replace(word, f"<b style='color:{word_ink(status_word(row))}'>{word}</b>")
    text = "<br>".join(name) + f"<br><span style='font-size:0.78em;color:#555'>{lines}</span>"
    # room for at least one name line and two subtitle lines, so that most gauges in a row line up
    return text, round(len(name) * TITLE_SIZE * LINE + max(len(sub), 2) * SUBTITLE_SIZE * LINE)


def legend_parts(row, marker: float) -> list[str]:
    """What the black line and the 力争 band stand for, when the ticks do not say it."""
    parts = [f"序时{numbers.mark(marker, row['unit'])}"] if time_share(row) else []
    stretch = stretch_of(row)
    return parts + ([f"力争{numbers.mark(stretch, row['unit'])}"] if stretch is not None else [])


def _below(row, value: float | None, marker: float) -> list[dict]:
    """Annotations under the number, in the bottom margin: （示例） after a demo value, then the legend."""
    lines = [(value_mark(row), {"size": 12, "color": "#8A6D00"})] if value is not None and value_mark(row) else []
    legend = " · ".join(legend_parts(row, marker))
    lines += [(legend, {"size": LEGEND_SIZE, "color": "#555"})] if legend else []
    return [{"text": text, "x": 0.5, "y": 0, "xref": "paper", "yref": "paper", "xanchor": "center",
             "yanchor": "top", "yshift": -8 - i * LEGEND_SIZE * LINE, "showarrow": False, "font": font}
            for i, (text, font) in enumerate(lines)]


def gauge(row) -> go.Figure:
    """A gauge for one status row (keys: name, unit, kind, comparator, target, stretch_target,
    target_label, actual, status, time_progress, higher_is_better; optional reason, is_demo).

    The bar is the value in its status colour, the bands show the rule, the ticks mark the bottom of the
    scale and the target, the black line marks the target, or 序时进度 (target × t) for cumulative ones;
    a 力争 number gets a thin dark band. Under the number: （示例） after a demo value, and the 序时 and
    力争 numbers. Title, subtitle and tick labels are measured so that none is cut, at any width."""
    target, value = num(row["target"]), num(row["actual"])
    bottom, top = axis_range(row, value)
    marker, ticks = marker_value(row), axis_ticks(row, bottom, top, target)
    title, title_px = _title(row)
    below = _below(row, value, marker)
    side = max(MIN_SIDE, round(widest(ticks["ticktext"], TICK_SIZE)) + 14)
    margin = {"l": side, "r": side, "t": title_px + TITLE_TOP + 8, "b": 10 + round(2 * LEGEND_SIZE * LINE)}
    fig = go.Figure(go.Indicator(
        mode="gauge+number", value=value if value is not None else float("nan"),
        number={"suffix": unit_suffix(row), "font": {"size": 22}, "valueformat": numbers.plotly_format(row["unit"])},
        domain={"x": [0, 1], "y": [0, 0.86]},
        gauge={"axis": {"range": [bottom, top], **ticks},
               "bar": {"color": STATUS_COLORS[row["status"]], "thickness": 0.35},
               "steps": [{"range": [a, b], "color": BAND_COLORS[s]} for a, b, s in _bands(row, top)]
               + stretch_step(row, bottom, top),
               "threshold": {"line": {"color": THRESHOLD_COLOR, "width": 3}, "thickness": 0.9,
                             "value": marker}}))
    height = margin["t"] + PLOT_PX + margin["b"]
    fig.update_layout(
        height=height, margin=margin, font={"family": FONT, "color": TEXT_COLOR},
        paper_bgcolor="white", plot_bgcolor="white",
        title={"text": title, "x": 0.5, "xanchor": "center", "y": 1 - TITLE_TOP / height, "yanchor": "top",
               "font": {"size": TITLE_SIZE}})
    for note in below:
        fig.add_annotation(**note)
    return fig
