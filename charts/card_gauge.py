"""The gauge as an indicator card of a deck shows it: type readable at slide size, no repeated title.

The card around the picture already names the indicator and its status and lists the target and
序时进度 beside it, so the picture keeps the page gauge's dial (charts.figures.gauge) and, as its
title, says only what the black line marks. Sizes are in layout pixels of the placed picture:
PX_PER_INCH of them make one inch on the slide, so a font of n px reads as n × 72 / PX_PER_INCH pt.
"""
from __future__ import annotations

import plotly.graph_objects as go

from charts.base import time_share
from charts.figures import gauge

PX_PER_INCH = 135
SCALE = 4                                    # pixels rendered per layout pixel: sharp when printed
LABEL_PX, NUMBER_PX, TICK_PX = 24, 44, 19   # 12.8 pt, 23.5 pt and 10.1 pt on the slide


def points(px: float) -> float:
    """The size on the slide, in pt, of `px` layout pixels."""
    return px * 72 / PX_PER_INCH


def image_size(width_in: float, height_in: float) -> dict:
    """kaleido's width, height and scale for a picture placed `width_in` × `height_in` inches."""
    return {"width": round(width_in * PX_PER_INCH), "height": round(height_in * PX_PER_INCH), "scale": SCALE}


def marker_label(row) -> str:
    """What the black line of the gauge marks (charts.base.marker_value)."""
    return "黑线为序时进度目标" if time_share(row) else "黑线为年度目标"


def card_gauge(row) -> go.Figure:
    """The gauge of `row` (a status row, as for figures.gauge) for a card: the dial, the value large,
    ticks readable, and the black line explained in place of the indicator's name."""
    fig = gauge(row)
    fig.update_traces(number={"font": {"size": NUMBER_PX}}, domain={"x": [0, 1], "y": [0.02, 0.86]},
                      gauge={"axis": {"tickfont": {"size": TICK_PX}}})
    fig.update_layout(height=None, width=None, margin={"l": 62, "r": 62, "t": 44, "b": 6},
                      title={"text": marker_label(row), "font": {"size": LABEL_PX, "color": "#555555"},
                             "y": 0.985, "yanchor": "top"})
    fig.update_annotations(font={"size": TICK_PX}, y=-0.01)
    return fig
