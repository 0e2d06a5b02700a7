"""The 红黄绿 progress rules: pure functions from a target and a reading to a status.

See docs/progress.md for the rules in words; every threshold comes from
`indicators.settings`.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from indicators import settings as settings_mod
from indicators.settings import Settings

GREEN, YELLOW, RED, GREY = "green", "yellow", "red", "grey"
STATUSES = (GREEN, YELLOW, RED, GREY)
STATUS_LABELS = {GREEN: "正常", YELLOW: "预警", RED: "滞后", GREY: "未报送"}
QUALITATIVE_STATUS = {"已完成": GREEN, "正常推进": GREEN, "进度滞后": YELLOW, "未完成": RED}
RATE_UNITS = ("%", "个百分点", "‰")
# statistics come with one or two decimals: float noise must not flip a status at a threshold
EPSILON = 1e-9


@dataclass(frozen=True)
class Target:
    """What the plan asks of one indicator (the catalog columns of the same names)."""
    kind: str
    comparator: str = ">="
    target: float | None = None
    unit: str = ""
    frequency: str = "monthly"
    higher_is_better: bool = True


@dataclass(frozen=True)
class Reading:
    """One period's figure: `value` (number), `text` (qualitative status), last year's same period."""
    value: float | None = None
    text: str | None = None
    last_year: float | None = None
    time_progress: float = 1.0


@dataclass(frozen=True)
class Outcome:
    status: str
    completion: float | None = None
    time_progress: float | None = None
    reason: str = field(default="")


def reporting_month(frequency: str, month: int) -> int | None:
    """The data month that stands for period `month`: None when none is due yet."""
    if frequency == "quarterly":
        return 3 * (month // 3) or None
    if frequency == "annual":
        return 12 if month == 12 else None
    return month


def time_progress(month: int, path: dict[int, float] | None = None, target: float | None = None) -> float:
    """序时进度 t(m): the monthly target path's share where one exists, else m/12."""
    if path and target and month in path:
        return path[month] / target
    return month / 12


def tolerance(t: Target, s: Settings) -> float:
    """How far a 左右 target may be missed, in the target's own unit (0 unless `~`)."""
    if t.comparator != "~" or t.target is None:
        return 0.0
    return s.about_points if t.unit in RATE_UNITS else abs(t.target) * s.about_share


def _at_least(value: float, floor: float) -> bool:
    return value >= floor - EPSILON


def _at_most(value: float, ceiling: float) -> bool:
    return value <= ceiling + EPSILON


def rate_status(t: Target, r: Reading, s: Settings) -> str:
    floor = t.target - tolerance(t, s)
    if _at_least(r.value, floor):
        return GREEN
    return YELLOW if _at_least(r.value, floor - s.growth_yellow_points) else RED


def cumulative_status(t: Target, r: Reading, s: Settings) -> str:
    expected = r.time_progress - tolerance(t, s) / t.target
    completion = r.value / t.target
    if _at_least(completion, expected):
        return GREEN
    return YELLOW if _at_least(completion, expected - s.cumulative_yellow_share) else RED


def ceiling_status(t: Target, r: Reading, s: Settings) -> str:
    if _at_most(r.value, t.target + tolerance(t, s)):
        return GREEN
    return YELLOW if _at_most(r.value, t.target * s.ceiling_yellow_ratio) else RED


def point_status(t: Target, r: Reading, s: Settings) -> str:
    if not t.higher_is_better:
        return ceiling_status(t, r, s)
    if _at_least(r.value, t.target - tolerance(t, s)):
        return GREEN
    return YELLOW if _at_least(r.value, t.target * s.point_yellow_ratio) else RED


def decrease_status(t: Target, r: Reading, s: Settings) -> str:
    if r.last_year is None:
        return GREY
    if r.value < r.last_year:
        return GREEN
    return YELLOW if r.value == r.last_year else RED


def zero_event_status(t: Target, r: Reading, s: Settings) -> str:
    return GREEN if r.value == 0 else RED


def qualitative_status(t: Target, r: Reading, s: Settings) -> str:
    return QUALITATIVE_STATUS.get((r.text or "").strip(), GREY)


RULES = {
    "growth_rate": rate_status,
    "cumulative": cumulative_status,
    "point": point_status,
    "ceiling": ceiling_status,
    "decrease": decrease_status,
    "zero_event": zero_event_status,
    "qualitative": qualitative_status,
}
WITH_COMPLETION = ("growth_rate", "cumulative", "point")
NUMERIC_KINDS = ("growth_rate", "cumulative", "point", "ceiling")


def _missing(t: Target, r: Reading) -> str:
    """Why no status can be given, or '' when the reading can be judged."""
    if t.kind == "qualitative":
        return "" if r.text else "未报送"
    if r.value is None:
        return "未报送"
    if t.kind in NUMERIC_KINDS and (t.target is None or (t.kind == "cumulative" and t.target == 0)):
        return "目标待定"
    if t.kind == "decrease" and r.last_year is None:
        return "缺上年同期数"
    return ""


def evaluate(t: Target, r: Reading, s: Settings | None = None) -> Outcome:
    """The status of one reading against its target (grey with a reason when it cannot be judged)."""
    s = s or settings_mod.get()
    tp = r.time_progress if t.kind == "cumulative" else None
    reason = _missing(t, r)
    if reason:
        return Outcome(GREY, None, tp, reason)
    completion = r.value / t.target if t.kind in WITH_COMPLETION and t.target else None
    return Outcome(RULES[t.kind](t, r, s), completion, tp)


def rollup(statuses) -> dict:
    """Counts of each colour, and the share on track among those reported (None if none)."""
    counts = Counter(statuses)
    result = {status: counts.get(status, 0) for status in STATUSES}
    reported = sum(result[c] for c in (GREEN, YELLOW, RED))
    result["total"] = reported + result[GREY]
    result["on_track_share"] = result[GREEN] / reported if reported else None
    return result
