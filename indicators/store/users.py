"""Accounts, the audit log and sign-in sessions."""
from __future__ import annotations

from datetime import datetime

import pandas as pd

from indicators.store.db import writes

USER_COLUMNS = ("name", "role", "department", "disabled", "failed_logins", "locked_until", "created_at",
                "password_changed_at", "must_change_password")


@writes
def add_user(cur, name: str, role: str, department: str | None, salt: bytes, password_hash: bytes,
             must_change: bool = False) -> None:
    """Insert one account (the caller checks the name is free and hashes the password)."""
    now = datetime.now()
    cur.execute(
        """INSERT INTO users (name, role, department, salt, password_hash, disabled, failed_logins,
                              created_at, password_changed_at, must_change_password)
           VALUES (?, ?, ?, ?, ?, false, 0, ?, ?, ?)""",
        [name, role, department, salt, password_hash, now, now, must_change])


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


@writes
def set_password(cur, name: str, salt: bytes, password_hash: bytes, must_change: bool = False) -> None:
    """Replace the password; also clears failed logins and any lock. `must_change`: the user must
    choose a new one at the next sign-in (after an administrator's reset)."""
    cur.execute(
        """UPDATE users SET salt = ?, password_hash = ?, password_changed_at = ?, failed_logins = 0,
                            locked_until = NULL, must_change_password = ? WHERE name = ?""",
        [salt, password_hash, datetime.now(), must_change, name])


@writes
def set_disabled(cur, name: str, disabled: bool) -> None:
    cur.execute("UPDATE users SET disabled = ? WHERE name = ?", [disabled, name])


@writes
def set_role(cur, name: str, role: str, department: str | None) -> None:
    cur.execute("UPDATE users SET role = ?, department = ? WHERE name = ?", [role, department, name])


@writes
def record_login_failure(cur, name: str, locked_until: datetime | None, failures: int | None = None) -> None:
    """Count one failed login (or set the count to `failures`) and set the lock (None: not locked)."""
    cur.execute(
        """UPDATE users SET failed_logins = coalesce(?, failed_logins + 1), locked_until = ?
           WHERE name = ?""", [failures, locked_until, name])


@writes
def record_login_success(cur, name: str) -> None:
    cur.execute("UPDATE users SET failed_logins = 0, locked_until = NULL WHERE name = ?", [name])


# every action the audit log records, and the words the 操作日志 shows for it
AUDIT_ACTIONS = {
    "upload": "上传数据", "rollback": "回退上传", "demo_clear": "清除示例数据", "lock": "审核定稿",
    "unlock": "取消定稿", "alias": "指定别名", "user_add": "添加账户", "user_reset": "重置密码",
    "user_disable": "停用账户", "user_enable": "启用账户", "user_role": "更改角色",
    "password_change": "修改密码", "login_locked": "登录锁定",
    "supervise_open": "开启督办", "supervise_answer": "答复督办", "supervise_accept": "验收办结督办",
    "supervise_recovered": "督办随指标恢复办结", "verify": "核验标记",
}
AUDIT_HEADERS = {"id": "序号", "at": "时间", "user_name": "操作人", "action": "操作", "detail": "详情"}


@writes
def audit(cur, user: str | None, action: str, detail: str = "") -> None:
    """Append one entry to the audit log (who, what, details); entries are never changed."""
    if action not in AUDIT_ACTIONS:  # an action without its Chinese words would show as code in the log
        raise ValueError(f"unknown audit action {action!r}")
    cur.execute("INSERT INTO audit_log VALUES (nextval('audit_ids'), ?, ?, ?, ?)",
                [datetime.now(), user, action, detail])


def audit_log(cur, limit: int = 500) -> pd.DataFrame:
    """The latest audit entries, newest first (columns: id, at, user_name, action, detail)."""
    return cur.execute('SELECT id, "at", user_name, action, detail FROM audit_log ORDER BY id DESC LIMIT ?',
                       [limit]).df()


# ---- sign-in sessions ------------------------------------------------------------------------------

@writes
def add_session(cur, token_hash: str, user: str, now: datetime) -> None:
    cur.execute("INSERT INTO sessions VALUES (?, ?, ?, ?)", [token_hash, user, now, now])


def session(cur, token_hash: str) -> dict | None:
    """One session with its user's account (keys: signed_in_at, last_seen and USER_COLUMNS), or None."""
    rows = cur.execute(
        f"""SELECT s.created_at, s.last_seen, {", ".join("u." + c for c in USER_COLUMNS)}
            FROM sessions s JOIN users u ON u.name = s.user_name WHERE s.token_hash = ?""", [token_hash]).fetchall()
    return dict(zip(("signed_in_at", "last_seen", *USER_COLUMNS), rows[0])) if rows else None


@writes
def touch_session(cur, token_hash: str, now: datetime) -> None:
    cur.execute("UPDATE sessions SET last_seen = ? WHERE token_hash = ?", [now, token_hash])


@writes
def end_session(cur, token_hash: str) -> None:
    cur.execute("DELETE FROM sessions WHERE token_hash = ?", [token_hash])


@writes
def end_sessions_of(cur, user: str) -> int:
    """End every sign-in of `user` (disabled, password reset); returns how many there were."""
    return len(cur.execute("DELETE FROM sessions WHERE user_name = ? RETURNING 1", [user]).fetchall())
