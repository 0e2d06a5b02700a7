"""Read an uploaded spreadsheet (.xlsx, .xls, .ods or .csv) into plain rows of cell values.

This is the first step of every upload: it decides whether the bytes are a spreadsheet at
all and turns them into `Workbook` → `Sheet` → rows, keeping Excel row numbers so later
checks can point the clerk at "第 5 行，C 列". It does not know about indicators; it only
refuses files that cannot be read at all (`UnreadableFile`) or are too big (`TooLarge`),
each with one Chinese `Problem` naming the file.

Values are read with python-calamine (fast, Rust). Calamine gives no number formats, so a
cell the clerk sees as "5.3%" arrives as 0.053; the percent formats are found separately:
  * .xlsx: the style table (xl/styles.xml) says which cell styles are percent formats;
    only when a sheet uses one is its XML scanned for the cells carrying those styles.
    The same scan finds formulas saved without a result (files written by programs and
    never opened in Excel), which calamine would silently read as blank, and error cells
    (#DIV/0!, #N/A), which calamine also reads as blank; they arrive as their error text.
    openpyxl is used only as a fallback for unusual files whose cells carry no address.
  * .xls: xlrd (formatting_info=True) reads the cell formats, only when the workbook has
    a percent format at all. In .xls, formulas without a saved result and error cells
    arrive as blank (None): calamine does not expose them.
  * .ods (LibreOffice, WPS): the cell itself says office:value-type="percentage", so one
    streaming pass over content.xml finds the percent cells. Error cells arrive as blank.
  * .csv: cells are text as typed ("5.3%"), so `parse_number` handles the percent sign.

This module is the public interface; the work is done by private modules of loaders:
sniff (file type from the bytes), xlsx, xls, ods and csvfile (one reader each), calamine
(opening sheets), cells (the Sheet/Workbook types and cell clean-up) and messages.
MAX_BYTES and MAX_ROWS are read from here on every call, so setting them here takes effect.
"""
from __future__ import annotations

import hashlib
import re
from datetime import date, time, timedelta
from pathlib import Path
from typing import Callable

from loaders import csvfile, ods, sniff, xls, xlsx
from loaders.cells import FORMULA_NO_VALUE, FormulaWithoutValue, Sheet, Workbook
from common.errors import Problem, TooLarge
from loaders.messages import MSG_EMPTY, MSG_NO_DATA, size_text, unreadable

__all__ = ["MAX_BYTES", "MAX_ROWS", "FORMULA_NO_VALUE", "FormulaWithoutValue", "Sheet", "Workbook",
           "read_file", "read_path", "parse_number", "is_no_data", "column_letter"]

MAX_BYTES = 20 * 1024 * 1024
MAX_ROWS = 100_000


def read_path(path) -> Workbook:
    """Read a file from disk; the size limit is checked before the file is read."""
    path = Path(path)
    try:
        _check_size(path.stat().st_size, path.name)
        data = path.read_bytes()
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
        raise unreadable(path.name, "找不到文件") from None
    except PermissionError:
        raise unreadable(path.name, "没有读取该文件的权限") from None
    return read_file(data, path.name)


def read_file(data: bytes, filename: str, meanwhile: Callable[[], None] | None = None) -> Workbook:
    """Read an upload: the type comes from the bytes (xlsx and ods = zip, xls = OLE2, else CSV).

    `meanwhile`, when given, is the caller's own work (an upload reads the store), called once: while
    calamine parses an .xlsx sheet in its thread, whose wait it fills, else after the file is read. It
    is not called when the file is refused before that.

    Raises TooLarge (over MAX_BYTES, or a sheet over MAX_ROWS rows — checked from the sheet
    dimensions before cell values are turned into Python objects) and UnreadableFile (empty,
    not a spreadsheet, corrupt, password-protected, unknown text encoding, no data), each
    carrying one Problem with file=filename.
    """
    size = len(data)
    _check_size(size, filename)
    if size == 0:
        raise unreadable(filename, MSG_EMPTY)
    sheets = _read_sheets(data, filename, _once(meanwhile))
    if not any(sheet.rows for sheet in sheets):
        raise unreadable(filename, MSG_NO_DATA)
    return Workbook(filename=filename, sheets=sheets, sha256=hashlib.sha256(data).hexdigest(),
                    size=size)


