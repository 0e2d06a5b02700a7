"""Declared rules that turn extracted records into values, reporting every failure at once.

In: an Extract (loaders.layouts) and the catalog (code, name, unit, kind, target).
Out: a Checked with plain DataFrames (observations, notes, targets, paths) and the problems,
each naming file, sheet, Excel row, column and value.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import pandas as pd

from indicators import progress
from loaders import match, template
from loaders.errors import ERROR, WARNING, Problem
from loaders.layouts import Extract, Record
from loaders.read import FORMULA_NO_VALUE, parse_number

FIELD_BY_KIND = {"growth_rate": "growth", "qualitative": "status"}
FIELD_HEADERS = {"value": "本期累计值", "growth": "累计增速(%)", "status": "状态", "last_year": "上年同期",
                 "note": "情况说明", "target": "年度目标", "baseline": "2025年基数"}
BUREAU_HEADERS = {"value": "累计", "growth": "同比增长(%)"}
COUNT_UNITS = ("个", "家", "人", "场", "条", "套", "座", "项", "名", "台", "间", "例", "张", "户", "起", "所", "处")
NO_SAVED_VALUE = "公式没有保存的计算结果，请在Excel中打开并保存后再上传"
OBSERVATION_COLUMNS = ["code", "year", "month", "value", "text", "sheet", "row", "column"]


@dataclass
class Checked:
    period: tuple[int, int] | None
    observations: pd.DataFrame
    notes: pd.DataFrame
    targets: pd.DataFrame
    paths: pd.DataFrame
    problems: list[Problem] = field(default_factory=list)


class Context:
    """What the rules need to know: the file, the period, the catalog."""

    def __init__(self, filename: str, period: tuple[int, int], catalog: pd.DataFrame, layout: str = "template"):
        self.filename, self.period, self.layout = filename, period, layout
        self.headers = FIELD_HEADERS | (BUREAU_HEADERS if layout == "bureau" else {})
        self.catalog = catalog.set_index("code")
        self.index = match.name_index(catalog)
        self.problems: list[Problem] = []

    def flag(self, record: Record, column: str | None, value, message: str, level: str = ERROR) -> None:
        shown = None if value is None else str(value)
        self.problems.append(Problem(message, self.filename, record.sheet, record.row, column, shown, level))


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


def _number(ctx: Context, record: Record, name: str) -> float | None:
    """The record's cell `name` as a number; flags and returns None when it is not one."""
    column, raw = record.cells.get(name, (None, None))
    if raw is FORMULA_NO_VALUE:
        ctx.flag(record, column, "（公式）", NO_SAVED_VALUE)
        return None
    try:
        return parse_number(raw)
    except ValueError:
        ctx.flag(record, column, raw, f"“{ctx.headers.get(name, name)}”须为数字，不要带单位或文字")
        return None


def _status(ctx: Context, record: Record) -> str | None:
    column, raw = record.cells.get("status", (None, None))
    text = "" if raw is None else str(raw).strip()
    if text and text not in template.STATUS_CHOICES:
        ctx.flag(record, column, raw, f"状态须为 {'/'.join(template.STATUS_CHOICES)} 之一")
        return None
    return text or None


def _codes(ctx: Context, record: Record, layout: str) -> list[str]:
    """Which indicators a record fills: its 编码 in a template, its matched name otherwise."""
    if record.code:
        if record.code not in ctx.catalog.index:
            ctx.flag(record, "A", record.code, "编码不在指标目录中，请勿修改模板的“编码”列")
            return []
        return [record.code]
    codes = match.match(record.name, ctx.index)
    if not codes and layout == "bureau":
        ctx.flag(record, None, record.name, "未能匹配到方案中的指标，已跳过此行（如应匹配，请联系管理员添加别名）",
                 WARNING)
    return codes


def _misplaced(ctx: Context, record: Record, code: str, wanted: str) -> None:
    """A template row may fill only its own value column (plus 上年同期 and 情况说明)."""
    for name in ("value", "growth", "status"):
        column, raw = record.cells.get(name, (None, None))
        if name != wanted and raw not in (None, ""):
            ctx.flag(record, column, raw, f"该指标应填写“{FIELD_HEADERS[wanted]}”列，此列不应填写")


def _data_period(ctx: Context, record: Record, code: str) -> tuple[int, int] | None:
    """A quarterly figure in a May file is the 一季度 one: it is stored under March."""
    year, month = ctx.period
    if ctx.catalog.loc[code, "frequency"] != "quarterly":
        return ctx.period
    quarter = progress.reporting_month("quarterly", month)
    if quarter is None:
        ctx.flag(record, None, record.name, "季度指标在1-2月没有当期数据，已跳过此行", WARNING)
        return None
    return year, quarter


def _observation(ctx: Context, record: Record, code: str, layout: str) -> dict | None:
    kind = ctx.catalog.loc[code, "kind"]
    wanted = FIELD_BY_KIND.get(kind, "value")
    if layout == "template":
        _misplaced(ctx, record, code, wanted)
    column, raw = record.cells.get(wanted, (None, None))
    period = _data_period(ctx, record, code) if raw not in (None, "") else None
    if period is None:
        return None
    if wanted == "status":
        text = _status(ctx, record)
        return _row(code, period, None, text, record, column) if text else None
    value = _number(ctx, record, wanted)
    if value is None:
        return None
    if value < 0 and _is_count(ctx, code):
        ctx.flag(record, column, value, "数量不能为负数")
        return None
    return _row(code, period, value, None, record, column)


