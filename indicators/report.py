"""Statuses for one period: store data through the progress rules, as plain DataFrames."""
from __future__ import annotations

import math

import pandas as pd

from indicators import progress, projection, store
from indicators.progress import GREEN, RED, YELLOW, Reading, Target

CN_QUARTERS = {3: "一季度", 6: "上半年", 9: "前三季度", 12: "全年"}
REPORT_COLUMNS = ["code", "area", "name", "unit", "target", "actual", "completion",
                  "time_progress", "status"]


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


def _num(value) -> float | None:
    return None if value is None or (isinstance(value, float) and math.isnan(value)) else float(value)


def _target(row) -> Target:
    return Target(kind=row.kind, comparator=row.comparator, target=_num(row.target), unit=row.unit,
                  frequency=row.frequency, higher_is_better=bool(row.higher_is_better))


def _lookup(frame: pd.DataFrame, column: str) -> dict:
    return {(r.code, int(r.month)): getattr(r, column) for r in frame.itertuples()}


def _paths(frame: pd.DataFrame) -> dict[str, dict[int, float]]:
    paths: dict[str, dict[int, float]] = {}
    for r in frame.itertuples():
        paths.setdefault(r.code, {})[int(r.month)] = r.cumulative_target
    return paths


def _last_year(code, data_month, prev_values, prev_baselines):
    value = _num(prev_values.get((code, data_month)))
    if value is None and data_month == 12:
        value = _num(prev_baselines.get(code))
    return value


def _context(cur, year: int) -> dict:
    """Everything the rules need for `year`, read once: values, texts, paths, last year, notes."""
    current = store.current_observations(cur, year)
    previous = store.current_observations(cur, year - 1)
    catalog = store.indicators_with_targets(cur, year)
    return {
        "catalog": catalog, "rows": list(catalog.itertuples()),
        "values": _lookup(current, "value"), "texts": _lookup(current, "text"),
        "demo": _lookup(current, "is_demo"), "paths": _paths(store.target_paths(cur, year)),
        "prev_values": _lookup(previous, "value"),
        "prev_baselines": dict(store.baselines(cur, year - 1)[["code", "value"]].itertuples(index=False)),
    }


def _table(ctx: dict, year: int, month: int) -> pd.DataFrame:
    catalog = ctx["catalog"]
    rows = [_evaluate_row(row, year, month, ctx) for row in ctx["rows"]]
    return pd.concat([catalog.reset_index(drop=True), pd.DataFrame(rows, index=range(len(catalog)))], axis=1)


def status_table(cur, year: int, month: int) -> pd.DataFrame:
    """One row per indicator for period `year`-`month`.

    Columns: the catalog's (code, area, name, unit, kind, target, stretch_target, target_label,
    lead_department, …) plus data_month, data_period, actual, actual_text, is_demo, last_year,
    completion, time_progress, status, reason, note, note_author, projected, projection_method,
    verdict."""
    table = _table(_context(cur, year), year, month)
    notes = store.notes(cur, year, month).rename(columns={"text": "note", "author": "note_author"})
    return table.merge(notes, on="code", how="left")


def status_matrix(cur, year: int, months) -> pd.DataFrame:
    """Long table of every indicator's status in each month: code, month, status."""
    ctx = _context(cur, year)
    cells = [(row.code, m, _evaluate_row(row, year, m, ctx)["status"]) for m in months for row in ctx["rows"]]
    return pd.DataFrame(cells, columns=["code", "month", "status"])


def matrix_grid(rows: pd.DataFrame, matrix: pd.DataFrame) -> pd.DataFrame:
    """`matrix` (code, month, status) for `rows` as a grid: one row per "编码 指标", one column per month."""
    labels = dict(zip(rows["code"], rows["code"] + " " + rows["name"]))
    wide = matrix[matrix["code"].isin(labels)].pivot(index="code", columns="month", values="status")
    return wide.reindex(list(labels)).rename(index=labels)


CHANGE_LABELS = {"newly_red": "新转滞后", "worse": "新转预警", "recovered": "恢复正常"}


def status_changes(now: pd.DataFrame, before: pd.DataFrame) -> pd.DataFrame:
    """What changed since the previous period: code, name, before, now, change (CHANGE_LABELS)."""
    joined = now[["code", "name", "status"]].merge(
        before[["code", "status"]], on="code", suffixes=("", "_before"))
    change = pd.Series("", index=joined.index)
    was = joined["status_before"]
    change[(joined["status"] == RED) & (was != RED)] = CHANGE_LABELS["newly_red"]
    change[(joined["status"] == YELLOW) & (was == GREEN)] = CHANGE_LABELS["worse"]
    change[(joined["status"] == GREEN) & was.isin([RED, YELLOW])] = CHANGE_LABELS["recovered"]
    return joined.assign(change=change)[change != ""].rename(columns={"status": "now", "status_before": "before"})


def _evaluate_row(row, year: int, month: int, ctx: dict) -> dict:
    t = _target(row)
    data_month = progress.reporting_month(t.frequency, month)
    key = (row.code, data_month)
    reading = Reading(
        value=_num(ctx["values"].get(key)), text=ctx["texts"].get(key),
        last_year=_last_year(row.code, data_month, ctx["prev_values"], ctx["prev_baselines"]),
        time_progress=progress.time_progress(data_month or month, ctx["paths"].get(row.code), t.target))
    outcome = progress.evaluate(t, reading)
    if not data_month:  # nothing is due yet: no 序时进度 to hold the indicator to
        outcome = progress.Outcome(progress.GREY, None, None, _not_due(t.frequency))
    reason = outcome.reason
    outlook = projection.project(t, reading.value, data_month, reading.last_year,
                                 _last_year(row.code, 12, ctx["prev_values"], ctx["prev_baselines"]))
    return {
        "data_month": data_month, "data_period": data_period_label(t.frequency, year, data_month),
        "actual": reading.value, "actual_text": reading.text, "is_demo": bool(ctx["demo"].get(key, False)),
        "last_year": reading.last_year, "completion": outcome.completion,
        "time_progress": outcome.time_progress, "status": outcome.status, "reason": reason,
        "projected": outlook.value, "projection_method": outlook.method,
        "verdict": projection.verdict_text(outlook, t.unit),
    }


def _not_due(frequency: str) -> str:
    return "年度指标，年末考核" if frequency == "annual" else "首个季度数据尚未发布"


def report_frame(cur, year: int, month: int) -> pd.DataFrame:
    """The CLI report: REPORT_COLUMNS, one row per indicator, rounded for reading."""
    table = status_table(cur, year, month)
    table["actual"] = table["actual"].where(table["actual"].notna(), table["actual_text"])
    frame = table[REPORT_COLUMNS].copy()
    for col in ("completion", "time_progress"):
        frame[col] = frame[col].astype(float).round(4)
    return frame


def status_if(row, year: int, month: int, value: float | None, text: str | None,
              last_year: float | None = None, path: dict[int, float] | None = None) -> str:
    """The status one catalog row would have at `year`-`month` with this value: what an upload would do."""
    t = _target(row)
    reading = Reading(value=value, text=text, last_year=last_year,
                      time_progress=progress.time_progress(month, path, t.target))
    return progress.evaluate(t, reading).status
