"""Observations (append-only revisions), baselines, notes, demo values and the data version."""
from __future__ import annotations

from datetime import datetime

import pandas as pd
import pyarrow as pa

from indicators.store.db import CITY, in_city, regions, _register, transaction, writes
from indicators.store.users import audit


UPLOAD_COLUMNS = ("filename", "uploaded_by", "sha256", "content_sha256", "layout", "period_year", "period_month",
                  "rows_new", "rows_changed", "rows_unchanged", "warnings", "rollback_of", "note")


def _insert_upload(cur, meta: dict) -> int:
    values = [meta.get(column) for column in UPLOAD_COLUMNS]
    return cur.execute(
        f"""INSERT INTO uploads (id, uploaded_at, is_demo, {", ".join(UPLOAD_COLUMNS)})
            VALUES (nextval('upload_ids'), ?, false, {", ".join("?" * len(UPLOAD_COLUMNS))})
            RETURNING id""", [datetime.now(), *values]).fetchall()[0][0]


@writes
def add_upload(cur, filename: str, user: str, is_demo: bool = False, note: str = "") -> int:
    """Register an upload and return its id."""
    return cur.execute(
        """INSERT INTO uploads (id, filename, uploaded_by, uploaded_at, is_demo, note)
           VALUES (nextval('upload_ids'), ?, ?, ?, ?, ?) RETURNING id""",
        [filename, user, datetime.now(), is_demo, note]).fetchall()[0][0]


def _insert_observations(cur, upload_id: int, rows: pd.DataFrame, changed_only: bool = False) -> int:
    """rows: code, year, month, value, text[, region][, change]; `changed_only` leaves out the rows whose
    change is "unchanged" (an upload's preview)."""
    batch = _observation_batch(rows, changed_only)
    cur.register("batch", batch)
    cur.execute(
        """INSERT INTO observations
           SELECT b.code, b.region, b.year, b.month, b.value, b.text, coalesce(p.revision, 0) + b.nth, ?
           FROM batch b LEFT JOIN (
               SELECT code, region, year, month, max(revision) AS revision
               FROM observations GROUP BY ALL) p USING (code, region, year, month)""", [upload_id])
    return batch.num_rows


# the batch as DuckDB reads it; NaN in value or text is a blank (from_pandas below), as in a DataFrame
_BATCH = pa.schema([("code", pa.string()), ("region", pa.string()), ("year", pa.int64()), ("month", pa.int64()),
                    ("value", pa.float64()), ("text", pa.string()), ("nth", pa.int64())])


def _observation_batch(rows: pd.DataFrame, changed_only: bool) -> pa.Table:
    """The Arrow table of the rows to insert, made from the columns' lists: an upload lands a few dozen
    rows, for which pandas' reindex and Arrow's from_pandas cost more than the rest of the insert."""
    keep = [change != "unchanged" for change in rows["change"].tolist()] if changed_only else [True] * len(rows)
    region = rows["region"].tolist() if "region" in rows else [None] * len(rows)
    columns = {"code": rows["code"].tolist(), "region": regions(region),
               **{c: rows[c].tolist() for c in ("year", "month", "value", "text")}}
    columns = {name: [v for v, k in zip(values, keep) if k] for name, values in columns.items()}
    columns["nth"] = _nth(zip(*(columns[c] for c in ("code", "region", "year", "month"))))
    return pa.Table.from_arrays([pa.array(columns[f.name], f.type, from_pandas=True) for f in _BATCH],
                                schema=_BATCH)


def _nth(keys) -> list[int]:
    """1 for each key's first row in a batch, 2 for its second…: repeats land as successive revisions.
    Counted here: a window function over the batch cost DuckDB more than twice the rest of the insert."""
    seen: dict = {}
    counts = []
    for key in keys:
        seen[key] = seen.get(key, 0) + 1
        counts.append(seen[key])
    return counts


def add_observations(cur, upload_id: int, rows: pd.DataFrame) -> int:
    """Append `rows` (code, year, month, value, text[, region]) as new revisions of `upload_id`.

    Returns the number of rows written; the whole batch lands or none of it."""
    with transaction(cur):
        return _insert_observations(cur, upload_id, rows)