def _is_count(ctx: Context, code: str) -> bool:
    row = ctx.catalog.loc[code]
    return row["kind"] in ("zero_event", "decrease") or (row["kind"] == "cumulative" and row["unit"] in COUNT_UNITS)


def _row(code, period, value, text, record: Record, column) -> dict:
    year, month = period
    return {"code": code, "year": year, "month": month, "value": value, "text": text,
            "sheet": record.sheet, "row": record.row, "column": column}


def _last_year(ctx: Context, record: Record, code: str) -> dict | None:
    value = _number(ctx, record, "last_year")
    if value is None:
        return None
    year, month = ctx.period
    return _row(code, (year - 1, month), value, None, record, record.cells["last_year"][0])


def _note(ctx: Context, record: Record, code: str) -> dict | None:
    raw = record.cells.get("note", (None, None))[1]
    text = "" if raw is None else str(raw).strip()
    return {"code": code, "year": ctx.period[0], "month": ctx.period[1], "text": text} if text else None


def _duplicates(ctx: Context, rows: pd.DataFrame) -> pd.DataFrame:
    """The same indicator twice with different values is an error on every such row."""
    key = ["code", "year", "month"]
    if rows.empty:
        return rows
    distinct = rows.drop_duplicates(key + ["value", "text"])
    counts = distinct.groupby(key).size()
    differing = pd.Series(pd.MultiIndex.from_frame(rows[key]).isin(counts[counts > 1].index), index=rows.index)
    for r in rows[differing].itertuples():
        ctx.problems.append(Problem(f"指标 {r.code} 在文件中出现多次且数值不同", ctx.filename, r.sheet, r.row,
                                    r.column, str(r.value if r.text is None else r.text)))
    return rows[~differing].drop_duplicates(key)


def check_values(extract: Extract, catalog: pd.DataFrame, filename: str, period: tuple[int, int]) -> Checked:
    """Template and bureau layouts: one observation per indicator, plus 上年同期 and notes."""
    ctx = Context(filename, period, catalog, extract.layout)
    found, notes = [], []
    for record in extract.records:
        for code in _codes(ctx, record, extract.layout):
            found += [r for r in (_observation(ctx, record, code, extract.layout),
                                  _last_year(ctx, record, code)) if r]
            notes += [n for n in [_note(ctx, record, code)] if n]
    rows = _duplicates(ctx, pd.DataFrame(found, columns=OBSERVATION_COLUMNS))
    if rows.empty and not any(p.level == ERROR for p in ctx.problems):
        ctx.problems.append(Problem("文件中没有可识别的指标数值：请使用看板的填报模板或统计局月报表格式", filename))
    return Checked(period, rows, pd.DataFrame(notes, columns=["code", "year", "month", "text"]),
                   pd.DataFrame(columns=["code", "year", "target", "target_text", "source"]),
                   pd.DataFrame(columns=["code", "year", "month", "cumulative_target"]), ctx.problems)


def _target_rows(ctx: Context, record: Record, code: str) -> tuple[list, list, list]:
    """A 目标分解表 row: its target revision, its monthly path, and the 2025 year-end baseline."""
    year = ctx.period[0]
    target = _number(ctx, record, "target")
    source = str(record.cells.get("target_source", (None, ""))[1] or "").strip() or "目标分解表"
    targets = [{"code": code, "year": year, "target": target, "target_text": None, "source": source}] \
        if target is not None else []
    path = {m: _number(ctx, record, f"path{m}") for m in range(1, 13)}
    paths = [{"code": code, "year": year, "month": m, "cumulative_target": v} for m, v in path.items()
             if v is not None]
    baseline = _number(ctx, record, "baseline")
    observations = [_row(code, (year - 1, 12), baseline, None, record, record.cells["baseline"][0])] \
        if baseline is not None else []
    return targets, paths, observations


def _baseline_series(ctx: Context, record: Record, code: str) -> list[dict]:
    year = ctx.period[0] - 1
    values = {m: _number(ctx, record, f"ly{m}") for m in range(1, 13)}
    return [_row(code, (year, m), v, None, record, record.cells[f"ly{m}"][0]) for m, v in values.items()
            if v is not None]


def check_targets(extract: Extract, catalog: pd.DataFrame, filename: str, period: tuple[int, int]) -> Checked:
    """目标分解表: target revisions, monthly paths and last year's figures, all checked."""
    ctx = Context(filename, period, catalog)
    targets, paths, rows = [], [], []
    for record in extract.records:
        for code in _codes(ctx, record, extract.layout):
            t, p, o = _target_rows(ctx, record, code)
            targets, paths, rows = targets + t, paths + p, rows + o
    for record in extract.baseline_records:
        for code in _codes(ctx, record, extract.layout):
            rows += _baseline_series(ctx, record, code)
    observations = _duplicates(ctx, pd.DataFrame(rows, columns=OBSERVATION_COLUMNS))
    if not (targets or paths or rows) and not ctx.problems:
        ctx.problems.append(Problem("目标分解表中没有填写任何目标、分月目标或上年数", filename))
    return Checked(period, observations, pd.DataFrame(columns=["code", "year", "month", "text"]),
                   pd.DataFrame(targets, columns=["code", "year", "target", "target_text", "source"]),
                   pd.DataFrame(paths, columns=["code", "year", "month", "cumulative_target"]), ctx.problems)
