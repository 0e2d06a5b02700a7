"""loaders.read: spreadsheet bytes → rows of values, and the refusals a clerk sees."""
import copy
import csv
import hashlib
import io
import math
import pickle
import re
import shutil
import subprocess
import threading
import time
import zipfile
from datetime import datetime
from pathlib import Path

import openpyxl
import pytest
import xlwt
from openpyxl.styles import PatternFill

from loaders import calamine, cells, read, xlsx
from common.errors import ERROR, TooLarge, UnreadableFile
from loaders.read import FORMULA_NO_VALUE, column_letter, parse_number, read_file, read_path

DATA = Path(__file__).parent / "data" / "read"


# --------------------------------------------------------------------------- parse_number

PARSE_VALUES = [
    (None, None), ("", None), ("  ", None), ("—", None), ("——", None), ("－", None), ("-", None),
    ("/", None), ("／", None), ("…", None),
    (5, 5.0), (5.3, 5.3), (-0.5, -0.5), ("5.3", 5.3), (" 12 ", 12.0), ("\u30008\u3000", 8.0),
    ("+3", 3.0), ("-2.5", -2.5), ("－５", -5.0), ("1,234.5", 1234.5), ("1,234,567", 1234567.0),
    ("１，２３４", 1234.0), ("１２．５", 12.5), ("5.3%", 5.3), ("５．３％", 5.3), ("-0.8 %", -0.8),
    (".5", 0.5), ("1e3", 1000.0), ("0", 0.0),
]


@pytest.mark.parametrize("value, expected", PARSE_VALUES)
def test_parse_number_values(value, expected):
    result = parse_number(value)
    assert result == expected
    assert result is None or type(result) is float


PARSE_FAILURES = [
    ("abc", "不是数字"), ("5,3", "不是数字"), ("1,23", "不是数字"), ("5.3.1", "不是数字"),
    ("12a", "不是数字"), ("%", "不是数字"), ("+", "不是数字"), ("1 234", "不是数字"),
    ("e5", "不是数字"), ("#DIV/0!", "不是数字"), ("五", "不是数字"),
    (True, "逻辑值"), (False, "不是数字"), (datetime(2026, 5, 1), "日期"),
    (FORMULA_NO_VALUE, "公式"), (float("nan"), "不是数字"), ([1], "不是数字"),
]


@pytest.mark.parametrize("value, fragment", PARSE_FAILURES)
def test_parse_number_failures(value, fragment):
    with pytest.raises(ValueError, match=fragment) as raised:
        parse_number(value)
    assert "不是数字" in str(raised.value)


@pytest.mark.parametrize("index, letters", [
    (0, "A"), (1, "B"), (25, "Z"), (26, "AA"), (27, "AB"), (51, "AZ"), (52, "BA"), (701, "ZZ"),
    (702, "AAA"), (16383, "XFD"),
])
def test_column_letter(index, letters):
    assert column_letter(index) == letters


def test_column_letter_refuses_negative():
    with pytest.raises(ValueError):
        column_letter(-1)


def test_formula_no_value_is_one_readable_object():
    assert repr(FORMULA_NO_VALUE) == "FORMULA_NO_VALUE"
    assert read.FormulaWithoutValue() is FORMULA_NO_VALUE
    assert copy.deepcopy(FORMULA_NO_VALUE) is FORMULA_NO_VALUE
    assert pickle.loads(pickle.dumps(FORMULA_NO_VALUE)) is FORMULA_NO_VALUE


# --------------------------------------------------------------------------- good files

def save(book: openpyxl.Workbook) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def monthly_xlsx() -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "月报"
    sheet["A1"] = "2026年5月主要指标"
    sheet.merge_cells("A1:D1")
    sheet.append([])  # row 2 stays empty
    sheet["A3"], sheet["B3"], sheet["C3"], sheet["D3"] = "指标", "本月", "增速", "填报日期"
    sheet["A4"], sheet["B4"], sheet["C4"], sheet["D4"] = "  地区生产总值 ", 123.4, 0.053, datetime(2026, 5, 31)
    sheet["C4"].number_format = "0.0%"
    sheet["A5"], sheet["B5"], sheet["C5"] = "规上工业增加值", 7, 0.1234
    sheet["C5"].number_format = "0.00%"
    sheet["A6"], sheet["B6"] = "备注", "—"
    sheet["A20"].fill = PatternFill("solid", fgColor="FFFF00")  # formatted, empty: not a row
    book.create_sheet("说明")["B2"] = "数据来源：统计局"
    book.create_sheet("空表")
    return save(book)


