"""Rows of a bureau 月报 -> observations. The name finds the candidate indicators (loaders.match);
the column and the unit decide which value feeds which: a growth rate feeds a growth indicator, an
amount in 亿元 an amount indicator (converted from 万元 where needed), 累计 before 本月. Two
indicators wanting the same value is a warning naming both, and nothing is stored for them."""
from __future__ import annotations

from loaders import match, units
from indicators import checks
from indicators.checks import Context
from common.errors import WARNING
from loaders.layouts import Record
from loaders.periods import Tag

FIGURES = ("value", "growth", "month_value", "month_growth")
_BLANK = (None, None)


def _present(record: Record, name: str) -> bool:
    return record.cells.get(name, (None, None))[1] is not None


def _has_figure(record: Record) -> bool:
    cells = record.cells
    for name in FIGURES:  # a loop, not any(): this runs for every row of every file
        if cells.get(name, _BLANK)[1] is not None:
            return True
    return False


def _options(ctx: Context, name: match.Name, unit, code: str) -> list[str]:
    """The fields this indicator may take from a row, best first ([] when none fits)."""
    row = ctx.rows[code]
    first_month = ctx.period[1] == 1  # in January, 本月 is 累计
    if row.kind == "qualitative":
        return []
    fits = unit is None or units.factor(unit, units.parse_unit(row.unit)) is not None
    if row.kind == "growth_rate":
        # the value column holds the rate when the row says so: a per-cent unit, or 增速 with no other unit
        rate = fits and ((unit is not None and unit.family == "percent") or name.growth)
        return ["growth"] + ["month_growth"] * first_month + (["value"] + ["month_value"] * first_month) * rate
    if name.growth or not fits:
        return []
    return ["value"] + ["month_value"] * (first_month or row.kind in ("point", "ceiling"))


def _assign(ctx: Context, record: Record, name: match.Name, unit, codes: list[str]) -> dict[str, str]:
    """code -> the field it takes; a field wanted by two codes goes to neither (with a warning)."""
    wanted = {}
    for code in codes:
        field = next((f for f in _options(ctx, name, unit, code) if _present(record, f)), None)
        if field:
            wanted.setdefault(field, []).append(code)
    for field, rivals in wanted.items():
        if len(rivals) > 1:
            ctx.flag(record, record.cells[field][0], record.name, f"该行同时符合 {ctx.indicator(rivals)}，无法确定"
                     "对应哪一项，此值未导入；请管理员在预览中为此名称指定指标", WARNING, rivals)
    return {rivals[0]: field for field, rivals in wanted.items() if len(rivals) == 1}


def _why_nothing(ctx: Context, record: Record, unit, codes: list[str]) -> None:
    """A matched row none of whose values fit its indicators: say why."""
    code = codes[0]
    row = ctx.rows[code]
    if row.kind == "qualitative":
        reason = "该指标为定性指标，按状态报送，月报中的数值不导入"
    elif unit is not None and units.factor(unit, units.parse_unit(row.unit)) is None:
        reason = f"文件中的单位“{record.unit or '（名称中）'}”与指标单位“{row.unit}”不符，未导入"
    elif any(_present(record, f) for f in ("month_value", "month_growth")):
        reason = "表中只有本月数，没有累计数，未导入"
    else:
        reason = "该行没有与此指标对应的数值列（增速或累计值），未导入"
    ctx.flag(record, None, record.name, reason, WARNING, code)


def _value(ctx: Context, record: Record, name: match.Name, unit, code: str, field: str) -> list[dict]:
    """The observation (and last year's same period) one indicator takes from one row."""
    column_tag = record.tags.get(field, Tag()).month
    # a column headed with the file's own period (1-5月 in a 1-5月 table) says nothing more
    tagged = name.tag.month or (column_tag if column_tag != ctx.stated[1] else None)
    period = checks.data_period(ctx, record, code, tagged)
    if period is None or checks.mark_no_data(ctx, record, field, code, period):
        return []
    value = checks.number(ctx, record, field, code)
    scale = 1.0 if field.endswith("growth") else units.factor(unit, units.parse_unit(ctx.rows[code].unit))
    if value is None:
        return []
    value = float(f"{value * scale:.12g}")
    column = record.cells[field][0]
    if not checks.plausible(ctx, record, column, code, value):
        return []
    found = [checks.observation(code, period, value, None, record, column)]
    return found + _last_year(ctx, record, code, field, period, scale)


def _last_year(ctx: Context, record: Record, code: str, field: str, period, scale: float) -> list[dict]:
    """A 上年同期 column feeds the amount indicator of the row (not its growth rate)."""
    if field.endswith("growth") or not _present(record, "last_year"):
        return []
    value = checks.number(ctx, record, "last_year", code)
    if value is None:
        return []
    last = (period[0] - 1, period[1])
    return [checks.observation(code, last, float(f"{value * scale:.12g}"), None, record, record.cells["last_year"][0])]


def rows(ctx: Context, records: list[Record]) -> tuple[list[dict], list[dict]]:
    """The observations of a bureau table's rows (and no notes: bureaus do not write 情况说明 in the
    table). Rows without a figure are section headings such as 一、工业, or left blank."""
    figured = [record for record in records if _has_figure(record)]
    found, missed = [], []  # missed: a run of unmatched rows, warned about together and in order
    names = match.parse_names([record.name for record in figured])
    for record, name, codes in zip(figured, names, match.candidates_of(names, ctx.index)):
        if not codes:
            missed.append((record, name))
            continue
        if missed:
            checks.unmatched(ctx, missed)
            missed = []
        found += _row(ctx, record, name, codes)
    checks.unmatched(ctx, missed)
    return found, []


def _row(ctx: Context, record: Record, name: match.Name, codes: list[str]) -> list[dict]:
    unit = units.parse_unit(record.unit) if record.unit else name.unit
    taken = _assign(ctx, record, name, unit, codes)
    if not taken and not ctx.has_problem(record):
        _why_nothing(ctx, record, unit, codes)
    return [o for code, field in taken.items() for o in _value(ctx, record, name, unit, code, field)]
