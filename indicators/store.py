"""The DuckDB store: the only module that holds SQL.

Every function takes a cursor (one per unit of work: DuckDB connections are
not shared between threads) and returns plain data. Observations are
append-only: a correction is a new revision; `current_observations` shows the
latest revision of each (indicator, region, year, month).
"""
from __future__ import annotations

from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
import time

import duckdb
import pandas as pd


CITY = "全市"
CATALOG_COLUMNS = ("code", "area", "name", "unit", "kind", "comparator", "frequency",
                   "higher_is_better", "headline", "lead_department", "lead_inferred",
                   "conflict", "target_text", "source", "source_text", "target_pending", "figures_from",
                   "result_month", "due_month", "lead_departments", "lead_basis", "lead_source", "restatement")


# Schema migrations: numbered SQL files in indicators/schema/, applied in order on every open.
# Never edit a released one; add the next.
SCHEMA_DIR = Path(__file__).resolve().parent / "schema"
MIGRATIONS: list[tuple[int, str]] = [
    (int(path.name.split("_")[0]), path.read_text(encoding="utf-8")) for path in sorted(SCHEMA_DIR.glob("*.sql"))]


def _statements(script: str) -> list[str]:
    """The script's statements, comment lines dropped (a comment may hold a semicolon)."""
    code = "\n".join(line for line in script.splitlines() if not line.lstrip().startswith("--"))
    return [s.strip() for s in code.split(";") if s.strip()]


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


@contextmanager
def transaction(cur):
    """One unit of work: all of it lands, or (on any exception) none of it."""
    cur.execute("BEGIN")
    try:
        yield cur
    except BaseException:
        cur.execute("ROLLBACK")
        raise
    cur.execute("COMMIT")


def connect(path: Path | str, wait: float = 0.0, on_wait=None) -> duckdb.DuckDBPyConnection:
    """Open (creating and migrating) the store at `path`; ':memory:' for tests.

    DuckDB lets one process at a time open the file: while another holds it (the dashboard, an
    import), retry for up to `wait` seconds, calling `on_wait()` once, then raise StoreError."""
    if str(path) != ":memory:":
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    deadline, told = time.monotonic() + wait, False
    while True:
        try:
            con = duckdb.connect(str(path))
            break
        except duckdb.IOException as exc:
            if not _locked(exc) or time.monotonic() >= deadline:
                raise StoreError(_open_failure(path, exc, wait)) from exc
            if on_wait and not told:
                on_wait()
                told = True
            time.sleep(0.2)
    migrate(con.cursor())
    return con


def _locked(exc: Exception) -> bool:
    return "could not set lock" in str(exc).lower()


def _open_failure(path, exc, wait: float) -> str:
    if _locked(exc):
        return (f"数据库文件 {path} 正被另一个程序使用（看板或命令行导入），等待 {wait:g} 秒后仍未释放，"
                "请稍后重试")
    return f"无法打开数据库文件 {path}：文件损坏或无法读写（{exc}）"


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
    _register(cur, area_frame=pd.DataFrame(areas).reindex(columns=["id", "name", "title", "office", "office_source"]),
              ind_frame=catalog[list(CATALOG_COLUMNS)],
              tgt_frame=catalog[["code", "target", "stretch_target", "target_text"]])
    cur.execute("BEGIN")
    cur.execute("DELETE FROM areas")
    cur.execute("INSERT INTO areas BY NAME SELECT * FROM area_frame")
    cur.execute("DELETE FROM indicators")
    cur.execute("INSERT INTO indicators BY NAME SELECT * FROM ind_frame")
    cur.execute("DELETE FROM targets WHERE year = ?", [year])
    cur.execute("INSERT INTO targets SELECT code, ?, target, stretch_target, target_text FROM tgt_frame",
                [year])
    cur.execute("COMMIT")


def areas(cur) -> pd.DataFrame:
    """Columns: id, name, title, office, office_source."""
    return cur.execute("SELECT id, name, title, office, office_source FROM areas ORDER BY id").df()


