"""Accounts: who may sign in, what each role may do, and the audit of every change to them.

Passwords are stored as salted scrypt hashes (16-byte salt per user); a wrong password and an
unknown user get the same message. After MAX_FAILURES consecutive failures an account is locked
for LOCK_MINUTES (no sleeping: the count and the lock live in the store). Every write to an
account is recorded in the audit log (store.audit).
"""
from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from indicators import catalog, settings, store
from common.errors import UserError

ROLES = ("viewer", "uploader", "supervisor", "admin")
ROLE_LABELS = {"viewer": "浏览", "uploader": "上报", "supervisor": "督查", "admin": "管理员"}
STATISTICS_BUREAU = "市统计局"  # its uploaders may upload every indicator
MIN_PASSWORD_LENGTH = 8
MAX_FAILURES = 5
LOCK_MINUTES = 15
SALT_BYTES = 16
SCRYPT = {"n": 2 ** 14, "r": 8, "p": 1, "dklen": 32}
SYSTEM = "系统"  # the audit log's actor when no signed-in user made the change
WRONG_CREDENTIALS = "用户名或密码错误"
SEEN_EVERY = timedelta(minutes=5)


@dataclass(frozen=True)
class User:
    """A signed-in user, as the pages and upload checks see them (no password material);
    `must_change`: an administrator reset the password, so a new one is chosen before anything else."""
    name: str
    role: str
    department: str | None = None
    must_change: bool = False


class AccountError(UserError):
    """Raised when an account cannot be created, changed or signed in to; the message is the user's sentence."""


def hash_password(password: str, salt: bytes) -> bytes:
    return hashlib.scrypt(password.encode("utf-8"), salt=salt, **SCRYPT)


def _hashed(password: str) -> tuple[bytes, bytes]:
    salt = secrets.token_bytes(SALT_BYTES)
    return salt, hash_password(password, salt)


def _new_password() -> str:
    return secrets.token_urlsafe(12)  # 16 URL-safe characters


def _check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(f"密码至少需要 {MIN_PASSWORD_LENGTH} 个字符")


def departments(cur) -> list[str]:
    """The units an uploader may belong to: every unit that leads an indicator, and the 统计局."""
    units = catalog.lead_units(store.indicators_with_targets(cur, settings.get().year))
    return sorted(set(units) | {STATISTICS_BUREAU})


def _check_role(cur, role: str, department: str | None) -> None:
    if role not in ROLES:
        choices = "、".join(f"{ROLE_LABELS[r]}（{r}）" for r in ROLES)
        raise AccountError(f"未知角色 {role!r}，可选：{choices}")
    if role == "uploader" and not department:
        raise AccountError("上报账户须指定所属部门，例如 市发改局")
    known = departments(cur)
    if department and store.is_loaded(cur) and department not in known:
        near = [d for d in known if department[:2] in d][:3]
        hint = f"，是否为：{'、'.join(near)}" if near else "；可用 python -m indicators user departments 列出全部"
        raise AccountError(f"部门 {department!r} 不是指标目录中的牵头单位{hint}")


def _existing(cur, name: str) -> dict:
    row = store.get_user(cur, name)
    if row is None:
        raise AccountError(f"没有用户 {name!r}")
    return row


def _user(row: dict) -> User:
    return User(row["name"], row["role"], row["department"], bool(row.get("must_change_password")))


def create_user(cur, name: str, role: str, department: str | None = None, password: str | None = None,
                *, by: str | None = None) -> str:
    """Add an account and return its password (a random 16-character one when none is given)."""
    name = (name or "").strip()
    department = (department or "").strip() or None
    if not name:
        raise AccountError("用户名不能为空")
    _check_role(cur, role, department)
    generated = password is None  # a password someone else knows: changed at the first sign-in
    password = _new_password() if generated else password
    _check_password(password)
    if store.get_user(cur, name) is not None:
        raise AccountError(f"用户 {name!r} 已存在")
    salt, digest = _hashed(password)
    with store.transaction(cur):
        store.add_user(cur, name, role, department, salt, digest, must_change=generated)
        store.audit(cur, by or SYSTEM, "user_add",
                    f"添加用户 {name}（{ROLE_LABELS[role]}{'，' + department if department else ''}）")
    return password


