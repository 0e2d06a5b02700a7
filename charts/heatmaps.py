"""The 红黄绿 matrix: rows (indicators or areas) by months, one discrete colour per status word."""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from charts.base import FONT, STATUS_COLORS, STATUS_MARKS, TEXT_COLOR, marked, shorten, word_color, word_status
from indicators import settings
from indicators.progress import GREY, MISSING, NOT_DUE, STATUS_LABELS, STATUSES, status_label
from indicators.report import matrix_grid, period_label

# one colour each; 目标待定 and 无基数 share 未报送's grey and say their word in the hover
CELL_WORDS = tuple(STATUS_LABELS[s] for s in STATUSES) + (NOT_DUE,)
CELL_CODES = {word: code for code, word in enumerate(CELL_WORDS)}
ROW_PX, MIN_HEIGHT = 22, 250
LABEL_CHARS = 24
MARGIN = {"l": 8, "r": 8, "t": 64, "b": 8}


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
    fig.update_layout(
        height=max(MIN_HEIGHT, ROW_PX * len(rows) + MARGIN["t"] + MARGIN["b"]), margin=MARGIN,
        font={"family": FONT, "color": TEXT_COLOR}, paper_bgcolor="white", plot_bgcolor="white",
        legend={"orientation": "h", "x": 0, "xanchor": "left", "y": 1, "yanchor": "top",
                "yref": "container", "font": {"size": 12}},
        **_axes(months, [shorten(str(label), LABEL_CHARS) for label in matrix.index]))
    return fig


def _axes(months: list[int], labels: list[str]) -> dict:
    """Months on top as 1月…12月; row labels read top-down, first row on top."""
    fixed = {"showgrid": False, "zeroline": False, "fixedrange": True}
    return {"xaxis": {"side": "top", "tickvals": months, "ticktext": [f"{m}月" for m in months], **fixed},
            "yaxis": {"tickvals": list(range(len(labels))), "ticktext": labels, "autorange": "reversed",
                      "automargin": True, "tickfont": {"size": 12}, **fixed}}
