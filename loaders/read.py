"""Read an uploaded spreadsheet (.xlsx, .xls or .csv) into plain rows of cell values.

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
  * .csv: cells are text as typed ("5.3%"), so `parse_number` handles the percent sign.
"""
from __future__ import annotations

import csv
import hashlib
import io
import posixpath
import re
import struct
import zipfile
import zlib
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from pathlib import Path, PurePath
from xml.etree import ElementTree

import python_calamine
from openpyxl.styles.numbers import BUILTIN_FORMATS

from loaders.errors import Problem, TooLarge, UnreadableFile

MAX_BYTES = 20 * 1024 * 1024
MAX_ROWS = 100_000
# An .xlsx is compressed; refuse one whose parts would unpack to more than this (zip bomb).
MAX_UNZIPPED_FACTOR = 64


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


# --------------------------------------------------------------------------- messages

MSG_EMPTY = "文件为空"
MSG_CORRUPT = "文件已损坏或不完整，请重新导出后上传"
MSG_PASSWORD = "文件设置了打开密码，请取消密码后再上传"
MSG_NO_DATA = "文件中没有任何数据"
MSG_NOT_SHEET = "这不是Excel或CSV表格文件（{}）"
MSG_WORD = "这是Word文档，不是Excel表格"
MSG_POWERPOINT = "这是PowerPoint演示文稿，不是Excel表格"
MSG_ZIP = "这是ZIP压缩包，不是Excel表格，请解压后上传其中的表格文件"
MSG_ODS = "这是ODS格式表格（WPS/OpenOffice），请另存为 .xlsx 后上传"
MSG_XLSB = "这是Excel二进制工作簿（.xlsb），请另存为 .xlsx 后上传"
MSG_HTML = "这是网页（HTML）文件，只是扩展名像表格，请用Excel打开后另存为 .xlsx 再上传"
MSG_XML2003 = "这是Excel 2003 XML表格，请用Excel打开后另存为 .xlsx 再上传"
MSG_ENCODING = "无法识别文件的文字编码（既不是UTF-8也不是GBK），请用Excel打开后另存为 .xlsx 再上传"
MSG_LOCK_FILE = "这是Excel打开文件时生成的临时文件（文件名以 ~$ 开头），不是表格本身，请上传原文件"
MSG_XLS_FORMATS = "无法读取该 .xls 文件的单元格格式，请用Excel打开后另存为 .xlsx 再上传"
MSG_CSV = "CSV文件第 {} 行无法解析（引号不配对或单元格内容过长），请用Excel打开后另存为 .xlsx 再上传"

# Magic bytes of files clerks upload by mistake, with what to call them.
_MAGIC = [
    (b"\x89PNG\r\n\x1a\n", "PNG图片"),
    (b"\xff\xd8\xff", "JPEG图片"),
    (b"GIF87a", "GIF图片"),
    (b"GIF89a", "GIF图片"),
    (b"%PDF-", "PDF文档"),
    (b"Rar!\x1a\x07", "RAR压缩包"),
    (b"7z\xbc\xaf\x27\x1c", "7z压缩包"),
    (b"\x1f\x8b", "gzip压缩包"),
    (b"{\\rtf", "RTF文档"),
]
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP = (b"PK\x03\x04", b"PK\x05\x06")


def _unreadable(filename: str, message: str) -> UnreadableFile:
    return UnreadableFile([Problem(message, file=filename)])


def _size_text(n: float) -> str:
    """23.4 MB, 20 MB, 1.5 KB (for the limit as well as the file)."""
    for unit, scale in (("MB", 1024 * 1024), ("KB", 1024)):
        if n >= scale:
            return f"{n / scale:.1f}".removesuffix(".0") + f" {unit}"
    return f"{int(n)} 字节"


def _too_many_rows(filename: str, sheet: str, rows: int | None) -> TooLarge:
    counted = f"（共 {rows} 行）" if rows else ""
    return TooLarge([Problem(f"行数超过 {MAX_ROWS} 行上限{counted}，请拆分后上传",
                             file=filename, sheet=sheet)])


def _check_size(size: int, filename: str) -> None:
    if size > MAX_BYTES:
        raise TooLarge([Problem(f"文件大小 {_size_text(size)}，超过 {_size_text(MAX_BYTES)} 上限，"
                                "请拆分后上传", file=filename)])


# --------------------------------------------------------------------------- public API

