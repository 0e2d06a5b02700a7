"""Regenerate tests/data/bureau/: one plain bureau 月报 for 2026年1-5月 (19 plan indicators among rows that
are not plan targets) in every shape bureaus send it, and the statuses each shape must give.

Run: python tests/make_bureau_files.py   (the .ods shape needs LibreOffice's soffice; without it the
committed .ods is kept)
"""
from __future__ import annotations

import csv
import io
import shutil
import subprocess
import tempfile
from pathlib import Path

import openpyxl
from openpyxl.styles import Alignment

from make_upload_files import wps_xls

OUT = Path(__file__).resolve().parent / "data" / "bureau"
TITLE = "汨罗市2026年1-5月主要经济指标"
NA = "—"
# name as the bureau writes it, unit, 1-5月 amount, 1-5月 growth %, 5月 amount, 5月 growth %, 上年1-5月 amount
ROWS = [
    ("地区生产总值（一季度）", "亿元", 126.0, 5.8, None, None, 118.2),
    ("  其中：第一产业增加值（一季度）", "亿元", 9.6, 3.9, None, None, 9.2),
    ("        第三产业增加值（一季度）", "亿元", 50.1, 7.4, None, None, 46.6),
    ("规模以上工业增加值", "亿元", NA, 7.3, NA, 6.9, NA),
    ("规模以上工业企业利润总额", "亿元", 12.2, 4.0, 2.6, 3.1, 11.7),
    ("固定资产投资", "亿元", 95.2, 6.4, 21.0, 5.5, 89.5),
    ("  其中：民间投资", "亿元", 58.3, 7.0, 13.1, 6.2, 54.5),
    ("        民间投资占全部投资比重", "%", 61.2, NA, 62.4, NA, 60.9),
    ("房地产开发投资", "亿元", 12.3, -8.2, 2.4, -9.0, 13.4),
    ("新签约项目", "个", 35, None, 8, None, 30),
    ("新开工项目", "个", 30, None, 7, None, 26),
    ("新投产项目", "个", 12, None, 2, None, 20),
    ("社会消费品零售总额", "亿元", 80.5, 5.3, 16.9, 4.8, 76.4),
    ("电子商务交易额", "亿元", 31.2, 12.0, 6.8, 11.0, 27.9),
    ("农产品电商销售交易额", "亿元", 2.5, 10.1, 0.5, 9.2, 2.3),
    ("地方一般公共预算收入", "亿元", 9.8, 3.2, 1.7, 2.1, 9.5),
    ("进出口总额", "亿元", 1.6, 12.5, 0.3, 10.4, 1.4),
    ("全社会研发经费投入", "亿元", 3.2, 9.1, None, None, 2.9),
    ("数字经济核心产业增加值", "亿元", 6.5, 8.4, 1.4, 8.0, 6.0),
    ("旅游收入", "亿元", 40.3, 11.2, 9.1, 10.6, 36.2),
    ("城镇新增就业", "人", 2600, None, 540, None, 2450),
    ("城镇调查失业率", "%", 5.2, None, 5.1, None, 5.4),
    ("新增规模以上工业企业", "家", "…", None, "…", None, 6),
]
# what each shape must land: code -> (status on the 2026年1-5月 pages, the month the value is stored under)
EXPECTED = {
    "A1-01": ("green", 3), "A5-21": ("green", 3), "A1-03": ("green", 3), "A1-04": ("green", 3),
    "A3-05": ("green", 5), "A2-04": ("green", 5), "A2-05": ("green", 5), "A2-08": ("green", 5),
    "A2-09": ("green", 5), "A2-10": ("red", 5), "A2-01": ("green", 5), "A2-02": ("green", 5),
    "A2-03": ("green", 5), "A1-02": ("green", 5), "A4-03": ("green", 5), "A3-01": ("green", 5),
    "A3-06": ("green", 5), "A2-13": ("green", 5), "A8-01": ("green", 5), "A8-02": ("green", 5),
}
# plan rows the bureau marked —/… (no figure yet): listed in the preview as 无数据, nothing stored
NO_DATA = {"A3-19"}
# rows that are not plan targets: listed as unmatched, never matched to something else
NOT_PLAN = {"规模以上工业企业利润总额", "其中：民间投资", "房地产开发投资"}


def _cells(row, *fields):
    name, unit, cum, growth, month, month_growth, last = row
    values = {"name": name, "unit": unit, "cum": cum, "growth": growth, "month": month,
              "month_growth": month_growth, "last": last}
    return [values[f] for f in fields]


def _save(wb) -> bytes:
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _percent(ws, columns: list[int], first: int) -> None:
    """Growth cells as the bureau's Excel has them: 0.053 shown as 5.3%."""
    for r in range(first, ws.max_row + 1):
        for c in columns:
            cell = ws.cell(r, c)
            if isinstance(cell.value, (int, float)):
                cell.value, cell.number_format = cell.value / 100, "0.0%"


