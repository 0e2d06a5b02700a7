"""The 红黄绿 matrix: rows (indicators or areas) by months, one discrete colour per status word."""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from charts.base import FONT, STATUS_COLORS, STATUS_MARKS, TEXT_COLOR, marked, word_color, word_status
from charts.text import wrap
from indicators import settings
from indicators.progress import GREY, MISSING, NOT_DUE, STATUS_LABELS, STATUSES, status_label
from common.periods import period_label
from indicators.report import matrix_grid

# one colour each; 目标待定 and 无基数 share 未报送's grey and say their word in the hover
CELL_WORDS = tuple(STATUS_LABELS[s] for s in STATUSES) + (NOT_DUE,)
CELL_CODES = {word: code for code, word in enumerate(CELL_WORDS)}
ROW_PX, MIN_HEIGHT = 22, 250
WRAPPED_ROW_PX = 30  # rows whose labels take two lines
# labels break at this width (px) rather than being cut: on a 390 px phone the months keep about 150 px
LABEL_PX, LABEL_SIZE = 200, 12
MARGIN = {"l": 8, "r": 8, "t": 76, "b": 8}  # top: the legend (two lines on a phone) and the months


def word_grid(rows: pd.DataFrame, matrix: pd.DataFrame) -> pd.DataFrame:
    """report.matrix_grid with every cell in words (progress.status_label): 未到报送期 apart from 未报送."""
    words = [status_label(s, r) for s, r in zip(matrix["status"], matrix["reason"])]
    return matrix_grid(rows, matrix.assign(status=words))


def discrete_colorscale() -> list[list]:
    """One flat colour per cell code 0..n-1 (zmin −0.5, zmax n−0.5): no gradient between them."""
    n = len(CELL_WORDS)
    scale = []
    for code, word in enumerate(CELL_WORDS):
        scale += [[code / n, word_color(word)], [(code + 1) / n, word_color(word)]]
    return scale


def cell_codes(matrix: pd.DataFrame) -> list[list]:
    """The matrix as numeric codes (CELL_CODES), None where nothing is shown."""
    return [[CELL_CODES.get(v, CELL_CODES[MISSING]) if isinstance(v, str) else None for v in row]
            for row in matrix.to_numpy()]


def _hover(matrix: pd.DataFrame, year: int) -> list[list[str]]:
    months = [int(m) for m in matrix.columns]
    return [[f"{label}<br>{period_label(year, m)} · {v}" if isinstance(v, str) else ""
             for m, v in zip(months, row)]
            for label, row in zip(matrix.index, matrix.to_numpy())]


def cell_marks(matrix: pd.DataFrame) -> list[list[str]]:
    """Each cell's status mark (● ▲ ■ ○), so that the matrix reads in black and white too."""
    return [[STATUS_MARKS[word_status(v)] if isinstance(v, str) else "" for v in row] for row in matrix.to_numpy()]


def _legend_keys() -> list[go.Scatter]:
    """Legend entries 正常/预警/滞后/未报送/未到报送期 in place of a colour bar (the pale one outlined)."""
    return [go.Scatter(x=[None], y=[None], mode="markers", name=marked(word), hoverinfo="skip",
                       marker={"symbol": "square", "size": 12, "color": word_color(word),
                               "line": {"color": STATUS_COLORS[GREY], "width": 1 if word == NOT_DUE else 0}})
            for word in CELL_WORDS]


def status_heatmap(matrix: pd.DataFrame, year: int | None = None) -> go.Figure:
    """The 红黄绿 matrix.

    matrix: index = row labels (“A1-01 地区生产总值增速”, or area names), columns = months 1..12,
    values = status words (progress.status_label: 正常, 预警, 滞后, 未报送, 未到报送期 …; see
    word_grid) or NaN for cells not shown; year: for the hover text (2026年1-5月 · 正常), default
    the settings' year."""
    year = year or settings.get().year
    months = [int(m) for m in matrix.columns]
    rows = list(range(len(matrix.index)))
    fig = go.Figure(go.Heatmap(
        z=cell_codes(matrix), x=months, y=rows, zmin=-0.5, zmax=len(CELL_WORDS) - 0.5,
        colorscale=discrete_colorscale(), showscale=False, xgap=2, ygap=2, hoverongaps=False,
        customdata=_hover(matrix, year), hovertemplate="%{customdata}<extra></extra>",
        text=cell_marks(matrix), texttemplate="%{text}", textfont={"size": 12}))  # plotly picks black or white per cell
    fig.add_traces(_legend_keys())
    labels = [wrap(str(label), LABEL_SIZE, LABEL_PX) for label in matrix.index]
    row_px = WRAPPED_ROW_PX if any(len(lines) > 1 for lines in labels) else ROW_PX
    fig.update_layout(
        height=max(MIN_HEIGHT, row_px * len(rows) + MARGIN["t"] + MARGIN["b"]), margin=MARGIN,
        font={"family": FONT, "color": TEXT_COLOR}, paper_bgcolor="white", plot_bgcolor="white",
        legend={"orientation": "h", "x": 0, "xanchor": "left", "xref": "container", "y": 1, "yanchor": "top",
                "yref": "container", "font": {"size": 12}},
        **_axes(months, ["<br>".join(lines) for lines in labels]))
    return fig


def _axes(months: list[int], labels: list[str]) -> dict:
    """Months on top as 1月 2 … 12; row labels (broken over lines, never cut) read top-down, first row on top."""
    fixed = {"showgrid": False, "zeroline": False, "fixedrange": True}
    # 1月 2 3 … 12: “10月” in every column would not fit a phone's narrow ones
    ticks = [f"{m}月" if i == 0 else str(m) for i, m in enumerate(months)]
    return {"xaxis": {"side": "top", "tickvals": months, "ticktext": ticks, "tickfont": {"size": 11}, **fixed},
            "yaxis": {"tickvals": list(range(len(labels))), "ticktext": labels, "autorange": "reversed",
                      "automargin": True, "tickfont": {"size": 12}, **fixed}}
