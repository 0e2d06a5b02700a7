"""督办 (issue 15): from a lagging indicator to its lead unit's answer and the 督查室's check.

A 提醒 is derived, never stored: a 滞后 indicator of the period with no 督办 still open. A 督办's status
is derived when it is read (STATUSES), so 逾期 needs no job at midnight: pass `today` to move time.
Every write is recorded in the 督办's history and in the audit log (the store does both at once).
"""
from __future__ import annotations

from datetime import date, timedelta

import pandas as pd

from common.errors import UserError
from common.periods import date_label, period_label
from indicators import accounts, numbers, report, store
from indicators.accounts import User
from indicators.progress import GREEN, RED

STATUSES = {"open": "待答复", "answered": "已答复", "overdue": "逾期", "closed": "已办结"}
STEP_LABELS = {"open": "开启督办", "answer": "答复", "accept": "验收办结", "recovered": "指标恢复正常，自动办结"}
REPLY_WORKING_DAYS = 5
LIST_COLUMNS = ["id", "code", "name", "lead_department", "period", "status", "deadline", "opened_by", "answered_at"]


class SupervisionError(UserError):
    """Raised when a 督办 cannot be opened, answered or closed; the message names the 督办 and its indicator."""


def working_days_after(day: date, count: int) -> date:
    """The `count`-th working day after `day`. Working days are Monday to Friday only: there is no
    holiday calendar (法定节假日 and 调休 are not known), so over a holiday the deadline comes early
    and the 督查室 may give a later one by hand (open's `deadline`)."""
    while count > 0:
        day += timedelta(days=1)
        count -= day.weekday() < 5
    return day


def status_of(answered_at, closed_at, deadline: date, today: date) -> str:
    """open | answered | overdue | closed: closed once closed; answered once answered (even late);
    overdue when the deadline has passed without an answer."""
    if not pd.isna(closed_at):
        return "closed"
    if not pd.isna(answered_at):
        return "answered"
    return "overdue" if today > _day(deadline) else "open"


def _day(value) -> date:
    return value.date() if hasattr(value, "date") and callable(value.date) else value


def recovery_label(year, month) -> str:
    """预计恢复 as written everywhere: 2026年7月; "" before the unit has answered."""
    return "" if pd.isna(year) else f"{int(year)}年{int(month)}月"


def label(row) -> str:
    """How a message names a 督办: 督办 #3（A5-14 新增5G基站）."""
    return f"督办 #{row['id']}（{row['code']} {row['name']}）"


def _require_supervisor(user: User | None, what: str) -> None:
    if not accounts.may_supervise(user):
        raise SupervisionError(f"{accounts.who(user)}不能{what}：只有督查账户或管理员可以")


# ---- 提醒 and opening --------------------------------------------------------------------------------

def reminders(cur, year: int, month: int, table: pd.DataFrame | None = None) -> pd.DataFrame:
    """The 提醒 of a period: its 滞后 indicators with no 督办 still open (the status table's rows).
    `table`: the period's status table when the caller has it already (the pages' cached one)."""
    table = report.status_table(cur, year, month) if table is None else table
    return table[(table["status"] == RED) & ~table["code"].isin(store.unclosed_codes(cur))].reset_index(drop=True)


def request_text(row, year: int, month: int, deadline: date) -> str:
    """The default sentence of request, from a status table row: the indicator, 目标, 实际, 序时进度."""
    actual = row["actual_text"] if numbers.missing(row["actual"]) and isinstance(row["actual_text"], str) \
        else numbers.with_unit(row["actual"], row["unit"])
    pace = "" if numbers.missing(row["time_progress"]) else f"，序时进度 {numbers.percent(row['time_progress'])}"
    done = "" if numbers.missing(row["completion"]) else f"，完成 {numbers.percent(row['completion'])}"
    return (f"{period_label(year, month)}，{row['code']} {row['name']}滞后：目标 {row['target_label']}，"
            f"实际 {actual}{done}{pace}。请{row['lead_department']}于 {date_label(deadline)}"
            f"前书面答复滞后原因、整改措施及预计恢复月份。")


def open(cur, period: tuple[int, int], user: User, codes=None, *, today: date | None = None,
         deadline: date | None = None, request: str | None = None) -> int:
    """Open a 督办 for every 提醒 of `period` (or only those of `codes`) to the indicator's lead unit(s),
    answer due in REPLY_WORKING_DAYS working days unless `deadline` says otherwise; returns how many.
    An indicator whose 督办 is still open gets no second one."""
    _require_supervisor(user, "开启督办")
    due = _chosen(reminders(cur, *period), cur, period, codes)
    deadline = deadline or working_days_after(today or date.today(), REPLY_WORKING_DAYS)
    # an indicator the plan gives no lead unit has no one to answer: it stays a 提醒 for the 督查室
    due = due[due["lead_department"].fillna("") != ""]
    with store.transaction(cur):
        for _, row in due.iterrows():
            text = request or request_text(row, *period, deadline)
            store.add_supervision(cur, row["code"], period, row["lead_department"], text, deadline, user.name,
                                  f"{row['code']} {row['name']} {period_label(*period)}滞后，督办{row['lead_department']}，"
                                  f"{deadline:%Y-%m-%d} 前答复")
    return len(due)


def _chosen(due: pd.DataFrame, cur, period: tuple[int, int], codes) -> pd.DataFrame:
    """`due` limited to `codes`; a code that is no indicator, or not 滞后 in the period, is refused."""
    if codes is None:
        return due
    table = report.status_table(cur, *period)
    status = dict(zip(table["code"], table["status"]))
    names = dict(zip(table["code"], table["name"]))
    for code in codes:
        if code not in status:
            raise SupervisionError(f"指标目录中没有编码 {code}，不能开启督办")
        if status[code] != RED:
            raise SupervisionError(f"{code} {names[code]} 在{period_label(*period)}不是滞后指标，不能开启督办")
    return due[due["code"].isin(codes)]