@writes
def add_baselines(cur, rows: pd.DataFrame, source: str, upload_id: int | None = None) -> None:
    """Store yearly baselines (code, year, value[, region]); a later row for the same key wins."""
    batch = rows.reindex(columns=["code", "region", "year", "value"]).assign(source=source, upload_id=upload_id)
    in_city(batch)
    _register(cur, baseline_batch=batch)
    cur.execute("INSERT OR REPLACE INTO baselines BY NAME SELECT * FROM baseline_batch")


# The latest revision of every value, optionally as it will stand once demo values are cleared.
_CURRENT = {False: "current_observations",
            True: """(SELECT * FROM (
                        SELECT o.* FROM observations o JOIN uploads u ON u.id = o.upload_id WHERE NOT u.is_demo
                        QUALIFY row_number() OVER (PARTITION BY code, region, year, month ORDER BY revision DESC) = 1)
                      WHERE value IS NOT NULL OR text IS NOT NULL)"""}


def baselines(cur, year: int, without_demo: bool = False) -> pd.DataFrame:
    """Each indicator's year-end figure of `year`: the reported 12月 value, else the stored baseline
    (columns: code, region, value, source)."""
    return cur.execute(
        f"""SELECT code, region, value, source FROM (
               SELECT c.code, c.region, c.value, '上报' AS source, 0 AS rank FROM {_CURRENT[without_demo]} c
               WHERE c.year = ? AND c.month = 12 AND c.value IS NOT NULL
               UNION ALL
               SELECT b.code, b.region, b.value, b.source, 1 FROM baselines b
               LEFT JOIN uploads u ON u.id = b.upload_id
               WHERE b.year = ? AND NOT (? AND coalesce(u.is_demo, false)))
           QUALIFY row_number() OVER (PARTITION BY code, region ORDER BY rank) = 1
           ORDER BY code""", [year, year, without_demo]).df()


def stored_baselines(cur, year: int, region: str = CITY, without_demo: bool = False) -> dict[str, float]:
    """code -> the year-end figure of `year` stored as a baseline (a targets file's 上年基数, demo data),
    leaving out the reported 12月 values that `baselines` prefers: for readers that hold those already."""
    return dict(cur.execute(
        """SELECT b.code, b.value FROM baselines b LEFT JOIN uploads u ON u.id = b.upload_id
           WHERE b.year = ? AND b.region = ? AND NOT (? AND coalesce(u.is_demo, false))""",
        [year, region, without_demo]).fetchall())


def current_observations(cur, year: int, region: str = CITY, without_demo: bool = False) -> pd.DataFrame:
    """Latest revision of every value of `year` (columns: code, month, value, text, revision, upload_id,
    is_demo); `without_demo`: as it will stand once demo values are cleared."""
    return _current(cur, year, year, region, without_demo).df().drop(columns="year")


def current_rows(cur, first: int, last: int, region: str = CITY, without_demo: bool = False) -> list[tuple]:
    """current_observations of the years `first` to `last` in one pass over the revisions, as tuples
    (year, code, month, value, text, revision, upload_id, is_demo; a blank is None)."""
    return _current(cur, first, last, region, without_demo).fetchall()


def _current(cur, first: int, last: int, region: str, without_demo: bool):
    return cur.execute(
        f"""SELECT c.year, c.code, c.month, c.value, c.text, c.revision, c.upload_id, u.is_demo
            FROM {_CURRENT[without_demo]} c JOIN uploads u ON u.id = c.upload_id
            WHERE c.year BETWEEN ? AND ? AND c.region = ? ORDER BY c.year, c.code, c.month""",
        [first, last, region])


def revisions(cur, code: str, year: int, region: str = CITY) -> pd.DataFrame:
    """Every revision of `code` in `year`, with who sent it and when."""
    return cur.execute(
        """SELECT o.month, o.revision, o.value, o.text, u.filename, u.uploaded_by, u.uploaded_at
           FROM observations o JOIN uploads u ON u.id = o.upload_id
           WHERE o.code = ? AND o.year = ? AND o.region = ? ORDER BY o.month, o.revision""",
        [code, year, region]).df()


