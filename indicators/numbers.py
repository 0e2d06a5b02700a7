"""Numbers as the plan and the bureaus write them: the one formatter of pages, slides and workbooks.

How many decimals a number gets follows from its unit alone:
- counts (家, 个, 人, 例 …: the counted units of loaders.units, the one list of them) are whole
  numbers: 2270例, never 2,270.0例; 万人次 is not a count (17.14万人次);
- rates (%, ‰, 个百分点) take one decimal, as the bureaus print them: 增长6.0%;
- amounts and everything else (亿元, 万亩, 元/月 …) up to two decimals, trailing zeros dropped, as the
  plan writes 17.14万人次, 98.7万亩, 500亿元 (FINE_UNITS, concentrations below one, get three).
No thousands separator: the plan writes 2270例 and 9534万元.

`number` writes a reported value; `mark` a level on a scale (target, 序时, 力争, ticks), which for a
count is rounded up, since 12.5家 due by now means 13 to be on track. Plotly formats, Excel number
formats and axis steps come from the same rules.
"""
from __future__ import annotations

import functools
import math
from decimal import ROUND_HALF_UP, Decimal

from indicators.progress import RATE_UNITS
from loaders import units
RATE_DECIMALS = 1
AMOUNT_DECIMALS = 2
FINE_UNITS = {"毫克/升": 3}
NONE = "—"
# float noise must not push a count's level up a whole number (12.000000001 stays 12)
EPSILON = 1e-9


def known_unit(unit: str | None) -> bool:
    """True for no unit and for a unit loaders.units knows: then it is written as a count, a rate or an amount
    by design, not by chance."""
    return not (unit or "").strip() or units.parse_unit(unit) is not None


@functools.lru_cache(maxsize=256)
def is_count(unit: str | None) -> bool:
    """True for units counted in whole things (家, 个, 例 …); 万人次 counts ten-thousands, so it is not."""
    parsed = units.parse_unit(unit) if (unit or "").strip() else None
    return parsed is not None and parsed.family == "count" and parsed.scale == 1


def is_rate(unit: str | None) -> bool:
    return (unit or "").strip() in RATE_UNITS


def decimals(unit: str | None) -> int:
    """How many decimals a value in `unit` gets (at most, for amounts)."""
    if is_count(unit):
        return 0
    if is_rate(unit):
        return RATE_DECIMALS
    return FINE_UNITS.get((unit or "").strip(), AMOUNT_DECIMALS)


def missing(value) -> bool:
    """None, NaN and pandas' NA are no number."""
    try:
        return value is None or math.isnan(float(value))
    except (TypeError, ValueError):
        return True


def _fixed(value: float, places: int, trim: bool) -> str:
    """四舍五入 on the decimal digits as written (2.5 → 3, 2.35 → 2.4), never "-0.0"."""
    rounded = Decimal(repr(value)).quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP)
    text = f"{rounded + 0:.{places}f}" if rounded else f"{0:.{places}f}"
    return text.rstrip("0").rstrip(".") if trim and "." in text else text


def number(value, unit: str | None) -> str:
    """A reported value without its unit: 2270 (例), 6.0 (%), 66.75 (亿元); — when there is none."""
    if missing(value):
        return NONE
    return _fixed(float(value), decimals(unit), trim=not is_rate(unit))


def with_unit(value, unit: str | None) -> str:
    """The value and its unit closed up, as Chinese text sets them: 2270例, 6.0%, 66.75亿元."""
    shown = number(value, unit)
    return shown if shown == NONE else shown + (unit or "")


def mark(value, unit: str | None) -> str:
    """A level on a scale (target, 序时, 力争, axis tick): trailing zeros dropped; a count rounded up
    to the whole number that reaches it."""
    if missing(value):
        return NONE
    value = float(value)
    if is_count(unit):
        return _fixed(math.ceil(value - EPSILON), 0, trim=True)
    return _fixed(value, decimals(unit), trim=True)


def mark_with_unit(value, unit: str | None) -> str:
    shown = mark(value, unit)
    return shown if shown == NONE else shown + (unit or "")


def difference(value, unit: str | None) -> str:
    """A gap between two values of `unit`: percentages differ by 个百分点 (0.9个百分点), others in the unit."""
    return with_unit(abs(float(value)), "个百分点" if unit == "%" else unit) if not missing(value) else NONE


def percent(share, places: int = 1) -> str:
    """A share (0.913) as 91.3%; — when there is none."""
    return NONE if missing(share) else _fixed(float(share) * 100, places, trim=False) + "%"


def plotly_format(unit: str | None, trim: bool = False) -> str:
    """The d3 format of plotly numbers and axis ticks: .0f for counts, .1f for rates, .2~f for amounts."""
    places = decimals(unit)
    trimmed = places > 0 and (trim or not is_rate(unit))
    return f".{places}{'~' if trimmed else ''}f"


def excel_format(unit: str | None) -> str:
    """The Excel (and PowerPoint chart) number format of a value in `unit`: 0, 0.0, 0.00."""
    places = decimals(unit)
    return "0" if places == 0 else "0." + "0" * places


def count_step(top: float, ticks: int = 6) -> int:
    """A whole-number axis step for counts up to `top`: 1, 2, 5, 10, 20, 50 … giving at most `ticks` steps."""
    scale = 1
    while True:
        for step in (scale, 2 * scale, 5 * scale):
            if top / step <= ticks:
                return step
        scale *= 10
