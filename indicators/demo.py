"""示例数据: seeded, plausible 2025 baselines and 2026 monthly values.

Every value lands through a demo upload (`uploads.is_demo`), so the views
label it 示例数据 until a real upload replaces it. Each indicator draws a
"performance" (ahead, near, behind) so that the demo shows all colours.
"""
from __future__ import annotations

import zlib

import numpy as np
import pandas as pd

from indicators import numbers, store
from common import periods

DEMO_LAST_MONTH = 10  # 1-10月 is the latest release at the end of November
DEMO_FILENAME = "示例数据（系统生成）"
DEMO_USER = "示例数据"
PERFORMANCE = {"ahead": (1.05, 1.15), "near": (0.90, 0.98), "behind": (0.70, 0.86)}
PERFORMANCE_ODDS = {"ahead": 0.62, "near": 0.24, "behind": 0.14}
QUALITATIVE_TEXT = {"ahead": "正常推进", "near": "进度滞后", "behind": "未完成"}
# share of the year's amount done by the end of each month (a typical county profile)
SEASONAL = np.array([0.07, 0.15, 0.23, 0.31, 0.40, 0.49, 0.57, 0.66, 0.74, 0.83, 0.91, 1.0])


def _rng(seed: int, code: str) -> np.random.Generator:
    return np.random.default_rng([seed, zlib.crc32(code.encode())])


def _performance(rng) -> str:
    return rng.choice(list(PERFORMANCE_ODDS), p=list(PERFORMANCE_ODDS.values()))


def _months(frequency: str, result_month=None) -> list[int]:
    """Months with a release: 1-2月 is the first monthly release; quarters at quarter ends; a yearly
    result from the month it arrives."""
    result = None if result_month is None or pd.isna(result_month) else int(result_month)
    months = [m for m in range(2, 13) if periods.reporting_month(frequency, m, result) == m]
    return [m for m in months if m <= DEMO_LAST_MONTH]


def _milestone(perf: str, due: int, month: int) -> str:
    """A deliverable done on time (ahead), a month late (near), or not done (behind)."""
    if perf == "ahead":
        return "已完成" if month >= due else "正常推进"
    if perf == "near":
        return "已完成" if month > due else "进度滞后"
    return "未完成" if month > due else ("进度滞后" if month >= due - 2 else "正常推进")


def _growth(target, factor, rng, months):
    level = target * factor + rng.normal(0, 0.2)
    return [round(level + rng.normal(0, 0.3) + 0.4 * (1 - m / 12), 1) for m in months]


def _cumulative(target, factor, rng, months, whole=False):
    values = [target * SEASONAL[m - 1] * factor * rng.uniform(0.97, 1.03) for m in months]
    return [float(round(v)) if whole else round(v, 2) for v in values]


def _counts_whole_things(indicator) -> bool:
    """个/家/条/套 are counted in whole numbers (numbers.COUNT_UNITS); 亿元, 万亩, 公里 are not."""
    return numbers.is_count(indicator.unit)


def _whole(values: list[float], indicator) -> list[float]:
    """Counts rounded to whole things: a demo never shows 3.11个."""
    return [float(round(v)) for v in values] if _counts_whole_things(indicator) else values


def _point(target, factor, rng, months):
    return [round(target * min(factor, 1.04) + rng.normal(0, abs(target) * 0.004), 2) for _ in months]


def _ceiling(target, factor, rng, months):
    # behind → 5-10% over the ceiling, near → just over, ahead → a little under
    return [round(target * (1 + (1 - factor) * 0.35) + rng.normal(0, 0.02), 2) for _ in months]


VALUE_MAKERS = {"growth_rate": _growth, "point": _point, "ceiling": _ceiling}


