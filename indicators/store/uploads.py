"""Uploads: the preview, the one-transaction landing, rollback and month locks."""
from __future__ import annotations

from datetime import datetime

import pandas as pd

from indicators.store.db import CITY, StoreError, _register, transaction
from indicators.store.users import audit
from indicators.store.values import _CURRENT, _delete_demo, _insert_observations, _insert_upload


# ---- uploads: preview, commit, rollback, month locks ------------------------------------------

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