def test_xlsx_values_rows_and_percent(tmp_path):
    path = tmp_path / "五月.xlsx"
    path.write_bytes(monthly_xlsx())
    book = read_path(path)
    assert book.filename == "五月.xlsx"
    assert [sheet.name for sheet in book.sheets] == ["月报", "说明", "空表"]
    assert book.sheets[0].rows == [
        (1, ["2026年5月主要指标", None, None, None]),
        (2, [None, None, None, None]),
        (3, ["指标", "本月", "增速", "填报日期"]),
        (4, ["地区生产总值", 123.4, 5.3, datetime(2026, 5, 31)]),
        (5, ["规上工业增加值", 7, 12.34, None]),
        (6, ["备注", "—", None, None]),
    ]
    assert book.sheets[1].rows == [(1, [None, None]), (2, [None, "数据来源：统计局"])]
    assert book.sheets[2].rows == []
    assert book.size == path.stat().st_size
    assert book.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("number_format, expected", [
    ("0.0%", 5.3), ("0%", 5.3), ("0.00%;[Red]-0.00%", 5.3), ("[Blue]0.0%", 5.3),
    ('"%"0.000', 0.053), ("0.000\\%", 0.053), ("General", 0.053), ("0.000", 0.053),
])
def test_xlsx_percent_only_for_percent_formats(number_format, expected):
    book = openpyxl.Workbook()
    book.active["A1"] = 0.053
    book.active["A1"].number_format = number_format
    book.active["B1"] = "0.053"  # text is never scaled, whatever its format
    book.active["B1"].number_format = "0.0%"
    assert read_file(save(book), "a.xlsx").sheets[0].rows == [(1, [expected, "0.053"])]


def test_percent_cells_repeating_a_value_scale_as_each_alone():
    # a rate column repeats its values; 0 and -0 are equal but not the same figure
    row = [0.053, 0.0, -0.0, 0.053, 7, 7.0, 0.1 + 0.2, 0.0, 1e-300, 0.053]
    rows = [list(row)]
    cells._scale_percent(rows, [(0, c) for c in range(len(row))])
    alone = [float("%.15g" % (v * 100)) for v in row]
    assert [(v, math.copysign(1, v)) for v in rows[0]] == [(v, math.copysign(1, v)) for v in alone]
    assert rows[0][:3] == [5.3, 0.0, -0.0] and math.copysign(1, rows[0][2]) == -1


def xls_bytes() -> bytes:
    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("月报")
    sheet.write_merge(0, 0, 0, 2, "2026年5月主要指标")
    sheet.write(2, 0, "指标")
    sheet.write(2, 1, "本月")
    sheet.write(2, 2, "增速")
    sheet.write(3, 0, " 地区生产总值 ")
    sheet.write(3, 1, 12)
    sheet.write(3, 2, 0.053, xlwt.easyxf(num_format_str="0.0%"))
    sheet.write(4, 0, "规上工业增加值")
    sheet.write(4, 1, 123.4)
    sheet.write(4, 2, 0.1234, xlwt.easyxf(num_format_str="0.00%"))
    sheet.write(5, 0, "报送日期")
    sheet.write(5, 1, datetime(2026, 5, 31), xlwt.easyxf(num_format_str="yyyy-mm-dd"))
    book.add_sheet("说明").write(0, 0, "数据来源：统计局")
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_xls_values_rows_and_percent(tmp_path):
    path = tmp_path / "五月.xls"
    path.write_bytes(xls_bytes())
    book = read_path(path)
    assert [sheet.name for sheet in book.sheets] == ["月报", "说明"]
    assert book.sheets[0].rows == [
        (1, ["2026年5月主要指标", None, None]),
        (2, [None, None, None]),
        (3, ["指标", "本月", "增速"]),
        (4, ["地区生产总值", 12, 5.3]),
        (5, ["规上工业增加值", 123.4, 12.34]),
        (6, ["报送日期", datetime(2026, 5, 31), None]),
    ]
    assert book.sheets[1].rows == [(1, ["数据来源：统计局"])]


