"""What a read sheet holds: the Sheet and Workbook types, FORMULA_NO_VALUE, and the turning of
calamine rows into Sheet rows, shared by the .xlsx, .xls and .csv readers.

The public names here are re-exported by loaders.read; import them from there.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta


class FormulaWithoutValue:
    """A formula cell whose file holds no computed result.

    Programs (openpyxl, some business systems) write formulas without computing them; Excel
    computes and saves the result only when a person opens and saves the file. Such a cell
    has no value we could check, so it is kept distinct from a blank cell.
    """

    _instance = None

    def __new__(cls):
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "FORMULA_NO_VALUE"

    def __reduce__(self):
        return "FORMULA_NO_VALUE"

    def __copy__(self):
        return self

    def __deepcopy__(self, memo):
        return self


FORMULA_NO_VALUE = FormulaWithoutValue()


@dataclass(frozen=True)
class Sheet:
    """One worksheet. rows: (Excel row number, 1-based; cell values from column A).

    Rows start at Excel row 1 (empty rows in between are kept, so numbers and positions
    agree); trailing empty rows are dropped; every row of a sheet has the same length.
    Values: None (blank), float/int, str (stripped, never empty), datetime, bool,
    FORMULA_NO_VALUE; error cells arrive as their text ("#DIV/0!", .xlsx only) and
    time-of-day or duration cells as text ("08:30:00").
    An empty sheet has rows == [] and is kept, so a missing sheet and an empty one differ.
    """
    name: str
    rows: list[tuple[int, list]]


@dataclass(frozen=True)
class Workbook:
    """The sheets of one uploaded file, with its size and SHA-256 (to recognise re-uploads)."""
    filename: str
    sheets: list[Sheet]
    sha256: str
    size: int


# Cell values kept as they are (numbers); `type(v) in NUMBER_TYPES` leaves bool out.
NUMBER_TYPES = frozenset({float, int})


def finish(values: list[list], percent=(), formulas=(), errors=()) -> list[tuple[int, list]]:
    """Calamine rows (padded from A1) → Sheet.rows, applying the cells found in the XML.

    percent and formulas are 0-based (row, column) positions; errors are (row, column, text).
    """
    rows = [[v if v is None or type(v) in NUMBER_TYPES else (v.strip() or None) if type(v) is str else clean(v)
             for v in row] for row in values]
    _scale_percent(rows, percent)
    _place_specials(rows, [(r, c, FORMULA_NO_VALUE) for r, c in formulas] + list(errors))
    while rows and all(v is None for v in rows[-1]):
        rows.pop()
    return [(i + 1, row) for i, row in enumerate(rows)]


def clean(value):
    """A non-numeric calamine value as Sheet holds it (numbers are kept by the caller)."""
    if type(value) is str:
        return value.strip() or None
    if isinstance(value, datetime):
        return value
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day)
    if isinstance(value, (time, timedelta)):
        return str(value)
    return value  # bool, FORMULA_NO_VALUE


def _scale_percent(rows: list[list], percent) -> None:
    """Numbers in percent-formatted cells as the clerk sees them: 0.053 → 5.3."""
    height = len(rows)
    scaled = {}  # a column of rates repeats its values: each worked out once (but 0: -0.0 == 0.0)
    for r, c in percent:
        if r < height:
            row = rows[r]
            if c < len(row) and type(value := row[c]) in NUMBER_TYPES:
                if value and value in scaled:
                    row[c] = scaled[value]
                else:  # 0.053 → 5.3, not 5.300000000000001: ×100 rounded to 15 significant digits
                    row[c] = scaled[value] = float("%.15g" % (value * 100))


def _place_specials(rows: list[list], specials: list[tuple[int, int, object]]) -> None:
    """Put formula and error cells into the blanks calamine left, growing the rows to reach them."""
    if not specials:
        return
    height = max(len(rows), max(r for r, _, _ in specials) + 1)
    width = max(max((len(row) for row in rows), default=0), max(c for _, c, _ in specials) + 1)
    rows += [[] for _ in range(height - len(rows))]
    for row in rows:
        row.extend([None] * (width - len(row)))
    for r, c, value in specials:
        if rows[r][c] is None:
            rows[r][c] = value


def column_index(letters: bytes) -> int:
    """0-based column index of Excel column letters given as ASCII bytes: b"A" → 0, b"AA" → 26."""
    n = 0
    for ch in letters:
        n = n * 26 + (ch - 64)
    return n - 1


def is_percent_format(code: str | None) -> bool:
    """Whether a number format shows numbers ×100 with '%' (first section, unquoted '%')."""
    if not code or "%" not in code:
        return False
    section = re.sub(r'"[^"]*"|\\.|\[[^\]]*\]', "", code).split(";")[0]
    return "%" in section