def values_2026(indicator, seed: int) -> list[dict]:
    """Demo rows (code, year, month, value, text) for one catalog row."""
    rng = _rng(seed, indicator.code)
    perf = _performance(rng)
    factor = rng.uniform(*PERFORMANCE[perf])
    months = _months(indicator.frequency, getattr(indicator, "result_month", None))
    if indicator.kind == "milestone":
        return [_row(indicator.code, m, None, _milestone(perf, int(indicator.due_month), m)) for m in months]
    if indicator.kind == "qualitative":
        return [_row(indicator.code, m, None, QUALITATIVE_TEXT[perf] if m > 2 else "正常推进") for m in months]
    if indicator.kind == "zero_event":
        events = 1 if perf == "behind" and rng.random() < 0.5 else 0
        return [_row(indicator.code, m, float(events if m >= 6 else 0)) for m in months]
    if indicator.kind == "decrease":
        return [_row(indicator.code, m, v) for m, v in zip(months, _events(rng, months, factor))]
    target = indicator.target
    if target is None or pd.isna(target):
        return []
    if indicator.kind == "cumulative":
        values = _cumulative(target, factor, rng, months, whole=_counts_whole_things(indicator))
    else:
        values = _whole(VALUE_MAKERS[indicator.kind](target, factor, rng, months), indicator)
    if indicator.unit == "%" and indicator.kind == "point":
        values = [min(v, 100.0) for v in values]  # a share or completion rate cannot pass 100%
    return [_row(indicator.code, m, v) for m, v in zip(months, values)]


def _events(rng, months, factor, year_factor=1.0):
    """A cumulative count of events (deaths, incidents) through the year."""
    monthly = rng.poisson(1.6 * year_factor * (2 - factor), size=12).cumsum()
    return [float(monthly[m - 1]) for m in months]


def values_2025(indicator, seed: int) -> list[dict]:
    """Last year's monthly series: for 持续下降 comparisons and seasonal profiles."""
    rng = _rng(seed + 2025, indicator.code)
    months = [m for m in range(2, 13) if periods.reporting_month(indicator.frequency, m) == m]
    if indicator.kind == "decrease":
        values = _events(_rng(seed, indicator.code), months, 1.0, year_factor=1.25)
    elif indicator.kind == "cumulative" and not pd.isna(indicator.target):
        values = _cumulative(indicator.target / 1.07, 1.0, rng, months, whole=_counts_whole_things(indicator))
    else:
        return []
    return [_row(indicator.code, m, v, year=2025) for m, v in zip(months, values)]


def _row(code, month, value, text=None, year=2026) -> dict:
    return {"code": code, "year": year, "month": month, "value": value, "text": text}


def baseline_2025(indicator) -> float | None:
    """A plausible 2025 year-end figure beside each numeric target."""
    target = indicator.target
    if target is None or pd.isna(target):
        return None
    shift = {"growth_rate": 1.0, "cumulative": 1 / 1.07, "point": 0.97, "ceiling": 0.96}
    return _whole([round(target * shift.get(indicator.kind, 1.0), 2)], indicator)[0]


def frames(catalog: pd.DataFrame, seed: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(observations, baselines) for the whole catalog (columns as store.add_observations/add_baselines)."""
    rows = [r for ind in catalog.itertuples() for r in values_2025(ind, seed) + values_2026(ind, seed)]
    base = [{"code": ind.code, "year": 2025, "value": baseline_2025(ind)} for ind in catalog.itertuples()]
    observations = pd.DataFrame(rows, columns=["code", "year", "month", "value", "text"])
    baselines = pd.DataFrame(base).dropna(subset=["value"])
    return observations, baselines


def load(cur, catalog: pd.DataFrame, seed: int) -> int:
    """Write the demo data through one demo upload; returns the number of values written."""
    observations, baselines = frames(catalog, seed)
    upload = store.add_upload(cur, DEMO_FILENAME, DEMO_USER, is_demo=True, note="示例数据，非真实统计数据")
    store.add_baselines(cur, baselines, source=DEMO_FILENAME, upload_id=upload)
    return store.add_observations(cur, upload, observations)