CSV_TEXT = ('指标,本月,增速\r\n地区生产总值,"1,234.5",5.3%\r\n,,\r\n 规上工业 , ８９ ,—,备注\r\n'
            "\r\n,,\r\n")
CSV_ROWS = [
    (1, ["指标", "本月", "增速", None]),
    (2, ["地区生产总值", "1,234.5", "5.3%", None]),
    (3, [None, None, None, None]),
    (4, ["规上工业", "８９", "—", "备注"]),
]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030", "utf-16"])
def test_csv_encodings(tmp_path, encoding):
    path = tmp_path / "五月.csv"
    path.write_bytes(CSV_TEXT.encode(encoding))
    book = read_path(path)
    assert [sheet.name for sheet in book.sheets] == ["五月"]
    assert book.sheets[0].rows == CSV_ROWS


def test_csv_tab_separated_with_thousands_separators():
    text = "指标\t本月\t累计\n甲\t1,234\t12,345,678\n乙\t5\t6\n"
    book = read_file(text.encode("gbk"), "表.txt")
    assert book.sheets[0].rows == [(1, ["指标", "本月", "累计"]), (2, ["甲", "1,234", "12,345,678"]),
                                   (3, ["乙", "5", "6"])]


def test_csv_characters_beyond_gbk():
    book = read_file("地区,数值\n𠀾村,1\n".encode("gb18030"), "a.csv")
    assert book.sheets[0].rows[1] == (2, ["𠀾村", "1"])


def test_type_comes_from_bytes_not_extension():
    assert read_file(monthly_xlsx(), "改了名.csv").sheets[0].rows[3][1][2] == 5.3
    assert read_file(xls_bytes(), "改了名.xlsx").sheets[0].rows[3][1][2] == 5.3
    assert read_file("a,b\n1,2\n".encode(), "改了名.xlsx").sheets[0].rows == [(1, ["a", "b"]),
                                                                            (2, ["1", "2"])]


def two_sheets_xlsx() -> bytes:
    book = openpyxl.Workbook()
    book.active.append(["封面"])
    book.create_sheet("月报").append(["指标名称", "1-5月"])
    return save(book)


@pytest.mark.parametrize("make, name", [(monthly_xlsx, "a.xlsx"), (two_sheets_xlsx, "b.xlsx"), (xls_bytes, "a.xls"),
                                        (lambda: "a,b\n1,2\n".encode(), "a.csv")])
def test_the_callers_work_is_done_once_whatever_the_file(make, name):
    calls = []
    book = read_file(make(), name, meanwhile=lambda: calls.append(len(calls)))
    assert calls == [0] and book.sheets


def test_the_callers_work_fills_the_wait_for_calamine(monkeypatch):
    """An upload reads the store while calamine parses the sheet in its thread, not after it: the parse
    here ends only once the caller's work has run (or after 5 s, when it would run only afterwards)."""
    worked, during = threading.Event(), []
    real = calamine.load_sheet

    def load_sheet(*args):
        during.append(worked.wait(5))
        return real(*args)
    monkeypatch.setattr(calamine, "load_sheet", load_sheet)
    read_file(monthly_xlsx(), "a.xlsx", meanwhile=worked.set)
    assert during and all(during)


@pytest.mark.parametrize("data", [b"", b"\x00" * 10, b"PK\x03\x04 cut short"])
def test_a_refused_file_leaves_the_callers_work_undone(data):
    calls = []
    with pytest.raises(UnreadableFile):
        read_file(data, "月报.xlsx", meanwhile=lambda: calls.append(1))
    assert calls == []


