"""Statuses for one period: store data through the progress rules, as plain DataFrames."""
from __future__ import annotations


import pandas as pd

from common.kinds import NUMERIC_KINDS
from common.values import num
from indicators import progress, projection, store, verification
from loaders import frames
from indicators.progress import GREEN, RED, YELLOW, Reading, Target
from common.periods import data_period_label
from common import periods

REPORT_COLUMNS = ["code", "area", "name", "unit", "target", "actual", "completion",
                  "time_progress", "status", "reason"]




def _month(value) -> int | None:
    number = num(value)
    return None if number is None else int(number)


# what evaluate_row reads of a catalog row: context's rows carry these alone
RULE_COLUMNS = ["code", "kind", "comparator", "target", "unit", "frequency", "higher_is_better", "result_month",
                "due_month"]


def _target(row) -> Target:
    return Target(kind=row.kind, comparator=row.comparator, target=num(row.target), unit=row.unit,
                  frequency=row.frequency, higher_is_better=bool(row.higher_is_better),
                  result_month=_month(getattr(row, "result_month", None)),
                  due_month=_month(getattr(row, "due_month", None)))


def _paths(frame: pd.DataFrame) -> dict[str, dict[int, float]]:
    paths: dict[str, dict[int, float]] = {}
    for code, month, target in zip(*(frame[c].tolist() for c in ("code", "month", "cumulative_target"))):
        paths.setdefault(code, {})[int(month)] = target
    return paths


def _last_year(code, data_month, prev_values, prev_baselines):
    value = num(prev_values.get((code, data_month)))
    if value is None and data_month == 12:
        value = num(prev_baselines.get(code))
    return value


def _reported_months(values: dict, texts: dict) -> dict[str, list[int]]:
    """code -> the months of the year that hold a figure or a status, ascending."""
    months: dict[str, set[int]] = {}
    for (code, month), value in values.items():
        if num(value) is not None or isinstance(texts.get((code, month)), str):
            months.setdefault(code, set()).add(month)
    return {code: sorted(found) for code, found in months.items()}


def context(cur, year: int, without_demo: bool = False, catalog: pd.DataFrame | None = None) -> dict:
    """Everything the rules need for `year`, read once: values, texts, paths, last year, notes.

    `without_demo` leaves demo values out: what the store will hold once a real upload clears them.
    `catalog`: store.indicators_with_targets(cur, year) when the caller has it already."""
    catalog = store.indicators_with_targets(cur, year) if catalog is None else catalog
    ctx = {"catalog": catalog, "rows": frames.records(catalog, RULE_COLUMNS),
           "paths": _paths(store.target_paths(cur, year)),
           # a reported 12月 figure stands before the stored baseline: _last_year looks at prev_values first
           "prev_baselines": store.stored_baselines(cur, year - 1, without_demo=without_demo),
           **_lookups(store.current_rows(cur, year - 1, year, without_demo=without_demo), year)}
    ctx["months"] = _reported_months(ctx["values"], ctx["texts"])
    return ctx


def _lookups(rows: list[tuple], year: int) -> dict[str, dict]:
    """(code, month) -> value, text and demo flag of `year`, and value and text of the year before, from
    store.current_rows."""
    found = {name: {} for name in ("values", "texts", "demo", "prev_values", "prev_texts")}
    values, texts, demo, prev_values, prev_texts = found.values()
    for y, code, month, value, text, _revision, _upload, is_demo in rows:
        if y == year:
            values[code, month], texts[code, month], demo[code, month] = value, text, is_demo
        else:
            prev_values[code, month], prev_texts[code, month] = value, text
    return found


def overlay(ctx: dict, rows: list, year: int) -> dict:
    """A copy of `ctx` with incoming values laid over it (rows: records with code, year, month, value,
    text): what the store will say once they land. Last year's rows feed the same-period comparisons."""
    laid = dict(ctx, values=dict(ctx["values"]), texts=dict(ctx["texts"]), demo=dict(ctx["demo"]),
                prev_values=dict(ctx["prev_values"]), prev_texts=dict(ctx["prev_texts"]))
    for row in rows:
        code, y, month, value, text = row.code, row.year, row.month, row.value, row.text
        key = (code, int(month))
        if int(y) == year - 1:
            laid["prev_values"][key], laid["prev_texts"][key] = value, text
        elif int(y) == year:
            laid["values"][key], laid["texts"][key], laid["demo"][key] = value, text, False
    laid["months"] = _reported_months(laid["values"], laid["texts"])
    return laid


def _table(ctx: dict, year: int, month: int) -> pd.DataFrame:
    catalog = ctx["catalog"]
    rows = [evaluate_row(row, year, month, ctx) for row in ctx["rows"]]
    return pd.concat([catalog.reset_index(drop=True), pd.DataFrame(rows, index=range(len(catalog)))], axis=1)


def status_table(cur, year: int, month: int) -> pd.DataFrame:
    """One row per indicator for period `year`-`month`.

    Columns: the catalog's (code, area, name, unit, kind, target, stretch_target, target_label,
    lead_department, …) plus data_month, data_period, actual, actual_text, is_demo, last_year,
    completion, time_progress, status, reason, note, note_author, projected, projection_method,
    verdict, doubted."""
    table = _table(context(cur, year), year, month)
    notes = store.notes(cur, year, month).rename(columns={"text": "note", "author": "note_author"})
    return _with_doubts(cur, table.merge(notes, on="code", how="left"), year)


