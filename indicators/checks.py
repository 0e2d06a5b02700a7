"""What every rule on an upload's values shares: the Context (file, period, catalog, name index, and
what was found so far), the period check, reading a cell as a number, 无数据 marks, the period a
value is stored under, and the plausibility checks of a number for its indicator."""
from __future__ import annotations

import functools
from datetime import date
from typing import NamedTuple

import pandas as pd

from loaders import frames, match, units
from common.errors import ERROR, WARNING, Problem, indicator_label
from loaders.layouts import Record
from loaders.periods import month_label
from loaders.read import FORMULA_NO_VALUE, is_no_data, parse_number
from common import periods

FIELD_HEADERS = {"value": "本期累计值", "growth": "累计增速(%)", "status": "状态", "last_year": "上年同期",
                 "note": "情况说明", "target": "年度目标", "baseline": "2025年基数"}
NO_SAVED_VALUE = "公式没有保存的计算结果，请在Excel中打开并保存后再上传"
NOT_MATCHED = "未能匹配到方案中的指标，已跳过此行"
# a real 月报 has a few dozen rows that are not plan targets; suggestions beyond these cost time for nothing
MAX_SUGGESTED = 60
QUARTERLY_STATISTICS = "统计局季报"


class Unmatched(NamedTuple):
    """A row whose name is no indicator's, as the preview offers it to an administrator."""
    sheet: str
    row: int
    name: str
    key: str                 # the name's matching key
    suggestions: tuple       # the nearest indicators' codes, best first (none past MAX_SUGGESTED rows)


class Context:
    """What the rules need to know (the file, the period, the catalog, the name index) and what they
    found so far (problems, cells marked 无数据, unmatched rows)."""

    def __init__(self, filename: str, period: tuple[int, int], catalog: pd.DataFrame, layout: str = "template",
                 aliases: pd.DataFrame | None = None, stated: tuple[int, int] | None = None):
        self.filename, self.period, self.layout = filename, period, layout
        self.stated = stated or period  # the period the file's title states (the clerk may choose another)
        self.index = match.build_index(catalog, aliases)
        self.rows = catalog_rows(catalog)
        self.problems: list[Problem] = []
        self.no_data: list[dict] = []
        self.unmatched: list[Unmatched] = []
        self.flagged: set[tuple[str, int]] = set()  # (sheet, row) of every flagged row

    def indicator(self, code: str | list[str] | None) -> str | None:
        """"A2-08 新签约项目数" (several joined by 、): how problems name the indicator."""
        if code is None:
            return None
        codes = [c for c in ([code] if isinstance(code, str) else code) if c in self.rows]
        return "、".join(indicator_label(c, self.rows[c].name) for c in codes) or None

    def flag(self, record: Record, column: str | None, value, message: str, level: str = ERROR,
             code: str | list[str] | None = None) -> None:
        shown = None if value is None else str(value)
        self.problems.append(Problem(message, self.filename, record.sheet, record.row, column, shown, level,
                                     self.indicator(code)))
        self.flagged.add((record.sheet, record.row))

    def has_problem(self, record: Record) -> bool:
        """Whether a problem was flagged on the record's row."""
        return (record.sheet, record.row) in self.flagged

    def header(self, record: Record, name: str) -> str:
        """The column's own header where the file has one, else the template's."""
        return record.labels.get(name) or FIELD_HEADERS.get(name, name)


def catalog_rows(catalog: pd.DataFrame) -> dict:
    """code -> the catalog's row as catalog.itertuples(index=False) gives it."""
    return {row.code: row for row in frames.records(catalog)}


def unmatched(ctx: Context, rows: list[tuple[Record, match.Name]]) -> None:
    """Rows whose name is no indicator's: a warning naming each row and the nearest indicators, and
    a place in the list an administrator ties to an indicator from the preview. All at once, and
    Problem directly, not ctx.flag: in a 月报 most rows are such rows."""
    suggested = max(0, MAX_SUGGESTED - len(ctx.unmatched))
    # the rows past the suggested share one empty tuple: thousands of empty lists are thousands of objects
    # for Python's collector to walk while the checked file is kept for its preview
    near = [match.nearest(name, ctx.index) for _, name in rows[:suggested]] + [()] * max(0, len(rows) - suggested)
    made = functools.partial(tuple.__new__, Unmatched)  # Unmatched(...) without its Python-level __new__
    ctx.unmatched += [made((record.sheet, record.row, record.name, name.key, tuple(codes)))
                      for (record, name), codes in zip(rows, near)]
    # the value shown is the row's name
    ctx.problems += [Problem(_not_matched(ctx, codes) if codes else NOT_MATCHED, ctx.filename, record.sheet,
                             record.row, None, record.name, WARNING) for (record, _), codes in zip(rows, near)]
    ctx.flagged.update((record.sheet, record.row) for record, _ in rows)


