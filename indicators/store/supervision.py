"""督办 records with the history of their steps, and 核验 marks on reported values. Every write is one
transaction with its audit entry."""
from __future__ import annotations

from datetime import date, datetime

import pandas as pd

from indicators.store.db import writes
from indicators.store.users import audit

SUPERVISION_COLUMNS = ("id", "code", "year", "month", "lead_department", "request", "deadline", "opened_by",
                       "opened_at", "reason", "measures", "recovery_year", "recovery_month", "answered_by",
                       "answered_at", "closed_by", "closed_at", "close_note")
# a step of a 督办 -> the audit action that records it
STEP_ACTIONS = {"open": "supervise_open", "answer": "supervise_answer", "accept": "supervise_accept",
                "recovered": "supervise_recovered"}


def _step(cur, supervision_id: int, step: str, user: str, text: str, detail: str) -> None:
    """One line of a 督办's history and its audit entry (inside the caller's transaction)."""
    cur.execute("INSERT INTO supervision_steps VALUES (nextval('supervision_step_ids'), ?, ?, ?, ?, ?)",
                [supervision_id, step, user, datetime.now(), text])
    audit(cur, user, STEP_ACTIONS[step], detail)


@writes
def add_supervision(cur, code: str, period: tuple[int, int], lead_department: str, request: str,
                    deadline: date, user: str, detail: str) -> int:
    """Open one 督办 and return its id; `detail` is the audit log's sentence."""
    supervision_id = cur.execute("SELECT nextval('supervision_ids')").fetchall()[0][0]
    cur.execute(
        """INSERT INTO supervisions (id, code, year, month, lead_department, request, deadline, opened_by, opened_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""",
        [supervision_id, code, *period, lead_department, request, deadline, user, datetime.now()])
    _step(cur, supervision_id, "open", user, request, detail)
    return supervision_id


def unclosed_codes(cur) -> set[str]:
    """The indicators with a 督办 not yet closed (open, answered or overdue)."""
    return {r[0] for r in cur.execute("SELECT DISTINCT code FROM supervisions WHERE closed_at IS NULL").fetchall()}


def supervision(cur, supervision_id: int) -> dict | None:
    """One 督办 with its indicator's name (keys: SUPERVISION_COLUMNS and name), or None."""
    rows = cur.execute(
        f"""SELECT {", ".join("s." + c for c in SUPERVISION_COLUMNS)}, i.name
            FROM supervisions s LEFT JOIN indicators i ON i.code = s.code WHERE s.id = ?""",
        [supervision_id]).fetchall()
    return dict(zip((*SUPERVISION_COLUMNS, "name"), rows[0])) if rows else None


def supervisions(cur, before: tuple[int, int] | None = None, unclosed: bool = False) -> pd.DataFrame:
    """Every 督办, oldest first, with its indicator's name and area (columns: SUPERVISION_COLUMNS, name,
    area). `before`: only those of an earlier period; `unclosed`: only those not yet closed."""
    year, month = before or (10_000, 1)
    return cur.execute(
        f"""SELECT {", ".join("s." + c for c in SUPERVISION_COLUMNS)}, i.name, i.area
            FROM supervisions s LEFT JOIN indicators i ON i.code = s.code
            WHERE (s.year < ? OR (s.year = ? AND s.month < ?)) AND (NOT ? OR s.closed_at IS NULL)
            ORDER BY s.id""", [year, year, month, unclosed]).df()


def any_unclosed(cur, before: tuple[int, int]) -> bool:
    """Whether any 督办 of a period before `before` is still open: every landing asks, and nearly always
    the answer is no, at a tenth of the cost of reading them."""
    year, month = before
    return cur.execute("""SELECT EXISTS (SELECT 1 FROM supervisions WHERE closed_at IS NULL
                                          AND (year < ? OR (year = ? AND month < ?)))""",
                       [year, year, month]).fetchall()[0][0]


@writes
def record_answer(cur, supervision_id: int, answer: dict, user: str, detail: str) -> None:
    """The lead unit's answer (answer: reason, measures, recovery_year, recovery_month); a later
    answer replaces it, the history keeps both."""
    cur.execute(
        """UPDATE supervisions SET reason = ?, measures = ?, recovery_year = ?, recovery_month = ?,
                                   answered_by = ?, answered_at = ? WHERE id = ?""",
        [answer["reason"], answer["measures"], answer["recovery_year"], answer["recovery_month"], user,
         datetime.now(), supervision_id])
    text = f"原因：{answer['reason']}；整改措施：{answer['measures']}；预计恢复：" \
           f"{answer['recovery_year']}年{answer['recovery_month']}月"
    _step(cur, supervision_id, "answer", user, text, detail)


@writes
def close_supervision(cur, supervision_id: int, step: str, user: str, note: str, detail: str) -> None:
    """Close a 督办 (step: accept, or recovered when the indicator is 正常 again)."""
    cur.execute("UPDATE supervisions SET closed_by = ?, closed_at = ?, close_note = ? WHERE id = ?",
                [user, datetime.now(), note, supervision_id])
    _step(cur, supervision_id, step, user, note, detail)


def supervision_steps(cur, supervision_id: int) -> pd.DataFrame:
    """A 督办's history, oldest first (columns: step, user_name, at, text)."""
    return cur.execute('SELECT step, user_name, "at", text FROM supervision_steps WHERE supervision_id = ? '
                       "ORDER BY id", [supervision_id]).df()


# ---- 核验 ------------------------------------------------------------------------------------------

@writes
def add_verification(cur, code: str, period: tuple[int, int], mark: str, note: str, user: str, detail: str) -> None:
    """Mark the value of `code` for `period` (verified, doubted, resolved); the latest mark stands."""
    cur.execute("INSERT INTO verifications VALUES (nextval('verification_ids'), ?, ?, ?, ?, ?, ?, ?)",
                [code, *period, mark, note, user, datetime.now()])
    audit(cur, user, "verify", detail)


def verifications(cur, year: int | None = None) -> pd.DataFrame:
    """The mark standing on each value (of `year`, or every year), a doubt until it is resolved or
    verified (columns: code, year, month, mark, note, user_name, at); resolved ones carry none."""
    return cur.execute(
        """SELECT code, year, month, mark, note, user_name, "at" FROM (
               SELECT * FROM verifications WHERE ? IS NULL OR year = ?
               QUALIFY row_number() OVER (PARTITION BY code, year, month ORDER BY id DESC) = 1)
           WHERE mark <> 'resolved' ORDER BY code, year, month""", [year, year]).df()


def verification_history(cur, code: str) -> pd.DataFrame:
    """Every mark ever set on the values of `code`, oldest first (columns as verifications)."""
    return cur.execute('SELECT code, year, month, mark, note, user_name, "at" FROM verifications WHERE code = ? '
                       "ORDER BY id", [code]).df()
