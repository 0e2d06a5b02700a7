"""The Excel templates: layout, locking, validations and prefilled targets, read back with openpyxl."""
import io
import shutil
import subprocess

import openpyxl
import pandas as pd
import pytest

from conftest import YEAR, land_target_path, make_store
from indicators import catalog, store
from common.kinds import TEXT_KINDS
from outputs import template
from outputs.template import (BASELINE_HEADERS, BASELINE_SHEET, DATA_SHEET, GUIDE_SHEET, HEADER_ROW,
                              STATUS_CHOICES, TARGET_HEADERS, TARGET_SHEET, TEMPLATE_HEADERS)


@pytest.fixture(scope="module")
def rows():
    return store.indicators_with_targets(make_store(), YEAR)


@pytest.fixture(scope="module")
def book(rows):
    return openpyxl.load_workbook(io.BytesIO(template.indicator_template(rows, YEAR, 5)))


def _open(data: bytes):
    return openpyxl.load_workbook(io.BytesIO(data))


def _codes(ws, first_column=1):
    return [ws.cell(row=r, column=first_column).value for r in range(HEADER_ROW + 1, ws.max_row + 1)]


def _column(header):
    return TEMPLATE_HEADERS.index(header) + 1


def _row_of(ws, code):
    return HEADER_ROW + 1 + _codes(ws).index(code)


def _validations_of(ws, cell):
    return [dv for dv in ws.data_validations.dataValidation if cell in dv.sqref]


def test_title_names_the_period_and_headers_sit_in_row_3(book):
    ws = book[DATA_SHEET]
    assert ws["A1"].value == "汨罗市“开局八好”指标填报表（2026年1-5月）"
    assert "A1:K1" in {str(r) for r in ws.merged_cells.ranges}
    assert "填报单位" in ws["A2"].value and "填报人" in ws["A2"].value
    assert [c.value for c in ws[HEADER_ROW]] == TEMPLATE_HEADERS
    assert book.properties.creator == "八好看板" and "2026年1-5月" in book.properties.title


def test_one_row_per_indicator_with_kind_in_chinese(book, rows):
    ws = book[DATA_SHEET]
    assert _codes(ws) == list(rows["code"])
    r = _row_of(ws, "A1-01")
    assert ws.cell(row=r, column=_column("指标类型")).value == "增速"
    assert ws.cell(row=r, column=_column("年度目标")).value == "5.5%左右"
    assert ws.cell(row=r, column=_column("牵头单位")).value == "市发改局"


def test_area_and_department_filters_give_exactly_that_subset(rows):
    by_area = _open(template.indicator_template(rows, YEAR, 5, area=3))[DATA_SHEET]
    assert _codes(by_area) == list(rows.loc[rows["area"] == 3, "code"])
    assert "强科创兴产业" in by_area["A2"].value
    by_dept = _open(template.indicator_template(rows, YEAR, 5, department="市卫健局"))[DATA_SHEET]
    assert _codes(by_dept) == list(rows.loc[catalog.led_by(rows, "市卫健局"), "code"])
    both = _open(template.indicator_template(rows, YEAR, 5, area=2, department="市商务粮食局"))[DATA_SHEET]
    wanted = rows[(rows["area"] == 2) & catalog.led_by(rows, "市商务粮食局")]
    assert _codes(both) == list(wanted["code"]) and len(wanted) > 0
    with pytest.raises(ValueError):
        template.indicator_template(rows, YEAR, 5, department="不存在的单位")


def test_growth_row_fills_the_growth_column_only(book):
    ws = book[DATA_SHEET]
    r = _row_of(ws, "A1-02")  # monthly growth rate
    growth = ws.cell(row=r, column=_column(template.VALUE_COLUMN_BY_KIND["growth_rate"]))
    assert growth.column_letter == "H" and not growth.protection.locked
    assert growth.fill.fgColor.rgb.endswith("FFF2CC")
    assert ws.cell(row=r, column=_column("编码")).protection.locked
    for other in ("本期累计值", "状态"):
        cell = ws.cell(row=r, column=_column(other))
        assert cell.protection.locked and cell.fill.fgColor.rgb.endswith("D9D9D9")
    assert not ws.cell(row=r, column=_column("情况说明")).protection.locked
    prompt = _validations_of(ws, growth.coordinate)[0]
    assert prompt.type == "decimal" and "1-5月" in prompt.prompt and "5.3" in prompt.prompt


def test_value_prompt_says_the_unit(book):
    ws = book[DATA_SHEET]
    cell = ws.cell(row=_row_of(ws, "A2-02"), column=_column("本期累计值"))
    assert not cell.protection.locked
    assert "单位：亿元" in _validations_of(ws, cell.coordinate)[0].prompt