def _not_matched(ctx: Context, near: list[str]) -> str:
    listed = "、".join(indicator_label(c, ctx.index.names[c]) for c in near)
    return f"{NOT_MATCHED}；最接近的指标：{listed}（如确为其中一项，请管理员在预览中指定）"


def check_period(period: tuple[int, int] | None, filename: str, today: date) -> list[Problem]:
    """The period must exist, be a real month, and not lie in the future."""
    if period is None:
        return [Problem("无法确定数据期间：请在标题中写明如“2026年1-5月”，或上传时指定期间", filename)]
    year, month = period
    if not 1 <= month <= 12:
        return [Problem(f"数据期间 {year}年{month}月 不是有效月份", filename)]
    if (year, month) > (today.year, today.month):
        return [Problem(f"数据期间 {year}年1-{month}月 晚于当前日期，不能上报未来的数据", filename)]
    return []


def number(ctx: Context, record: Record, name: str, code: str | None = None) -> float | None:
    """The record's cell `name` as a number; flags it and returns None when it is not one."""
    column, raw = record.cells.get(name, (None, None))
    if raw is FORMULA_NO_VALUE:
        ctx.flag(record, column, "（公式）", NO_SAVED_VALUE, code=code)
        return None
    try:
        return parse_number(raw)
    except ValueError:
        ctx.flag(record, column, raw, f"“{ctx.header(record, name)}”须为数字，不要带单位或文字", code=code)
        return None


def mark_no_data(ctx: Context, record: Record, name: str, code: str, period: tuple[int, int]) -> bool:
    """A cell holding —, … or - (no figure published): listed in the preview, nothing stored."""
    column, raw = record.cells.get(name, (None, None))
    if not is_no_data(raw):
        return False
    ctx.no_data.append({"code": code, "name": ctx.rows[code].name, "year": period[0], "month": period[1],
                        "mark": str(raw),
                        "sheet": record.sheet, "row": record.row, "column": column})
    return True


def data_period(ctx: Context, record: Record, code: str, tagged: int | None = None) -> tuple[int, int] | None:
    """The period a value is stored under: the month its row or column states, else the file's. The
    statistics bureau publishes some figures only by quarter (GDP): such a figure in a May file, untagged,
    is the 一季度 one, stored under March. A department's own figure is the file's period's."""
    year, month = ctx.period
    if tagged:
        if tagged > month:
            ctx.flag(record, None, record.name, f"该行或该列标注的期间（{month_label(tagged)}）晚于文件的数据期间"
                                                f"（{month_label(month)}），请核对", code=code)
            return None
        return year, tagged
    if ctx.rows[code].figures_from != QUARTERLY_STATISTICS:
        return ctx.period
    quarter = periods.reporting_month("quarterly", month)
    if quarter is None:
        ctx.flag(record, None, record.name, "季度指标在1-2月没有当期数据，已跳过此行", WARNING, code)
        return None
    return year, quarter


def observation(code: str, period: tuple[int, int], value, text, record: Record, column) -> dict:
    year, month = period
    return {"code": code, "year": year, "month": month, "value": value, "text": text,
            "sheet": record.sheet, "row": record.row, "column": column}


def plausible(ctx: Context, record: Record, column: str | None, code: str, value: float) -> bool:
    """Counts are whole and never negative; events and 持续下降 figures are counts too."""
    row = ctx.rows[code]
    unit = units.parse_unit(row.unit)
    counted = row.kind in ("zero_event", "decrease") or (row.kind == "cumulative" and unit is not None
                                                           and unit.family == "count")
    if counted and value < 0:
        ctx.flag(record, column, f"{value:g}", "数量不能为负数", code=code)
        return False
    if counted and unit is not None and unit.scale == 1 and not float(value).is_integer():
        ctx.flag(record, column, f"{value:g}", f"个数应为整数（单位：{row.unit}）", code=code)
        return False
    return True
