"""Monthly trends: an indicator's values through the year against its target path."""
from __future__ import annotations

import math
import re

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from charts.base import (FONT, GRID_COLOR, STATUS_COLORS, STATUS_SYMBOLS, STRETCH_COLOR, TEXT_COLOR,
                            THRESHOLD_COLOR, stretch_of)
from charts.text import wrap
from common.kinds import FLAT_TARGET_KINDS
from common.values import num
from indicators import numbers, settings
from indicators.narrative import DEMO_MARK
from indicators.progress import GREY
from common.periods import data_period_label

MONTHS = list(range(1, 13))
LAST_YEAR_COLOR = "#ABABAB"
PANEL_PX = 170
TREND_PX = 320  # one indicator's trend
PHONE_TITLE_PX = 330  # a 390 px phone's main column, less some air
GAP_PX = 74  # between panel rows: room for the month labels and the next title's two lines
NO_DATA = "暂无数据"
# two panels a row: on a 390 px phone each keeps about 130 px; a title (centred, it may reach into the space
# between panels) breaks over two lines of twelve characters, never cut
GRID_COLS, TITLE_PX, TITLE_SIZE = 2, 144, 12
H_SPACING = 0.15  # between panels: room for the right panel's value ticks and unit on a phone


def year_of(row) -> int:
    """The year a row reports on, read from its data_period (2026年1-5月), else the settings' year."""
    found = re.match(r"(\d{4})年", str(row.get("data_period") or ""))
    return int(found.group(1)) if found else settings.get().year


def _hover(row, frame: pd.DataFrame, year: int) -> list[str]:
    """2026年1-5月: 66.8亿元, and （示例） after each demo value."""
    frequency = row.get("frequency") or "monthly"
    return [f"{data_period_label(frequency, year, int(m))}: {numbers.with_unit(v, row['unit'])}{DEMO_MARK if demo else ''}"
            for m, v, demo in zip(frame["month"], frame["value"], frame["is_demo"])]


def _clean(series: pd.DataFrame | None) -> pd.DataFrame:
    """month, value, is_demo (False where the series does not say) of the rows with a value."""
    if series is None or series.empty:
        return pd.DataFrame({"month": [], "value": [], "is_demo": []})
    frame = series.dropna(subset=["month", "value"]).astype({"month": int, "value": float})
    demo = frame["is_demo"].eq(True) if "is_demo" in frame else False
    return frame[["month", "value"]].assign(is_demo=demo).sort_values("month")


def target_path(row, path: dict[int, float] | None = None) -> tuple[list, list]:
    """(months, targets) of the target line: cumulative rows from 0 at month 0 to the target at
    month 12 (or the stored path); flat kinds a constant line; ([], []) without a target."""
    target = num(row["target"])
    if target is None or row["kind"] not in FLAT_TARGET_KINDS + ("cumulative",):
        return [], []
    if row["kind"] != "cumulative":
        return MONTHS, [target] * 12
    if path:
        months = sorted(int(m) for m in path)
        return [0] + months, [0.0] + [float(path[m]) for m in months]
    return [0] + MONTHS, [0.0] + [target * m / 12 for m in MONTHS]


def stretch_path(row) -> tuple[list, list]:
    """(months, values) of the 力争 line: like the target line, or ([], []) without one."""
    stretch = stretch_of(row)
    if stretch is None or row["kind"] not in FLAT_TARGET_KINDS + ("cumulative",):
        return [], []
    if row["kind"] != "cumulative":
        return MONTHS, [stretch] * 12
    return [0] + MONTHS, [0.0] + [stretch * m / 12 for m in MONTHS]


def _line_text(label: str, row, months, values) -> list[str]:
    """Hover of a target line: 序时目标 5月: 30.42亿元 (年初 at month 0)."""
    return [f"{label} {f'{m}月' if m else '年初'}: {numbers.mark_with_unit(v, row['unit'])}" for m, v in zip(months, values)]


