"""The header of a bureau table, over one row or two: which column holds the names, the units, the
amounts (累计 or 本月), the growth rates and last year's figures, and the period each column states.

Bureaus write the same header many ways: 指标名称｜计量单位｜1-5月｜同比增长(%) on one row, or
1-5月 merged over 绝对值｜比上年同期增长（%） on two, 本月 and 累计 side by side, spaces inside
words (指  标, 单 位). A merged group cell arrives only in its first column, so a group label is
carried to the right over the sub-headers below it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from loaders.periods import CUMULATIVE, MONTHLY, Tag, plain, tag_of

NAME_WORDS = {"指标名称", "指标", "项目", "名称", "指标项目", "主要指标", "项目名称", "指标名", "指标名称及单位"}
UNIT_WORDS = {"单位", "计量单位"}
GROWTH = re.compile(r"增长|增速|增幅|增减|同比|±|比上年|比去年|比增")
LAST_YEAR = re.compile(r"上年|去年")
VALUE = re.compile(r"绝对值|绝对数|绝对量|数值|数额|总量|金额|完成|实绩|实际|本期|本年|当期|累计|数量|总额|合计|总计|本月|当月")
# columns that are not figures of the period: ranks, plans, progress against plan, notes
SKIP = re.compile(r"位次|排位|排名|名次|计划|目标|进度|备注|说明|序号|编码|代码|百分点|占全")
MAX_HEADER_ROW = 20


@dataclass(frozen=True)
class Column:
    """One recognised column: 0-based index, its composed label, what it holds, the period it states."""
    index: int
    label: str
    field: str
    tag: Tag


@dataclass(frozen=True)
class Header:
    """Where a table's header ends (0-based row index of its last row) and its columns."""
    last_row: int
    columns: list[Column]

    def of(self, field: str) -> list[Column]:
        return [c for c in self.columns if c.field == field]

    def blocks(self) -> list[Header]:
        """One header per names' column: a table printed twice side by side is two tables."""
        starts = [c.index for c in self.of("name")]
        ends = starts[1:] + [max(c.index for c in self.columns) + 1]
        return [Header(self.last_row, [c for c in self.columns if start <= c.index < end])
                for start, end in zip(starts, ends)]


def classify(label: str) -> str | None:
    """What a column with this (composed, plain) label holds, or None when it is not used."""
    if label in NAME_WORDS:
        return "name"
    if label in UNIT_WORDS:
        return "unit"
    if not label or SKIP.search(label):
        return None
    if GROWTH.search(label):
        return "growth"
    if LAST_YEAR.search(label):
        return "last_year"
    tag = tag_of(label)
    return "value" if tag.month or tag.scope or VALUE.search(label) else None


def _texts(cells: list) -> list[str]:
    return [plain(c) if isinstance(c, str) else "" for c in cells]


def _compose(group: list[str], sub: list[str], fixed: set[int]) -> list[str]:
    """group|sub labels, a group label carried right over the blank cells a merge left."""
    labels, carried = [], ""
    for i, (g, s) in enumerate(zip(group, sub)):
        if i in fixed:
            labels.append(g or s)
            carried = ""
            continue
        carried = g or carried
        labels.append(f"{carried}|{s}" if s and carried else (s or g))
    return labels


def _name_column(texts: list[str], headed: bool) -> int | None:
    """The names' column: headed 指标名称 or the like; else (`headed` False) the first column, when
    it has no header and at least two others are headed as units or figures."""
    if headed:
        return next((i for i, t in enumerate(texts) if classify(t) == "name"), None)
    figures = [i for i, t in enumerate(texts) if classify(t) in ("value", "growth", "unit")]
    return 0 if len(figures) >= 2 and not texts[0] else None


def _is_sub_row(texts: list[str], cells: list, name: int) -> bool:
    """A second header row: text only (no figures), blank under the names' header."""
    filled = [t for t in texts if t]
    return bool(filled) and not texts[name] and all(isinstance(c, str) or c is None for c in cells) \
        and any(classify(t) in ("value", "growth", "last_year") or t == "%" for t in filled)


def _columns(labels: list[str]) -> list[Column]:
    found = [Column(i, label, classify(label), tag_of(label)) for i, label in enumerate(labels)]
    return [c for c in found if c.field]


def read_header(rows: list[tuple[int, list]]) -> Header | None:
    """The header among a sheet's first rows: a names' column and at least one figure column.
    A row headed 指标名称 (or the like) is looked for first, a row without one only after."""
    for headed in (True, False):
        for index, (_, cells) in enumerate(rows[:MAX_HEADER_ROW]):
            texts = _texts(cells)
            name = _name_column(texts, headed)
            header = None if name is None else _two_rows(rows, index, texts, name) or _one_row(index, texts, name)
            if header and any(c.field in ("value", "growth") for c in header.columns):
                return header
    return None


def _fixed(texts: list[str], name: int) -> set[int]:
    """The columns no group label is carried over: names' and units' columns."""
    return {name} | {i for i, t in enumerate(texts) if classify(t) in ("name", "unit")}


def _one_row(index: int, texts: list[str], name: int) -> Header:
    labels = list(texts)
    labels[name] = "指标名称"
    return Header(index, _columns(labels))


def _two_rows(rows, index: int, texts: list[str], name: int) -> Header | None:
    """The names' row with a sub-header row below it, or with a group row above it."""
    if index + 1 < len(rows):
        below = rows[index + 1][1]
        if _is_sub_row(_texts(below), below, name):
            return _one_row(index + 1, _compose(texts, _texts(below), _fixed(texts, name)), name)
    if index > 0:
        above = _texts(rows[index - 1][1])
        if not above[name] and any(t and not t.startswith("单位") for t in above) \
                and any(classify(t) in ("value", "growth") for t in texts):
            return _one_row(index, _compose(above, texts, _fixed(texts, name)), name)
    return None


def pick(header: Header, year: int | None) -> dict[str, Column]:
    """The column each field is read from: 累计 before unscoped before 本月, the latest month first;
    本月 columns as month_value/month_growth; a value column of an earlier year is last year's."""
    chosen: dict[str, Column] = {}
    values = header.of("value")
    latest_year = max((c.tag.year for c in values if c.tag.year), default=year)
    earlier = [c for c in values if c.tag.year and latest_year and c.tag.year < latest_year]
    for field, columns in (("value", [c for c in values if c not in earlier]), ("growth", header.of("growth"))):
        _choose(chosen, field, columns)
    last = header.of("last_year") or earlier
    if last:
        chosen["last_year"] = _best(last)
    return chosen


def _choose(chosen: dict[str, Column], field: str, columns: list[Column]) -> None:
    running = [c for c in columns if c.tag.scope != MONTHLY]
    monthly = [c for c in columns if c.tag.scope == MONTHLY]
    if running:
        chosen[field] = _best(running)
    if monthly:
        chosen[f"month_{field}"] = _best(monthly)


def _best(columns: list[Column]) -> Column:
    """The explicitly cumulative column with the latest month; ties go to the leftmost."""
    return max(columns, key=lambda c: (c.tag.scope == CUMULATIVE, c.tag.month or 0, -c.index))