def one_row_header() -> bytes:
    """指标名称｜计量单位｜1-5月｜同比增长(%), title merged above, a footnote below."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "主要指标"
    ws.append([TITLE])
    ws.merge_cells("A1:D1")
    ws.append(["指标名称", "计量单位", "1-5月", "同比增长(%)"])
    for row in ROWS:
        ws.append(_cells(row, "name", "unit", "cum", "growth"))
    ws.append(["注：规模以上工业增加值增速按可比价计算。"])
    _percent(ws, [4], 3)
    return _save(wb)


def two_row_header() -> bytes:
    """1-5月 merged over 绝对值｜比上年同期增长（%）, spaced header words, a 位次 column."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "1-5月"
    ws.append([TITLE])
    ws.merge_cells("A1:E1")
    ws.append(["指  标", "单 位", "1-5月", None, None])
    ws.append([None, None, "绝对值", "比上年同期增长（%）", "增速位次"])
    ws.merge_cells("A2:A3")
    ws.merge_cells("B2:B3")
    ws.merge_cells("C2:E2")
    for i, row in enumerate(ROWS):
        ws.append(_cells(row, "name", "unit", "cum", "growth") + [i % 13 + 1])
    ws["C2"].alignment = Alignment(horizontal="center")
    return _save(wb)


def month_and_cumulative() -> bytes:
    """本月 and 1-5月累计 side by side, each over 绝对值｜同比±%: cumulative indicators take 累计."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "月报"
    ws.append([TITLE])
    ws.append(["指标", "单位", "本月", None, "1-5月累计", None])
    ws.append([None, None, "绝对值", "同比±%", "绝对值", "同比±%"])
    ws.merge_cells("C2:D2")
    ws.merge_cells("E2:F2")
    for row in ROWS:
        ws.append(_cells(row, "name", "unit", "month", "month_growth", "cum", "growth"))
    return _save(wb)


NUMBERED = ["一、", "（一）", "1.", "①", "(二)", "2、", "", "　　", "⑴", "二、", "三、", "", "#", "3.", "（三）",
            "四、", "五、", "六、", "七、", "八、", "九、", "十、", "十一、"]


def _unit_in_name(name: str, unit: str) -> str:
    bare = name.strip()
    if "（" in bare:  # 地区生产总值（一季度） -> 地区生产总值（一季度）（亿元）
        return f"{bare}（{unit}）"
    return f"{bare}（{unit}）" if unit != "%" else f"{bare}(%)"


def contents_and_notes() -> bytes:
    """A 目录 sheet first and a 说明 sheet last; numbered names with the unit in brackets, no unit
    column; growth typed as text "5.3%"; a header 2026年1-5月｜同比增长 and a 上年同期 column."""
    wb = openpyxl.Workbook()
    contents = wb.active
    contents.title = "目录"
    contents.append(["序号", "表名", "页码"])
    contents.append([1, TITLE, 2])
    ws = wb.create_sheet("主要经济指标")
    ws.append(["表1", None, None, None])
    ws.append([TITLE.replace("汨罗市2026年1-5月", "汨罗市"), None, None, None])
    ws.append(["指标名称", "2026年1-5月", "2025年1-5月", "增长（%）"])
    for number, row in zip(NUMBERED, ROWS):
        name, unit, cum, growth, _, _, last = row
        ws.append([number + _unit_in_name(name, unit), cum, last,
                   f"{growth}%" if isinstance(growth, (int, float)) else growth])
    notes = wb.create_sheet("说明")
    notes.append(["说明：本表数据为快报数，“—”表示暂无数据。"])
    return _save(wb)


def bureau_xls() -> bytes:
    """The one-row shape as WPS saves it (.xls), growth as percent-formatted cells."""
    return wps_xls(TITLE, ["指标名称", "计量单位", "1-5月", "同比增长(%)"],
                   [_cells(row, "name", "unit", "cum", "growth") for row in ROWS])


def bureau_csv() -> bytes:
    """The one-row shape exported as GBK csv, growth typed with a percent sign."""
    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow([TITLE, "", "", ""])
    writer.writerow(["指标名称", "计量单位", "1-5月累计", "比上年同期增长"])
    for row in ROWS:
        name, unit, cum, growth = _cells(row, "name", "unit", "cum", "growth")
        writer.writerow([name, unit, "" if cum is None else cum,
                         f"{growth}%" if isinstance(growth, (int, float)) else (growth or "")])
    return text.getvalue().encode("gbk")


def bureau_ods(xlsx: bytes) -> bytes | None:
    """The two-row shape saved by LibreOffice as .ods (None when soffice is not installed)."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        return None
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "two-row.xlsx"
        source.write_bytes(xlsx)
        subprocess.run([soffice, "--headless", "--convert-to", "ods", "--outdir", tmp, str(source)],
                       check=True, capture_output=True, timeout=120)
        return (Path(tmp) / "two-row.ods").read_bytes()


SHAPES = {
    "one-row-header.xlsx": one_row_header,
    "two-row-header.xlsx": two_row_header,
    "month-and-cumulative.xlsx": month_and_cumulative,
    "contents-and-notes.xlsx": contents_and_notes,
    "wps.xls": bureau_xls,
    "gbk.csv": bureau_csv,
}


def write_all() -> list[Path]:
    OUT.mkdir(parents=True, exist_ok=True)
    written = []
    for name, make in SHAPES.items():
        (OUT / name).write_bytes(make())
        written.append(OUT / name)
    ods = bureau_ods(two_row_header())
    if ods:
        (OUT / "two-row-header.ods").write_bytes(ods)
        written.append(OUT / "two-row-header.ods")
    return written


if __name__ == "__main__":
    for path in write_all():
        print(path.relative_to(OUT.parent.parent), path.stat().st_size)