def _read_sheets(data: bytes, filename: str, meanwhile: Callable[[], None]) -> list[Sheet]:
    kind = sniff.file_kind(data, filename)
    if kind == "xlsx":
        sheets = xlsx.read_xlsx(data, filename, MAX_ROWS, MAX_BYTES, meanwhile)
    elif kind == "xls":
        sheets = xls.read_xls(data, filename, MAX_ROWS)
    elif kind == "ods":
        sheets = ods.read_ods(data, filename, MAX_ROWS, MAX_BYTES)
    else:
        sheets = csvfile.read_csv(data, filename, MAX_ROWS)
    meanwhile()  # a reader that had no wait to fill
    return sheets


def _once(work: Callable[[], None] | None) -> Callable[[], None]:
    """`work` as a callable that does it on its first call only (nothing for None)."""
    pending = [work] if work else []
    return lambda: pending and pending.pop()()


def _check_size(size: int, filename: str) -> None:
    if size > MAX_BYTES:
        raise TooLarge([Problem(f"文件大小 {size_text(size)}，超过 {size_text(MAX_BYTES)} 上限，"
                                "请拆分后上传", file=filename)])


# --------------------------------------------------------------------------- cell values

_BLANKS = frozenset({"", "-", "—", "——", "--", "－", "－－", "–", "/", "／", "…", "……", "..."})
_FULL_WIDTH = str.maketrans("０１２３４５６７８９，．％＋－−", "0123456789,.%+--")
_NUMBER = re.compile(r"[+-]?(?:(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")


def parse_number(value) -> float | None:
    """A cell as a number: None for blank and the dashes/slashes clerks put in empty cells.

    Accepts numbers, and text with full-width digits, thousands separators ("1,234.5",
    "１，２３４"), a trailing "%" ("5.3%" → 5.3), surrounding spaces and a leading "+".
    Raises ValueError with a Chinese message for anything else (booleans, dates, "5,3",
    formulas without a saved result), so the caller can report the cell.
    """
    if value is None:
        return None
    if isinstance(value, str):
        return _parse_text(value)
    if isinstance(value, bool):
        raise ValueError("是逻辑值（TRUE/FALSE），不是数字")
    if isinstance(value, (int, float)):
        number = float(value)
        if number != number or number in (float("inf"), float("-inf")):
            raise ValueError("不是数字")
        return number
    if value is FORMULA_NO_VALUE:
        raise ValueError("是没有保存计算结果的公式，不是数字（请用Excel打开并保存后再上传）")
    if isinstance(value, (date, time, timedelta)):
        raise ValueError("是日期或时间，不是数字")
    raise ValueError("不是数字")


def is_no_data(value) -> bool:
    """Whether a cell holds a mark for "no figure" (—, …, -, /) rather than being simply blank:
    bureaus write these where a figure is not published, confidential or not applicable."""
    return isinstance(value, str) and value.strip() != "" and value.strip().translate(_FULL_WIDTH).strip() in _BLANKS


def _parse_text(value: str) -> float | None:
    text = value.strip()
    if text in _BLANKS:
        return None
    text = text.translate(_FULL_WIDTH).strip()
    if text in _BLANKS:
        return None
    if text.endswith("%"):
        text = text[:-1].rstrip()
    if not _NUMBER.fullmatch(text):
        raise ValueError("不是数字")
    return float(text.replace(",", ""))


def column_letter(index0: int) -> str:
    """Excel column name of a 0-based column index: 0 → A, 25 → Z, 26 → AA."""
    if index0 < 0:
        raise ValueError(f"列序号不能为负数：{index0}")
    letters = ""
    n = index0 + 1
    while n:
        n, rem = divmod(n - 1, 26)
        letters = chr(65 + rem) + letters
    return letters