def _with_doubts(cur, table: pd.DataFrame, year: int) -> pd.DataFrame:
    """`doubted`: the shown value carries the 督查室's 核验有疑问 until the doubt is resolved."""
    found = verification.doubted(cur, year)
    doubts = set(zip(found["code"].tolist(), found["month"].tolist()))
    return table.assign(doubted=[(code, month) in doubts
                                 for code, month in zip(table["code"].tolist(), table["data_month"].tolist())])


def status_matrix(cur, year: int, months) -> pd.DataFrame:
    """Long table of every indicator's status in each month: code, month, status, reason."""
    ctx = context(cur, year)
    cells = []
    for m in months:
        for row in ctx["rows"]:
            judged = evaluate_row(row, year, m, ctx)
            cells.append((row.code, m, judged["status"], judged["reason"]))
    return pd.DataFrame(cells, columns=["code", "month", "status", "reason"])


def matrix_grid(rows: pd.DataFrame, matrix: pd.DataFrame) -> pd.DataFrame:
    """`matrix` (code, month, status) for `rows` as a grid: one row per "编码 指标", one column per month."""
    labels = dict(zip(rows["code"], rows["code"] + " " + rows["name"]))
    wide = matrix[matrix["code"].isin(labels)].pivot(index="code", columns="month", values="status")
    return wide.reindex(list(labels)).rename(index=labels)


STATUS_CHANGE_LABELS = {"newly_red": "新转滞后", "worse": "新转预警", "recovered": "恢复正常"}


def status_changes(now: pd.DataFrame, before: pd.DataFrame) -> pd.DataFrame:
    """What changed since the previous period: code, name, before, now, change (STATUS_CHANGE_LABELS)."""
    joined = now[["code", "name", "status"]].merge(
        before[["code", "status"]], on="code", suffixes=("", "_before"))
    change = pd.Series("", index=joined.index)
    was = joined["status_before"]
    change[(joined["status"] == RED) & (was != RED)] = STATUS_CHANGE_LABELS["newly_red"]
    change[(joined["status"] == YELLOW) & (was == GREEN)] = STATUS_CHANGE_LABELS["worse"]
    change[(joined["status"] == GREEN) & was.isin([RED, YELLOW])] = STATUS_CHANGE_LABELS["recovered"]
    return joined.assign(change=change)[change != ""].rename(columns={"status": "now", "status_before": "before"})


def data_month(code: str, t: Target, month: int, ctx: dict) -> int | None:
    """The month whose figure stands for period `month`: the latest one reported by then, whatever
    the indicator's frequency, unless a later figure was due (then there is none: 未报送)."""
    reported = max((m for m in ctx["months"].get(code, ()) if m <= month), default=None)
    due = periods.reporting_month(t.frequency, month, t.result_month)
    if reported is None or (due is not None and reported < due):
        return None
    return reported


def _reading(row, t: Target, shown: int | None, month: int, ctx: dict) -> Reading:
    key = (row.code, shown)
    done = t.kind == "milestone" and any(ctx["texts"].get((row.code, m)) == progress.DONE for m in range(1, month + 1))
    return Reading(
        value=num(ctx["values"].get(key)), text=ctx["texts"].get(key),
        last_year=_last_year(row.code, shown, ctx["prev_values"], ctx["prev_baselines"]),
        time_progress=progress.time_progress(shown or month, ctx["paths"].get(row.code), t.target, t.result_month),
        done=done, overdue=bool(t.due_month and month > t.due_month))


def _unjudged(t: Target, month: int) -> str:
    """Why a row with nothing reported is grey: its target is still to be set, a figure was due, or not yet."""
    if t.kind in NUMERIC_KINDS and t.target is None:
        return progress.NO_TARGET
    return progress.MISSING if periods.reporting_month(t.frequency, month, t.result_month) else progress.NOT_DUE


def evaluate_row(row, year: int, month: int, ctx: dict) -> dict:
    """The one evaluator: one catalog row's status for period `month` from a context (`context`,
    or `overlay` for what an upload would do). Pages, reports and the upload preview all call it."""
    t = _target(row)
    shown = data_month(row.code, t, month, ctx)
    key = (row.code, shown)
    reading = _reading(row, t, shown, month, ctx)
    outcome = progress.evaluate(t, reading)
    if shown is None and not (reading.overdue or reading.done):  # nothing reported, and not a milestone's end
        outcome = progress.Outcome(progress.GREY, None, None, _unjudged(t, month))
    outlook = projection.project(t, reading.value, shown, reading.last_year,
                                 _last_year(row.code, 12, ctx["prev_values"], ctx["prev_baselines"]))
    return {
        "data_month": shown, "data_period": data_period_label(t.frequency, year, shown),
        "actual": reading.value, "actual_text": reading.text, "is_demo": bool(ctx["demo"].get(key, False)),
        "last_year": reading.last_year, "completion": outcome.completion,
        "time_progress": outcome.time_progress, "status": outcome.status, "reason": outcome.reason,
        "projected": outlook.value, "projection_method": outlook.method,
        "verdict": projection.verdict_text(outlook, t.unit),
    }


def report_frame(cur, year: int, month: int) -> pd.DataFrame:
    """The CLI report: REPORT_COLUMNS, one row per indicator, rounded for reading."""
    table = status_table(cur, year, month)
    table["actual"] = table["actual"].where(table["actual"].notna(), table["actual_text"])
    frame = table[REPORT_COLUMNS].copy()
    for col in ("completion", "time_progress"):
        frame[col] = frame[col].astype(float).round(4)
    return frame