def indicators_with_targets(cur, year: int) -> pd.DataFrame:
    """The catalog joined with `year`'s targets, the latest target revision winning over the plan's
    (columns: CATALOG_COLUMNS, area_name, target, stretch_target, target_label)."""
    return cur.execute(
        """WITH revised AS (
               SELECT * FROM target_revisions WHERE year = ?
               QUALIFY row_number() OVER (PARTITION BY code ORDER BY written_at DESC) = 1)
           SELECT i.*, a.name AS area_name, coalesce(r.target, t.target) AS target, t.stretch_target,
                  coalesce(r.target_text, t.target_text, i.target_text) AS target_label
           FROM indicators i JOIN areas a ON a.id = i.area
           LEFT JOIN targets t ON t.code = i.code AND t.year = ?
           LEFT JOIN revised r ON r.code = i.code
           ORDER BY i.area, i.code""", [year, year]).df()


def target_paths(cur, year: int) -> pd.DataFrame:
    """The current monthly target path of each indicator: its latest written batch (code, month,
    cumulative_target); a batch of blanks means straight line again."""
    return cur.execute(
        """SELECT code, month, cumulative_target FROM (
               SELECT * FROM target_path_revisions WHERE year = ?
               QUALIFY dense_rank() OVER (PARTITION BY code ORDER BY written_at DESC) = 1)
           WHERE cumulative_target IS NOT NULL ORDER BY code, month""", [year]).df()


def set_target_path(cur, code: str, year: int, path: dict[int, float | None], upload_id: int | None = None) -> None:
    """Write a new monthly target path for `code` (month -> cumulative target); older paths are kept."""
    now = datetime.now()
    cur.executemany("INSERT INTO target_path_revisions VALUES (?, ?, ?, ?, ?, ?)",
                    [[code, year, m, v, upload_id, now] for m, v in sorted(path.items())])


def add_upload(cur, filename: str, user: str, is_demo: bool = False, note: str = "") -> int:
    """Register an upload and return its id."""
    return cur.execute(
        """INSERT INTO uploads (id, filename, uploaded_by, uploaded_at, is_demo, note)
           VALUES (nextval('upload_ids'), ?, ?, ?, ?, ?) RETURNING id""",
        [filename, user, datetime.now(), is_demo, note]).fetchall()[0][0]


def _insert_observations(cur, upload_id: int, rows: pd.DataFrame) -> int:
    batch = rows.reindex(columns=["code", "region", "year", "month", "value", "text"])
    batch["region"] = batch["region"].fillna(CITY)
    _register(cur, batch=batch)
    cur.execute(
        """INSERT INTO observations
           SELECT b.code, b.region, b.year, b.month, b.value, b.text,
                  coalesce(p.revision, 0)
                    + row_number() OVER (PARTITION BY b.code, b.region, b.year, b.month), ?
           FROM batch b LEFT JOIN (
               SELECT code, region, year, month, max(revision) AS revision
               FROM observations GROUP BY ALL) p USING (code, region, year, month)""", [upload_id])
    return len(batch)


def add_observations(cur, upload_id: int, rows: pd.DataFrame) -> int:
    """Append `rows` (code, year, month, value, text[, region]) as new revisions of `upload_id`.

    Returns the number of rows written; the whole batch lands or none of it."""
    with transaction(cur):
        return _insert_observations(cur, upload_id, rows)


def add_baselines(cur, rows: pd.DataFrame, source: str, upload_id: int | None = None) -> None:
    """Store yearly baselines (code, year, value[, region]); a later row for the same key wins."""
    batch = rows.reindex(columns=["code", "region", "year", "value"]).assign(source=source, upload_id=upload_id)
    batch["region"] = batch["region"].fillna(CITY)
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


