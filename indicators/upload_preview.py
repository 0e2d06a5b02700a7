"""The upload preview's values: each incoming value beside the value it replaces, where it stands in
the file, and its status before and after the landing (indicators.upload puts it together).

Built from the rules' context of the store as it stands (report.context: this year's and last year's
current values), row by row, into one frame: a preview is a few dozen values, for which a query and a
chain of pandas steps cost more than the values themselves."""
from __future__ import annotations

import math

import pandas as pd

from indicators import report, store
from loaders import frames

PREVIEW_NAMES = ["name", "unit", "kind", "comparator", "target", "frequency", "higher_is_better"]
INCOMING = ["code", "year", "month", "value", "text", "sheet", "row", "column"]
COLUMNS = ["code", "region", "year", "month", "value", "text", "old_value", "old_text", "change", *PREVIEW_NAMES,
           "sheet", "row", "column", "status", "reason", "status_before"]
NO_STATUS = (math.nan,) * 3  # last year's rows: no status, blank as in a frame


def values(rows: pd.DataFrame, catalog: pd.DataFrame, before: dict, year: int) -> pd.DataFrame:
    """Each incoming value (`rows`: the checked observations of `year` and the year before) beside the
    value it replaces (old_value, old_text; change new | changed | unchanged), its indicator's
    PREVIEW_NAMES, and for `year` its status after it lands and before, both from the one evaluator
    (report.evaluate_row) over `before`: report.context of `year`, without demo values when the landing
    clears them. In the file's order: by row, this year before last."""
    if rows.empty:
        return pd.DataFrame(columns=COLUMNS)
    incoming = sorted(frames.records(rows, INCOMING), key=lambda r: (r.row, -r.year))
    named = {r.code: r for r in frames.records(catalog, ["code", *PREVIEW_NAMES])}
    statuses = _statuses(incoming, year, before)
    found = [_row(r, year, before, named[r.code], statuses.get(i, NO_STATUS)) for i, r in enumerate(incoming)]
    frame = pd.DataFrame(found, columns=COLUMNS)
    if not statuses:  # only last year's values: the columns blank throughout, kept as objects like text
        frame[COLUMNS[-3:]] = frame[COLUMNS[-3:]].astype(object)
    return frame


def _row(r, year: int, before: dict, names, status: tuple) -> tuple:
    values, texts = (before["values"], before["texts"]) if r.year == year else \
        (before["prev_values"], before["prev_texts"])
    key = (r.code, int(r.month))
    old_value, old_text = values.get(key, math.nan), texts.get(key)
    change = "new" if key not in values else "unchanged" if _same(r.value, old_value) and r.text == old_text \
        else "changed"
    return (r.code, store.CITY, r.year, r.month, r.value, r.text, old_value, old_text, change, *names[1:],
            r.sheet, r.row, r.column, *status)


def _same(a, b) -> bool:
    """Two stored numbers alike, blanks (None, NaN) alike as SQL's IS NOT DISTINCT FROM has them."""
    return a == b or (a is None or a != a) and (b is None or b != b)


def _statuses(incoming: list, year: int, before: dict) -> dict[int, tuple]:
    """position -> (status, reason after landing, status before) of each `year` row of `incoming`."""
    after = report.overlay(before, incoming, year)
    rows = {row.code: row for row in before["rows"]}
    found = {}
    for i, r in enumerate(incoming):
        if r.year == year:
            now = report.evaluate_row(rows[r.code], year, int(r.month), after)
            found[i] = (now["status"], now["reason"], report.evaluate_row(rows[r.code], year, int(r.month),
                                                                          before)["status"])
    return found