def test_sheet_protected_frozen_and_printable(book):
    ws = book[DATA_SHEET]
    assert ws.protection.sheet and not ws.protection.password
    assert ws.protection.formatColumns is False
    assert ws.freeze_panes == "A4"
    assert ws.print_title_rows == "$1:$3"


def test_status_drop_down_lists_the_choices(book, rows):
    ws = book[DATA_SHEET]
    code = rows.loc[rows["kind"] == "qualitative", "code"].iloc[0]
    cell = ws.cell(row=_row_of(ws, code), column=_column("状态"))
    assert not cell.protection.locked
    (dv,) = [dv for dv in _validations_of(ws, cell.coordinate) if dv.type == "list"]
    assert dv.formula1.strip('"').split(",") == STATUS_CHOICES


def test_guide_sheet_explains_the_columns(book):
    text = "\n".join(str(v) for row in book[GUIDE_SHEET].iter_rows(values_only=True) for v in row if v)
    for phrase in ("累计增速(%)", "1-2月", "5.3", "编码", "情况说明"):
        assert phrase in text


def test_period_label_for_january(rows):
    ws = _open(template.indicator_template(rows, YEAR, 1))[DATA_SHEET]
    assert ws["A1"].value.endswith("（2026年1月）")


@pytest.fixture(scope="module")
def targets_book(rows):
    cur = make_store()
    land_target_path(cur, "A1-05", YEAR, {3: 2.0, 6: 5.0, 12: 10.0})
    store.add_baselines(cur, pd.DataFrame({"code": ["A1-05", "A2-02"], "year": [YEAR - 1] * 2,
                                           "value": [8.0, 65.2]}), "测试")
    data = template.targets_template(rows, store.baselines(cur, YEAR - 1), store.target_paths(cur, YEAR), YEAR)
    return _open(data)


def test_targets_template_prefills_baselines_targets_and_paths(targets_book, rows):
    ws = targets_book[TARGET_SHEET]
    assert ws["A1"].value == "汨罗市“开局八好”目标分解表（2026年）"
    assert [c.value for c in ws[HEADER_ROW]] == TARGET_HEADERS
    assert _codes(ws) == list(rows["code"])
    col = {h: i + 1 for i, h in enumerate(TARGET_HEADERS)}
    r = _row_of(ws, "A1-05")
    assert ws.cell(row=r, column=col["2025年基数"]).value == 8
    assert ws.cell(row=r, column=col["年度目标"]).value == 10
    assert [ws.cell(row=r, column=col[f"{m}月"]).value for m in (1, 3, 6, 12)] == [None, 2, 5, 10]
    assert ws.cell(row=_row_of(ws, "A2-02"), column=col["2025年基数"]).value == 65.2
    assert not ws.cell(row=r, column=col["3月"]).protection.locked
    assert ws.cell(row=r, column=col["编码"]).protection.locked
    assert ws.protection.sheet and ws.freeze_panes == "A4"


def test_targets_left_to_a_higher_level_are_blank_and_open(targets_book, rows):
    ws = targets_book[TARGET_SHEET]
    code = rows.loc[rows["target_pending"], "code"].iloc[0]
    cell = ws.cell(row=_row_of(ws, code), column=TARGET_HEADERS.index("年度目标") + 1)
    assert cell.value is None and not cell.protection.locked


@pytest.mark.parametrize("kind", ["qualitative", "milestone"])
def test_rows_without_a_number_have_no_target_cell_to_fill(targets_book, rows, kind):
    ws = targets_book[TARGET_SHEET]
    code = rows.loc[rows["kind"] == kind, "code"].iloc[0]
    cell = ws.cell(row=_row_of(ws, code), column=TARGET_HEADERS.index("年度目标") + 1)
    assert cell.value is None and cell.protection.locked


def test_baseline_sheet_lists_numeric_indicators_blank(targets_book, rows):
    ws = targets_book[BASELINE_SHEET]
    assert [c.value for c in ws[HEADER_ROW]] == BASELINE_HEADERS
    assert _codes(ws) == list(rows.loc[~rows["kind"].isin(TEXT_KINDS), "code"])
    assert all(ws.cell(row=r, column=4 + m).value is None for r in range(4, ws.max_row + 1) for m in range(12))
    assert not ws["D4"].protection.locked and ws.protection.sheet
    assert GUIDE_SHEET in targets_book.sheetnames


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) not installed")
def test_template_renders_to_pdf(rows, tmp_path):
    source = tmp_path / "填报表.xlsx"
    source.write_bytes(template.indicator_template(rows, YEAR, 5, area=1))
    subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)],
                   check=True, timeout=120, capture_output=True)
    assert (tmp_path / "填报表.pdf").stat().st_size > 1000