def authenticate(cur, name: str, password: str, now: datetime | None = None) -> User:
    """The user behind `name` and `password`, or an AccountError saying why not."""
    now = now or datetime.now()
    row = store.get_user(cur, (name or "").strip())
    if row is None:
        hash_password(password, b"\0" * SALT_BYTES)  # as slow as a real check: no hint the name is unknown
        raise AccountError(WRONG_CREDENTIALS)
    locked_until = row["locked_until"]
    if locked_until is not None and now < locked_until:
        raise AccountError(_locked_message(locked_until))
    if not hmac.compare_digest(hash_password(password, row["salt"]), row["password_hash"]):
        raise AccountError(_record_failure(cur, row, now))
    if row["disabled"]:
        raise AccountError("账户已停用，请联系管理员")
    if row["failed_logins"] or locked_until is not None:
        store.record_login_success(cur, row["name"])
    return _user(row)


def _record_failure(cur, row: dict, now: datetime) -> str:
    """Count the failure (afresh once an earlier lock has run out), lock on the MAX_FAILURES-th,
    and return the message for the user."""
    failures = (0 if row["locked_until"] is not None else row["failed_logins"]) + 1
    until = now + timedelta(minutes=LOCK_MINUTES) if failures >= MAX_FAILURES else None
    with store.transaction(cur):
        store.record_login_failure(cur, row["name"], until, failures)
        if until is not None:
            store.audit(cur, SYSTEM, "login_locked",
                        f"用户 {row['name']} 连续 {failures} 次登录失败，锁定至 {until:%Y-%m-%d %H:%M}")
    return _locked_message(until) if until is not None else WRONG_CREDENTIALS


def _locked_message(until: datetime) -> str:
    return f"登录失败次数过多，账户已锁定至 {until:%H:%M}，请稍后再试或联系管理员"


def ensure_admin(cur) -> str | None:
    """On a store without accounts, create 'admin' (role admin) and return its password (show it once)."""
    if store.user_count(cur):
        return None
    return create_user(cur, "admin", "admin")


def reset_password(cur, name: str, *, by: str | None = None) -> str:
    """Give `name` a new random password (also ends any lock) and return it."""
    _existing(cur, name)
    password = _new_password()
    salt, digest = _hashed(password)
    with store.transaction(cur):
        store.set_password(cur, name, salt, digest, must_change=True)
        store.end_sessions_of(cur, name)  # every tab signed in with the old password is signed out
        store.audit(cur, by or SYSTEM, "user_reset", f"重置用户 {name} 的密码")
    return password


def change_password(cur, name: str, old_password: str, new_password: str, repeated: str | None = None) -> None:
    """The user's own change: the old password must be right (it counts as a login attempt), the new
    one typed the same twice and different from the old."""
    authenticate(cur, name, old_password)
    if repeated is not None and repeated != new_password:
        raise AccountError("两次输入的新密码不一致")
    if new_password == old_password:
        raise AccountError("新密码不能与原密码相同")
    _check_password(new_password)
    salt, digest = _hashed(new_password)
    with store.transaction(cur):
        store.set_password(cur, name, salt, digest)
        store.audit(cur, name, "password_change", f"用户 {name} 修改了自己的密码")


def disable_user(cur, name: str, *, by: str | None = None) -> None:
    row = _existing(cur, name)
    if row["role"] == "admin" and not row["disabled"] and _active_admins(cur) == {name}:
        raise AccountError("不能停用最后一个管理员账户")
    with store.transaction(cur):
        store.set_disabled(cur, name, True)
        store.end_sessions_of(cur, name)
        store.audit(cur, by or SYSTEM, "user_disable", f"停用用户 {name}")


def enable_user(cur, name: str, *, by: str | None = None) -> None:
    _existing(cur, name)
    with store.transaction(cur):
        store.set_disabled(cur, name, False)
        store.audit(cur, by or SYSTEM, "user_enable", f"启用用户 {name}")


