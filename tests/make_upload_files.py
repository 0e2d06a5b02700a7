"""Regenerate the upload test corpus in tests/data/upload/: a bureau 月报 and its .xls/.csv twins,
and files that must be refused for what they say (the file-level corpus is tests/data/read/).

Run: python tests/make_upload_files.py
"""
from __future__ import annotations

import csv
import io
from pathlib import Path

import openpyxl
import xlwt

OUT = Path(__file__).resolve().parent / "data" / "upload"
TITLE = "汨罗市2026年1-5月主要经济指标"
HEADER = ["指标名称", "计量单位", "1-5月（累计）", "同比增长(%)"]
# name, unit, cumulative, growth (growth given as the clerk sees it: 5.3 means 5.3%)
BUREAU_ROWS = [
    ["规模以上工业增加值", "亿元", None, 6.1],
    ["社会消费品零售总额", "亿元", 80.5, 5.3],
    ["固定资产投资", "亿元", 95.2, 6.4],
    ["  其中：民间投资", "亿元", 58.1, 7.0],
    ["地方一般公共预算收入", "亿元", 9.8, 3.2],
    ["进出口总额", "亿元", 1.6, 12.5],
    ["房地产开发投资", "亿元", 12.3, -8.2],
    [None, None, None, None],
    ["注：规模以上工业增加值增速按可比价计算。", None, None, None],
]


def bureau_xlsx(rows=BUREAU_ROWS, title=TITLE, header=HEADER, percent_growth=True) -> bytes:
    """The bureau's usual table: merged title, header row, growth cells formatted as percent."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "主要指标"
    ws.append([title])
    ws.merge_cells("A1:D1")
    ws.append(header)
    for row in rows:
        cells = list(row)
        if percent_growth and isinstance(cells[3], (int, float)):
            cells[3] = cells[3] / 100
        ws.append(cells)
        if percent_growth and isinstance(cells[3], float):
            ws.cell(ws.max_row, 4).number_format = "0.0%"
    return _save(wb)


def wps_xls(title: str, header: list[str], rows: list[list]) -> bytes:
    """A one-row-header table as WPS saves it (.xls): title merged over the header, the fourth column's
    numbers (growth rates) as percent-formatted cells."""
    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("主要指标")
    percent = xlwt.easyxf(num_format_str="0.0%")
    sheet.write_merge(0, 0, 0, len(header) - 1, title)
    for col, text in enumerate(header):
        sheet.write(1, col, text)
    for r, row in enumerate(rows, start=2):
        for c, value in enumerate(row):
            if value is None:
                continue
            rate = c == 3 and isinstance(value, (int, float))
            sheet.write(r, c, value / 100 if rate else value, percent if rate else xlwt.Style.default_style)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def bureau_xls() -> bytes:
    """The same table as WPS saves it (.xls), growth as percent-formatted cells."""
    return wps_xls(TITLE, HEADER, BUREAU_ROWS)


def bureau_csv(encoding="gbk") -> bytes:
    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow([TITLE, "", "", ""])
    writer.writerow(HEADER)
    for row in BUREAU_ROWS:
        writer.writerow(["" if v is None else v for v in row])
    return text.getvalue().encode(encoding)


def _save(wb) -> bytes:
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _bureau_with(*rows, title=TITLE, header=HEADER) -> bytes:
    return bureau_xlsx([list(r) for r in rows], title=title, header=header, percent_growth=False)


def _formula_file() -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append([TITLE])
    ws.append(HEADER)
    ws.append(["社会消费品零售总额", "亿元", "=40+40.5", "=5.3*1"])
    return _save(wb)


# file name -> (bytes, the message fragment the refusal must contain)
BAD_FILES = {
    "text-in-number.xlsx": (lambda: _bureau_with(["社会消费品零售总额", "亿元", "八十", "5.3x"]), "须为数字"),
    "negative-count.xlsx": (lambda: _bureau_with(["新签约项目数", "个", -3, None]), "数量不能为负数"),
    "duplicate-different.xlsx": (lambda: _bureau_with(["社会消费品零售总额", "亿元", 80, 5.3],
                                                     ["社零总额", "亿元", 80, 5.9]), "同一期间在文件中出现多次"),
    "formula-no-value.xlsx": (_formula_file, "请在Excel中打开并保存后再上传"),
    "no-known-indicator.xlsx": (lambda: _bureau_with(["房地产开发投资", "亿元", 12.3, -8.2]), "没有可识别的指标"),
    "future-period.xlsx": (lambda: _bureau_with(["社会消费品零售总额", "亿元", 80, 5.3],
                                                title="汨罗市2027年1-3月主要经济指标"), "晚于当前日期"),
    "invalid-month.xlsx": (lambda: _bureau_with(["社会消费品零售总额", "亿元", 80, 5.3],
                                                title="汨罗市2026年1-13月主要经济指标"), "不是有效月份"),
    "no-period.xlsx": (lambda: _bureau_with(["社会消费品零售总额", "亿元", 80, 5.3], title="主要经济指标"),
                       "无法确定数据期间"),
    "no-header.xlsx": (lambda: _bureau_with(["社会消费品零售总额", "亿元", 80, 5.3],
                                            header=["甲", "乙", "丙", "丁"]), "无法识别表格格式"),
    "unit-in-cell.xlsx": (lambda: _bureau_with(["进出口总额", "亿元", "1.6亿", "12.5%"]), "“1-5月(累计)”须为数字"),
}


def write_all() -> list[Path]:
    OUT.mkdir(parents=True, exist_ok=True)
    files = {"bureau-1-5.xlsx": bureau_xlsx(), "bureau-1-5.xls": bureau_xls(), "bureau-1-5-gbk.csv": bureau_csv(),
             "bureau-1-5-utf8.csv": bureau_csv("utf-8-sig")}
    files |= {name: make() for name, (make, _) in BAD_FILES.items()}
    for name, content in files.items():
        (OUT / name).write_bytes(content)
    return [OUT / name for name in files]


if __name__ == "__main__":
    for path in write_all():
        print(path.relative_to(OUT.parent.parent), path.stat().st_size)
