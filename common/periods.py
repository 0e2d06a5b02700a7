"""The reporting calendar, written once: how a period is named (2026年1-5月, 2026年一季度) and which
data month is due by a given month. Pure functions that every layer may use."""
from __future__ import annotations

import math

CN_QUARTERS = {3: "一季度", 6: "上半年", 9: "前三季度", 12: "全年"}


def period_label(year: int, month: int | None) -> str:
    """2026年1-5月; 2026年1月; 2026年 when no month."""
    if not month:
        return f"{year}年"
    return f"{year}年1月" if month == 1 else f"{year}年1-{month}月"


def data_period_label(frequency: str, year: int, month: int | None) -> str:
    """The period a figure covers: quarterly figures say 一季度/上半年…, others 1-m月."""
    if frequency == "quarterly" and month in CN_QUARTERS:
        return f"{year}年{CN_QUARTERS[month]}"
    if frequency == "annual" and month == 12:
        return f"{year}年全年"
    return period_label(year, month)


def date_label(day) -> str:
    """A day as Chinese documents write it: 2026年6月9日."""
    return f"{day.year}年{day.month}月{day.day}日"


def reporting_month(frequency: str, month: int, result_month: int | None = None) -> int | None:
    """The data month that must have been reported by period `month`: None when none is due yet.
    A yearly result (认定结果) is due from the month it arrives in."""
    if result_month:
        return result_month if month >= result_month else None
    if frequency == "quarterly":
        return 3 * (month // 3) or None
    if frequency == "annual":
        return 12 if month == 12 else None
    return month


def _month(value) -> int | None:
    """A month read from a catalog row: None, NaN and pandas' NA are none."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    try:
        return int(value)
    except (TypeError, ValueError):  # pandas.NA
        return None


def due_month(row, month: int) -> int | None:
    """The data month a catalog row must have been reported for by period `month` (None: not yet)."""
    return reporting_month(row.frequency, month, _month(getattr(row, "result_month", None)))
