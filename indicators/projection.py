"""预计全年: a year-end projection from the months so far, and a plain verdict.

Pure functions; the method is documented in docs/progress.md.
"""
from __future__ import annotations

from dataclasses import dataclass

from common.kinds import PROJECTED_KINDS
from indicators import numbers, progress, settings as settings_mod
from indicators.progress import Target
from indicators.settings import Settings

BY_PROFILE = "按上年同期进度推算"
BY_RUN_RATE = "按当前进度线性推算"
BY_GROWTH = "按当前累计增速推算"
ON_TRACK = "预计可完成"
SHORT = "有差距"


@dataclass(frozen=True)
class Projection:
    value: float | None
    method: str = ""
    verdict: str = ""
    gap: float | None = None


def project_cumulative(value: float, month: int, last_year_month: float | None = None,
                       last_year_total: float | None = None) -> tuple[float, str]:
    """Year-end total: last year's share done by this month where known, else the run rate."""
    if last_year_month and last_year_total and last_year_month > 0:
        return value * last_year_total / last_year_month, BY_PROFILE
    return value * 12 / month, BY_RUN_RATE


def verdict(t: Target, projected: float, s: Settings) -> tuple[str, float | None]:
    """预计可完成, or 有差距 and how far below the target (less the 左右 tolerance) it falls."""
    floor = t.target - progress.tolerance(t, s)
    if projected >= floor - progress.EPSILON:
        return ON_TRACK, None
    return SHORT, t.target - projected


def project(t: Target, value: float | None, month: int | None, last_year_month: float | None = None,
            last_year_total: float | None = None, s: Settings | None = None) -> Projection:
    """The projection of one indicator, or an empty one where none can be made."""
    s = s or settings_mod.get()
    if t.kind not in PROJECTED_KINDS or value is None or not month or t.target is None:
        return Projection(None)
    if t.kind == "cumulative":
        projected, method = project_cumulative(value, month, last_year_month, last_year_total)
    else:
        projected, method = value, BY_GROWTH
    word, gap = verdict(t, projected, s)
    return Projection(projected, method, word, gap)


def verdict_text(p: Projection, unit: str) -> str:
    """预计可完成 / 有差距 3.2亿元 / '' — the sentence the views show."""
    if p.verdict == SHORT:
        return f"{SHORT} {numbers.difference(p.gap, unit)}"
    return p.verdict
