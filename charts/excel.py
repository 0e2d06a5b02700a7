"""Excel workbooks of what the views show: numbers stay numbers, no cell runs as a formula, legal
sheet names, a bold frozen header with a filter, fitted column widths, optional looks per column."""
from __future__ import annotations

import datetime as dt
import io
import math
import numbers
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal

import numpy as np
import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")
_SHEET_ILLEGAL = re.compile(r"[\[\]:*?/\\\x00-\x1f]")
SHEET_CHARS = 31
MAX_WIDTH = 60


def neutralise(text: str) -> str:
    """Text that a spreadsheet could run as a formula (starting with = + - @, tab, CR or LF, also
    after leading spaces) gets a leading "'", so it stays text; other text is returned unchanged."""
    return "'" + text if text.lstrip(" \u3000").startswith(_FORMULA_STARTS) else text


def sheet_name(name, taken: set[str]) -> str:
    """`name` as a legal, unique (case-insensitive, recorded in `taken`) Excel sheet name:
    no []:*?/\\, no leading/trailing apostrophe, ≤31 characters, not blank and not "History"."""
    base = _SHEET_ILLEGAL.sub("", str(name))[:SHEET_CHARS].strip().strip("'").strip() or "Sheet"
    base = "History_" if base.lower() == "history" else base
    candidate, number = base, 1
    while candidate.lower() in taken:
        number += 1
        suffix = f"({number})"
        candidate = base[:SHEET_CHARS - len(suffix)] + suffix
    taken.add(candidate.lower())
    return candidate


def _cell_value(value):
    """A DataFrame value as openpyxl should store it: numbers stay numbers (NaN/inf become empty),
    datetimes lose their time zone, text is neutralised, anything else becomes text."""
    if isinstance(value, str):
        return neutralise(value)
    if pd.api.types.is_scalar(value) and pd.isna(value):
        return None
    value = value.item() if isinstance(value, np.generic) else value
    value = value.to_pydatetime() if isinstance(value, pd.Timestamp) else value
    if isinstance(value, dt.datetime):
        return value.replace(tzinfo=None)
    if isinstance(value, (bool, dt.date, dt.time)):
        return value
    if isinstance(value, (numbers.Real, Decimal)):
        return value if math.isfinite(value) else None
    return neutralise(str(value))


def _display_width(value) -> int:
    """Characters as Excel spaces them: CJK and full-width ones count double."""
    text = f"{value:.10g}" if isinstance(value, float) else str(value)
    return sum(2 if unicodedata.east_asian_width(c) in ("W", "F") else 1 for c in text)


def _put(ws, row: int, column: int, value):
    cell = ws.cell(row=row, column=column, value=value)
    if isinstance(value, str):
        cell.data_type = "s"  # never a formula, whatever the text
    return cell


@dataclass(frozen=True)
class Look:
    """How the cells of one column look, row by row (None: as written): an Excel number format
    (0, 0.0, 0.00), a fill and a bold font colour (#RRGGBB)."""
    number_formats: list | None = None
    fills: list | None = None
    inks: list | None = None


def _dress(cell, look: Look, i: int) -> None:
    if look.number_formats and look.number_formats[i]:
        cell.number_format = look.number_formats[i]
    if look.fills and look.fills[i]:
        cell.fill = PatternFill("solid", fgColor=look.fills[i].lstrip("#"))
    if look.inks and look.inks[i]:
        cell.font = Font(bold=True, color=look.inks[i].lstrip("#"))


def _write_sheet(ws, frame: pd.DataFrame, title: str | None, looks: dict[str, Look] | None = None) -> None:
    """Optional merged title row, bold frozen header with a filter, the rows, fitted column widths.
    The DataFrame index is not written: reset_index() first to keep it."""
    columns = [str(c) for c in frame.columns]
    widths = [_display_width(c) for c in columns]
    top = 1
    if title:
        _put(ws, 1, 1, neutralise(str(title))).font = Font(bold=True, size=14)
        if len(columns) > 1:
            ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(columns))
        top = 2
    for j, name in enumerate(columns, start=1):
        cell = _put(ws, top, j, neutralise(name))
        cell.font, cell.alignment = Font(bold=True), Alignment(vertical="center", wrap_text=False)
    looks = looks or {}
    for i, row in enumerate(frame.itertuples(index=False, name=None), start=top + 1):
        for j, raw in enumerate(row, start=1):
            value = _cell_value(raw)
            cell = _put(ws, i, j, value)
            if columns[j - 1] in looks:
                _dress(cell, looks[columns[j - 1]], i - top - 1)
            if value is not None:
                widths[j - 1] = max(widths[j - 1], _display_width(value))
    for j, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(j)].width = min(max(width + 2, 8), MAX_WIDTH)
    ws.freeze_panes = ws.cell(row=top + 1, column=1)
    if columns:
        ws.auto_filter.ref = f"A{top}:{get_column_letter(len(columns))}{top + len(frame)}"


def to_excel(sheets: dict[str, pd.DataFrame], title: str | None = None,
             looks: dict[str, dict[str, Look]] | None = None) -> bytes:
    """An .xlsx with one sheet per entry (names made legal by sheet_name), the same optional title row
    on each, headers as given (put units in them), numbers as numbers and no cell that runs as a
    formula; `looks` {sheet: {header: Look}} dresses columns row by row. An empty dict gives one empty
    sheet "Sheet". Raises nothing for odd values (they become text)."""
    book = Workbook()
    book.remove(book.active)
    taken: set[str] = set()
    for name, frame in sheets.items():
        _write_sheet(book.create_sheet(sheet_name(name, taken)), frame, title, (looks or {}).get(name))
    if not book.worksheets:
        book.create_sheet("Sheet")
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
