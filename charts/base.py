"""What every figure shares: the palette, number formatting, and the colour bands of the rules."""
from __future__ import annotations

import math

from indicators import progress, settings
from indicators.narrative import demo_mark
from indicators.progress import GREEN, GREY, NOT_DUE, RED, STATUS_LABELS, STATUSES, YELLOW

# Okabe-Ito shades: distinguishable with the common colour-vision deficiencies
STATUS_COLORS = {GREEN: "#009E73", YELLOW: "#E69F00", RED: "#D55E00", GREY: "#9E9E9E"}
# 未到报送期 is lighter than 未报送: nothing was due, so nothing is missing
NOT_DUE_COLOR = "#E4E4E4"
WORD_COLORS = {STATUS_LABELS[s]: STATUS_COLORS[s] for s in STATUSES} | {NOT_DUE: NOT_DUE_COLOR}
BAND_COLORS = {GREEN: "#CCEBE2", YELLOW: "#F8E3B8", RED: "#F4CDB7"}
FONT = "Noto Sans CJK SC, WenQuanYi Micro Hei, Microsoft YaHei, PingFang SC, sans-serif"
GAUGE_KINDS = ("growth_rate", "cumulative", "point", "ceiling")
THRESHOLD_COLOR = "#222222"
STRETCH_COLOR = "#3A3A3A"
GRID_COLOR = "#E6E6E6"
TEXT_COLOR = "#222222"


def _num(value) -> float | None:
    return None if value is None or (isinstance(value, float) and math.isnan(value)) else float(value)


def _bands(row, top: float) -> list[tuple[float, float, str]]:
    """(from, to, status) colour bands on the gauge axis: the rules' own edges (progress.edges)."""
    target = progress.Target(row["kind"], row["comparator"], _num(row["target"]), row["unit"],
                             higher_is_better=bool(row.get("higher_is_better", True)))
    e = progress.edges(target, time_share(row) or 1.0)
    if e is None:  # 持续下降, zero-event, qualitative, or a target still to be set: no bands to draw
        return []
    if not e.higher:
        return [(0, e.green, GREEN), (e.green, e.yellow, YELLOW), (e.yellow, top, RED)]
    if row["kind"] == "growth_rate":  # a growth rate may be negative: the red band goes below zero
        return [(min(0, 2 * e.yellow - e.green), e.yellow, RED), (e.yellow, e.green, YELLOW), (e.green, top, GREEN)]
    yellow = max(e.yellow, 0)
    return [(0, yellow, RED), (yellow, e.green, YELLOW), (e.green, top, GREEN)]


def _axis_top(value: float | None, target: float, stretch: float | None = None) -> float:
    return max(abs(target) * 1.3, (value or 0) * 1.1, (stretch or 0) * 1.08, 1e-9)


def fmt(value: float, digits: int = 4) -> str:
    """A number as the bureaus write it: up to `digits` significant digits, thousands with a comma."""
    if abs(value) >= 1000:
        return f"{value:,.0f}"
    return f"{value:.{digits}g}" if abs(value) >= 1e-4 else "0"


def word_color(word: str) -> str:
    """The fill of a status word (progress.status_label): grey for 目标待定 and 缺上年同期数."""
    return WORD_COLORS.get(word, STATUS_COLORS[GREY])


def unit_suffix(row) -> str:
    """What follows a number: the unit, % and ‰ closed up."""
    unit = row["unit"] or ""
    return unit if unit in ("%", "‰") else f" {unit}"


def number_suffix(row, value: float | None) -> str:
    """What follows a bullet's number: the unit and （示例） after a demo value."""
    return unit_suffix(row) + (demo_mark(row) if value is not None else "")


def shorten(text: str, limit: int) -> str:
    """`text` cut to `limit` characters, ending with … when cut."""
    return text if len(text) <= limit else text[:limit - 1] + "…"


def with_unit(value: float, unit: str | None) -> str:
    """66.75亿元, 5.5%: the number and its unit, no space (Chinese typesetting)."""
    return f"{fmt(value)}{unit or ''}"


def stretch_of(row) -> float | None:
    """The 力争 number of a row, or None."""
    return _num(row.get("stretch_target"))


def time_share(row) -> float | None:
    """序时进度 of a cumulative row (NaN from a DataFrame counts as none)."""
    return _num(row.get("time_progress")) if row["kind"] == "cumulative" else None


def marker_value(row) -> float:
    """The black line: 序时进度 (target × t) for cumulative rows, else the target itself."""
    target, share = _num(row["target"]), time_share(row)
    return target * share if share else target


def axis_range(row, value: float | None) -> tuple[float, float]:
    """(bottom, top) of the gauge axis: room for value, target and 力争 number."""
    target = _num(row["target"])
    top = _axis_top(value, target, stretch_of(row))
    if row["kind"] == "growth_rate":
        s = settings.get()
        return min(0.0, target - 2 * s.growth_yellow_points - 1, value or 0.0), top
    return min(0.0, value or 0.0), top


def stretch_step(row, bottom: float, top: float) -> list[dict]:
    """A thin dark band at the 力争 number (empty list when there is none)."""
    stretch = stretch_of(row)
    if stretch is None:
        return []
    half = (top - bottom) * 0.006
    return [{"range": [stretch - half, stretch + half], "color": STRETCH_COLOR}]
