"""Reading .xlsx: values from calamine, plus what calamine does not give, found in the XML.

  * percent cells: the style table (xl/styles.xml) says which cell styles are percent
    formats; only when a sheet uses one is its XML scanned for the cells carrying them;
  * formulas saved without a result, which calamine reads as blank (FORMULA_NO_VALUE);
  * error cells (#DIV/0!, #N/A), which calamine also reads as blank (their error text).
openpyxl is used only as a fallback for unusual files whose cells carry no address.
Row limits are checked from each sheet's <dimension> and last <row> before calamine loads it.
Calamine parses a sheet in a second thread (it lets go of Python's lock meanwhile) while the
XML scan runs: the scan costs no time of its own on a machine with a spare core.
"""
from __future__ import annotations

import io
import posixpath
import re
import zipfile
import zlib
from concurrent.futures import Executor, ThreadPoolExecutor, wait
from functools import lru_cache
from typing import Callable
from xml.etree import ElementTree

from openpyxl.styles.numbers import BUILTIN_FORMATS

from loaders import calamine, cells
from loaders.cells import Sheet, column_index, is_percent_format
from common.errors import Problem, TooLarge
from loaders.messages import MSG_CORRUPT, size_text, too_many_rows, unreadable

# An .xlsx is compressed; refuse one whose parts would unpack to more than this (zip bomb).
MAX_UNZIPPED_FACTOR = 64
_ZIP_ERRORS = (zipfile.BadZipFile, zlib.error, EOFError)


def read_xlsx(data: bytes, filename: str, max_rows: int, max_bytes: int,
              meanwhile: Callable[[], None] = lambda: None) -> list[Sheet]:
    """The worksheets of an .xlsx; max_bytes (the upload limit) also bounds the unzipped size.
    `meanwhile` (the caller's work, done on its first call only) runs while calamine parses a sheet."""
    reader = _XlsxReader(data, filename, max_rows, max_bytes)
    names = calamine.worksheets(reader.book)
    # First the cheap check on every sheet: the <dimension> at the top of its part.
    for name in names:
        reader.check_dimension(name)
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="calamine") as loader:
        return [reader.sheet(name, loader, meanwhile) for name in names]


def check_unzipped(zf: zipfile.ZipFile, filename: str, max_bytes: int) -> None:
    """Refuse a zip (.xlsx, .ods) whose parts would unpack to more than MAX_UNZIPPED_FACTOR × the upload
    limit: a small file that expands to gigabytes would stall the server (a zip bomb)."""
    limit = MAX_UNZIPPED_FACTOR * max_bytes
    if sum(info.file_size for info in zf.infolist()) > limit:
        raise TooLarge([Problem(f"文件解压后超过 {size_text(limit)}，请拆分后上传", file=filename)])


class _XlsxReader:
    """One .xlsx upload: its zip, worksheet parts, percent styles and calamine workbook."""

    def __init__(self, data: bytes, filename: str, max_rows: int, max_bytes: int):
        self.data, self.filename, self.max_rows = data, filename, max_rows
        try:
            self.zf = zipfile.ZipFile(io.BytesIO(data))
            check_unzipped(self.zf, filename, max_bytes)
            self.parts, styles = _xlsx_parts(self.zf)
            self.percent_ids = _percent_styles(self.zf, styles)
        except (KeyError, ElementTree.ParseError, ValueError, *_ZIP_ERRORS):
            raise unreadable(filename, MSG_CORRUPT) from None
        self.book = calamine.open_book(data, filename)

    def check_dimension(self, name: str) -> None:
        """Refuse a sheet whose <dimension ref="A1:C120000"> is over the row limit."""
        part = self.parts.get(name)
        if part not in self.zf.NameToInfo:
            return
        try:
            with self.zf.open(part) as stream:
                head = stream.read(4096)
        except _ZIP_ERRORS:
            raise unreadable(self.filename, MSG_CORRUPT) from None
        match = _DIMENSION.search(head)
        if match and int(match.group(2) or match.group(1)) > self.max_rows:
            raise too_many_rows(self.filename, name, int(match.group(2) or match.group(1)), self.max_rows)

    def sheet(self, name: str, loader: Executor, meanwhile: Callable[[], None]) -> Sheet:
        """One worksheet: calamine parses it in `loader` (without Python's lock) while its XML is scanned
        and `meanwhile` runs."""
        xml = self._xml(name)  # the last row checked before calamine spends time on the sheet
        loading = loader.submit(calamine.load_sheet, self.book, name, self.filename, self.max_rows)
        try:
            percent, formulas, errors = self._scan(name, xml)
            meanwhile()
        finally:
            wait([loading])  # an error of the scan (as when run one after the other) comes first
        values = loading.result().to_python(skip_empty_area=False)
        return Sheet(name=name, rows=cells.finish(values, percent, formulas, errors))

    def _xml(self, name: str) -> bytes | None:
        """A sheet's unpacked XML (None when it has no worksheet part), its last row checked."""
        part = self.parts.get(name)
        if part not in self.zf.NameToInfo:
            return None
        try:
            xml = self.zf.read(part)
        except _ZIP_ERRORS:
            raise unreadable(self.filename, MSG_CORRUPT) from None
        last = _max_row(xml)
        if last > self.max_rows:
            raise too_many_rows(self.filename, name, last, self.max_rows)
        return xml

    def _scan(self, name: str, xml: bytes | None) -> tuple[list, list, list]:
        """A sheet's percent, formula and error cells."""
        if xml is None:
            return (_openpyxl_percent_cells(self.data, name) if self.percent_ids else []), [], []
        try:
            percent, formulas, errors = _scan_sheet(xml, frozenset(self.percent_ids))
        except _NoAddress:
            percent, formulas, errors = [], [], []
            if self.percent_ids:
                percent = _openpyxl_percent_cells(self.data, name)
        if 0 in self.percent_ids:  # the default style is a percent: cells without s="…" too
            percent = _openpyxl_percent_cells(self.data, name)
        return percent, formulas, errors