# ---- answer, accept, close on recovery ---------------------------------------------------------------

def _existing(cur, supervision_id: int) -> dict:
    row = store.supervision(cur, supervision_id)
    if row is None:
        raise SupervisionError(f"没有编号为 {supervision_id} 的督办")
    if not pd.isna(row["closed_at"]):
        raise SupervisionError(f"{label(row)}已于 {row['closed_at']:%Y-%m-%d} 办结，不能再更改")
    return row


def answer(cur, supervision_id: int, user: User, reason: str, measures: str, recovery: tuple[int, int]) -> None:
    """The lead unit's answer: 原因, 整改措施 and the month it expects the indicator 正常 again
    (`recovery`: year, month). Only an uploader of a unit the 督办 was sent to, or an admin; an
    answer given again before the 督办 is closed replaces the earlier one (the history keeps both)."""
    row = _existing(cur, supervision_id)
    if not accounts.may_answer(user, row["lead_department"]):
        who = f"{user.name}（{user.department or accounts.ROLE_LABELS[user.role]}）" if user else "未登录用户"
        raise SupervisionError(f"{label(row)}发给{row['lead_department']}，{who}不能答复：只有该单位的上报账户"
                               "或管理员可以答复")
    reason, measures = (reason or "").strip(), (measures or "").strip()
    _check_answer(row, reason, measures, recovery)
    store.record_answer(cur, supervision_id, {"reason": reason, "measures": measures, "recovery_year": recovery[0],
                                              "recovery_month": recovery[1]}, user.name,
                        f"{label(row)}：{row['lead_department']}答复，预计 {recovery[0]}年{recovery[1]}月恢复")


def _check_answer(row: dict, reason: str, measures: str, recovery: tuple[int, int]) -> None:
    if not reason:
        raise SupervisionError(f"{label(row)}：请填写滞后原因")
    if not measures:
        raise SupervisionError(f"{label(row)}：请填写整改措施")
    year, month = recovery
    if not 1 <= month <= 12 or (year, month) < (row["year"], row["month"]):
        raise SupervisionError(f"{label(row)}：预计恢复月份 {year}年{month}月 有误，不能早于督办期间"
                               f"{period_label(row['year'], row['month'])}")


def accept(cur, supervision_id: int, user: User, note: str = "") -> None:
    """The 督查室 accepts the unit's answer: the 督办 closes (督查 and admins only; answered ones only)."""
    _require_supervisor(user, "验收督办")
    row = _existing(cur, supervision_id)
    if pd.isna(row["answered_at"]):
        raise SupervisionError(f"{label(row)}尚未答复，不能验收办结")
    text = (note or "").strip() or "答复已验收，办结"
    store.close_supervision(cur, supervision_id, "accept", user.name, text, f"{label(row)}：{text}")


def close_recovered(cur, year: int, month: int, by: str = accounts.SYSTEM) -> int:
    """Close, with a note, every open 督办 of an earlier period whose indicator is 正常 in `year`-`month`;
    returns how many. Cheap when there is none to look at: the status table is read only then."""
    if not store.any_unclosed(cur, (year, month)):
        return 0
    pending = store.supervisions(cur, before=(year, month), unclosed=True)
    table = report.status_table(cur, year, month)
    recovered = pending[pending["code"].isin(table.loc[table["status"] == GREEN, "code"])]
    note = f"指标于{period_label(year, month)}恢复正常，自动办结"
    with store.transaction(cur):
        for _, row in recovered.iterrows():
            store.close_supervision(cur, int(row["id"]), "recovered", by, note, f"{label(row)}：{note}")
    return len(recovered)


# ---- reading -------------------------------------------------------------------------------------------

def table(cur, status: str | None = None, today: date | None = None) -> pd.DataFrame:
    """Every 督办 (or those of one status) with its status as of `today`: the store's columns plus
    status and period ("2026-05"); LIST_COLUMNS first."""
    rows = store.supervisions(cur)
    today = today or date.today()
    rows = rows.assign(deadline=[_day(d) for d in rows["deadline"]])  # a day, not pandas' midnight timestamp
    rows = rows.assign(
        status=[status_of(a, c, d, today) for a, c, d in zip(rows["answered_at"], rows["closed_at"], rows["deadline"])],
        period=[f"{y}-{m:02d}" for y, m in zip(rows["year"], rows["month"])])
    if status is not None:
        rows = rows[rows["status"] == status]
    return rows[LIST_COLUMNS + [c for c in rows.columns if c not in LIST_COLUMNS]].reset_index(drop=True)


def counts(cur, today: date | None = None) -> dict[str, int]:
    """How many 督办 stand in each status (every status present, 0 when none): for 总览."""
    found = table(cur, today=today)["status"].value_counts()
    return {s: int(found.get(s, 0)) for s in STATUSES}


def history(cur, supervision_id: int) -> pd.DataFrame:
    """A 督办's steps, oldest first, as a reader sees them (columns: 时间, 步骤, 操作人, 内容)."""
    steps = store.supervision_steps(cur, supervision_id)
    return pd.DataFrame({"时间": steps["at"].dt.strftime("%Y-%m-%d %H:%M"), "步骤": steps["step"].map(STEP_LABELS),
                         "操作人": steps["user_name"].fillna(""), "内容": steps["text"].fillna("")})
