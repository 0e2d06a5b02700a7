"""Plotly figures from plain data: one status row in, one go.Figure out."""
from __future__ import annotations

import math

import plotly.graph_objects as go

from indicators import progress, settings
from indicators.progress import GREEN, GREY, RED, STATUS_LABELS, YELLOW

# Okabe-Ito shades: distinguishable with the common colour-vision deficiencies
STATUS_COLORS = {GREEN: "#009E73", YELLOW: "#E69F00", RED: "#D55E00", GREY: "#9E9E9E"}
BAND_COLORS = {GREEN: "#CCEBE2", YELLOW: "#F8E3B8", RED: "#F4CDB7"}
FONT = "Noto Sans CJK SC, WenQuanYi Micro Hei, Microsoft YaHei, PingFang SC, sans-serif"
GAUGE_KINDS = ("growth_rate", "cumulative", "point", "ceiling")


def _num(value) -> float | None:
    return None if value is None or (isinstance(value, float) and math.isnan(value)) else float(value)


def _bands(row, top: float) -> list[tuple[float, float, str]]:
    """(from, to, status) colour bands on the gauge axis, from the same settings as the rules."""
    s = settings.get()
    target = _num(row["target"])
    tol = progress.tolerance(progress.Target(row["kind"], row["comparator"], target, row["unit"]), s)
    if row["kind"] == "cumulative":
        green = target * (row["time_progress"] or 1.0) - tol
        yellow = max(green - s.cumulative_yellow_share * target, 0)
        return [(0, yellow, RED), (yellow, green, YELLOW), (green, top, GREEN)]
    if row["kind"] == "growth_rate":
        green = target - tol
        return [(min(0, green - 2 * s.growth_yellow_points), green - s.growth_yellow_points, RED),
                (green - s.growth_yellow_points, green, YELLOW), (green, top, GREEN)]
    if row["kind"] == "ceiling" or not row.get("higher_is_better", True):
        return [(0, target + tol, GREEN), (target + tol, target * s.ceiling_yellow_ratio, YELLOW),
                (target * s.ceiling_yellow_ratio, top, RED)]
    return [(0, target * s.point_yellow_ratio, RED), (target * s.point_yellow_ratio, target - tol, YELLOW),
            (target - tol, top, GREEN)]


def _axis_top(value: float | None, target: float) -> float:
    return max(abs(target) * 1.3, (value or 0) * 1.1, 1e-9)


def _subtitle(row) -> str:
    parts = [f"目标 {row['target_label']}"]
    if row["kind"] == "cumulative" and row["time_progress"]:
        parts.append(f"序时进度 {row['time_progress']:.0%}")
    return " · ".join(parts + [STATUS_LABELS[row["status"]]])


def gauge(row) -> go.Figure:
    """A gauge for one status row (keys: name, unit, kind, target, actual, status, time_progress).

    The bar is the value in its status colour, the bands show the rule, the
    ticks mark the target, and the black line marks the target, or 序时进度
    (target × t) for cumulative ones."""
    target, value = _num(row["target"]), _num(row["actual"])
    top = _axis_top(value, target)
    bottom = min(0.0, target - 3, value or 0.0) if row["kind"] == "growth_rate" else 0.0
    marker = target * row["time_progress"] if row["kind"] == "cumulative" and row["time_progress"] else target
    fig = go.Figure(go.Indicator(
        mode="gauge+number", value=value if value is not None else float("nan"),
        number={"suffix": row["unit"] if row["unit"] in ("%", "‰") else f" {row['unit']}",
                "font": {"size": 22}, "valueformat": ",.4~g"},
        domain={"x": [0, 1], "y": [0, 0.86]},
        gauge={"axis": {"range": [bottom, top], "tickvals": sorted({bottom, marker, target}),
                        "tickformat": ",.4~g"}, "bar": {"color": STATUS_COLORS[row["status"]], "thickness": 0.35},
               "steps": [{"range": [a, b], "color": BAND_COLORS[s]} for a, b, s in _bands(row, top)],
               "threshold": {"line": {"color": "#222", "width": 3}, "thickness": 0.9, "value": marker}}))
    fig.update_layout(
        height=220, margin={"l": 30, "r": 30, "t": 50, "b": 8}, font={"family": FONT},
        title={"text": f"{row['name']}<br><span style='font-size:0.78em;color:#555'>{_subtitle(row)}</span>",
               "x": 0.5, "xanchor": "center", "y": 0.96, "yanchor": "top", "font": {"size": 14}})
    return fig
