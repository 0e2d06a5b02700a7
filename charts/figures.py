"""Plotly figures from plain data: status rows in, one go.Figure out.

The gauge lives here; the bullet board, trends and the status matrix live in their own
modules and are re-exported, so views need only `from charts import figures`."""
from __future__ import annotations

import plotly.graph_objects as go

from charts.base import (BAND_COLORS, FONT, GAUGE_KINDS, GRID_COLOR, STATUS_COLORS, STRETCH_COLOR,  # noqa: F401
                         TEXT_COLOR, THRESHOLD_COLOR, _bands, _num, axis_range, marked, marker_value, stretch_of,
                         stretch_step, time_share, unit_suffix)
from charts.bullets import bullet_board  # noqa: F401
from charts.heatmaps import status_heatmap  # noqa: F401
from charts.trends import trend, trend_grid  # noqa: F401
from indicators import numbers
from indicators.narrative import demo_mark, status_word


def _ticks(row, bottom: float, marker: float, target: float, stretch: float | None) -> dict:
    unit = row["unit"]
    values = {bottom: numbers.mark(bottom, unit), marker: numbers.mark(marker, unit), target: numbers.mark(target, unit)}
    if stretch is not None:
        values[stretch] = f"力争{numbers.mark(stretch, unit)}"
    keys = sorted(values)
    return {"tickvals": keys, "ticktext": [values[k] for k in keys]}


def _subtitle(row) -> str:
    parts = [f"目标 {row['target_label']}"]
    if time_share(row):
        parts.append(f"序时进度 {numbers.percent(time_share(row), 0)}")
    return " · ".join(parts + [marked(status_word(row))])


def gauge(row) -> go.Figure:
    """A gauge for one status row (keys: name, unit, kind, comparator, target, stretch_target,
    target_label, actual, status, time_progress, higher_is_better; optional reason, is_demo).

    The bar is the value in its status colour, the bands show the rule, the
    ticks mark the target, and the black line marks the target, or 序时进度
    (target × t) for cumulative ones; a 力争 number gets a thin dark band and a labelled tick;
    a demo value has （示例） under it (beside it, a long number would run off the gauge)."""
    target, value = _num(row["target"]), _num(row["actual"])
    bottom, top = axis_range(row, value)
    marker = marker_value(row)
    fig = go.Figure(go.Indicator(
        mode="gauge+number", value=value if value is not None else float("nan"),
        number={"suffix": unit_suffix(row), "font": {"size": 22}, "valueformat": numbers.plotly_format(row["unit"])},
        domain={"x": [0, 1], "y": [0, 0.86]},
        gauge={"axis": {"range": [bottom, top], **_ticks(row, bottom, marker, target, stretch_of(row))},
               "bar": {"color": STATUS_COLORS[row["status"]], "thickness": 0.35},
               "steps": [{"range": [a, b], "color": BAND_COLORS[s]} for a, b, s in _bands(row, top)]
               + stretch_step(row, bottom, top),
               "threshold": {"line": {"color": THRESHOLD_COLOR, "width": 3}, "thickness": 0.9,
                             "value": marker}}))
    fig.update_layout(
        height=228, margin={"l": 30, "r": 30, "t": 58, "b": 8}, font={"family": FONT, "color": TEXT_COLOR},
        paper_bgcolor="white", plot_bgcolor="white",
        title={"text": f"{row['name']}<br><span style='font-size:0.78em;color:#555'>{_subtitle(row)}</span>",
               "x": 0.5, "xanchor": "center", "y": 0.94, "yanchor": "top", "font": {"size": 14}})
    if value is not None and demo_mark(row):
        fig.add_annotation(text=demo_mark(row), x=0.5, y=-0.03, xref="paper", yref="paper", showarrow=False,
                           font={"size": 12, "color": "#8A6D00"})
    return fig
