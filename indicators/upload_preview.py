"""The upload preview's values: each incoming value beside the value it replaces, where it stands in
the file, and its status before and after the landing (indicators.upload puts it together)."""
from __future__ import annotations

import pandas as pd

from indicators import report, store


def values(cur, rows: pd.DataFrame, catalog: pd.DataFrame, before: dict, year: int,
           without_demo: bool = False) -> pd.DataFrame:
    """Each incoming value (`rows`: the checked observations) beside the value it replaces, with the
    status before and after it lands, both from the one evaluator (report.evaluate_row) over the store's
    own context (`before`: report.context of `year`; `without_demo`: the landing clears demo values)."""
    if rows.empty:
        return pd.DataFrame(columns=["code", "year", "month", "value", "text", "change", "status", "reason",
                                     "status_before"])
    shown = _beside(store.preview(cur, rows[["code", "year", "month", "value", "text"]], without_demo=without_demo),
                    rows, catalog)
    shown = shown.sort_values(["row", "year"], ascending=[True, False], kind="stable").reset_index(drop=True)
    return shown.join(_statuses(shown, year, before))  # in the file's order


PREVIEW_NAMES = ["name", "unit", "kind", "comparator", "target", "frequency", "higher_is_better"]


def _beside(shown: pd.DataFrame, rows: pd.DataFrame, catalog: pd.DataFrame) -> pd.DataFrame:
    """Each value of `shown` with its indicator's PREVIEW_NAMES and its cells (sheet, row, column) in
    `rows`: the rows of a left merge on code, then on code, year and month (every match, in `shown`'s
    order), taken by position: a pandas merge costs more than a millisecond even on frames this small."""
    at: dict[tuple, list[int]] = {}
    for j, key in enumerate(_keys(rows)):
        at.setdefault(key, []).append(j)
    pairs = [(i, j) for i, key in enumerate(_keys(shown)) for j in at[key]]
    left, right = [i for i, _ in pairs], [j for _, j in pairs]
    base = shown.take(left).reset_index(drop=True)
    names = catalog[PREVIEW_NAMES].set_index(catalog["code"]).reindex(base["code"]).reset_index(drop=True)
    cells = rows[["sheet", "row", "column"]].take(right).reset_index(drop=True)
    return pd.concat([base, names, cells], axis=1)


def _keys(frame: pd.DataFrame):
    return zip(frame["code"].tolist(), frame["year"].tolist(), frame["month"].tolist())


def _statuses(shown: pd.DataFrame, year: int, before: dict) -> pd.DataFrame:
    """status, reason (after landing) and status_before of each this-year row of the preview
    (`before`: report.context of the store as it stands, without demo values when they go)."""
    after = report.overlay(before, shown, year)
    rows = {row.code: row for row in before["rows"]}
    found = {}
    for i, code, month in _of_year(shown, year):
        now = report.evaluate_row(rows[code], year, month, after)
        found[i] = (now["status"], now["reason"], report.evaluate_row(rows[code], year, month, before)["status"])
    return pd.DataFrame.from_dict(found, orient="index", columns=["status", "reason", "status_before"])


def _of_year(shown: pd.DataFrame, year: int) -> list[tuple]:
    """(index, code, month) of each row of `year` in the preview."""
    columns = (shown[c].tolist() for c in ("year", "code", "month"))
    return [(i, code, int(month)) for i, y, code, month in zip(shown.index.tolist(), *columns) if y == year]
