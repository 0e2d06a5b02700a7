"""核验 (issue 15): the 督查室 marks a reported value 已核验 or 核验有疑问. A doubt stands on the value,
whatever is uploaded later, until a 督查 user resolves it or marks the value 已核验."""
from __future__ import annotations

import pandas as pd

from common.errors import UserError
from common.periods import period_label
from indicators import accounts, store
from indicators.accounts import User

MARKS = {"verified": "已核验", "doubted": "核验有疑问"}


class VerificationError(UserError):
    """Raised when a value cannot be marked; the message names the indicator and the period."""


def _name(cur, code: str) -> str:
    names = dict(zip(*(store.leads(cur)[c] for c in ("code", "name"))))
    if code not in names:
        raise VerificationError(f"指标目录中没有编码 {code}，不能核验")
    return f"{code} {names[code]}"


def _check(cur, user: User | None, code: str, period: tuple[int, int]) -> str:
    """The indicator as messages name it, once the user may mark and the period is a month."""
    indicator = _name(cur, code)
    if not accounts.may_supervise(user):
        raise VerificationError(f"{accounts.who(user)}不能核验 {indicator}：只有督查账户或管理员可以")
    if not 1 <= period[1] <= 12:
        raise VerificationError(f"{indicator}：期间 {period[0]}年{period[1]}月 有误")
    return indicator


def mark(cur, code: str, period: tuple[int, int], mark: str, user: User, note: str = "") -> None:
    """Mark the value of `code` for `period` (mark: verified or doubted; a doubt must say what is doubted)."""
    indicator = _check(cur, user, code, period)
    note = (note or "").strip()
    if mark not in MARKS:
        raise VerificationError(f"{indicator}：未知的核验标记 {mark!r}，可选：{'、'.join(MARKS.values())}")
    if mark == "doubted" and not note:
        raise VerificationError(f"{indicator}：标记核验有疑问时请写明疑问")
    store.add_verification(cur, code, period, mark, note, user.name,
                           f"{indicator} {period_label(*period)}：{MARKS[mark]}" + (f"（{note}）" if note else ""))


def resolve(cur, code: str, period: tuple[int, int], user: User, note: str) -> None:
    """End the doubt on a value without vouching for it (the note says how it was settled)."""
    indicator = _check(cur, user, code, period)
    standing = marks(cur, period[0])
    here = standing[(standing["code"] == code) & (standing["month"] == period[1])]
    if here.empty or here["mark"].iloc[0] != "doubted":
        raise VerificationError(f"{indicator} {period_label(*period)}没有待解决的核验疑问")
    if not (note or "").strip():
        raise VerificationError(f"{indicator}：请写明疑问如何解决")
    store.add_verification(cur, code, period, "resolved", note.strip(), user.name,
                           f"{indicator} {period_label(*period)}：核验疑问已解决（{note.strip()}）")


def marks(cur, year: int | None = None) -> pd.DataFrame:
    """The mark standing on each value (columns: code, year, month, mark, label, note, user_name, at)."""
    found = store.verifications(cur, year)
    return found.assign(label=found["mark"].map(MARKS))


def doubted(cur, year: int | None = None) -> pd.DataFrame:
    """The values whose doubt is not yet resolved: every page and export shows these (columns as marks)."""
    found = marks(cur, year)
    return found[found["mark"] == "doubted"].reset_index(drop=True)
