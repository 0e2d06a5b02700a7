"""Opening workbooks and sheets with python-calamine (values of .xlsx and .xls)."""
from __future__ import annotations

import io

import python_calamine

from loaders.messages import MSG_CORRUPT, MSG_PASSWORD, too_many_rows, unreadable


def open_book(data: bytes, filename: str):
    try:
        return python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
    except python_calamine.PasswordError:
        raise unreadable(filename, MSG_PASSWORD) from None
    except Exception:  # CalamineError, ZipError, XmlError … all mean the same to a clerk
        raise unreadable(filename, MSG_CORRUPT) from None


def load_sheet(book, name: str, filename: str, max_rows: int):
    """Load one sheet in calamine (Rust side) and check its height before converting it."""
    try:
        sheet = book.get_sheet_by_name(name)
    except python_calamine.PasswordError:
        raise unreadable(filename, MSG_PASSWORD) from None
    except Exception:
        raise unreadable(filename, MSG_CORRUPT) from None
    height = sheet.end[0] + 1 if sheet.end else 0
    if height > max_rows:
        raise too_many_rows(filename, name, height, max_rows)
    return sheet


def worksheets(book) -> list[str]:
    """Names of the worksheets (not chart sheets), in workbook order."""
    return [m.name for m in book.sheets_metadata if m.typ == python_calamine.SheetTypeEnum.WorkSheet]


def sheet_values(data: bytes, filename: str, max_rows: int) -> dict[str, list]:
    """Every worksheet's cell values (padded from A1), by sheet name, each height checked first."""
    book = open_book(data, filename)
    return {name: load_sheet(book, name, filename, max_rows).to_python(skip_empty_area=False)
            for name in worksheets(book)}