def test_formulas_without_values_are_marked():
    book = read_path(DATA / "formulas-without-values.xlsx")
    assert book.sheets[0].rows == [
        (1, ["指标", "一月", "二月", "合计"]),
        (2, ["甲", 1, 2, FORMULA_NO_VALUE]),
        (3, ["合计", FORMULA_NO_VALUE, FORMULA_NO_VALUE, None]),
    ]


def replace_sheet_xml(data: bytes, change) -> bytes:
    """The same .xlsx with xl/worksheets/sheet1.xml passed through `change`."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            target.writestr(info.filename, change(content) if info.filename == "xl/worksheets/sheet1.xml"
                            else content)
    return out.getvalue()


def one_row_xlsx() -> bytes:
    """A1 text, B1 = 0.053 formatted 0.0%, C1 a placeholder the cases below replace."""
    book = openpyxl.Workbook()
    book.active.append(["甲", 0.053, 0])
    book.active["B1"].number_format = "0.0%"
    return save(book)


# How other programs write cell C1: what a clerk's file can contain.
CELL_XML = [
    ('<c r="C1"><f>1+1</f><v>2</v></c>', 2),                                  # saved by Excel
    ('<c r="C1"><f>1+1</f></c>', FORMULA_NO_VALUE),                           # no <v> at all
    ('<c r="C1" s="0"><f>IF(A1>2,1,0)</f><v/></c>', FORMULA_NO_VALUE),        # '>' inside
    ('<c r="C1"><f t="shared" ref="C1" si="0">1+1</f></c>', FORMULA_NO_VALUE),
    ('<c r="C1" t="str"><f>IF(1,"")</f><v></v></c>', None),                   # result is ""
    ('<c r="C1" t="e"><f>1/0</f><v>#DIV/0!</v></c>', "#DIV/0!"),              # error result
    ('<c r="C1" t="e"><v>#N/A</v></c>', "#N/A"),
]


@pytest.mark.parametrize("cell, expected", CELL_XML)
def test_formula_and_error_cells(cell, expected):
    data = replace_sheet_xml(one_row_xlsx(), lambda xml: re.sub(rb'<c r="C1"[^>]*>.*?</c>',
                                                                cell.encode(), xml))
    assert read_file(data, "a.xlsx").sheets[0].rows == [(1, ["甲", 5.3, expected])]


def prefixed(xml: bytes) -> bytes:
    """<x:worksheet><x:sheetData><x:row><x:c …>: the namespace-prefixed form some tools write."""
    xml = xml.replace(b"<worksheet xmlns=", b"<worksheet xmlns:x=")
    return re.sub(rb"<(/?)(?=[a-zA-Z])", rb"<\1x:", xml)


@pytest.mark.parametrize("change", [
    lambda xml: xml.replace(b'<c r="B1" s="1" t="n">', b'<c t="n" s="1" r="B1">'),   # order
    lambda xml: re.sub(rb' r="[A-Z]+\d+"', b"", xml),                                 # no addresses
    prefixed,
], ids=["s-before-r", "no-addresses", "prefixed"])
def test_percent_found_in_unusual_cell_xml(change):
    data = replace_sheet_xml(one_row_xlsx(), change)
    assert read_file(data, "a.xlsx").sheets[0].rows == [(1, ["甲", 5.3, 0])]


def test_prefixed_formula_without_value():
    data = replace_sheet_xml(one_row_xlsx(), lambda xml: prefixed(
        re.sub(rb'<c r="C1"[^>]*>.*?</c>', b'<c r="C1"><f>1+1</f><v/></c>', xml)))
    assert read_file(data, "a.xlsx").sheets[0].rows == [(1, ["甲", 5.3, FORMULA_NO_VALUE])]


# --------------------------------------------------------------------------- bad files

BAD_FILES = [
    ("empty.xlsx", UnreadableFile, "文件为空"),
    ("image-renamed.xlsx", UnreadableFile, "这不是Excel或CSV表格文件（看起来是PNG图片）"),
    ("pdf-renamed.xlsx", UnreadableFile, "这不是Excel或CSV表格文件（看起来是PDF文档）"),
    ("docx-renamed.xlsx", UnreadableFile, "这是Word文档，不是Excel表格"),
    ("truncated.xlsx", UnreadableFile, "文件已损坏或不完整，请重新导出后上传"),
    ("truncated.xls", UnreadableFile, "文件已损坏或不完整，请重新导出后上传"),
    ("encrypted.xlsx", UnreadableFile, "文件设置了打开密码，请取消密码后再上传"),
    ("not-text.csv", UnreadableFile, "这不是Excel或CSV表格文件"),
    ("not-utf8-nor-gbk.csv", UnreadableFile, "既不是UTF-8也不是GBK"),
    ("html-renamed.xls", UnreadableFile, "这是网页（HTML）文件"),
    ("only-empty-sheets.xlsx", UnreadableFile, "文件中没有任何数据"),
]


@pytest.mark.parametrize("name, error, fragment", BAD_FILES)
def test_bad_files_are_refused_with_a_chinese_reason(name, error, fragment):
    with pytest.raises(error) as raised:
        read_path(DATA / name)
    assert type(raised.value) is error
    [problem] = raised.value.problems
    assert fragment in problem.message
    assert (problem.file, problem.level, problem.sheet, problem.row) == (name, ERROR, None, None)


@pytest.mark.parametrize("name, error, fragment", BAD_FILES)
def test_read_file_and_read_path_agree(name, error, fragment):
    with pytest.raises(error, match=re.escape(fragment)):
        read_file((DATA / name).read_bytes(), name)


def test_an_xls_cut_short_anywhere_is_corrupt():
    """Every cut, also in the last sectors, where olefile would pass it on and calamine panic."""
    data = (DATA / "thirty-rows.xls").read_bytes()
    for length in range(8, len(data)):
        with pytest.raises(UnreadableFile, match="文件已损坏或不完整，请重新导出后上传"):
            read_file(data[:length], "月报.xls")


def lock_file() -> bytes:
    """What Excel leaves next to an open workbook as ~$月报.xlsx."""
    return bytes([4]) + "张三".encode("utf-16-le").ljust(53, b"\x20") + b"\x00" * 109


def zip_of(files: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for name, content in files.items():
            target.writestr(name, content)
    return out.getvalue()


INLINE_BAD = [
    ("照片.xlsx", b"\xff\xd8\xff\xe0" + bytes(200), "看起来是JPEG图片"),
    ("~$月报.xlsx", lock_file(), "临时文件"),
    ("月报.xlsx", zip_of({"月报.xlsx": b"PK"}), "ZIP压缩包"),
    ("月报.xlsx", zip_of({"[Content_Types].xml": b"<x/>", "ppt/presentation.xml": b"<x/>"}), "PowerPoint"),
    ("月报.xlsx", zip_of({"[Content_Types].xml": b"<x/>", "xl/workbook.bin": b""}), ".xlsb"),
    ("月报.xlsx", zip_of({"[Content_Types].xml": b"<x/>", "xl/workbook.xml": b"<broken"}), "已损坏"),
    ("月报.xls", b'<?xml version="1.0"?>\n<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet">'
                b"</Workbook>", "Excel 2003 XML"),
    ("月报.csv", b" \r\n\r\n,,\r\n", "文件中没有任何数据"),
    ("月报.csv", b'a,"' + b"x" * (csv.field_size_limit() + 10) + b'"\n', "第 1 行无法解析"),
]


@pytest.mark.parametrize("name, data, fragment", INLINE_BAD)
def test_other_non_spreadsheets(name, data, fragment):
    with pytest.raises(UnreadableFile) as raised:
        read_file(data, name)
    [problem] = raised.value.problems
    assert fragment in problem.message
    assert problem.file == name


def test_file_over_the_size_limit_is_refused_before_reading():
    with pytest.raises(TooLarge) as raised:
        read_file(bytes(int(23.4 * 1024 * 1024)), "全年.xlsx")
    [problem] = raised.value.problems
    assert problem.message == "文件大小 23.4 MB，超过 20 MB 上限，请拆分后上传"
    assert problem.file == "全年.xlsx"


def test_read_path_checks_the_size_before_reading(monkeypatch):
    monkeypatch.setattr(read, "MAX_BYTES", 4 * 1024)
    monkeypatch.setattr(Path, "read_bytes", lambda self: pytest.fail("the file was read"))
    with pytest.raises(TooLarge, match="超过 4 KB 上限"):
        read_path(DATA / "thirty-rows.xlsx")


@pytest.mark.parametrize("name, sheet", [
    ("thirty-rows.xlsx", "明细"), ("thirty-rows-no-dimension.xlsx", "明细"),
    ("thirty-rows.xls", "明细"), ("thirty-rows.csv", "thirty-rows"),
])
def test_too_many_rows(monkeypatch, name, sheet):
    assert len(read_path(DATA / name).sheets[0].rows) == 30
    monkeypatch.setattr(read, "MAX_ROWS", 20)
    monkeypatch.setattr(cells, "finish", lambda *args: pytest.fail("rows were converted"))
    with pytest.raises(TooLarge) as raised:
        read_path(DATA / name)
    [problem] = raised.value.problems
    assert "超过 20 行上限" in problem.message
    assert (problem.file, problem.sheet) == (name, sheet)


@pytest.mark.parametrize("name", ["thirty-rows.xlsx", "thirty-rows-no-dimension.xlsx"])
def test_xlsx_rows_are_counted_before_calamine_loads_the_sheet(monkeypatch, name):
    monkeypatch.setattr(read, "MAX_ROWS", 29)
    monkeypatch.setattr(calamine, "load_sheet", lambda *args: pytest.fail("the sheet was loaded"))
    with pytest.raises(TooLarge, match="共 30 行"):
        read_path(DATA / name)


def test_xlsx_dimension_refuses_before_the_sheet_is_unpacked(monkeypatch):
    monkeypatch.setattr(read, "MAX_ROWS", 29)
    monkeypatch.setattr(xlsx, "_max_row", lambda xml: pytest.fail("the whole sheet was unpacked"))
    with pytest.raises(TooLarge, match="共 30 行"):
        read_path(DATA / "thirty-rows.xlsx")


def test_exactly_max_rows_is_accepted(monkeypatch):
    monkeypatch.setattr(read, "MAX_ROWS", 30)
    for name in ("thirty-rows.xlsx", "thirty-rows.xls", "thirty-rows.csv"):
        assert read_path(DATA / name).sheets[0].rows[-1][0] == 30


def test_missing_path():
    with pytest.raises(UnreadableFile, match="找不到文件"):
        read_path(DATA / "no-such-file.xlsx")


def test_corpus_matches_its_generator():
    """tests/data/read/ is what tests/make_bad_files.py writes (rerun it after changing either)."""
    import make_bad_files

    for name, data in make_bad_files.corpus().items():
        assert (DATA / name).read_bytes() == data, name
        assert len(data) < 16 * 1024, name
    assert (DATA / "encrypted.xlsx").read_bytes()[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


# --------------------------------------------------------------------------- ods

ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"
ODS_NAMESPACES = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
                  'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
                  'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"')


def ods_content(tables: dict[str, str]) -> bytes:
    """content.xml holding one <table:table> per sheet name, with the given rows' XML."""
    body = "".join(f'<table:table table:name="{name}">{rows}</table:table>' for name, rows in tables.items())
    return (f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {ODS_NAMESPACES} '
            f'office:version="1.2"><office:body><office:spreadsheet>{body}</office:spreadsheet>'
            "</office:body></office:document-content>").encode()


