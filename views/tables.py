"""How the dashboard's tables are laid out: as tall as their rows (no scroll box inside the page), the columns a
leader reads first on the left, each column as wide as its words, and a click on any cell of an indicator's row
opening its 指标详情."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from charts.base import status_css
from charts.text import text_px
from common.columns import HEADERS
from views import shared

FONT_PX = 14  # Streamlit's table font
CELL_PAD = 22  # px of padding and sort-icon room around a cell's words
MAX_COLUMN_PX = 320
# 17 characters tell every indicator apart (a few names run to 26) and leave a 390 px phone about 100 px of 实际
COLUMN_CAPS = {HEADERS["name"]: 17 * FONT_PX + CELL_PAD}
# what a reader looks for first, left to right; the rest follow in the frame's own order, 编码 last
LEADING = [HEADERS[c] for c in ("name", "shown_value", "status_label", "lead_department")]
TRAILING = [HEADERS["unit"], HEADERS["code"]]
CLICK_HINT = "点击任一行查看指标详情（方案原文、历次修订、情况说明）。"
NO_ROWS = "没有符合条件的指标。"


def order(frame: pd.DataFrame, leading: list[str] = LEADING) -> list[str]:
    """The columns of `frame` in reading order: `leading` first, then the others, 单位 and 编码 last."""
    first = [c for c in leading if c in frame.columns]
    last = [c for c in TRAILING if c in frame.columns and c not in first]
    return first + [c for c in frame.columns if c not in first + last] + last


def _width(frame: pd.DataFrame, column: str) -> int:
    """Pixels that hold the column's widest cell (or its header), up to the column's cap."""
    words = [str(column)] + [str(v) for v in frame[column].dropna()]
    return round(min(COLUMN_CAPS.get(column, MAX_COLUMN_PX), max(text_px(w, FONT_PX) for w in words) + CELL_PAD))


def columns(frame: pd.DataFrame) -> dict:
    """column_config giving every column the width of its words."""
    return {c: st.column_config.Column(width=_width(frame, c)) for c in frame.columns}


def status_styler(frame: pd.DataFrame, column: str = HEADERS["status"]):
    """`frame` with its status columns (状态, 上月状态, …) in colour: each marked word in its ink on its tint; a
    frame without one as it is (a Styler costs Streamlit a pass over every cell, ~7 ms for 60 rows)."""
    statuses = [c for c in frame.columns if c == column or c.endswith(column)]
    return frame.style.map(status_css, subset=statuses) if statuses else frame


def show(frame: pd.DataFrame, key: str | None = None, leading: list[str] = LEADING, clickable: bool = False):
    """`frame` at full height in reading order; with `clickable`, a click on a cell selects it (returns the event).
    A frame without rows is said in words: the table itself would show Streamlit's English "empty"."""
    if frame.empty:
        st.info(NO_ROWS)
        return None
    options = {"on_select": "rerun", "selection_mode": "single-cell"} if clickable else {}
    return st.dataframe(status_styler(frame), hide_index=True, width="stretch", height="content", key=key,
                        placeholder="", column_order=order(frame, leading), column_config=columns(frame), **options)


def clicked_row(event) -> int | None:
    """Position in the frame of the row whose cell was clicked, None when nothing is selected."""
    cells = event.selection.get("cells", []) if event else []
    return int(cells[0][0]) if cells else None


def indicator_table(frame: pd.DataFrame, key: str, leading: list[str] = LEADING) -> None:
    """A table of indicators (with an 编码 column): a click anywhere in a row opens that indicator's 指标详情."""
    event = show(frame, key=key, leading=leading, clickable=True)
    if event is not None:
        st.caption(CLICK_HINT)
    if (row := clicked_row(event)) is not None:
        shared.open_detail(frame.iloc[row][HEADERS["code"]])