def current_observations(cur, year: int, region: str = CITY, without_demo: bool = False) -> pd.DataFrame:
    """Latest revision of every value of `year` (columns: code, month, value, text, upload_id, is_demo);
    `without_demo`: as it will stand once demo values are cleared."""
    return cur.execute(
        f"""SELECT c.code, c.month, c.value, c.text, c.revision, c.upload_id, u.is_demo
            FROM {_CURRENT[without_demo]} c JOIN uploads u ON u.id = c.upload_id
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


def demo_value_count(cur) -> int:
    """How many values (observations and baselines) demo uploads wrote: 0 once cleared."""
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


def data_version(cur) -> int:
    """Changes whenever an upload lands: a cache key for views."""
    return cur.execute("SELECT coalesce(max(id), 0) FROM uploads").fetchall()[0][0]


def add_note(cur, code: str, year: int, month: int, text: str, author: str, region: str = CITY,
             upload_id: int | None = None) -> None:
    """Append a 情况说明 for one indicator and period."""
    cur.execute("INSERT INTO notes VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [code, region, year, month, text, author, datetime.now(), upload_id])


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


def aliases(cur) -> pd.DataFrame:
    """Names administrators tied to an indicator (alias: the name's matching key; columns alias, code,
    written_name, created_by, created_at)."""
    return cur.execute("SELECT alias, code, written_name, created_by, created_at FROM name_aliases ORDER BY alias").df()


def add_alias(cur, alias: str, code: str, written_name: str, user: str) -> None:
    """Tie a name (by its matching key) to an indicator from now on; recorded in the audit log."""
    with transaction(cur):
        if not cur.execute("SELECT count(*) FROM indicators WHERE code = ?", [code]).fetchall()[0][0]:
            raise StoreError(f"指标目录中没有编码 {code}")
        cur.execute("INSERT OR REPLACE INTO name_aliases VALUES (?, ?, ?, ?, ?)",
                    [alias, code, written_name, user, datetime.now()])
        audit(cur, user, "alias", f"名称“{written_name}”对应指标 {code}")


# ---- uploads: preview, commit, rollback, month locks ------------------------------------------

UPLOAD_COLUMNS = ("filename", "uploaded_by", "sha256", "layout", "period_year", "period_month",
                  "rows_new", "rows_changed", "rows_unchanged", "warnings", "rollback_of", "note")


def upload_with_file(cur, sha256: str) -> dict | None:
    """The standing (not rolled back) upload of this exact file, if any."""
    rows = cur.execute(
        """SELECT id, filename, uploaded_by, uploaded_at, period_year, period_month FROM uploads u
           WHERE sha256 = ? AND NOT EXISTS (SELECT 1 FROM uploads r WHERE r.rollback_of = u.id)
           ORDER BY id DESC LIMIT 1""", [sha256]).fetchall()
    columns = ("id", "filename", "uploaded_by", "uploaded_at", "period_year", "period_month")
    return dict(zip(columns, rows[0])) if rows else None


def preview(cur, rows: pd.DataFrame, without_demo: bool = False) -> pd.DataFrame:
    """Each incoming value beside the current one (without demo values when they are to be cleared):
    columns code, region, year, month, value, text, old_value, old_text, change ('new' | 'changed' |
    'unchanged')."""
    batch = rows.reindex(columns=["code", "region", "year", "month", "value", "text"])
    batch["region"] = batch["region"].fillna(CITY)
    _register(cur, preview_batch=batch)
    return cur.execute(
        f"""SELECT b.*, c.value AS old_value, c.text AS old_text,
                   CASE WHEN c.code IS NULL THEN 'new'
                        WHEN b.value IS NOT DISTINCT FROM c.value AND b.text IS NOT DISTINCT FROM c.text
                             THEN 'unchanged'
                        ELSE 'changed' END AS change
            FROM preview_batch b LEFT JOIN {_CURRENT[without_demo]} c USING (code, region, year, month)""").df()


def commit_upload(cur, meta: dict, rows: pd.DataFrame, content: bytes, notes: pd.DataFrame | None = None,
                  targets: pd.DataFrame | None = None, paths: pd.DataFrame | None = None) -> int:
    """Land one accepted file in a single transaction: its record, the file itself, the new and
    changed values (rows from `preview`), notes (code, year, month, text), target revisions
    (code, year, target, target_text, source) and target paths (code, year, month, cumulative_target).
    Demo values, if any are left, are removed in the same transaction. Returns the upload id; on
    any failure nothing is written."""
    with transaction(cur):
        cleared = _delete_demo(cur)  # the first real values replace all demo values at once
        upload_id = _insert_upload(cur, meta)
        if cleared:
            audit(cur, meta["uploaded_by"], "demo_clear", f"上传编号 {upload_id} 为首次真实数据，清除示例数据 {cleared} 项")
        cur.execute("INSERT OR IGNORE INTO upload_files VALUES (?, ?, ?, ?)",
                    [meta["sha256"], meta["filename"], len(content), content])
        _insert_observations(cur, upload_id, rows[rows["change"] != "unchanged"])
        _insert_extras(cur, upload_id, meta["uploaded_by"], notes, targets, paths)
        audit(cur, meta["uploaded_by"], "upload", f"文件 {meta['filename']}，上传编号 {upload_id}，"
                                                  f"新增 {meta.get('rows_new')} 更正 {meta.get('rows_changed')}")
    return upload_id


def _insert_upload(cur, meta: dict) -> int:
    values = [meta.get(column) for column in UPLOAD_COLUMNS]
    return cur.execute(
        f"""INSERT INTO uploads (id, uploaded_at, is_demo, {", ".join(UPLOAD_COLUMNS)})
            VALUES (nextval('upload_ids'), ?, false, {", ".join("?" * len(UPLOAD_COLUMNS))})
            RETURNING id""", [datetime.now(), *values]).fetchall()[0][0]


def _insert_extras(cur, upload_id, user, notes, targets, paths) -> None:
    now = datetime.now()
    if notes is not None and len(notes):
        _register(cur, note_batch=notes.reindex(columns=["code", "year", "month", "text"]))
        cur.execute("""INSERT INTO notes SELECT code, ?, year, month, text, ?, ?, ? FROM note_batch""",
                    [CITY, user, now, upload_id])
    if targets is not None and len(targets):
        _register(cur, target_batch=targets.reindex(columns=["code", "year", "target", "target_text", "source"]))
        cur.execute("INSERT INTO target_revisions SELECT *, ?, ? FROM target_batch", [upload_id, now])
    if paths is not None and len(paths):
        _register(cur, path_batch=paths.reindex(columns=["code", "year", "month", "cumulative_target"]))
        cur.execute("INSERT INTO target_path_revisions SELECT *, ?, ? FROM path_batch", [upload_id, now])


def rollback_upload(cur, upload_id: int, user: str) -> tuple[int, int]:
    """Undo an upload by appending revisions that restore what each of its values replaced.

    Values a later upload has since corrected are left alone. The rollback is an upload of
    its own. Returns (restored, skipped)."""
    with transaction(cur):
        if cur.execute("SELECT count(*) FROM uploads WHERE id = ? AND (is_demo OR layout = 'demo_clear')",
                       [upload_id]).fetchall()[0][0]:
            raise StoreError(f"第{upload_id}号是示例数据，不能回退；如需去掉示例数据，请在“数据上报”页点“清除示例数据”"
                             "或运行 python -m indicators demo --clear")
        rollback_id = _insert_upload(cur, {"filename": f"回退第{upload_id}号上传", "uploaded_by": user,
                                            "rollback_of": upload_id, "layout": "rollback"})
        restored = _restore_observations(cur, upload_id, rollback_id)
        total = cur.execute("SELECT count(*) FROM observations WHERE upload_id = ?", [upload_id]).fetchall()[0][0]
        _restore_targets(cur, upload_id, rollback_id)
        audit(cur, user, "rollback", f"回退第{upload_id}号上传，恢复 {restored} 项，保持 {total - restored} 项")
    return restored, total - restored


def _restore_observations(cur, upload_id: int, rollback_id: int) -> int:
    """Append, for each still-current value of `upload_id`, the revision before it (or a retraction)."""
    return cur.execute(
        """INSERT INTO observations
           SELECT c.code, c.region, c.year, c.month, prior.value, prior.text, c.revision + 1, ?
           FROM current_observations c
           LEFT JOIN observations prior ON prior.code = c.code AND prior.region = c.region
                AND prior.year = c.year AND prior.month = c.month AND prior.revision = c.revision - 1
           WHERE c.upload_id = ?""", [rollback_id, upload_id]).fetchall()[0][0]


def _restore_targets(cur, upload_id: int, rollback_id: int) -> None:
    """Targets and paths written by `upload_id` go back to what stood before it."""
    now = datetime.now()
    cur.execute(
        """INSERT INTO target_revisions
           SELECT r.code, r.year, prior.target, prior.target_text, '回退', ?, ?
           FROM target_revisions r LEFT JOIN target_revisions prior ON prior.code = r.code
                AND prior.year = r.year AND prior.written_at < r.written_at
           WHERE r.upload_id = ?
           QUALIFY row_number() OVER (PARTITION BY r.code ORDER BY prior.written_at DESC NULLS LAST) = 1""",
        [rollback_id, now, upload_id])
    cur.execute(
        """INSERT INTO target_path_revisions
           WITH rolled AS (
               SELECT code, year, max(written_at) AS at FROM target_path_revisions
               WHERE upload_id = ? GROUP BY code, year),
           earlier AS (
               SELECT p.*, dense_rank() OVER (PARTITION BY p.code, p.year ORDER BY p.written_at DESC) AS k
               FROM target_path_revisions p JOIN rolled r
                    ON p.code = r.code AND p.year = r.year AND p.written_at < r.at)
           SELECT r.code, r.year, m.month, e.cumulative_target, ?, ?
           FROM rolled r CROSS JOIN (SELECT range::INTEGER AS month FROM range(1, 13)) m
           LEFT JOIN earlier e ON e.code = r.code AND e.year = r.year AND e.month = m.month AND e.k = 1""",
        [upload_id, rollback_id, now])


def uploads(cur, limit: int = 200) -> pd.DataFrame:
    """The latest uploads, newest first, with whether each was rolled back."""
    return cur.execute(
        """SELECT u.id, u.filename, u.uploaded_by, u.uploaded_at, u.layout, u.period_year, u.period_month,
                  u.rows_new, u.rows_changed, u.rows_unchanged, u.warnings, u.rollback_of, u.is_demo,
                  EXISTS (SELECT 1 FROM uploads r WHERE r.rollback_of = u.id) AS rolled_back
           FROM uploads u ORDER BY u.id DESC LIMIT ?""", [limit]).df()


def lock_month(cur, year: int, month: int, user: str) -> None:
    """审核定稿: no upload may change this month any more (recorded in the audit log)."""
    with transaction(cur):
        cur.execute("INSERT OR IGNORE INTO month_locks VALUES (?, ?, ?, ?)", [year, month, user, datetime.now()])
        audit(cur, user, "lock", f"{year}年1-{month}月")


def unlock_month(cur, year: int, month: int, user: str) -> None:
    with transaction(cur):
        cur.execute("DELETE FROM month_locks WHERE year = ? AND month = ?", [year, month])
        audit(cur, user, "unlock", f"{year}年1-{month}月")


def locked_months(cur, year: int) -> set[int]:
    return {r[0] for r in cur.execute("SELECT month FROM month_locks WHERE year = ?", [year]).fetchall()}


# ---- accounts, audit log, per-installation secrets --------------------------------------------

USER_COLUMNS = ("name", "role", "department", "disabled", "failed_logins", "locked_until", "created_at",
                "password_changed_at")


def add_user(cur, name: str, role: str, department: str | None, salt: bytes, password_hash: bytes) -> None:
    """Insert one account (the caller checks the name is free and hashes the password)."""
    now = datetime.now()
    cur.execute(
        """INSERT INTO users (name, role, department, salt, password_hash, disabled, failed_logins,
                              created_at, password_changed_at)
           VALUES (?, ?, ?, ?, ?, false, 0, ?, ?)""", [name, role, department, salt, password_hash, now, now])


def get_user(cur, name: str) -> dict | None:
    """Every column of one account (salt and password_hash included), or None."""
    rows = cur.execute(f"SELECT {', '.join(USER_COLUMNS)}, salt, password_hash FROM users WHERE name = ?",
                       [name]).fetchall()
    return dict(zip((*USER_COLUMNS, "salt", "password_hash"), rows[0])) if rows else None


def list_users(cur) -> pd.DataFrame:
    """Every account by name, without salt or hash (columns: USER_COLUMNS)."""
    return cur.execute(f"SELECT {', '.join(USER_COLUMNS)} FROM users ORDER BY name").df()


def user_count(cur) -> int:
    return cur.execute("SELECT count(*) FROM users").fetchall()[0][0]


def set_password(cur, name: str, salt: bytes, password_hash: bytes) -> None:
    """Replace the password; also clears failed logins and any lock."""
    cur.execute(
        """UPDATE users SET salt = ?, password_hash = ?, password_changed_at = ?, failed_logins = 0,
                            locked_until = NULL WHERE name = ?""", [salt, password_hash, datetime.now(), name])


def set_disabled(cur, name: str, disabled: bool) -> None:
    cur.execute("UPDATE users SET disabled = ? WHERE name = ?", [disabled, name])


def set_role(cur, name: str, role: str, department: str | None) -> None:
    cur.execute("UPDATE users SET role = ?, department = ? WHERE name = ?", [role, department, name])


def record_login_failure(cur, name: str, locked_until: datetime | None, failures: int | None = None) -> None:
    """Count one failed login (or set the count to `failures`) and set the lock (None: not locked)."""
    cur.execute(
        """UPDATE users SET failed_logins = coalesce(?, failed_logins + 1), locked_until = ?
           WHERE name = ?""", [failures, locked_until, name])


def record_login_success(cur, name: str) -> None:
    cur.execute("UPDATE users SET failed_logins = 0, locked_until = NULL WHERE name = ?", [name])


def audit(cur, user: str | None, action: str, detail: str = "") -> None:
    """Append one entry to the audit log (who, what, details); entries are never changed."""
    cur.execute("INSERT INTO audit_log VALUES (nextval('audit_ids'), ?, ?, ?, ?)",
                [datetime.now(), user, action, detail])


def audit_log(cur, limit: int = 500) -> pd.DataFrame:
    """The latest audit entries, newest first (columns: id, at, user_name, action, detail)."""
    return cur.execute('SELECT id, "at", user_name, action, detail FROM audit_log ORDER BY id DESC LIMIT ?',
                       [limit]).df()


def secret(cur, key: str) -> str | None:
    rows = cur.execute("SELECT value FROM settings_kv WHERE key = ?", [key]).fetchall()
    return rows[0][0] if rows else None


def set_secret(cur, key: str, value: str) -> None:
    cur.execute("INSERT OR REPLACE INTO settings_kv VALUES (?, ?)", [key, value])


# ---- backup and restore --------------------------------------------------------------------

def _sql_text(value: str) -> str:
    """A quoted SQL string for the statements that take no parameters (EXPORT/IMPORT DATABASE)."""
    return "'" + str(value).replace("'", "''") + "'"


def backup(cur, directory: Path) -> None:
    """A consistent copy of the whole store (one transaction) as parquet files plus schema.sql."""
    cur.execute(f"EXPORT DATABASE {_sql_text(directory)} (FORMAT parquet)")


def restore(path: Path, directory: Path) -> None:
    """Build a new store file at `path` from a backup directory, then bring its schema up to date."""
    con = duckdb.connect(str(path))
    try:
        con.execute(f"IMPORT DATABASE {_sql_text(directory)}")
        migrate(con.cursor())
    finally:
        con.close()


def table_counts(cur) -> dict[str, int]:
    """Rows per table: the restore check."""
    names = [r[0] for r in cur.execute("SELECT table_name FROM duckdb_tables() ORDER BY 1").fetchall()]
    return {n: cur.execute(f'SELECT count(*) FROM "{n}"').fetchall()[0][0] for n in names}