def ods_of(content: bytes, mimetype: bytes = ODS_MIMETYPE) -> bytes:
    """An OpenDocument file written by hand: mimetype first and stored, manifest, content.xml."""
    manifest = ('<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest='
                '"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
                f'<manifest:file-entry manifest:full-path="/" manifest:media-type="{mimetype.decode()}"/>'
                '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
                "</manifest:manifest>")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        target.writestr(zipfile.ZipInfo("mimetype"), mimetype, compress_type=zipfile.ZIP_STORED)
        target.writestr("META-INF/manifest.xml", manifest)
        target.writestr("content.xml", content)
    return out.getvalue()


def ods_cell(value=None, kind=None, repeated=1, covered=False, extra="") -> str:
    """One cell: kind is its office:value-type ("float", "percentage", "string", "date")."""
    tag = "table:covered-table-cell" if covered else "table:table-cell"
    attributes = extra + (f' table:number-columns-repeated="{repeated}"' if repeated > 1 else "")
    if kind == "string":
        return f'<{tag} office:value-type="string"{attributes}><text:p>{value}</text:p></{tag}>'
    if kind == "date":
        return f'<{tag} office:value-type="date" office:date-value="{value}"{attributes}/>'
    if kind:
        return f'<{tag} office:value-type="{kind}" office:value="{value}"{attributes}><text:p>x</text:p></{tag}>'
    return f"<{tag}{attributes}/>"


