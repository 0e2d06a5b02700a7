"""Find the indicator lines in a workbook: the dashboard's template, the bureau's 月报 table (on any
sheet, headers over one or two rows: loaders.headers), or the 目标分解表. Returns plain records that
still say where each value came from."""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from typing import NamedTuple

from common.workbook import BASELINE_SHEET, MONTH_HEADERS, TARGET_FIELDS, TEMPLATE_FIELDS
from loaders import headers
from common.errors import Problem
from loaders.periods import Tag, find_period
from loaders.read import Sheet, Workbook, column_letter

SKIP_NAME = re.compile(r"^(注[:：\d]|资料来源|说明[:：]|单位[:：]|填报|制表|审核|数据来源)")


class Record(NamedTuple):
    """One indicator line: where it is, its name or code, its cells as field -> (column, raw value),
    and the period each field's column header states (field -> Tag). A named tuple: a 月报 makes one
    for each of its thousands of rows, and a tuple is made in a fraction of a class's time."""
    sheet: str
    row: int
    name: str
    code: str | None
    unit: str | None
    cells: dict[str, tuple[str, object]]
    tags: dict[str, Tag]
    labels: dict[str, str]


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


def _title_texts(workbook: Workbook, tables: dict[str, int] | None = None) -> list[str]:
    """Where a file states its period: sheet names and the first rows of each sheet. For the sheets
    holding a table (`tables`: sheet name -> 0-based index of its header's last row), every row down
    to the header and no further (a row name such as 地区生产总值（一季度） is not the file's
    period); those sheets come first."""
    tables = tables or {}
    sheets = sorted(workbook.sheets, key=lambda sheet: sheet.name not in tables)
    texts = [sheet.name for sheet in sheets]
    for sheet in sheets:
        top = tables.get(sheet.name, 2) + 1
        texts += [_text(c) for _, cells in sheet.rows[:top] for c in cells if _text(c)]
    return texts


def _records(sheet: Sheet, start: int, columns: dict[int, str], spill: range = range(0),
             tags: dict | None = None, labels: dict | None = None) -> list[Record]:
    """Records from the rows after the header, reading the mapped columns; a name may go on into
    the `spill` columns (其中： in one column, the indicator in the next). `tags` and `labels` are
    the same for every row of a table: the records share them."""
    records = []
    at_name, at_code, at_unit, kept = _places(columns)
    tags, labels = ({} if tags is None else tags), ({} if labels is None else labels)
    sheet_name, skipped, append = sheet.name, SKIP_NAME.match, records.append
    record = functools.partial(tuple.__new__, Record)  # Record(*fields) without its Python-level __new__
    # plain loops, names looked up once: this runs once per row of every file
    for number, cells in sheet.rows[start + 1:]:
        width = len(cells)
        name = _cell(cells, at_name, width)
        if spill:
            name += "".join(_text(cells[i]) for i in spill if i < width)
        code = (_cell(cells, at_code, width) or None) if at_code is not None else None
        if not (name or code) or skipped(name):
            continue
        values = {}
        for i, kind, letter in kept:
            if i < width:
                values[kind] = (letter, cells[i])
        append(record((sheet_name, number, name, code, _cell(cells, at_unit, width) or None, values, tags, labels)))
    return records


def _places(columns: dict[int, str]) -> tuple[int | None, int | None, int | None, list[tuple[int, str, str]]]:
    """The columns of the name, code and unit, and the other fields as (index, field, column letter)."""
    where = {field: i for i, field in columns.items() if field in ("name", "code", "unit")}
    kept = [(i, field, column_letter(i)) for i, field in columns.items() if field not in where]
    return where.get("name"), where.get("code"), where.get("unit"), kept


def _cell(cells: list, index: int | None, width: int) -> str:
    if index is None or index >= width:
        return ""
    value = cells[index]  # a text cell comes stripped (Sheet): only other values are made text here
    return "" if value is None else value if type(value) is str else str(value).strip()


def _mapped(texts: list[str], fields: dict[str, str], months: str = "") -> dict[int, str]:
    columns = {i: fields[t] for i, t in enumerate(texts) if t in fields}
    if months:
        columns |= {i: f"{months}{t[:-1]}" for i, t in enumerate(texts) if t in MONTH_HEADERS}
    return columns


def _template(workbook: Workbook) -> Extract | None:
    for sheet in workbook.sheets:
        found = _header_row(sheet, lambda t: t[:2] == ["编码", "指标名称"] and "本期累计值" in t)
        if found:
            index, texts = found
            return Extract("template", find_period(_title_texts(workbook, {sheet.name: index})),
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
    extract = Extract("targets", find_period(_title_texts(workbook, {sheet.name: index})),
                      _records(sheet, index, _mapped(texts, TARGET_FIELDS, months="path")))
    extract.baseline_records = _baseline_records(sheets.get(BASELINE_SHEET))
    return extract


def _baseline_records(sheet: Sheet | None) -> list[Record]:
    found = sheet and _header_row(sheet, lambda t: t[:2] == ["编码", "指标名称"] and "1月" in t)
    if not found:
        return []
    index, texts = found
    return _records(sheet, index, _mapped(texts, TARGET_FIELDS, months="ly"))


def _bureau_records(sheet: Sheet, header: headers.Header, year: int | None) -> list[Record]:
    """Records of one bureau table, each field read from the column `headers.pick` chose."""
    chosen = headers.pick(header, year)
    name = header.of("name")[0].index
    columns = {name: "name"} | {c.index: "unit" for c in header.of("unit")[:1]}
    columns |= {column.index: field for field, column in chosen.items()}
    after = min((c.index for c in header.columns if c.index > name), default=name + 1)
    return _records(sheet, header.last_row, columns, range(name + 1, after),
                    tags={field: column.tag for field, column in chosen.items()},
                    labels={field: column.label.replace("|", "·") for field, column in chosen.items()})


def _bureau(workbook: Workbook) -> Extract | None:
    tables = [(sheet, header) for sheet in workbook.sheets for header in [headers.read_header(sheet.rows)] if header]
    texts = _title_texts(workbook, {sheet.name: header.last_row for sheet, header in tables})
    period = find_period(texts + [c.label for _, header in tables for c in header.columns])
    records = [r for sheet, header in tables for block in header.blocks()
               for r in _bureau_records(sheet, block, period and period[0])]
    if not records:
        return None
    return Extract("bureau", period, records)


LAYOUTS = (_template, _targets, _bureau)


def extract(workbook: Workbook) -> Extract | None:
    """The first layout that recognises the workbook, or None when none does."""
    for layout in LAYOUTS:
        found = layout(workbook)
        if found:
            return found
    return None