# --------------------------------------------------------------------------- structure

def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _rels(zf: zipfile.ZipFile, part: str) -> dict[str, tuple[str, str]]:
    """Relationship id → (type, absolute part name) for one part."""
    folder, base = posixpath.split(part)
    rels_name = posixpath.join(folder, "_rels", base + ".rels")
    if rels_name not in zf.NameToInfo:
        return {}
    out = {}
    for rel in ElementTree.fromstring(zf.read(rels_name)):
        target = rel.get("Target", "")
        target = target.lstrip("/") if target.startswith("/") else posixpath.normpath(
            posixpath.join(folder, target))
        out[rel.get("Id")] = (rel.get("Type", ""), target)
    return out


def _xlsx_parts(zf: zipfile.ZipFile) -> tuple[dict[str, str], str | None]:
    """(sheet name → worksheet part, styles part) from the workbook and its relationships."""
    root_rels = _rels(zf, "")
    workbook = next((t for kind, t in root_rels.values() if kind.endswith("/officeDocument")),
                    "xl/workbook.xml")
    rels = _rels(zf, workbook)
    sheets = {}
    for element in ElementTree.fromstring(zf.read(workbook)).iter():
        if _local(element.tag) == "sheet":
            rid = next((v for k, v in element.attrib.items() if k.startswith("{") and _local(k) == "id"),
                       None)
            if rid in rels:
                sheets[element.get("name")] = rels[rid][1]
    styles = next((t for kind, t in rels.values() if kind.endswith("/styles")), None)
    return sheets, styles


def _percent_styles(zf: zipfile.ZipFile, styles: str | None) -> set[int]:
    """Indexes of the cell styles (cellXfs) whose number format is a percent format."""
    if not styles or styles not in zf.NameToInfo:
        return set()
    root = ElementTree.fromstring(zf.read(styles))
    formats = dict(BUILTIN_FORMATS)
    found = set()
    for child in root:
        if _local(child.tag) == "numFmts":
            for fmt in child:
                formats[int(fmt.get("numFmtId", -1))] = fmt.get("formatCode")
        elif _local(child.tag) == "cellXfs":
            for index, xf in enumerate(child):
                if is_percent_format(formats.get(int(xf.get("numFmtId", 0)))):
                    found.add(index)
    return found


def _openpyxl_percent_cells(data: bytes, name: str) -> list[tuple[int, int]]:
    """Fallback for a sheet whose cells have no addresses: let openpyxl walk it (slow)."""
    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        return [(cell.row - 1, cell.column - 1)
                for row in book[name].iter_rows() for cell in row
                if getattr(cell, "row", None) and cell.data_type == "n"
                and is_percent_format(cell.number_format)]
    finally:
        book.close()


# --------------------------------------------------------------------------- XML scans

_P = rb"(?:[\w.-]+:)?"  # optional namespace prefix, as some generators write <x:c>
_DIMENSION = re.compile(rb"<" + _P + rb"dimension\s+ref=\"[A-Z]*\$?(\d+)(?::\$?[A-Z]*\$?(\d+))?\"")
_LAST_ROW = re.compile(rb"<" + _P + rb"row\b[^>]*?\sr=\"(\d+)\"")
_REF = re.compile(rb"\sr=\"([A-Z]{1,3})(\d+)\"")
_FORMULA_NO_VALUE = re.compile(
    rb"<" + _P + rb"c\b([^>]*)>\s*<" + _P + rb"f\b[^>]*?(?:/>|>[^<]*</" + _P + rb"f>)\s*"
    rb"(?:<" + _P + rb"v\s*/>|<" + _P + rb"v>\s*</" + _P + rb"v>)?\s*</" + _P + rb"c>")
_ERROR_CELL = re.compile(
    rb"<" + _P + rb"c\b([^>]*\st=\"e\"[^>]*)>(?:(?!</" + _P + rb"c>).)*?<" + _P + rb"v>([^<]*)</",
    re.DOTALL)