def ods_row(*cells, repeated=1) -> str:
    attributes = f' table:number-rows-repeated="{repeated}"' if repeated > 1 else ""
    return f"<table:table-row{attributes}>{''.join(cells)}</table:table-row>"


def read_ods_rows(*rows: str) -> list:
    return read_file(ods_of(ods_content({"月报": "".join(rows)})), "月报.ods").sheets[0].rows


# The rest of a sheet as LibreOffice writes it: one empty row repeated to the last of 1048576.
ODS_TAIL = ods_row(ods_cell(repeated=16384), repeated=1048000)

# Rows of one sheet as programs write them, and what the clerk should get.
ODS_ROWS = [
    ([ods_row(ods_cell("0.053", "percentage"))], [(1, [5.3])]),
    ([ods_row(ods_cell("0.1234", "percentage"), ods_cell("0.053", "float"), ods_cell(7, "float"),
              ods_cell(" 5.3% ", "string"))], [(1, [12.34, 0.053, 7, "5.3%"])]),
    ([ods_row(ods_cell("12.5", "currency"), ods_cell("-0.008", "percentage"))], [(1, [12.5, -0.8])]),
    ([ods_row(ods_cell("指标", "string", extra=' table:number-columns-spanned="3"'),
              ods_cell(covered=True, repeated=2), ods_cell("0.053", "percentage"))],
     [(1, ["指标", None, None, 5.3])]),                                        # merged, then percent
    ([ods_row(ods_cell("合计", "string"), ods_cell("0.05", "percentage", repeated=3), ods_cell(1, "float"))],
     [(1, ["合计", 5.0, 5.0, 5.0, 1])]),
    ([ods_row(ods_cell(repeated=2), ods_cell("0.5", "percentage"), repeated=2), ods_row(ods_cell(1, "float"))],
     [(1, [None, None, 50.0]), (2, [None, None, 50.0]), (3, [1, None, None])]),
    ([ods_row(ods_cell(repeated=16384), repeated=2), ods_row(ods_cell(), ods_cell("0.25", "percentage"))],
     [(1, [None, None]), (2, [None, None]), (3, [None, 25.0])]),               # padded from A1
    ([ods_row(ods_cell("0.053", "percentage"), ods_cell(repeated=16383)), ODS_TAIL], [(1, [5.3])]),
    ([ods_row(ods_cell("2026-05-31", "date")), ODS_TAIL], [(1, [datetime(2026, 5, 31)])]),
]