def read_path(path) -> Workbook:
    """Read a file from disk; the size limit is checked before the file is read."""
    path = Path(path)
    try:
        _check_size(path.stat().st_size, path.name)
        data = path.read_bytes()
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
        raise _unreadable(path.name, "找不到文件") from None
    except PermissionError:
        raise _unreadable(path.name, "没有读取该文件的权限") from None
    return read_file(data, path.name)


def read_file(data: bytes, filename: str) -> Workbook:
    """Read an upload: the type comes from the bytes (xlsx = zip, xls = OLE2, else CSV text).

    Raises TooLarge (over MAX_BYTES, or a sheet over MAX_ROWS rows — checked from the sheet
    dimensions before cell values are turned into Python objects) and UnreadableFile (empty,
    not a spreadsheet, corrupt, password-protected, unknown text encoding, no data), each
    carrying one Problem with file=filename.
    """
    size = len(data)
    _check_size(size, filename)
    if size == 0:
        raise _unreadable(filename, MSG_EMPTY)
    kind = _sniff(data, filename)
    if kind == "xlsx":
        sheets = _read_xlsx(data, filename)
    elif kind == "xls":
        sheets = _read_xls(data, filename)
    else:
        sheets = _read_csv(data, filename)
    if not any(sheet.rows for sheet in sheets):
        raise _unreadable(filename, MSG_NO_DATA)
    return Workbook(filename=filename, sheets=sheets, sha256=hashlib.sha256(data).hexdigest(),
                    size=size)


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
    if not isinstance(value, str):
        raise ValueError("不是数字")
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


