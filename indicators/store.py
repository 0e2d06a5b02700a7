"""The DuckDB store: the only module that holds SQL.

Every function takes a cursor (one per unit of work: DuckDB connections are
not shared between threads) and returns plain data. Observations are
append-only: a correction is a new revision; `current_observations` shows the
latest revision of each (indicator, region, year, month).
"""
from __future__ import annotations

from datetime import datetime
from pathlib import Path

import duckdb
import pandas as pd


CITY = "全市"
CATALOG_COLUMNS = ("code", "area", "name", "unit", "kind", "comparator", "frequency",
                   "higher_is_better", "headline", "lead_department", "lead_inferred",
                   "conflict", "target_text", "source", "source_text")


# Schema migrations, applied in order on every open; never edit a released one, add the next.
V1 = """
CREATE TABLE areas (id INTEGER PRIMARY KEY, name VARCHAR NOT NULL, title VARCHAR, office VARCHAR);
CREATE TABLE indicators (
    code VARCHAR PRIMARY KEY, area INTEGER NOT NULL, name VARCHAR NOT NULL, unit VARCHAR,
    kind VARCHAR NOT NULL, comparator VARCHAR, frequency VARCHAR, higher_is_better BOOLEAN,
    headline BOOLEAN, lead_department VARCHAR, lead_inferred BOOLEAN, conflict VARCHAR,
    target_text VARCHAR, source VARCHAR[], source_text VARCHAR[]);
CREATE TABLE targets (
    code VARCHAR, year INTEGER, target DOUBLE, stretch_target DOUBLE, target_text VARCHAR,
    PRIMARY KEY (code, year));
CREATE TABLE target_paths (
    code VARCHAR, year INTEGER, month INTEGER CHECK (month BETWEEN 1 AND 12),
    cumulative_target DOUBLE, PRIMARY KEY (code, year, month));
CREATE TABLE baselines (
    code VARCHAR, region VARCHAR, year INTEGER, value DOUBLE, source VARCHAR,
    PRIMARY KEY (code, region, year));
CREATE SEQUENCE upload_ids START 1;
CREATE TABLE uploads (
    id INTEGER PRIMARY KEY, filename VARCHAR, uploaded_by VARCHAR, uploaded_at TIMESTAMP,
    is_demo BOOLEAN DEFAULT false, note VARCHAR);
CREATE TABLE observations (
    code VARCHAR NOT NULL, region VARCHAR NOT NULL, year INTEGER NOT NULL,
    month INTEGER NOT NULL CHECK (month BETWEEN 1 AND 12), value DOUBLE, text VARCHAR,
    revision INTEGER NOT NULL, upload_id INTEGER NOT NULL,
    PRIMARY KEY (code, region, year, month, revision));
CREATE VIEW current_observations AS
    SELECT * FROM observations
    QUALIFY row_number() OVER (PARTITION BY code, region, year, month ORDER BY revision DESC) = 1;
CREATE TABLE notes (
    code VARCHAR, region VARCHAR, year INTEGER, month INTEGER, text VARCHAR,
    author VARCHAR, written_at TIMESTAMP);
"""

MIGRATIONS: list[tuple[int, str]] = [(1, V1)]


def _statements(script: str) -> list[str]:
    return [s.strip() for s in script.split(";") if s.strip()]


def _current_version(cur) -> int:
    cur.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, applied_at TIMESTAMP)")
    return cur.execute("SELECT coalesce(max(version), 0) FROM schema_version").fetchall()[0][0]


def migrate(cur) -> int:
    """Run every migration newer than the store's version, each in its own transaction."""
    have = _current_version(cur)
    for version, script in MIGRATIONS:
        if version <= have:
            continue
        cur.execute("BEGIN")
        for statement in _statements(script):
            cur.execute(statement)
        cur.execute("INSERT INTO schema_version VALUES (?, ?)", [version, datetime.now()])
        cur.execute("COMMIT")
    return max(have, MIGRATIONS[-1][0])


class StoreError(Exception):
    """Raised when the store file cannot be opened or is of an unknown later version."""

    def format_message(self) -> str:
        return str(self.args[0])


def connect(path: Path | str) -> duckdb.DuckDBPyConnection:
    """Open (creating and migrating) the store at `path`; ':memory:' for tests."""
    if str(path) != ":memory:":
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    try:
        con = duckdb.connect(str(path))
    except duckdb.IOException as exc:
        raise StoreError(f"无法打开数据库文件 {path}：文件被其他程序占用或无法读写（{exc}）") from exc
    migrate(con.cursor())
    return con


def schema_version(cur) -> int:
    """The highest migration applied."""
    return cur.execute("SELECT max(version) FROM schema_version").fetchall()[0][0]


def is_loaded(cur) -> bool:
    """True once the catalog has been loaded into the store."""
    return cur.execute("SELECT count(*) FROM indicators").fetchall()[0][0] > 0


def _register(cur, **frames) -> None:
    """Make DataFrames visible to SQL by name (explicit, not DuckDB's replacement scan)."""
    for name, frame in frames.items():
        cur.register(name, frame)


def load_catalog(cur, catalog: pd.DataFrame, areas: list[dict], year: int) -> None:
    """Replace areas and indicators with the catalog, and set `year`'s targets from it."""
    _register(cur, area_frame=pd.DataFrame(areas)[["id", "name", "title", "office"]],
              ind_frame=catalog[list(CATALOG_COLUMNS)],
              tgt_frame=catalog[["code", "target", "stretch_target", "target_text"]])
    cur.execute("BEGIN")
    cur.execute("DELETE FROM areas")
    cur.execute("INSERT INTO areas SELECT * FROM area_frame")
    cur.execute("DELETE FROM indicators")
    cur.execute("INSERT INTO indicators BY NAME SELECT * FROM ind_frame")
    cur.execute("DELETE FROM targets WHERE year = ?", [year])
    cur.execute("INSERT INTO targets SELECT code, ?, target, stretch_target, target_text FROM tgt_frame",
                [year])
    cur.execute("COMMIT")