@pytest.mark.parametrize("rows, expected", ODS_ROWS)
def test_ods_values_and_percent(rows, expected):
    assert read_ods_rows(*rows) == expected


def test_ods_repeated_rows_are_counted_not_listed():
    """A million repeated rows of 16384 repeated cells: a sheet no bigger than its data."""
    started = time.perf_counter()
    no_value = '<table:table-cell office:value-type="percentage" table:number-columns-repeated="16384"/>'
    rows = read_ods_rows(ods_row(ods_cell("0.053", "percentage"), ods_cell(repeated=16383)),
                         ods_row(no_value, repeated=1048000))
    assert rows == [(1, [5.3])]
    assert time.perf_counter() - started < 5


def test_ods_sheets_are_matched_by_name():
    content = ods_content({"1月&amp;2月": ods_row(ods_cell("指标", "string"), ods_cell("0.1", "percentage")),
                           "空表": "",
                           "说明": ods_row(ods_cell(repeated=3)) + ods_row(ods_cell("0.2", "float"),
                                                                          ods_cell("0.3", "percentage"))})
    book = read_file(ods_of(content), "月报.ods")
    assert [(sheet.name, sheet.rows) for sheet in book.sheets] == [
        ("1月&2月", [(1, ["指标", 10.0])]), ("空表", []), ("说明", [(1, [None, None]), (2, [0.2, 30.0])])]