def _column_index(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + (ch - 64)
    return n - 1


# --------------------------------------------------------------------------- detection

def _sniff(data: bytes, filename: str) -> str:
    """'xlsx', 'xls' or 'csv', or raise UnreadableFile saying what the file is instead."""
    if data.startswith(_OLE2):
        return _sniff_ole2(data, filename)
    if data.startswith(_ZIP):
        return _sniff_zip(data, filename)
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise _unreadable(filename, MSG_NOT_SHEET.format(f"看起来是{what}"))
    return "csv"


def _sniff_zip(data: bytes, filename: str) -> str:
    try:
        names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
    except (zipfile.BadZipFile, zlib.error, EOFError, ValueError, OSError):
        raise _unreadable(filename, MSG_CORRUPT) from None
    if "xl/workbook.bin" in names:
        raise _unreadable(filename, MSG_XLSB)
    if any(name.startswith("xl/") for name in names):
        return "xlsx"
    if any(name.startswith("word/") for name in names):
        raise _unreadable(filename, MSG_WORD)
    if any(name.startswith("ppt/") for name in names):
        raise _unreadable(filename, MSG_POWERPOINT)
    if "mimetype" in names and "content.xml" in names:
        mimetype = zipfile.ZipFile(io.BytesIO(data)).read("mimetype")
        if b"spreadsheet" in mimetype:
            raise _unreadable(filename, MSG_ODS)
        if b"text" in mimetype:
            raise _unreadable(filename, MSG_NOT_SHEET.format("看起来是ODT文字文档"))
    if "[Content_Types].xml" in names:
        raise _unreadable(filename, MSG_CORRUPT)  # an Office file without its workbook part
    raise _unreadable(filename, MSG_ZIP)


def _sniff_ole2(data: bytes, filename: str) -> str:
    """OLE2 holds .xls, but also encrypted .xlsx (EncryptedPackage), .doc and .ppt."""
    try:
        names = _ole2_stream_names(data)
    except _Corrupt:
        raise _unreadable(filename, MSG_CORRUPT) from None
    if "encryptedpackage" in names or "encryptioninfo" in names:
        raise _unreadable(filename, MSG_PASSWORD)
    if "workbook" in names or "book" in names:
        return "xls"
    if "worddocument" in names:
        raise _unreadable(filename, MSG_WORD)
    if "powerpoint document" in names:
        raise _unreadable(filename, MSG_POWERPOINT)
    raise _unreadable(filename, MSG_NOT_SHEET.format("无法识别的Office文件"))


class _Corrupt(Exception):
    pass


def _ole2_stream_names(data: bytes) -> set[str]:
    """Lower-cased names of the entries in an OLE2 compound file's directory (MS-CFB)."""
    end_of_chain, free = 0xFFFFFFFE, 0xFFFFFFFF
    if len(data) < 512:
        raise _Corrupt
    sector_shift = struct.unpack_from("<H", data, 0x1E)[0]
    if sector_shift not in (9, 12):
        raise _Corrupt
    size = 1 << sector_shift
    n_fat, first_dir, _, _, _, _, first_difat, n_difat = struct.unpack_from("<8I", data, 0x2C)
    max_sectors = len(data) // size + 1

    def sector(n: int) -> bytes:
        start = (n + 1) * size
        if n >= max_sectors or start + size > len(data):
            raise _Corrupt
        return data[start:start + size]

    fat_sectors = [n for n in struct.unpack_from("<109I", data, 0x4C) if n not in (free, end_of_chain)]
    next_difat = first_difat
    for _ in range(min(n_difat, max_sectors)):
        if next_difat in (free, end_of_chain):
            break
        entries = struct.unpack(f"<{size // 4}I", sector(next_difat))
        fat_sectors += [n for n in entries[:-1] if n not in (free, end_of_chain)]
        next_difat = entries[-1]
    fat = []
    for n in fat_sectors[:n_fat or len(fat_sectors)]:
        fat.extend(struct.unpack(f"<{size // 4}I", sector(n)))
    names, current, seen = set(), first_dir, set()
    while current != end_of_chain:
        if current in seen or current >= len(fat):
            raise _Corrupt
        seen.add(current)
        block = sector(current)
        for offset in range(0, size, 128):
            name_len, kind = struct.unpack_from("<HB", block, offset + 64)
            if kind in (1, 2) and 2 <= name_len <= 64:
                names.add(block[offset:offset + name_len - 2].decode("utf-16-le", "replace").lower())
        current = fat[current]
    return names


# --------------------------------------------------------------------------- cleaning

def _clean(value):
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


_KEEP = frozenset({float, int})


def _finish(values: list[list], percent=(), formulas=(), errors=()) -> list[tuple[int, list]]:
    """Calamine rows (padded from A1) → Sheet.rows, applying the cells found in the XML."""
    rows = [[v if type(v) in _KEEP else (v.strip() or None) if type(v) is str else _clean(v)
             for v in row] for row in values]
    height = len(rows)
    for r, c in percent:
        if r < height:
            row = rows[r]
            if c < len(row) and type(row[c]) in _KEEP:
                # 0.053 → 5.3, not 5.300000000000001: ×100 rounded to 15 significant digits
                row[c] = float("%.15g" % (row[c] * 100))
    specials = [(r, c, FORMULA_NO_VALUE) for r, c in formulas] + list(errors)
    if specials:
        height = max(len(rows), max(r for r, _, _ in specials) + 1)
        width = max(max((len(row) for row in rows), default=0), max(c for _, c, _ in specials) + 1)
        rows += [[] for _ in range(height - len(rows))]
        for row in rows:
            row.extend([None] * (width - len(row)))
        for r, c, value in specials:
            if rows[r][c] is None:
                rows[r][c] = value
    while rows and all(v is None for v in rows[-1]):
        rows.pop()
    return [(i + 1, row) for i, row in enumerate(rows)]


def _calamine(data: bytes, filename: str):
    try:
        return python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
    except python_calamine.PasswordError:
        raise _unreadable(filename, MSG_PASSWORD) from None
    except Exception:  # CalamineError, ZipError, XmlError … all mean the same to a clerk
        raise _unreadable(filename, MSG_CORRUPT) from None


def _calamine_sheet(book, name: str, filename: str):
    """Load one sheet in calamine (Rust side) and check its height before converting it."""
    try:
        sheet = book.get_sheet_by_name(name)
    except python_calamine.PasswordError:
        raise _unreadable(filename, MSG_PASSWORD) from None
    except Exception:
        raise _unreadable(filename, MSG_CORRUPT) from None
    height = sheet.end[0] + 1 if sheet.end else 0
    if height > MAX_ROWS:
        raise _too_many_rows(filename, name, height)
    return sheet


def _worksheets(book) -> list[str]:
    return [m.name for m in book.sheets_metadata if m.typ == python_calamine.SheetTypeEnum.WorkSheet]


# --------------------------------------------------------------------------- xlsx

def _is_percent_format(code: str | None) -> bool:
    """Whether a number format shows numbers ×100 with '%' (first section, unquoted '%')."""
    if not code or "%" not in code:
        return False
    section = re.sub(r'"[^"]*"|\\.|\[[^\]]*\]', "", code).split(";")[0]
    return "%" in section


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
                if _is_percent_format(formats.get(int(xf.get("numFmtId", 0)))):
                    found.add(index)
    return found


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


class _NoAddress(Exception):
    """A cell without an r="B3" attribute: positions would need a full parse."""


def _address(tag: bytes) -> tuple[int, int]:
    match = _REF.search(tag)
    if not match:
        raise _NoAddress
    return int(match.group(2)) - 1, _column_index(match.group(1))


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
    if percent_ids or b"<f" in xml or b":f" in xml:
        standard = (b"<c>" not in xml and b":c " not in xml and b":c>" not in xml
                    and xml.count(b"<c ") == xml.count(b'<c r="'))
        if standard:  # every cell is <c r="…" …>: as Excel, WPS and openpyxl write them
            percent, formulas = _scan_standard(xml, percent_ids)
        else:
            percent, formulas = _scan_general(xml, percent_ids)
    errors = []
    if b't="e"' in xml:
        for m in _ERROR_CELL.finditer(xml):
            text = m.group(2).decode("utf-8", "replace").strip()
            if text:
                errors.append((*_address(m.group(1)), text))
    return percent, formulas, errors


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
        cache[letters] = _column_index(letters[::-1])
    return cache[letters]


def _scan_standard(xml: bytes, percent_ids: frozenset[int]) -> tuple[list, list]:
    reversed_xml = None
    percent, formulas = [], []
    for style in percent_ids:
        reversed_xml = reversed_xml or xml[::-1]
        percent += [(int(row[::-1]) - 1, _column_index_reversed(col))
                    for row, col in _percent_reversed(style).findall(reversed_xml)]
    if b"<f" in xml:
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


def _openpyxl_percent_cells(data: bytes, name: str) -> list[tuple[int, int]]:
    """Fallback for a sheet whose cells have no addresses: let openpyxl walk it (slow)."""
    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        return [(cell.row - 1, cell.column - 1)
                for row in book[name].iter_rows() for cell in row
                if getattr(cell, "row", None) and cell.data_type == "n"
                and _is_percent_format(cell.number_format)]
    finally:
        book.close()


def _read_xlsx(data: bytes, filename: str) -> list[Sheet]:
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        if sum(info.file_size for info in zf.infolist()) > MAX_UNZIPPED_FACTOR * MAX_BYTES:
            raise TooLarge([Problem(f"文件解压后超过 {_size_text(MAX_UNZIPPED_FACTOR * MAX_BYTES)}，"
                                    "请拆分后上传", file=filename)])
        parts, styles = _xlsx_parts(zf)
        percent_ids = _percent_styles(zf, styles)
    except (KeyError, ElementTree.ParseError, ValueError, zipfile.BadZipFile, zlib.error, EOFError):
        raise _unreadable(filename, MSG_CORRUPT) from None
    book = _calamine(data, filename)
    names = _worksheets(book)
    # First the cheap check on every sheet: the <dimension> at the top of its part.
    for name in names:
        if name in parts and parts[name] in zf.NameToInfo:
            try:
                with zf.open(parts[name]) as part:
                    head = part.read(4096)
            except (zipfile.BadZipFile, zlib.error, EOFError):
                raise _unreadable(filename, MSG_CORRUPT) from None
            match = _DIMENSION.search(head)
            if match and int(match.group(2) or match.group(1)) > MAX_ROWS:
                raise _too_many_rows(filename, name, int(match.group(2) or match.group(1)))
    sheets = []
    for name in names:
        percent, formulas, errors = [], [], []
        part = parts.get(name)
        if part in zf.NameToInfo:
            try:
                xml = zf.read(part)
            except (zipfile.BadZipFile, zlib.error, EOFError):
                raise _unreadable(filename, MSG_CORRUPT) from None
            last = _max_row(xml)
            if last > MAX_ROWS:
                raise _too_many_rows(filename, name, last)
            try:
                percent, formulas, errors = _scan_sheet(xml, frozenset(percent_ids))
            except _NoAddress:
                percent, formulas, errors = [], [], []
                if percent_ids:
                    percent = _openpyxl_percent_cells(data, name)
            if 0 in percent_ids:  # the default style is a percent: cells without s="…" too
                percent = _openpyxl_percent_cells(data, name)
        elif percent_ids:
            percent = _openpyxl_percent_cells(data, name)
        values = _calamine_sheet(book, name, filename).to_python(skip_empty_area=False)
        sheets.append(Sheet(name=name, rows=_finish(values, percent, formulas, errors)))
    return sheets


# --------------------------------------------------------------------------- xls

def _read_xls(data: bytes, filename: str) -> list[Sheet]:
    """Values from calamine; percent formats from xlrd, only if the workbook has any."""
    book = _calamine(data, filename)
    values = {}
    for name in _worksheets(book):
        values[name] = _calamine_sheet(book, name, filename).to_python(skip_empty_area=False)
    percent = _xls_percent_cells(data, filename, values)
    return [Sheet(name=name, rows=_finish(rows, percent.get(name, ()))) for name, rows in values.items()]


def _xls_percent_cells(data: bytes, filename: str, values: dict[str, list]) -> dict[str, list]:
    import xlrd  # runtime dependency for .xls number formats only

    try:
        book = xlrd.open_workbook(file_contents=data, formatting_info=True, on_demand=True,
                                  logfile=io.StringIO())
    except Exception:
        raise _unreadable(filename, MSG_XLS_FORMATS) from None
    try:
        percent_xfs = {i for i, xf in enumerate(book.xf_list) if not xf.is_style
                       and xf.format_key in book.format_map
                       and _is_percent_format(book.format_map[xf.format_key].format_str)}
        found = {}
        if not percent_xfs:
            return found
        for name, rows in values.items():
            numeric = [(r, c) for r, row in enumerate(rows) for c, v in enumerate(row) if type(v) in _KEEP]
            if not numeric:
                continue
            sheet = book.sheet_by_name(name)
            found[name] = [(r, c) for r, c in numeric
                           if r < sheet.nrows and c < sheet.row_len(r)
                           and sheet.cell_xf_index(r, c) in percent_xfs]
        return found
    except Exception:
        raise _unreadable(filename, MSG_XLS_FORMATS) from None
    finally:
        book.release_resources()


# --------------------------------------------------------------------------- csv

def _decode(data: bytes, filename: str) -> str:
    """CSV text: UTF-8 (BOM or not), UTF-16 with BOM (Excel's 'Unicode text'), or GBK/GB18030."""
    if data.startswith(b"\xef\xbb\xbf"):
        candidates = [("utf-8", data[3:])]
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        candidates = [("utf-16", data)]
    else:
        if b"\x00" in data[:65536]:
            raise _unreadable(filename, MSG_LOCK_FILE if filename.startswith("~$")
                              else MSG_NOT_SHEET.format("无法识别文件内容"))
        candidates = [("utf-8", data), ("gb18030", data)]
    for encoding, raw in candidates:
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise _unreadable(filename, MSG_ENCODING)
    sample = text[:65536]
    if sum(1 for ch in sample if ord(ch) < 32 and ch not in "\t\r\n\x0c\x1a") > len(sample) // 1000:
        raise _unreadable(filename, MSG_NOT_SHEET.format("无法识别文件内容"))
    head = sample[:2048].lstrip().lower()
    if head.startswith(("<!doctype html", "<html")) or "<table" in head:
        raise _unreadable(filename, MSG_HTML)
    if head.startswith("<?xml"):
        if "urn:schemas-microsoft-com:office:spreadsheet" in head:
            raise _unreadable(filename, MSG_XML2003)
        raise _unreadable(filename, MSG_NOT_SHEET.format("看起来是XML文件"))
    return text


def _delimiter(text: str) -> str:
    """Comma or tab: the one that splits the first lines into the most consistent columns."""
    lines = [line for line in text[:65536].splitlines()[:20] if line.strip()]
    best, best_score = ",", (0.0, 0)
    for delimiter in (",", "\t"):
        try:
            counts = [len(row) for row in csv.reader(lines, delimiter=delimiter)]
        except csv.Error:
            continue  # reported with its line number when the whole file is read
        if not counts:
            continue
        common = max(set(counts), key=counts.count)
        score = (counts.count(common) / len(counts), common) if common > 1 else (0.0, 0)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _read_csv(data: bytes, filename: str) -> list[Sheet]:
    text = _decode(data, filename)
    name = PurePath(filename).stem or "Sheet1"
    rows = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    try:
        for record in reader:
            if len(rows) >= MAX_ROWS:
                raise _too_many_rows(filename, name, None)
            rows.append([cell.strip() or None for cell in record])
    except csv.Error:
        raise _unreadable(filename, MSG_CSV.format(reader.line_num)) from None
    width = max((len(row) for row in rows), default=0)
    for row in rows:
        row.extend([None] * (width - len(row)))
    return [Sheet(name=name, rows=_finish(rows))]