def set_role(cur, name: str, role: str, department: str | None = None, *, by: str | None = None) -> None:
    """Change the role (and department; an uploader keeps the one it has when none is given)."""
    row = _existing(cur, name)
    department = (department or "").strip() or row["department"]
    _check_role(cur, role, department)
    if row["role"] == "admin" and role != "admin" and _active_admins(cur) == {name}:
        raise AccountError("不能取消最后一个管理员的管理员角色")
    with store.transaction(cur):
        store.set_role(cur, name, role, department)
        store.audit(cur, by or SYSTEM, "user_role",
                    f"用户 {name} 角色改为 {ROLE_LABELS[role]}{'（' + department + '）' if department else ''}")


def _active_admins(cur) -> set[str]:
    users = store.list_users(cur)
    return set(users.loc[(users["role"] == "admin") & ~users["disabled"].astype(bool), "name"])


def may_upload(user: User | None, lead_department: str | None) -> bool:
    """May `user` upload values of an indicator led by `lead_department` (joint leads: any of them)?"""
    if not may_upload_anything(user):  # viewers and 督查 report nothing, whatever their department
        return False
    if user.role == "admin" or user.department == STATISTICS_BUREAU:
        return True
    return _leads(user, lead_department)


def _leads(user: User, lead_department: str | None) -> bool:
    """Is `user` an uploader of one of the units that lead (alone or jointly) `lead_department`?"""
    return user.role == "uploader" and user.department in catalog.leads_of(lead_department)


def may_answer(user: User | None, lead_department: str | None) -> bool:
    """May `user` answer a 督办 sent to `lead_department`? Its own units' uploaders and admins only: the
    统计局 reports every figure but answers only for what it leads."""
    return user is not None and (user.role == "admin" or _leads(user, lead_department))


def may_supervise(user: User | None) -> bool:
    """May `user` open, accept and close 督办 and mark values 核验 (the 督查室, and admins)?"""
    return user is not None and user.role in ("supervisor", "admin")


def who(user: User | None) -> str:
    """How a refusal names the person: 张三（督查）; 未登录用户 when nobody is signed in."""
    return f"{user.name}（{ROLE_LABELS[user.role]}）" if user else "未登录用户"


def may_upload_anything(user: User | None) -> bool:
    """Whether the upload page is for this user at all (uploaders and admins)."""
    return user is not None and user.role in ("uploader", "admin")


def may_admin(user: User | None) -> bool:
    return user is not None and user.role == "admin"


def audit_table(cur, limit: int = 500):
    """The audit log as a reader sees it: Chinese headers and actions, times to the second, newest first."""
    log = store.audit_log(cur, limit)
    shown = log.assign(at=log["at"].dt.strftime("%Y-%m-%d %H:%M:%S"), action=log["action"].map(store.AUDIT_ACTIONS),
                       user_name=log["user_name"].fillna(""), detail=log["detail"].fillna(""))
    return shown[list(store.AUDIT_HEADERS)].rename(columns=store.AUDIT_HEADERS)




# ---- sign-in sessions: the browser holds a random token, the store its hash ----------------------

def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("ascii", "replace")).hexdigest()


def start_session(cur, user: User, now: datetime | None = None) -> str:
    """A new sign-in for `user`: returns the token for the cookie (only its hash is stored)."""
    token = secrets.token_urlsafe(32)
    store.add_session(cur, _digest(token), user.name, now or datetime.now())
    return token


def session_user(cur, token: str | None, now: datetime | None = None) -> User | None:
    """The user a cookie's token signs in, as the account stands now (role, department, disabled), or
    None when there is no such sign-in, it idled or lived too long, or the account is disabled."""
    if not token:
        return None
    now, s = now or datetime.now(), settings.get()
    row = store.session(cur, _digest(token))
    if row is None or row["disabled"] or now - row["last_seen"] > timedelta(hours=s.session_idle_hours) \
            or now - row["signed_in_at"] > timedelta(days=s.session_max_days):
        return None
    if now - row["last_seen"] > SEEN_EVERY:  # the idle clock needs no write on every click
        store.touch_session(cur, _digest(token), now)
    return _user(row)


def end_session(cur, token: str | None) -> None:
    """Sign out: the token stops working at once, wherever it is still held."""
    if token:
        store.end_session(cur, _digest(token))