def _target_traces(row, path, show_legend: bool) -> list[go.Scatter]:
    traces = []
    months, values = target_path(row, path)
    if months:
        name = "序时目标" if row["kind"] == "cumulative" else "目标"
        traces.append(go.Scatter(
            x=months, y=values, mode="lines", name=name, showlegend=show_legend,
            line={"color": THRESHOLD_COLOR, "width": 1.5, "dash": "dash"},
            text=_line_text(name, row, months, values), hovertemplate="%{text}<extra></extra>"))
    months, values = stretch_path(row)
    if months:
        traces.append(go.Scatter(
            x=months, y=values, mode="lines", name="力争目标", showlegend=show_legend,
            line={"color": STRETCH_COLOR, "width": 1.2, "dash": "dot"},
            text=_line_text("力争", row, months, values), hovertemplate="%{text}<extra></extra>"))
    return traces


def _actual_trace(row, frame: pd.DataFrame, year: int, show_legend: bool) -> go.Scatter:
    colour = STATUS_COLORS.get(row["status"], STATUS_COLORS[GREY])
    symbol = STATUS_SYMBOLS.get(row["status"], STATUS_SYMBOLS[GREY])
    return go.Scatter(
        x=frame["month"], y=frame["value"], mode="lines+markers", name=f"{year}年实际",
        showlegend=show_legend, line={"color": colour, "width": 2.5},
        marker={"size": 7, "symbol": symbol}, text=_hover(row, frame, year),
        hovertemplate="%{text}<extra></extra>")


def _last_year_trace(row, frame: pd.DataFrame, year: int, show_legend: bool) -> go.Scatter:
    return go.Scatter(
        x=frame["month"], y=frame["value"], mode="lines", name=f"{year - 1}年同期", showlegend=show_legend,
        line={"color": LAST_YEAR_COLOR, "width": 2, "dash": "dot"},
        text=_hover(row, frame, year - 1), hovertemplate="%{text}<extra></extra>")


def indicator_traces(row, series, last_year=None, path=None, show_legend=True) -> list[go.Scatter]:
    """The traces of one indicator: target line(s), last year (if given), this year's values."""
    year, frame, prev = year_of(row), _clean(series), _clean(last_year)
    traces = _target_traces(row, path, show_legend)
    if not prev.empty:
        traces.append(_last_year_trace(row, prev, year, show_legend))
    if not frame.empty:
        traces.append(_actual_trace(row, frame, year, show_legend))
    return traces


def _month_axis(step: int = 1) -> dict:
    ticks = MONTHS[step - 1::step] if step > 1 else MONTHS
    return {"range": [0.5, 12.5], "tickvals": ticks, "ticktext": [f"{m}月" for m in ticks],
            "showgrid": False, "zeroline": False, "linecolor": "#999", "fixedrange": True}


def _value_axis(unit: str | None, traces=()) -> dict:
    """The value axis in the unit's own precision; a count's ticks fall on whole numbers (no 0.5家)."""
    axis = {"title": {"text": unit or "", "font": {"size": 12}}, "gridcolor": GRID_COLOR, "zeroline": False,
            "rangemode": "tozero", "tickformat": numbers.plotly_format(unit, trim=True), "fixedrange": True}
    if numbers.is_count(unit):
        axis |= {"tick0": 0, "dtick": numbers.count_step(_top(traces))}
    return axis


def _top(traces) -> float:
    """The highest value any of `traces` draws (1 when they draw none)."""
    values = [float(y) for t in traces for y in (() if t.y is None else t.y) if num(y) is not None]
    return max(values + [1.0])


