"""Uploads: the one-transaction landing, rollback and month locks."""
from __future__ import annotations

from datetime import datetime

import pandas as pd

from indicators.store.db import CITY, StoreError, _register, transaction
from indicators.store.users import audit
from indicators.store.values import _delete_demo, _insert_observations, _insert_upload


# ---- uploads: commit, rollback, month locks ------------------------------------------

def standing_upload(cur, sha256: str, content_sha256: str, period: tuple[int, int]) -> dict | None:
    """The latest standing (not rolled back) upload of `period` with the same content, or, for an
    upload that predates content hashes, the very same file. (NOT IN over the non-null rollbacks:
    DuckDB plans it cheaper than the correlated NOT EXISTS, and it asks the same.)"""
    rows = cur.execute(
        """SELECT id, filename, uploaded_by, uploaded_at, period_year, period_month FROM uploads u
           WHERE period_year = ? AND period_month = ?
             AND (content_sha256 = ? OR (content_sha256 IS NULL AND sha256 = ?))
             AND id NOT IN (SELECT rollback_of FROM uploads WHERE rollback_of IS NOT NULL)
           ORDER BY id DESC LIMIT 1""", [*period, content_sha256, sha256]).fetchall()
    columns = ("id", "filename", "uploaded_by", "uploaded_at", "period_year", "period_month")
    return dict(zip(columns, rows[0])) if rows else None


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
        _keep_file(cur, meta["sha256"], meta["filename"], content)
        _insert_observations(cur, upload_id, rows, changed_only=True)
        _insert_extras(cur, upload_id, meta["uploaded_by"], notes, targets, paths)
        audit(cur, meta["uploaded_by"], "upload", f"文件 {meta['filename']}，上传编号 {upload_id}，"
                                                  f"新增 {meta.get('rows_new')} 更正 {meta.get('rows_changed')}")
    return upload_id


def _keep_file(cur, sha256: str, filename: str, content: bytes) -> None:
    """The file itself, once per SHA-256. Asked first: INSERT OR IGNORE costs a few milliseconds
    more for a file of a few hundred kilobytes, even when it inserts."""
    if not cur.execute("SELECT count(*) FROM upload_files WHERE sha256 = ?", [sha256]).fetchall()[0][0]:
        cur.execute("INSERT INTO upload_files VALUES (?, ?, ?, ?)", [sha256, filename, len(content), content])


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
    """Undo an upload: everything it set that is still current (values, notes, targets, monthly paths)
    goes back to what stood before it; whatever a later upload changed since is kept. The rollback is
    an upload of its own. Returns (restored, kept because a later upload changed it).

    Refused, with the reason: demo data (cleared, not rolled back), an upload already rolled back, a
    rollback itself (upload the original file again instead), and a change to a locked month."""
    with transaction(cur):
        _may_roll_back(cur, upload_id)
        rollback_id = _insert_upload(cur, {"filename": f"回退第{upload_id}号上传", "uploaded_by": user,
                                            "rollback_of": upload_id, "layout": "rollback"})
        counts = [step(cur, upload_id, rollback_id) for step in (_restore_observations, _restore_notes,
                                                                   _restore_targets, _restore_paths)]
        restored, kept = sum(c[0] for c in counts), sum(c[1] for c in counts)
        audit(cur, user, "rollback", f"回退第{upload_id}号上传，恢复 {restored} 项，保持 {kept} 项")
    return restored, kept


def _may_roll_back(cur, upload_id: int) -> None:
    """The refusals of rollback_upload, checked inside its transaction."""
    rows = cur.execute(
        """SELECT u.is_demo OR u.layout = 'demo_clear', u.rollback_of, r.id, r.uploaded_by, r.uploaded_at
           FROM uploads u LEFT JOIN uploads r ON r.rollback_of = u.id WHERE u.id = ?""", [upload_id]).fetchall()
    if not rows:
        raise StoreError(f"没有编号为 {upload_id} 的上传")
    demo, rollback_of, undone_by, who, when = rows[0]
    if demo:
        raise StoreError(f"第{upload_id}号是示例数据，不能回退；如需去掉示例数据，请在“数据上报”页点“清除示例数据”"
                         "或运行 python -m indicators demo --clear")
    if rollback_of is not None:
        raise StoreError(f"第{upload_id}号本身是回退（回退了第{rollback_of}号），不能再回退；如需恢复，请重新上传原文件")
    if undone_by is not None:
        raise StoreError(f"第{upload_id}号上传已于 {when:%Y-%m-%d %H:%M} 由 {who} 回退（第{undone_by}号），不能重复回退")
    locked = cur.execute(
        """SELECT DISTINCT c.year, c.month FROM current_observations c
           JOIN month_locks l ON l.year = c.year AND l.month = c.month
           WHERE c.upload_id = ? ORDER BY 1, 2""", [upload_id]).fetchall()
    if locked:
        months = "、".join(f"{y}年1-{m}月" for y, m in locked)
        raise StoreError(f"第{upload_id}号上传涉及已审核定稿（锁定）的 {months}，不能回退；如需更正请先解除锁定")


# what a rollback goes back to: the latest earlier revision that no rollback has undone
_UNDONE = "(SELECT rollback_of FROM uploads WHERE rollback_of IS NOT NULL)"


