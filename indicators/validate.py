"""Declared rules that turn extracted records into values, reporting every failure at once.

In: an Extract (loaders.layouts), the catalog (code, name, unit, kind, frequency, target) and the
administrators' name aliases (alias, code). Out: a Checked with plain DataFrames (observations,
notes, targets, paths, cells marked 无数据, unmatched rows) and the problems, each naming file,
sheet, Excel row, column, value and indicator. Bureau rows are matched in indicators.bureau; what
every rule shares is in indicators.checks.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from common.workbook import STATUS_CHOICES
from loaders import match
from indicators import bureau
from indicators.checks import (FIELD_HEADERS, Context, Unmatched, check_period, data_period, mark_no_data,
                            number, observation, plausible, unmatched)
from common.errors import ERROR, Problem
from loaders.layouts import Extract, Record

__all__ = ["Checked", "check_period", "check_values", "check_targets"]

FIELD_BY_KIND = {"growth_rate": "growth", "qualitative": "status", "milestone": "status"}
OBSERVATION_COLUMNS = ["code", "year", "month", "value", "text", "sheet", "row", "column"]
NO_DATA_COLUMNS = ["code", "name", "year", "month", "mark", "sheet", "row", "column"]
NOTE_COLUMNS = ["code", "year", "month", "text"]
TARGET_COLUMNS = ["code", "year", "target", "target_text", "source"]
PATH_COLUMNS = ["code", "year", "month", "cumulative_target"]


@dataclass
class Checked:
    period: tuple[int, int] | None
    observations: pd.DataFrame
    notes: pd.DataFrame
    targets: pd.DataFrame
    paths: pd.DataFrame
    problems: list[Problem] = field(default_factory=list)
    no_data: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=NO_DATA_COLUMNS))
    # kept as records, not a frame: a 月报's thousands of names made into a frame cost more than its other
    # frames together, and the preview reads them one by one
    unmatched: list[Unmatched] = field(default_factory=list)


def _status(ctx: Context, record: Record, code: str) -> str | None:
    column, raw = record.cells.get("status", (None, None))
    text = "" if raw is None else str(raw).strip()
    if text and text not in STATUS_CHOICES:
        ctx.flag(record, column, raw, f"状态须为 {'/'.join(STATUS_CHOICES)} 之一", code=code)
        return None
    return text or None


def _codes(ctx: Context, record: Record) -> list[str]:
    """Which indicator a template or targets row fills: its 编码, or its name in a hand-made copy."""
    if record.code:
        if record.code not in ctx.rows:
            ctx.flag(record, "A", record.code, "编码不在指标目录中，请勿修改模板的“编码”列")
            return []
        return [record.code]
    name = match.parse_name(record.name)
    codes = match.candidates(name, ctx.index)[:1]
    if not codes and any(raw not in (None, "") for _, raw in record.cells.values()):
        unmatched(ctx, [(record, name)])  # a filled row of a hand-made copy is named, never dropped unsaid
    return codes


def _misplaced(ctx: Context, record: Record, code: str, wanted: str) -> None:
    """A template row may fill only its own value column (plus 上年同期 and 情况说明)."""
    for name in ("value", "growth", "status"):
        column, raw = record.cells.get(name, (None, None))
        if name != wanted and raw not in (None, ""):
            ctx.flag(record, column, raw, f"该指标应填写“{FIELD_HEADERS[wanted]}”列，此列不应填写", code=code)


def _template_observation(ctx: Context, record: Record, code: str) -> dict | None:
    wanted = FIELD_BY_KIND.get(ctx.rows[code].kind, "value")
    if ctx.layout == "template":
        _misplaced(ctx, record, code, wanted)
    column, raw = record.cells.get(wanted, (None, None))
    period = data_period(ctx, record, code) if raw not in (None, "") else None
    if period is None or mark_no_data(ctx, record, wanted, code, period):
        return None
    if wanted == "status":
        text = _status(ctx, record, code)
        return observation(code, period, None, text, record, column) if text else None
    value = number(ctx, record, wanted, code)
    if value is None or not plausible(ctx, record, column, code, value):
        return None
    return observation(code, period, value, None, record, column)


def _last_year(ctx: Context, record: Record, code: str) -> dict | None:
    value = number(ctx, record, "last_year", code)
    if value is None:
        return None
    year, month = ctx.period
    return observation(code, (year - 1, month), value, None, record, record.cells["last_year"][0])


def _note(ctx: Context, record: Record, code: str) -> dict | None:
    raw = record.cells.get("note", (None, None))[1]
    text = "" if raw is None else str(raw).strip()
    return {"code": code, "year": ctx.period[0], "month": ctx.period[1], "text": text} if text else None


def _duplicates(ctx: Context, rows: pd.DataFrame) -> pd.DataFrame:
    """One indicator and period from two rows of the file is an error on each of them."""
    key = ["code", "year", "month"]
    keys = list(zip(*(rows[k] for k in key)))
    if len(set(keys)) == len(keys):  # as almost always: no need of pandas' slower look
        return rows
    twice = rows.duplicated(key, keep=False)
    for r in rows[twice].itertuples():
        others = sorted({int(o) for o in rows.loc[twice & (rows["code"] == r.code) & (rows["month"] == r.month)
                                                  & (rows["year"] == r.year), "row"]} - {r.row})
        ctx.problems.append(Problem(f"同一指标同一期间在文件中出现多次（另见第 {'、'.join(map(str, others))} 行），"
                                    "请删除重复的行", ctx.filename, r.sheet, r.row, r.column,
                                    str(r.value if r.text is None else r.text), ERROR, ctx.indicator(r.code)))
    return rows[~twice]


def _template_rows(ctx: Context, records: list[Record]) -> tuple[list[dict], list[dict]]:
    found, notes = [], []
    for record in records:
        for code in _codes(ctx, record):
            found += [r for r in (_template_observation(ctx, record, code), _last_year(ctx, record, code)) if r]
            notes += [n for n in [_note(ctx, record, code)] if n]
    return found, notes


def check_values(extract: Extract, catalog: pd.DataFrame, filename: str, period: tuple[int, int],
                 aliases: pd.DataFrame | None = None) -> Checked:
    """Template and bureau layouts: one observation per indicator, plus 上年同期 and notes."""
    ctx = Context(filename, period, catalog, extract.layout, aliases, extract.period)
    read = bureau.rows if extract.layout == "bureau" else _template_rows
    found, notes = read(ctx, extract.records)
    rows = _duplicates(ctx, pd.DataFrame(found, columns=OBSERVATION_COLUMNS))
    if rows.empty and not ctx.no_data and not any(p.level == ERROR for p in ctx.problems):
        ctx.problems.append(Problem("文件中没有可识别的指标数值：请使用看板的填报模板或统计局月报表格式", filename))
    return _checked(ctx, rows, notes)


def _checked(ctx: Context, rows: pd.DataFrame, notes: list, targets: list = (), paths: list = ()) -> Checked:
    return Checked(ctx.period, rows, pd.DataFrame(notes, columns=NOTE_COLUMNS),
                   pd.DataFrame(list(targets), columns=TARGET_COLUMNS), pd.DataFrame(list(paths), columns=PATH_COLUMNS),
                   ctx.problems, pd.DataFrame(ctx.no_data, columns=NO_DATA_COLUMNS),
                   ctx.unmatched)


def _entered(ctx: Context, code: str, target: float) -> str | None:
    """How a target the plan left to a higher level reads once entered: 35微克/立方米（完成岳阳市下达目标）."""
    row = ctx.rows[code]
    return f"{target:g}{row.unit}（{row.target_text}）" if getattr(row, "target_pending", False) else None


def _target_rows(ctx: Context, record: Record, code: str) -> tuple[list, list, list]:
    """A 目标分解表 row: its target revision, its monthly path, and the 2025 year-end baseline."""
    year = ctx.period[0]
    target = number(ctx, record, "target", code)
    source = str(record.cells.get("target_source", (None, ""))[1] or "").strip() or "目标分解表"
    targets = [{"code": code, "year": year, "target": target, "target_text": _entered(ctx, code, target),
                 "source": source}] if target is not None else []
    path = {m: number(ctx, record, f"path{m}", code) for m in range(1, 13)}
    paths = [{"code": code, "year": year, "month": m, "cumulative_target": v} for m, v in path.items()
             if v is not None]
    baseline = number(ctx, record, "baseline", code)
    observations = [observation(code, (year - 1, 12), baseline, None, record, record.cells["baseline"][0])] \
        if baseline is not None else []
    return targets, paths, observations


def _baseline_series(ctx: Context, record: Record, code: str) -> list[dict]:
    year = ctx.period[0] - 1
    values = {m: number(ctx, record, f"ly{m}", code) for m in range(1, 13)}
    return [observation(code, (year, m), v, None, record, record.cells[f"ly{m}"][0]) for m, v in values.items()
            if v is not None]


def check_targets(extract: Extract, catalog: pd.DataFrame, filename: str, period: tuple[int, int],
                  aliases: pd.DataFrame | None = None) -> Checked:
    """目标分解表: target revisions, monthly paths and last year's figures, all checked."""
    ctx = Context(filename, period, catalog, extract.layout, aliases)
    targets, paths, rows = [], [], []
    for record in extract.records:
        for code in _codes(ctx, record):
            t, p, o = _target_rows(ctx, record, code)
            targets += t
            paths += p
            rows += o
    for record in extract.baseline_records:
        for code in _codes(ctx, record):
            rows += _baseline_series(ctx, record, code)
    observations = _duplicates(ctx, pd.DataFrame(rows, columns=OBSERVATION_COLUMNS))
    if not (targets or paths or rows) and not ctx.problems:
        ctx.problems.append(Problem("目标分解表中没有填写任何目标、分月目标或上年数", filename))
    return _checked(ctx, observations, [], targets, paths)
