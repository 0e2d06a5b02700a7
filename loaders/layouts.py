"""Find the indicator lines in a workbook: the dashboard's template, the bureau's 月报 table,
or the 目标分解表. Returns plain records that still say where each value came from."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from loaders import template
from loaders.errors import Problem
from loaders.read import Sheet, Workbook, column_letter

PERIOD = re.compile(r"(?:(\d{4})\s*年\s*)?(?:1\s*[-—–~～至]\s*)?(\d{1,2})\s*月")
YEAR = re.compile(r"(\d{4})\s*年")
TEMPLATE_FIELDS = {"本期累计值": "value", "累计增速(%)": "growth", "上年同期": "last_year", "状态": "status",
                   "情况说明": "note", "编码": "code", "指标名称": "name", "单位": "unit"}
TARGET_FIELDS = {"编码": "code", "指标名称": "name", "单位": "unit", "2025年基数": "baseline",
                 "年度目标": "target", "目标依据": "target_source"}
NAME_HEADER = re.compile(r"^指标(名称)?$")
CUMULATIVE_HEADER = re.compile(r"(1\s*[-—–~～至]\s*(\d{1,2}|本)\s*月|累计)")
GROWTH_HEADER = re.compile(r"(同比|增长|增幅|增速)")
UNIT_HEADER = re.compile(r"^(计量)?单位$")
SKIP_NAME = re.compile(r"^(注[:：]|资料来源|说明[:：]|单位[:：]|填报)")


@dataclass
class Record:
    """One indicator line: where it is, its name or code, and its cells as field -> (column, raw value)."""
    sheet: str
    row: int
    name: str
    code: str | None = None
    unit: str | None = None
    cells: dict[str, tuple[str, object]] = field(default_factory=dict)


@dataclass
class Extract:
    layout: str                      # "template" | "bureau" | "targets"
    period: tuple[int, int] | None   # (year, month) as the file states it
    records: list[Record]
    baseline_records: list[Record] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def _text(value) -> str:
    return "" if value is None else str(value).strip()


def _header_row(sheet: Sheet, test) -> tuple[int, list[str]] | None:
    """The first row (within the first 15) whose cells pass `test`, as (index, texts)."""
    for index, (_, cells) in enumerate(sheet.rows[:15]):
        texts = [_text(c) for c in cells]
        if test(texts):
            return index, texts
    return None


def find_period(texts: list[str]) -> tuple[int, int] | None:
    """(year, month) from titles or sheet names: 2026年1-5月, 2026年5月, or 1-5月 with 2026年 elsewhere."""
    year = next((int(m.group(1)) for t in texts for m in [YEAR.search(t)] if m), None)
    for text in texts:
        for match in PERIOD.finditer(text):
            found_year = int(match.group(1)) if match.group(1) else year
            if found_year:
                return found_year, int(match.group(2))
    return None


def _title_texts(workbook: Workbook) -> list[str]:
    texts = [sheet.name for sheet in workbook.sheets]
    for sheet in workbook.sheets:
        texts += [_text(c) for _, cells in sheet.rows[:3] for c in cells if _text(c)]
    return texts


def _records(sheet: Sheet, start: int, columns: dict[int, str]) -> list[Record]:
    """Records from the rows after the header, reading the mapped columns."""
    records = []
    letters = {i: column_letter(i) for i in columns}
    for number, cells in sheet.rows[start + 1:]:
        values = {columns[i]: (letters[i], cells[i]) for i in columns if i < len(cells)}
        name = _text(values.pop("name", ("", None))[1])
        code = _text(values.pop("code", ("", None))[1]) or None
        if not (name or code) or SKIP_NAME.match(name):
            continue
        unit = _text(values.pop("unit", ("", None))[1]) or None
        records.append(Record(sheet.name, number, name, code, unit, values))
    return records


def _mapped(texts: list[str], fields: dict[str, str], months: str = "") -> dict[int, str]:
    columns = {i: fields[t] for i, t in enumerate(texts) if t in fields}
    if months:
        columns |= {i: f"{months}{t[:-1]}" for i, t in enumerate(texts) if t in template.MONTH_HEADERS}
    return columns


def _template(workbook: Workbook) -> Extract | None:
    for sheet in workbook.sheets:
        found = _header_row(sheet, lambda t: t[:2] == ["编码", "指标名称"] and "本期累计值" in t)
        if found:
            index, texts = found
            return Extract("template", find_period(_title_texts(workbook)),
                           _records(sheet, index, _mapped(texts, TEMPLATE_FIELDS)))
    return None


def _targets(workbook: Workbook) -> Extract | None:
    sheets = {s.name: s for s in workbook.sheets}
    found = {name: _header_row(sheet, lambda t: t[:2] == ["编码", "指标名称"] and "年度目标" in t)
             for name, sheet in sheets.items()}
    target_sheet = next(((sheets[n], f) for n, f in found.items() if f), None)
    if not target_sheet:
        return None
    sheet, (index, texts) = target_sheet
    extract = Extract("targets", find_period(_title_texts(workbook)),
                      _records(sheet, index, _mapped(texts, TARGET_FIELDS, months="path")))
    extract.baseline_records = _baseline_records(sheets.get(template.BASELINE_SHEET))
    return extract


def _baseline_records(sheet: Sheet | None) -> list[Record]:
    found = sheet and _header_row(sheet, lambda t: t[:2] == ["编码", "指标名称"] and "1月" in t)
    if not found:
        return []
    index, texts = found
    return _records(sheet, index, _mapped(texts, TARGET_FIELDS, months="ly"))


def _bureau_columns(texts: list[str]) -> dict[int, str] | None:
    """Map a 月报 header row: the name, unit, cumulative and (cumulative) growth columns."""
    name = next((i for i, t in enumerate(texts) if NAME_HEADER.match(t.replace(" ", ""))), None)
    growth = [i for i, t in enumerate(texts) if GROWTH_HEADER.search(t)]
    if name is None or not growth:
        return None
    cumulative = next((i for i, t in enumerate(texts) if CUMULATIVE_HEADER.search(t) and i not in growth), None)
    # 本月 | 同比 | 累计 | 同比: the growth that follows the cumulative column is the cumulative one
    later = [i for i in growth if cumulative is not None and i > cumulative]
    columns = {name: "name", later[0] if later else growth[-1]: "growth"}
    if cumulative is not None:
        columns[cumulative] = "value"
    unit = next((i for i, t in enumerate(texts) if UNIT_HEADER.match(t)), None)
    return columns | ({unit: "unit"} if unit is not None else {})


def _bureau(workbook: Workbook) -> Extract | None:
    records = []
    for sheet in workbook.sheets:
        found = _header_row(sheet, lambda t: _bureau_columns(t) is not None)
        if found:
            index, texts = found
            records += _records(sheet, index, _bureau_columns(texts))
    if not records:
        return None
    return Extract("bureau", find_period(_title_texts(workbook)), records)


LAYOUTS = (_template, _targets, _bureau)


def extract(workbook: Workbook) -> Extract | None:
    """The first layout that recognises the workbook, or None when none does."""
    for layout in LAYOUTS:
        found = layout(workbook)
        if found:
            return found
    return None