def _restore_observations(cur, upload_id: int, rollback_id: int) -> tuple[int, int]:
    """Append, for each still-current value of `upload_id`, the value before it (or a retraction)."""
    restored = cur.execute(
        f"""INSERT INTO observations
            SELECT c.code, c.region, c.year, c.month, prior.value, prior.text, c.revision + 1, ?
            FROM current_observations c
            LEFT JOIN (SELECT * FROM observations WHERE upload_id NOT IN {_UNDONE}) prior
                 ON prior.code = c.code AND prior.region = c.region AND prior.year = c.year
                AND prior.month = c.month AND prior.revision < c.revision
            WHERE c.upload_id = ?
            QUALIFY row_number() OVER (PARTITION BY c.code, c.region, c.year, c.month
                                       ORDER BY prior.revision DESC NULLS LAST) = 1""",
        [rollback_id, upload_id]).fetchall()[0][0]
    total = cur.execute("SELECT count(*) FROM observations WHERE upload_id = ?", [upload_id]).fetchall()[0][0]
    return restored, total - restored


def _restore_notes(cur, upload_id: int, rollback_id: int) -> tuple[int, int]:
    """A note of `upload_id` that is still the latest for its period gives way to the note before it
    (an empty note, a withdrawal, where there was none)."""
    restored = cur.execute(
        f"""INSERT INTO notes
            WITH latest AS (SELECT * FROM notes QUALIFY row_number() OVER (
                                PARTITION BY code, region, year, month ORDER BY written_at DESC) = 1)
            SELECT l.code, l.region, l.year, l.month, coalesce(prior.text, ''), coalesce(prior.author, l.author), ?, ?
            FROM latest l
            LEFT JOIN (SELECT * FROM notes WHERE upload_id IS NULL OR upload_id NOT IN {_UNDONE}) prior
                 ON prior.code = l.code AND prior.region = l.region AND prior.year = l.year
                AND prior.month = l.month AND prior.written_at < l.written_at
            WHERE l.upload_id = ?
            QUALIFY row_number() OVER (PARTITION BY l.code, l.region, l.year, l.month
                                       ORDER BY prior.written_at DESC NULLS LAST) = 1""",
        [datetime.now(), rollback_id, upload_id]).fetchall()[0][0]
    total = cur.execute("SELECT count(*) FROM notes WHERE upload_id = ?", [upload_id]).fetchall()[0][0]
    return restored, total - restored


def _restore_targets(cur, upload_id: int, rollback_id: int) -> tuple[int, int]:
    """A target `upload_id` set that is still the latest goes back to the revision before it (or the plan's)."""
    restored = cur.execute(
        f"""INSERT INTO target_revisions
            WITH latest AS (SELECT * FROM target_revisions
                            QUALIFY row_number() OVER (PARTITION BY code, year ORDER BY written_at DESC) = 1)
            SELECT l.code, l.year, prior.target, prior.target_text, '回退', ?, ?
            FROM latest l
            LEFT JOIN (SELECT * FROM target_revisions WHERE upload_id IS NULL OR upload_id NOT IN {_UNDONE}) prior
                 ON prior.code = l.code AND prior.year = l.year AND prior.written_at < l.written_at
            WHERE l.upload_id = ?
            QUALIFY row_number() OVER (PARTITION BY l.code, l.year ORDER BY prior.written_at DESC NULLS LAST) = 1""",
        [rollback_id, datetime.now(), upload_id]).fetchall()[0][0]
    total = cur.execute("SELECT count(DISTINCT (code, year)) FROM target_revisions WHERE upload_id = ?",
                        [upload_id]).fetchall()[0][0]
    return restored, total - restored


def _restore_paths(cur, upload_id: int, rollback_id: int) -> tuple[int, int]:
    """A monthly path `upload_id` set that is still the latest goes back to the batch before it (blank:
    the straight line)."""
    cur.execute(
        f"""INSERT INTO target_path_revisions
            WITH batches AS (
                SELECT code, year, written_at, any_value(upload_id) AS upload_id FROM target_path_revisions
                GROUP BY ALL),
            latest AS (SELECT * FROM batches
                       QUALIFY row_number() OVER (PARTITION BY code, year ORDER BY written_at DESC) = 1),
            rolled AS (
                SELECT l.code, l.year, max(b.written_at) AS before_at FROM latest l
                LEFT JOIN batches b ON b.code = l.code AND b.year = l.year AND b.written_at < l.written_at
                     AND (b.upload_id IS NULL OR b.upload_id NOT IN {_UNDONE})
                WHERE l.upload_id = ? GROUP BY ALL)
            SELECT r.code, r.year, m.month, e.cumulative_target, ?, ?
            FROM rolled r CROSS JOIN (SELECT range::INTEGER AS month FROM range(1, 13)) m
            LEFT JOIN target_path_revisions e ON e.code = r.code AND e.year = r.year AND e.month = m.month
                 AND e.written_at = r.before_at""", [upload_id, rollback_id, datetime.now()])
    restored = cur.execute("SELECT count(DISTINCT (code, year)) FROM target_path_revisions WHERE upload_id = ?",
                           [rollback_id]).fetchall()[0][0]
    total = cur.execute("SELECT count(DISTINCT (code, year)) FROM target_path_revisions WHERE upload_id = ?",
                        [upload_id]).fetchall()[0][0]
    return restored, total - restored


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
