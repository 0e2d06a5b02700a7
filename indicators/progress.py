"""The 红黄绿 progress rules: pure functions from a target and a reading to a status.

See docs/progress.md for the rules in words; every threshold comes from
`indicators.settings`.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from common.kinds import NUMERIC_KINDS, WITH_COMPLETION
from indicators import settings as settings_mod
from indicators.settings import Settings

GREEN, YELLOW, RED, GREY = "green", "yellow", "red", "grey"
STATUSES = (GREEN, YELLOW, RED, GREY)
STATUS_LABELS = {GREEN: "正常", YELLOW: "预警", RED: "滞后", GREY: "未报送"}
# Why a row is grey. 未报送 means a figure was due and did not come; 未到报送期 that none is due yet;
# 无基数 that a 持续下降 row has no figure of last year's same period to fall from (never 正常 without one).
MISSING, NOT_DUE, NO_TARGET, NO_BASE = "未报送", "未到报送期", "目标待定", "无基数"
GREY_REASONS = (MISSING, NOT_DUE, NO_TARGET, NO_BASE)
QUALITATIVE_STATUS = {"已完成": GREEN, "正常推进": GREEN, "进度滞后": YELLOW, "未完成": RED}
DONE = "已完成"
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
    result_month: int | None = None   # a yearly result arrives this month: nothing due before it
    due_month: int | None = None      # a milestone must be done by the end of this month


@dataclass(frozen=True)
class Reading:
    """One period's figure: `value` (number), `text` (reported status), last year's same period;
    for a milestone, whether it was reported 已完成 by then and whether its due month has passed."""
    value: float | None = None
    text: str | None = None
    last_year: float | None = None
    time_progress: float = 1.0
    done: bool = False
    overdue: bool = False


@dataclass(frozen=True)
class Outcome:
    status: str
    completion: float | None = None
    time_progress: float | None = None
    reason: str = field(default="")


def status_label(status: str, reason: str = "") -> str:
    """正常/预警/滞后, or for grey the reason in two to five words (未报送, 未到报送期, 目标待定 …)."""
    if status != GREY:
        return STATUS_LABELS[status]
    return reason if reason in GREY_REASONS else STATUS_LABELS[GREY]


def time_progress(month: int, path: dict[int, float] | None = None, target: float | None = None,
                  result_month: int | None = None) -> float:
    """序时进度 t(m): the monthly target path's share where one exists; else, for a result that arrives
    once a year, nothing before its month and all of it from then (a step); else m/12."""
    if path and target and month in path:
        return path[month] / target
    if result_month:
        return 1.0 if month >= result_month else 0.0
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


@dataclass(frozen=True)
class Edges:
    """Where green and where yellow begin, in the indicator's own unit; `higher` says which side is
    better. The rules judge by them and the gauges draw their colour bands from them."""
    green: float
    yellow: float
    higher: bool = True


def edges(t: Target, time_progress: float = 1.0, s: Settings | None = None) -> Edges | None:
    """The thresholds of a numeric kind with a target (None for the others)."""
    s = s or settings_mod.get()
    if t.target is None or t.kind not in NUMERIC_KINDS:
        return None
    tol = tolerance(t, s)
    if t.kind == "growth_rate":
        return Edges(t.target - tol, t.target - tol - s.growth_yellow_points)
    if t.kind == "cumulative":
        green = t.target * time_progress - tol
        return Edges(green, green - s.cumulative_yellow_share * t.target)
    if t.kind == "ceiling" or not t.higher_is_better:
        return Edges(t.target + tol, t.target * s.ceiling_yellow_ratio, higher=False)
    return Edges(t.target - tol, t.target * s.point_yellow_ratio)


def threshold_status(t: Target, r: Reading, s: Settings) -> str:
    """Green, yellow or red by the edges of the indicator's kind."""
    e = edges(t, r.time_progress, s)
    better = _at_least if e.higher else _at_most
    if better(r.value, e.green):
        return GREEN
    return YELLOW if better(r.value, e.yellow) else RED


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


def milestone_status(t: Target, r: Reading, s: Settings) -> str:
    """Done is green; past its due month and not done is red; before it, as reported."""
    if r.done or (r.text or "").strip() == DONE:
        return GREEN
    if r.overdue:
        return RED
    return QUALITATIVE_STATUS.get((r.text or "").strip(), GREY)


RULES = {
    "growth_rate": threshold_status,
    "cumulative": threshold_status,
    "point": threshold_status,
    "ceiling": threshold_status,
    "decrease": decrease_status,
    "zero_event": zero_event_status,
    "qualitative": qualitative_status,
    "milestone": milestone_status,
}


def _missing(t: Target, r: Reading) -> str:
    """Why no status can be given, or '' when the reading can be judged."""
    if t.kind == "milestone":
        return "" if r.text or r.done or r.overdue else MISSING
    if t.kind == "qualitative":
        return "" if r.text else MISSING
    if r.value is None:
        return MISSING
    if t.kind in NUMERIC_KINDS and (t.target is None or (t.kind == "cumulative" and t.target == 0)):
        return NO_TARGET
    if t.kind == "decrease" and r.last_year is None:
        return NO_BASE
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
