"""Reading .ods (OpenDocument: LibreOffice, WPS): values from calamine, percent cells from content.xml.

Calamine gives no number formats, so a cell the clerk sees as "5.3%" arrives as 0.053. In ODS
the cell itself says so (office:value-type="percentage"), so one streaming pass over content.xml
finds those cells, sheet by sheet (table:name). Error cells (#DIV/0!) arrive as blank, as in
.xls: LibreOffice saves them with an empty office:string-value, which is what calamine reads.
"""
from __future__ import annotations

import io
import zipfile
import zlib
from xml.etree import ElementTree

from loaders import calamine, cells, xlsx
from loaders.cells import Sheet
from loaders.messages import MSG_CORRUPT, unreadable

_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
_SHEET, _ROW = _TABLE + "table", _TABLE + "table-row"
_CELLS = frozenset({_TABLE + "table-cell", _TABLE + "covered-table-cell"})  # merged cells take a column
_ROWS_REPEATED, _COLUMNS_REPEATED = _TABLE + "number-rows-repeated", _TABLE + "number-columns-repeated"
_VALUE_TYPE = _OFFICE + "value-type"


def read_ods(data: bytes, filename: str, max_rows: int, max_bytes: int) -> list[Sheet]:
    """The worksheets of an .ods; calamine.load_sheet refuses a sheet over max_rows rows, and max_bytes
    (the upload limit) also bounds the unzipped size."""
    try:
        xlsx.check_unzipped(zipfile.ZipFile(io.BytesIO(data)), filename, max_bytes)
    except (zipfile.BadZipFile, zlib.error, EOFError, ValueError):
        raise unreadable(filename, MSG_CORRUPT) from None
    values = calamine.sheet_values(data, filename, max_rows)
    percent = _percent_cells(data, filename, values)
    return [Sheet(name=name, rows=cells.finish(rows, percent.get(name, ()))) for name, rows in values.items()]


def _percent_cells(data: bytes, filename: str, values: dict[str, list]) -> dict[str, list]:
    """Sheet name → 0-based (row, column) of percentage cells, within the area calamine read.

    Calamine tolerates a truncated content.xml; the XML parser does not, so this also refuses
    a damaged file that calamine would read as partly or wholly empty.
    """
    sizes = {name: (len(rows), len(rows[0]) if rows else 0) for name, rows in values.items()}
    try:
        with zipfile.ZipFile(io.BytesIO(data)).open("content.xml") as stream:
            return _scan(stream, sizes)
    except (KeyError, ValueError, ElementTree.ParseError, zipfile.BadZipFile, zlib.error, EOFError):
        raise unreadable(filename, MSG_CORRUPT) from None


def _scan(stream, sizes: dict[str, tuple[int, int]]) -> dict[str, list]:
    """One streaming pass (iterparse) over content.xml; each row is dropped once counted."""
    sheets = _Positions(sizes)
    for event, element in ElementTree.iterparse(stream, ("start", "end")):
        if event == "start":
            sheets.start(element)
        elif element.tag == _ROW:
            sheets.row += sheets.rows_repeated
            element.clear()
    return sheets.found


class _Positions:
    """Where the scan is (sheet, row, column) and the percentage cells found so far.

    Repeat counts only advance the counters: LibreOffice writes the empty rest of a sheet as
    one row repeated a million times, whose cells must never be listed one by one. Positions
    are kept only inside the sheet's size as calamine read it, so they never outnumber its cells.
    """

    def __init__(self, sizes: dict[str, tuple[int, int]]):
        self.sizes, self.found, self.sheet = sizes, {}, []
        self.height = self.width = self.row = self.column = 0
        self.rows_repeated = 1

    def start(self, element) -> None:
        if element.tag in _CELLS:
            self.cell(element)
        elif element.tag == _ROW:
            self.column, self.rows_repeated = 0, _repeat(element, _ROWS_REPEATED)
        elif element.tag == _SHEET:
            name = element.get(_TABLE + "name")
            self.height, self.width = self.sizes.get(name, (0, 0))
            self.sheet = self.found[name] = []
            self.row = 0

    def cell(self, element) -> None:
        repeated = _repeat(element, _COLUMNS_REPEATED)
        if element.get(_VALUE_TYPE) == "percentage" and self.row < self.height:
            rows = range(self.row, min(self.row + self.rows_repeated, self.height))
            columns = range(self.column, min(self.column + repeated, self.width))
            self.sheet += [(r, c) for r in rows for c in columns]
        self.column += repeated


def _repeat(element, attribute: str) -> int:
    """A repeat count (1 when absent); a damaged one is a damaged file (ValueError)."""
    repeated = int(element.get(attribute, 1))
    if repeated < 1:
        raise ValueError(attribute)
    return repeated
