"""loaders.read: spreadsheet bytes → rows of values, and the refusals a clerk sees."""
import copy
import csv
import hashlib
import io
import pickle
import re
import zipfile
from datetime import datetime
from pathlib import Path

import openpyxl
import pytest
import xlwt
from openpyxl.styles import PatternFill

from loaders import calamine, cells, read, xlsx
from loaders.errors import ERROR, TooLarge, UnreadableFile
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
    ("月报.xlsx", zip_of({"mimetype": b"application/vnd.oasis.opendocument.spreadsheet",
                         "content.xml": b"<x/>"}), "ODS"),
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
