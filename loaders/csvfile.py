"""Reading .csv (and tab-separated text): encoding, delimiter, and refusing text that is not a table.

Cells are text as typed ("5.3%"); `parse_number` later handles the percent sign.
"""
from __future__ import annotations

import csv
import io
from pathlib import PurePath

from loaders import cells
from loaders.cells import Sheet
from loaders.messages import (MSG_CSV, MSG_ENCODING, MSG_HTML, MSG_LOCK_FILE, MSG_NOT_SHEET,
                              MSG_XML2003, too_many_rows, unreadable)


def read_csv(data: bytes, filename: str, max_rows: int) -> list[Sheet]:
    """The one sheet of a CSV file, named after the file (without its extension)."""
    text = _decode(data, filename)
    name = PurePath(filename).stem or "Sheet1"
    rows = _records(text, filename, name, max_rows)
    width = max((len(row) for row in rows), default=0)
    for row in rows:
        row.extend([None] * (width - len(row)))
    return [Sheet(name=name, rows=cells.finish(rows))]


def _records(text: str, filename: str, name: str, max_rows: int) -> list[list]:
    """The CSV records as stripped cells (None for blank), refusing more than max_rows."""
    rows = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    try:
        for record in reader:
            if len(rows) >= max_rows:
                raise too_many_rows(filename, name, None, max_rows)
            rows.append([cell.strip() or None for cell in record])
    except csv.Error:
        raise unreadable(filename, MSG_CSV.format(reader.line_num)) from None
    return rows


# --------------------------------------------------------------------------- decoding

def _decode(data: bytes, filename: str) -> str:
    """CSV text: UTF-8 (BOM or not), UTF-16 with BOM (Excel's 'Unicode text'), or GBK/GB18030."""
    for encoding, raw in _candidates(data, filename):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise unreadable(filename, MSG_ENCODING)
    _refuse_non_table(text[:65536], filename)
    return text


def _candidates(data: bytes, filename: str) -> list[tuple[str, bytes]]:
    """(encoding, bytes) to try in turn; binary files (NUL bytes, no BOM) are refused."""
    if data.startswith(b"\xef\xbb\xbf"):
        return [("utf-8", data[3:])]
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return [("utf-16", data)]
    if b"\x00" in data[:65536]:
        raise unreadable(filename, MSG_LOCK_FILE if filename.startswith("~$")
                         else MSG_NOT_SHEET.format("无法识别文件内容"))
    return [("utf-8", data), ("gb18030", data)]


def _refuse_non_table(sample: str, filename: str) -> None:
    """Refuse decoded text that is binary, an HTML page or an XML file renamed to .csv/.xls."""
    if sum(1 for ch in sample if ord(ch) < 32 and ch not in "\t\r\n\x0c\x1a") > len(sample) // 1000:
        raise unreadable(filename, MSG_NOT_SHEET.format("无法识别文件内容"))
    head = sample[:2048].lstrip().lower()
    if head.startswith(("<!doctype html", "<html")) or "<table" in head:
        raise unreadable(filename, MSG_HTML)
    if head.startswith("<?xml"):
        if "urn:schemas-microsoft-com:office:spreadsheet" in head:
            raise unreadable(filename, MSG_XML2003)
        raise unreadable(filename, MSG_NOT_SHEET.format("看起来是XML文件"))


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
