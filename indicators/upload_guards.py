"""What stops an upload whenever it is checked, at the preview and again inside the landing's
transaction (a month may have been locked, or the user demoted, since the preview): a locked month,
a targets file from anyone but an administrator, an indicator led by another department. And what
tells a renamed or re-saved copy of a landed file: the fingerprint of what it says.

Each refusal of a value names its cell and its indicator ("A2-08 新签约项目数")."""
from __future__ import annotations

import hashlib
import json

import pandas as pd

from indicators import accounts, store
from indicators import validate
from common.errors import Problem, cell_text, indicator_label

# what a file says (where it came from, its name, format and cells, is not content)
CONTENT = {"observations": ["code", "year", "month", "value", "text"], "notes": validate.NOTE_COLUMNS,
           "targets": validate.TARGET_COLUMNS, "paths": validate.PATH_COLUMNS}


def refusals(cur, checked: validate.Checked, filename: str, layout: str, catalog: pd.DataFrame,
             user: accounts.User | None) -> list[Problem]:
    """Every error that stops this file for this user now (user None: the command line's operator).
    `catalog`: at least code, name and lead_department of every indicator (store.leads)."""
    return _locked(cur, checked, filename, catalog) + _targets_by_admins(filename, layout, user) \
        + _out_of_scope(checked, filename, catalog, user)


def _targets_by_admins(filename: str, layout: str, user: accounts.User | None) -> list[Problem]:
    """Targets, monthly paths and baselines are an administrator's alone: the whole file is refused."""
    if layout != "targets" or user is None or accounts.may_admin(user):
        return []
    return [Problem("目标分解表（年度目标、分月目标、上年数）只能由管理员上传，整份文件未导入；"
                    "请将文件交管理员在“数据上报”页上传", filename)]


def _each_cell(checked: validate.Checked, filename: str, catalog: pd.DataFrame, message,
               frames=("notes",)) -> list[Problem]:
    """An error for each value whose `message(code, year, month)` is not None, at its cell and naming its
    indicator; then one for each indicator of `frames` (notes, targets, paths: no cell) not named yet."""
    names = {code: indicator_label(code, name) for code, name in zip(catalog["code"], catalog["name"])}
    problems = [Problem(said, filename, r.sheet, r.row, r.column, cell_text(r.value, r.text), indicator=names.get(r.code))
                for r in checked.observations.itertuples() for said in [message(r.code, r.year, r.month)] if said]
    named = {p.indicator for p in problems}
    for frame in (getattr(checked, f) for f in frames):
        for r in frame.drop_duplicates("code").itertuples():
            said = message(r.code, r.year, getattr(r, "month", None))
            if said and names.get(r.code) not in named:
                problems.append(Problem(said, filename, indicator=names.get(r.code)))
                named.add(names.get(r.code))
    return problems


def _locked(cur, checked: validate.Checked, filename: str, catalog: pd.DataFrame) -> list[Problem]:
    """An error for each value or note of a month an administrator locked (审核定稿)."""
    years = sorted({int(y) for y in checked.observations["year"].tolist() + checked.notes["year"].tolist()})
    locked = {(year, month) for year in years for month in store.locked_months(cur, year)}

    def message(code, year, month) -> str | None:
        return f"{year}年1-{month}月已审核定稿（锁定），不能再修改；如需更正请联系管理员解锁" \
            if (year, month) in locked else None
    return _each_cell(checked, filename, catalog, message) if locked else []


def _out_of_scope(checked: validate.Checked, filename: str, catalog: pd.DataFrame,
                  user: accounts.User | None) -> list[Problem]:
    """An error for each value, note or target of an indicator led by another department than the user's."""
    if user is None:
        return []
    leads = catalog.set_index("code")["lead_department"].to_dict()

    def message(code, year, month) -> str | None:
        if accounts.may_upload(user, leads.get(code)):
            return None
        return f"该指标由{leads.get(code) or '未指定单位'}牵头，{user.department}无权上报"
    return _each_cell(checked, filename, catalog, message, ("notes", "targets", "paths"))


def fingerprint(checked: validate.Checked, period: tuple[int, int]) -> str:
    """SHA-256 of what a file says, whatever its name, format or layout: its period and every value,
    note, target and monthly path it sets, in a fixed order (the same file for another period differs)."""
    said = {what: sorted(json.dumps([_canonical(v) for v in row], ensure_ascii=False)
                         for row in zip(*(getattr(checked, what)[c].tolist() for c in columns)))
            for what, columns in CONTENT.items()}
    said["period"] = list(period)
    return hashlib.sha256(json.dumps(said, ensure_ascii=False, sort_keys=True).encode("utf-8")).hexdigest()


def _canonical(value) -> str | None:
    """A cell as the fingerprint reads it: 5.3, 5.30 and numpy's 5.3 alike; text as written."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    return value if isinstance(value, str) else f"{float(value):.15g}"