def trend(row, series: pd.DataFrame, last_year: pd.DataFrame | None = None,
          path: dict[int, float] | None = None) -> go.Figure:
    """One indicator's monthly values against its target path.

    row: a status row (name, unit, kind, target, stretch_target, target_label, status, data_period);
    series / last_year: DataFrames with columns month, value and optionally is_demo (this year, last year);
    path: {month: cumulative target} where a monthly path is stored (cumulative kinds)."""
    traces = indicator_traces(row, series, last_year, path)
    fig = go.Figure(traces)
    if _clean(series).empty:
        fig.add_annotation(**_no_data("x domain", "y domain"))
    fig.update_layout(
        height=TREND_PX, margin={"l": 50, "r": 16, "t": 64, "b": 36}, paper_bgcolor="white", plot_bgcolor="white",
        font={"family": FONT, "color": TEXT_COLOR}, hovermode="closest",
        title={"text": _title(row),  # 16 px down: nearer the top, plotly lets a two-line title's first line run off
               "x": 0, "xanchor": "left", "y": 1 - 16 / TREND_PX, "yanchor": "top", "font": {"size": 14}},
        legend={"orientation": "h", "x": 1, "xanchor": "right", "y": 1.02, "yanchor": "bottom",
                "font": {"size": 11}},
        xaxis=_month_axis(), yaxis=_value_axis(row["unit"], traces))
    return fig


def _title(row) -> str:
    """The name and, smaller, the target, each broken to fit a phone (the title starts at the figure's left edge)."""
    label = row.get("target_label")
    note = "<br>".join(wrap(f"目标 {label}", 11, PHONE_TITLE_PX)) if isinstance(label, str) else ""
    note = f"<br><span style='font-size:0.78em;color:#555'>{note}</span>" if note else ""
    return "<br>".join(wrap(row["name"], 14, PHONE_TITLE_PX)) + note


def _no_data(xref: str, yref: str) -> dict:
    return {"text": NO_DATA, "x": 0.5, "y": 0.5, "xref": xref, "yref": yref, "showarrow": False,
            "xanchor": "center", "yanchor": "middle", "font": {"size": 13, "color": "#888"}}


def _axis_ref(axis: str, index: int) -> str:
    return f"{axis} domain" if index == 0 else f"{axis}{index + 1} domain"


def trend_grid(rows: list[dict], series: pd.DataFrame, cols: int = GRID_COLS,
               paths: dict[str, dict[int, float]] | None = None) -> go.Figure:
    """Small multiples of trend() for many indicators.

    rows: status rows (as for trend); series: DataFrame with columns code, month, value (optionally is_demo);
    paths: optional {code: {month: cumulative target}}. One panel per row, titled by the name,
    line in the status colour; panels without values say 暂无数据."""
    count, cols = max(len(rows), 1), max(1, min(cols, max(len(rows), 1)))
    nrows = math.ceil(count / cols)
    titles = ["<br>".join(wrap(r["name"], TITLE_SIZE, TITLE_PX)) for r in rows] or [""]
    fig = make_subplots(rows=nrows, cols=cols, subplot_titles=titles, horizontal_spacing=H_SPACING,
                        vertical_spacing=min(GAP_PX / (PANEL_PX * nrows), 0.3))
    fig.update_annotations(font={"size": TITLE_SIZE})
    for i, row in enumerate(rows):
        _add_panel(fig, row, series, (paths or {}).get(row["code"]), i, cols)
    fig.update_layout(height=PANEL_PX * nrows + 56, margin={"l": 40, "r": 12, "t": 52, "b": 24}, showlegend=False,
                      paper_bgcolor="white", plot_bgcolor="white", font={"family": FONT, "color": TEXT_COLOR})
    return fig


def _add_panel(fig: go.Figure, row, series: pd.DataFrame, path, index: int, cols: int) -> None:
    position = {"row": index // cols + 1, "col": index % cols + 1}
    own = series[series["code"] == row["code"]] if not series.empty else series
    traces = indicator_traces(row, own, path=path, show_legend=False)
    for trace in traces:
        fig.add_trace(trace, **position)
    value_axis = _value_axis(row["unit"], traces)
    value_axis["title"]["font"]["size"] = 10
    if _clean(own).empty:
        fig.add_trace(go.Scatter(x=[None], y=[None], showlegend=False, hoverinfo="skip"), **position)
        fig.add_annotation(**_no_data(_axis_ref("x", index), _axis_ref("y", index)))
        value_axis["showticklabels"] = bool(target_path(row, path)[0])
    fig.update_xaxes(_month_axis(step=3), **position)
    fig.update_yaxes(value_axis, **position)