# What a sheet's XML holds, each a search of the whole part (a compiled literal search is about twice
# as fast as bytes.find here; an alternation of literals many times slower than either)
_FORMULA, _PREFIXED_FORMULA = re.compile(rb"<f"), re.compile(rb":f")
_UNUSUAL_CELL = re.compile(rb'<c(?:>| (?!r="))')  # <c> or a cell whose first attribute is not r="…"
_PREFIXED_CELL = re.compile(rb":c[ >]")           # <x:c …>
_ERROR_TYPE = re.compile(rb't="e"')


class _NoAddress(Exception):
    """A cell without an r="B3" attribute: positions would need a full parse."""


def _address(tag: bytes) -> tuple[int, int]:
    match = _REF.search(tag)
    if not match:
        raise _NoAddress
    return int(match.group(2)) - 1, column_index(match.group(1))


def _max_row(xml: bytes) -> int:
    """The last row number in a worksheet part (from its last <row r=…> elements)."""
    tail = xml[-65536:]
    numbers = [int(n) for n in _LAST_ROW.findall(tail)]
    if not numbers and len(xml) > len(tail):
        numbers = [int(n) for n in _LAST_ROW.findall(xml)]
    return max(numbers, default=0)


def _scan_sheet(xml: bytes, percent_ids: frozenset[int]) -> tuple[list, list, list]:
    """(percent cells, formula cells without a value, error cells) as 0-based positions.

    Raises _NoAddress when a cell that matters has no r="B3" attribute.
    """
    percent_ids = frozenset(i for i in percent_ids if f's="{i}"'.encode() in xml)
    percent, formulas = [], []
    formula = _FORMULA.search(xml) is not None
    if percent_ids or formula or _PREFIXED_FORMULA.search(xml):
        if not (_UNUSUAL_CELL.search(xml) or _PREFIXED_CELL.search(xml)):
            # every cell is <c r="…" …>: as Excel, WPS and openpyxl write them
            percent, formulas = _scan_standard(xml, percent_ids, formula)
        else:
            percent, formulas = _scan_general(xml, percent_ids)
    return percent, formulas, _error_cells(xml)


def _error_cells(xml: bytes) -> list[tuple[int, int, str]]:
    """Cells with t="e", as (row, column, their error text such as "#DIV/0!")."""
    errors = []
    if _ERROR_TYPE.search(xml):
        for m in _ERROR_CELL.finditer(xml):
            text = m.group(2).decode("utf-8", "replace").strip()
            if text:
                errors.append((*_address(m.group(1)), text))
    return errors


# The fast scan searches the reversed XML, so that each pattern starts with a literal that
# only the wanted cells contain (s="3" or </c>) and the address (just after "<c ") follows.
_ADDRESS_REVERSED = rb'"(\d+)([A-Z]{1,3})"=r c<'
_FORMULA_REVERSED = re.compile(
    rb">c/<\s*(>/\s*v<|>v/<\s*>v<)?\s*(?:>/(?:[^<>]*\s)?|>f/<[^<]*>(?:[^<>]*\s)?)f<\s*"
    rb'>([^<>]*?)"(\d+)([A-Z]{1,3})"=r c<')


@lru_cache(maxsize=64)
def _percent_reversed(style: int):
    return re.compile(b'"' + str(style).encode()[::-1] + rb'"=s\s[^<>]*?' + _ADDRESS_REVERSED)


def _column_index_reversed(letters: bytes, cache: dict = {}) -> int:  # noqa: B006 (a cache)
    if letters not in cache:
        cache[letters] = column_index(letters[::-1])
    return cache[letters]


def _scan_standard(xml: bytes, percent_ids: frozenset[int], formula: bool) -> tuple[list, list]:
    """Percent cells and formula cells without a value (when `formula`: the XML has an <f)."""
    reversed_xml = None
    percent, formulas = [], []
    for style in percent_ids:
        reversed_xml = reversed_xml or xml[::-1]
        found = _percent_reversed(style).findall(reversed_xml)
        columns = {col: _column_index_reversed(col) for col in {col for _, col in found}}  # a few, for many cells
        percent += [(int(row[::-1]) - 1, columns[col]) for row, col in found]
    if formula:
        reversed_xml = reversed_xml or xml[::-1]
        for empty_value, attributes, row, col in _FORMULA_REVERSED.findall(reversed_xml):
            if empty_value and b'"rts"=t' in attributes:
                continue  # a formula whose saved result is the empty string
            formulas.append((int(row[::-1]) - 1, _column_index_reversed(col)))
    return percent, formulas


def _scan_general(xml: bytes, percent_ids: frozenset[int]) -> tuple[list, list]:
    """Any attribute order and namespace prefix (<x:c>); slower, for unusual writers."""
    percent = []
    if percent_ids:
        pattern = re.compile(rb"<" + _P + rb"c\s[^>]*?\bs=\"(?:"
                             + b"|".join(str(i).encode() for i in sorted(percent_ids)) + rb")\"[^>]*>")
        percent = [_address(m.group(0)) for m in pattern.finditer(xml)]
    formulas = []
    if b"<f" in xml or b":f" in xml:
        for m in _FORMULA_NO_VALUE.finditer(xml):
            if b't="str"' in m.group(1) and b"<v" in m.group(0):
                continue  # a formula whose saved result is the empty string
            formulas.append(_address(m.group(1)))
    return percent, formulas