def areas(cur) -> pd.DataFrame:
    """Columns: id, name, title, office."""
    return cur.execute("SELECT id, name, title, office FROM areas ORDER BY id").df()


def indicators_with_targets(cur, year: int) -> pd.DataFrame:
    """The catalog joined with `year`'s targets (columns: CATALOG_COLUMNS, area_name, target,
    stretch_target, target_label)."""
    return cur.execute(
        """SELECT i.*, a.name AS area_name, t.target, t.stretch_target,
                  coalesce(t.target_text, i.target_text) AS target_label
           FROM indicators i JOIN areas a ON a.id = i.area
           LEFT JOIN targets t ON t.code = i.code AND t.year = ?
           ORDER BY i.area, i.code""", [year]).df()


def target_paths(cur, year: int) -> pd.DataFrame:
    """Columns: code, month, cumulative_target."""
    return cur.execute("SELECT code, month, cumulative_target FROM target_paths WHERE year = ?",
                       [year]).df()


def set_target_path(cur, code: str, year: int, path: dict[int, float]) -> None:
    """Replace `code`'s monthly target path for `year` (month -> cumulative target)."""
    cur.execute("DELETE FROM target_paths WHERE code = ? AND year = ?", [code, year])
    cur.executemany("INSERT INTO target_paths VALUES (?, ?, ?, ?)",
                    [[code, year, m, v] for m, v in sorted(path.items())])


def add_upload(cur, filename: str, user: str, is_demo: bool = False, note: str = "") -> int:
    """Register an upload and return its id."""
    return cur.execute(
        """INSERT INTO uploads (id, filename, uploaded_by, uploaded_at, is_demo, note)
           VALUES (nextval('upload_ids'), ?, ?, ?, ?, ?) RETURNING id""",
        [filename, user, datetime.now(), is_demo, note]).fetchall()[0][0]


def add_observations(cur, upload_id: int, rows: pd.DataFrame) -> int:
    """Append `rows` (code, year, month, value, text[, region]) as new revisions of `upload_id`.

    Returns the number of rows written; the whole batch lands or none of it."""
    batch = rows.reindex(columns=["code", "region", "year", "month", "value", "text"])
    batch["region"] = batch["region"].fillna(CITY)
    _register(cur, batch=batch)
    cur.execute("BEGIN")
    cur.execute(
        """INSERT INTO observations
           SELECT b.code, b.region, b.year, b.month, b.value, b.text,
                  coalesce(p.revision, 0)
                    + row_number() OVER (PARTITION BY b.code, b.region, b.year, b.month), ?
           FROM batch b LEFT JOIN (
               SELECT code, region, year, month, max(revision) AS revision
               FROM observations GROUP BY ALL) p USING (code, region, year, month)""", [upload_id])
    cur.execute("COMMIT")
    return len(batch)


def add_baselines(cur, rows: pd.DataFrame, source: str) -> None:
    """Store yearly baselines (code, year, value[, region]); a later row for the same key wins."""
    batch = rows.reindex(columns=["code", "region", "year", "value"]).assign(source=source)
    batch["region"] = batch["region"].fillna(CITY)
    _register(cur, baseline_batch=batch)
    cur.execute("INSERT OR REPLACE INTO baselines SELECT * FROM baseline_batch")


def baselines(cur, year: int) -> pd.DataFrame:
    """Columns: code, region, value, source."""
    return cur.execute("SELECT code, region, value, source FROM baselines WHERE year = ?", [year]).df()


def current_observations(cur, year: int, region: str = CITY) -> pd.DataFrame:
    """Latest revision of every value of `year` (columns: code, month, value, text, upload_id, is_demo)."""
    return cur.execute(
        """SELECT c.code, c.month, c.value, c.text, c.revision, c.upload_id, u.is_demo
           FROM current_observations c JOIN uploads u ON u.id = c.upload_id
           WHERE c.year = ? AND c.region = ? ORDER BY c.code, c.month""", [year, region]).df()


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


def data_version(cur) -> int:
    """Changes whenever an upload lands: a cache key for views."""
    return cur.execute("SELECT coalesce(max(id), 0) FROM uploads").fetchall()[0][0]


def add_note(cur, code: str, year: int, month: int, text: str, author: str, region: str = CITY) -> None:
    """Append a 情况说明 for one indicator and period."""
    cur.execute("INSERT INTO notes VALUES (?, ?, ?, ?, ?, ?, ?)",
                [code, region, year, month, text, author, datetime.now()])


def notes(cur, year: int, month: int) -> pd.DataFrame:
    """The latest 情况说明 of each indicator for the period (columns: code, text, author)."""
    return cur.execute(
        """SELECT code, text, author FROM notes WHERE year = ? AND month = ?
           QUALIFY row_number() OVER (PARTITION BY code, region ORDER BY written_at DESC) = 1""",
        [year, month]).df()


def note_history(cur, code: str, year: int) -> pd.DataFrame:
    """Every 情况说明 of `code` in `year`, newest first (columns: month, text, author, written_at)."""
    return cur.execute(
        """SELECT month, text, author, written_at FROM notes WHERE code = ? AND year = ?
           ORDER BY month DESC, written_at DESC""", [code, year]).df()
