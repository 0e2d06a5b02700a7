"""Reading .xls: values from calamine; percent formats from xlrd, only if the workbook has any.

In .xls, formulas without a saved result and error cells arrive as blank (None): calamine
does not expose them.
"""
from __future__ import annotations

import io

from loaders import calamine, cells
from loaders.cells import NUMBER_TYPES, Sheet, is_percent_format
from loaders.messages import MSG_XLS_FORMATS, unreadable


def read_xls(data: bytes, filename: str, max_rows: int) -> list[Sheet]:
    """Values from calamine; percent formats from xlrd, only if the workbook has any."""
    values = calamine.sheet_values(data, filename, max_rows)
    percent = _percent_cells(data, filename, values)
    return [Sheet(name=name, rows=cells.finish(rows, percent.get(name, ()))) for name, rows in values.items()]


def _percent_cells(data: bytes, filename: str, values: dict[str, list]) -> dict[str, list]:
    """Sheet name → 0-based (row, column) of the numbers shown with a percent format."""
    import xlrd  # runtime dependency for .xls number formats only

    try:
        book = xlrd.open_workbook(file_contents=data, formatting_info=True, on_demand=True,
                                  logfile=io.StringIO())
    except Exception:
        raise unreadable(filename, MSG_XLS_FORMATS) from None
    try:
        return _find_percent_cells(book, values)
    except Exception:
        raise unreadable(filename, MSG_XLS_FORMATS) from None
    finally:
        book.release_resources()


def _find_percent_cells(book, values: dict[str, list]) -> dict[str, list]:
    percent_xfs = {i for i, xf in enumerate(book.xf_list) if not xf.is_style
                   and xf.format_key in book.format_map
                   and is_percent_format(book.format_map[xf.format_key].format_str)}
    found = {}
    if not percent_xfs:
        return found
    for name, rows in values.items():
        numeric = [(r, c) for r, row in enumerate(rows) for c, v in enumerate(row) if type(v) in NUMBER_TYPES]
        if not numeric:
            continue
        sheet = book.sheet_by_name(name)
        found[name] = [(r, c) for r, c in numeric
                       if r < sheet.nrows and c < sheet.row_len(r)
                       and sheet.cell_xf_index(r, c) in percent_xfs]
    return found