@pytest.mark.parametrize("mimetype", [ODS_MIMETYPE, ODS_MIMETYPE + b"-template"])
def test_ods_type_comes_from_bytes_not_extension(mimetype):
    data = ods_of(ods_content({"月报": ods_row(ods_cell("0.053", "percentage"))}), mimetype)
    assert read_file(data, "改了名.xlsx").sheets[0].rows == [(1, [5.3])]


def test_ods_too_many_rows(monkeypatch):
    data = ods_of(ods_content({"明细": ods_row(ods_cell(1, "float"), repeated=30)}))
    assert len(read_file(data, "明细.ods").sheets[0].rows) == 30
    monkeypatch.setattr(read, "MAX_ROWS", 20)
    monkeypatch.setattr(cells, "finish", lambda *args: pytest.fail("rows were converted"))
    with pytest.raises(TooLarge, match="共 30 行") as raised:
        read_file(data, "明细.ods")
    assert raised.value.problems[0].sheet == "明细"


GOOD_CONTENT = ods_content({"月报": ods_row(ods_cell("0.053", "percentage"))})
ODS_BAD = [
    (ods_of(ods_content({"正文": ""}), b"application/vnd.oasis.opendocument.text"), "ODT文字文档"),
    (ods_of(GOOD_CONTENT[:-30]), "已损坏"),                                   # truncated content.xml
    (ods_of(b"not xml"), "已损坏"),
    (ods_of(GOOD_CONTENT.replace(b"<table:table-row>", b'<table:table-row table:number-rows-repeated="0">')),
     "已损坏"),
    (zip_of({"mimetype": ODS_MIMETYPE, "content.xml": b"<x/>"}), "已损坏"),     # no manifest
    (ods_of(ods_content({"月报": ods_row(ods_cell("0.1", "percentage", repeated=16384), repeated=1048000)})),
     "已损坏"),                                           # calamine refuses 17 billion cells at once
    (zip_of({"mimetype": ODS_MIMETYPE, "META-INF/manifest.xml": b"<x/>"}), "已损坏"),  # no content.xml
]


@pytest.mark.parametrize("data, fragment", ODS_BAD)
def test_ods_refused(data, fragment):
    with pytest.raises(UnreadableFile) as raised:
        read_file(data, "月报.ods")
    [problem] = raised.value.problems
    assert fragment in problem.message
    assert problem.file == "月报.ods"


SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.skipif(not SOFFICE, reason="LibreOffice is not installed")
def test_ods_saved_by_libreoffice_reads_as_the_xlsx(tmp_path):
    (tmp_path / "五月.xlsx").write_bytes(monthly_xlsx())
    subprocess.run([SOFFICE, f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless",
                    "--convert-to", "ods", "--outdir", str(tmp_path), str(tmp_path / "五月.xlsx")],
                   check=True, capture_output=True, timeout=180)
    from_ods, from_xlsx = read_path(tmp_path / "五月.ods"), read_path(tmp_path / "五月.xlsx")
    assert from_ods.sheets == from_xlsx.sheets
    assert from_ods.sheets[0].rows[3] == (4, ["地区生产总值", 123.4, 5.3, datetime(2026, 5, 31)])


def test_ods_that_unzips_to_far_more_than_the_limit_is_refused(monkeypatch):
    padding = ods_row(ods_cell("填充" * 500, "string")) * 1000  # about 3 MB of XML, a few KB compressed
    data = ods_of(ods_content({"月报": ods_row(ods_cell("0.053", "percentage")) + padding}))
    monkeypatch.setattr(read, "MAX_BYTES", len(data) * 2)
    with pytest.raises(TooLarge, match="解压后超过"):
        read_file(data, "炸弹.ods")
