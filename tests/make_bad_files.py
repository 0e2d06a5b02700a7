"""(Re)generate the corpus of file-level bad uploads in tests/data/read/.

    python tests/make_bad_files.py

Each file is a few KB and the output is reproducible (fixed zip timestamps, seeded random
bytes), except encrypted.xlsx: msoffcrypto-tool (a development-only tool, not a runtime
dependency) salts the encryption randomly, so that file is only rewritten when it is
missing or when `--encrypted` is given. "Too large" is not shipped as a big file: tests
monkeypatch MAX_BYTES / MAX_ROWS and use the small thirty-rows.* files.
"""
from __future__ import annotations

import io
import random
import re
import struct
import sys
import zipfile
import zlib
from pathlib import Path

import openpyxl
import xlwt

OUT = Path(__file__).parent / "data" / "read"
FIXED_TIME = (2026, 1, 1, 0, 0, 0)


def stable_zip(data: bytes) -> bytes:
    """Rewrite a zip with fixed timestamps (and fixed docProps dates) so reruns give equal bytes."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = re.sub(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*", rb"\g<1>2026-01-01T00:00:00Z",
                                 content)
            target.writestr(zipfile.ZipInfo(info.filename, FIXED_TIME), content,
                            compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def xlsx_bytes(book: openpyxl.Workbook) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return stable_zip(buffer.getvalue())


def small_workbook() -> openpyxl.Workbook:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "月报"
    sheet.append(["指标", "本月", "累计"])
    sheet.append(["地区生产总值", 123.4, 456.7])
    return book


def tiny_png() -> bytes:
    """A real 1×1 white PNG."""
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(b"\x00\xff\xff\xff")) + chunk(b"IEND", b""))


def tiny_pdf() -> bytes:
    return (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
            b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
            b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\n"
            b"trailer<</Root 1 0 R>>\n%%EOF\n")


def tiny_docx() -> bytes:
    """A minimal Word document (what a clerk gets by renaming 情况说明.docx)."""
    ns = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    parts = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
            'package/2006/content-types"><Default Extension="rels" ContentType="application/'
            'vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType='
            '"application/xml"/><Override PartName="/word/document.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'),
        "_rels/.rels": (
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
            'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://'
            'schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
            'Target="word/document.xml"/></Relationships>'),
        "word/document.xml": (
            f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{ns}"><w:body><w:p><w:r>'
            '<w:t>一季度情况说明</w:t></w:r></w:p></w:body></w:document>'),
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name, text in parts.items():
            target.writestr(zipfile.ZipInfo(name, FIXED_TIME), text.encode("utf-8"),
                            compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def only_empty_sheets() -> bytes:
    """Two sheets with a formatted-but-empty cell and a cell of spaces: nothing to read."""
    book = openpyxl.Workbook()
    first = book.active
    first.title = "Sheet1"
    first["B2"].number_format = "0.0%"
    first["C3"] = "   "
    book.create_sheet("Sheet2")
    return xlsx_bytes(book)


def formulas_without_values() -> bytes:
    """openpyxl writes formulas without results: B3, C3 and D2 have no saved value."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "公式"
    sheet.append(["指标", "一月", "二月", "合计"])
    sheet.append(["甲", 1, 2, "=SUM(B2:C2)"])
    sheet.append(["合计", "=SUM(B2:B2)", "=SUM(C2:C2)"])
    return xlsx_bytes(book)


def thirty_rows_xlsx(with_dimension: bool = True) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "明细"
    for i in range(1, 31):
        sheet.append([f"第{i}项", i])
    data = xlsx_bytes(book)
    if with_dimension:
        return data
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename.startswith("xl/worksheets/"):
                content = re.sub(rb"<dimension [^>]*/>", b"", content)
            target.writestr(info, content)
    return out.getvalue()


def thirty_rows_xls() -> bytes:
    book = xlwt.Workbook()
    sheet = book.add_sheet("明细")
    for i in range(30):
        sheet.write(i, 0, f"第{i + 1}项")
        sheet.write(i, 1, i + 1)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def encrypted_xlsx() -> bytes | None:
    """A real password-protected .xlsx (OLE2 with EncryptionInfo + EncryptedPackage)."""
    try:
        from msoffcrypto.format.ooxml import OOXMLFile
    except ImportError:
        return None
    out = io.BytesIO()
    OOXMLFile(io.BytesIO(xlsx_bytes(small_workbook()))).encrypt("mima123", out)
    return out.getvalue()


def corpus() -> dict[str, bytes]:
    good = xlsx_bytes(small_workbook())
    return {
        "empty.xlsx": b"",
        "image-renamed.xlsx": tiny_png(),
        "pdf-renamed.xlsx": tiny_pdf(),
        "docx-renamed.xlsx": tiny_docx(),
        "truncated.xlsx": good[: len(good) // 2],
        "truncated.xls": thirty_rows_xls()[:1500],
        "not-text.csv": random.Random(20260101).randbytes(2048),
        "not-utf8-nor-gbk.csv": "名称,数值\n".encode("utf-8") + b"caf\xe9,1\n\xff,2\n",
        "html-renamed.xls": ('<html><head><meta charset="utf-8"></head><body><table><tr><td>指标</td>'
                             "<td>5.3</td></tr></table></body></html>").encode("utf-8"),
        "only-empty-sheets.xlsx": only_empty_sheets(),
        "formulas-without-values.xlsx": formulas_without_values(),
        "thirty-rows.xlsx": thirty_rows_xlsx(),
        "thirty-rows-no-dimension.xlsx": thirty_rows_xlsx(with_dimension=False),
        "thirty-rows.xls": thirty_rows_xls(),
        "thirty-rows.csv": "".join(f"第{i}项,{i}\r\n" for i in range(1, 31)).encode("gbk"),
    }


def main(argv: list[str]) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for name, data in corpus().items():
        (OUT / name).write_bytes(data)
        print(f"{name:32} {len(data):6} bytes")
    target = OUT / "encrypted.xlsx"
    if "--encrypted" in argv or not target.exists():
        data = encrypted_xlsx()
        if data is None:
            print("encrypted.xlsx: msoffcrypto-tool is not installed; kept the existing file")
        else:
            target.write_bytes(data)
            print(f"{'encrypted.xlsx':32} {len(data):6} bytes")


if __name__ == "__main__":
    main(sys.argv[1:])