def latest_month(cur, year: int) -> int | None:
    """The latest month of `year` that holds any value, or None."""
    return cur.execute("SELECT max(month) FROM observations WHERE year = ?", [year]).fetchall()[0][0]


def shows_demo(cur, year: int) -> bool:
    """True while any current value of `year` comes from demo data."""
    return cur.execute(
        """SELECT count(*) FROM current_observations c JOIN uploads u ON u.id = c.upload_id
           WHERE c.year = ? AND u.is_demo""", [year]).fetchall()[0][0] > 0


def demo_value_count(cur) -> int:
    """How many values (observations and baselines) demo uploads wrote: 0 once cleared."""
    # asked first: a store that never held demo data (one set up for real use, a test's) answers at
    # a quarter of the cost of the count
    if not cur.execute("SELECT count(*) FROM uploads WHERE is_demo").fetchall()[0][0]:
        return 0
    return cur.execute(
        """SELECT (SELECT count(*) FROM observations o JOIN uploads u ON u.id = o.upload_id WHERE u.is_demo)
                + (SELECT count(*) FROM baselines b JOIN uploads u ON u.id = b.upload_id WHERE u.is_demo)
        """).fetchall()[0][0]


def demo_retired(cur) -> bool:
    """True once real data has landed or demo data was cleared: demo data must then never come back."""
    return cur.execute("SELECT count(*) FROM uploads WHERE NOT is_demo").fetchall()[0][0] > 0


def _delete_demo(cur) -> int:
    """Remove every value demo uploads wrote; returns how many. Runs inside the caller's transaction."""
    count = demo_value_count(cur)
    if count:
        demo = "SELECT id FROM uploads WHERE is_demo"
        cur.execute(f"DELETE FROM observations WHERE upload_id IN ({demo})")
        cur.execute(f"DELETE FROM baselines WHERE upload_id IN ({demo})")
        cur.execute(f"DELETE FROM notes WHERE upload_id IN ({demo})")
    return count


def clear_demo(cur, user: str) -> int:
    """Remove all demo values at once (an administrator's click, or `demo --clear`); returns how
    many were removed. Recorded as an upload of its own, so every view sees a new data version."""
    with transaction(cur):
        removed = _delete_demo(cur)
        if removed:
            _insert_upload(cur, {"filename": "清除示例数据", "uploaded_by": user, "layout": "demo_clear"})
            audit(cur, user, "demo_clear", f"清除示例数据 {removed} 项")
    return removed


def data_version(cur) -> tuple[int, int]:
    """Changes whenever an upload lands or the 督查室 marks a value (核验): a cache key for views."""
    return tuple(cur.execute("SELECT (SELECT coalesce(max(id), 0) FROM uploads), "
                             "(SELECT count(*) FROM verifications)").fetchall()[0])


@writes
def notes(cur, year: int, month: int) -> pd.DataFrame:
    """The latest 情况说明 of each indicator for the period (columns: code, text, author)."""
    return cur.execute(
        """SELECT code, text, author FROM (
               SELECT * FROM notes WHERE year = ? AND month = ?
               QUALIFY row_number() OVER (PARTITION BY code, region ORDER BY written_at DESC) = 1)
           WHERE text <> ''""", [year, month]).df()  # an empty note is a withdrawn one


def noted(cur, year: int) -> set[tuple[str, int]]:
    """(code, month) of every month of `year` whose latest 情况说明 (as `notes` reads it) says something."""
    return set(cur.execute(
        """SELECT code, month FROM (
               SELECT * FROM notes WHERE year = ?
               QUALIFY row_number() OVER (PARTITION BY code, region, month ORDER BY written_at DESC) = 1)
           WHERE text <> ''""", [year]).fetchall())


def note_history(cur, code: str, year: int) -> pd.DataFrame:
    """Every 情况说明 of `code` in `year`, newest first (columns: month, text, author, written_at)."""
    return cur.execute(
        """SELECT month, text, author, written_at FROM notes WHERE code = ? AND year = ? AND text <> ''
           ORDER BY month DESC, written_at DESC""", [code, year]).df()
