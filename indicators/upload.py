"""One upload, start to finish: read, recognise, validate, preview (nothing written), then land.

`prepare` never writes; `land` writes everything in one transaction or nothing. The page and
`python -m indicators import` both go through here.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import pandas as pd

from indicators import accounts, report, settings, store
from indicators.progress import RED, STATUS_LABELS
from loaders import layouts, read, validate
from loaders.errors import ERROR, WARNING, LoadError, Problem

GROWTH_JUMP_POINTS = 15.0
CHANGE_LABELS = {"new": "新增", "changed": "更正", "unchanged": "未变"}


class UploadRefused(LoadError):
    """Raised when a file has errors: nothing was written."""


class NeedsConfirmation(LoadError):
    """Raised when a file has warnings that nobody confirmed yet: nothing was written."""


@dataclass
class Prepared:
    filename: str
    content: bytes
    sha256: str = ""
    layout: str | None = None
    period: tuple[int, int] | None = None
    preview: pd.DataFrame = field(default_factory=pd.DataFrame)
    checked: validate.Checked | None = None
    problems: list[Problem] = field(default_factory=list)
    duplicate_of: dict | None = None

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.level == ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.level == WARNING]

    def counts(self) -> dict[str, int]:
        changes = self.preview["change"].value_counts() if len(self.preview) else {}
        return {k: int(changes.get(k, 0)) for k in CHANGE_LABELS}


def _period(extract: layouts.Extract, asked: tuple[int, int] | None) -> tuple[int, int] | None:
    if asked:
        return asked
    if extract.layout == "targets":  # a year's plan: the month does not matter
        return ((extract.period or (settings.get().year, 12))[0], 12)
    return extract.period


def prepare(cur, content: bytes, filename: str, period: tuple[int, int] | None = None,
            today: date | None = None, *, user: accounts.User | None = None) -> Prepared:
    """Everything the preview shows, with every problem found; nothing is written.

    With `user`, values of indicators the user may not report are errors (accounts.may_upload)."""
    prepared = Prepared(filename, content)
    if user is not None and user.role == "viewer":
        prepared.problems = [Problem("浏览账户不能上报数据", filename)]
        return prepared
    try:
        workbook = read.read_file(content, filename)
    except LoadError as exc:
        prepared.problems = exc.problems
        return prepared
    prepared.sha256 = workbook.sha256
    prepared.duplicate_of = store.upload_with_file(cur, workbook.sha256)
    extract = layouts.extract(workbook)
    if extract is None:
        prepared.problems = [Problem("无法识别表格格式：请使用看板下载的填报模板、目标分解表，或统计局月报表"
                                     "（表头含“指标名称”和“同比增长”列）", filename)]
        return prepared
    prepared.layout, prepared.period = extract.layout, _period(extract, period)
    previous = prepared.duplicate_of
    if previous and (previous["period_year"], previous["period_month"]) != prepared.period:
        prepared.duplicate_of = None  # the same file sent for another period is a new upload
    return _checked(cur, prepared, extract, today or date.today(), user)


def _checked(cur, prepared: Prepared, extract, today: date, user: accounts.User | None = None) -> Prepared:
    problems = validate.check_period(prepared.period, prepared.filename, today) \
        if extract.layout != "targets" else []
    if problems:
        prepared.problems = problems
        return prepared
    catalog = store.indicators_with_targets(cur, prepared.period[0])
    check = validate.check_targets if extract.layout == "targets" else validate.check_values
    prepared.checked = check(extract, catalog, prepared.filename, prepared.period)
    prepared.problems = extract.problems + prepared.checked.problems + _locked(cur, prepared) + \
        _out_of_scope(prepared, catalog, user)
    prepared.preview = _preview(cur, prepared, catalog)
    prepared.problems += _plausibility(cur, prepared, catalog)
    return prepared


def _locked(cur, prepared: Prepared) -> list[Problem]:
    rows = prepared.checked.observations
    problems = []
    for year in sorted(set(rows["year"])):
        locked = store.locked_months(cur, int(year)) & set(rows.loc[rows["year"] == year, "month"])
        problems += [Problem(f"{year}年1-{m}月已审核定稿（锁定），不能再修改；如需更正请联系管理员解锁",
                             prepared.filename) for m in sorted(locked)]
    return problems


def _out_of_scope(prepared: Prepared, catalog: pd.DataFrame, user: accounts.User | None) -> list[Problem]:
    """An error for each value, note or target of an indicator led by another department than the user's."""
    if user is None:
        return []
    leads = catalog.set_index("code")["lead_department"].to_dict()

    def refused(code) -> bool:
        return not accounts.may_upload(user, leads.get(code))

    def message(code) -> str:
        return f"该指标由{leads.get(code) or '未指定单位'}牵头，{user.department}无权上报"
    c = prepared.checked
    problems = [Problem(message(r.code), prepared.filename, r.sheet, r.row, r.column, _shown(r.value, r.text))
                for r in c.observations.itertuples() if refused(r.code)]
    named = set(c.observations["code"])
    others = [code for frame in (c.notes, c.targets, c.paths) for code in frame["code"]]
    for code in dict.fromkeys(others):  # notes and targets carry no cell: name the indicator
        if code not in named and refused(code):
            problems.append(Problem(message(code), prepared.filename, value=code))
    return problems


def _preview(cur, prepared: Prepared, catalog: pd.DataFrame) -> pd.DataFrame:
    rows = prepared.checked.observations
    if rows.empty:
        return pd.DataFrame(columns=["code", "year", "month", "value", "text", "change"])
    shown = store.preview(cur, rows[["code", "year", "month", "value", "text"]])
    names = catalog[["code", "name", "unit", "kind", "comparator", "target", "frequency", "higher_is_better"]]
    return shown.merge(names, on="code", how="left").merge(
        rows[["code", "year", "month", "sheet", "row", "column"]], on=["code", "year", "month"], how="left")


def _plausibility(cur, prepared: Prepared, catalog: pd.DataFrame) -> list[Problem]:
    """Warnings: a cumulative value that falls, a growth rate that jumps, a new red without a note."""
    year, month = prepared.period
    this_year = prepared.preview[prepared.preview["year"] == year]
    if this_year.empty or prepared.layout == "targets":
        return []
    current = store.current_observations(cur, year)
    before = {(r.code, r.month): r.value for r in current.itertuples()}
    noted = set(prepared.checked.notes["code"]) | set(store.notes(cur, year, month)["code"])
    statuses = report.status_table(cur, year, month).set_index("code")["status"]
    return [p for r in this_year.itertuples() for p in _row_warnings(prepared, r, before, noted, statuses)]


def _row_warnings(prepared: Prepared, r, before: dict, noted: set, statuses) -> list[Problem]:
    def warn(message):
        return Problem(message, prepared.filename, r.sheet, r.row, r.column, _shown(r.value, r.text), WARNING)
    previous = before.get((r.code, r.month - 1))
    warnings = []
    if r.kind == "cumulative" and previous is not None and r.value is not None and r.value < previous:
        warnings.append(warn(f"累计值小于上月累计值 {previous:g}{r.unit}，请核实"))
    if r.kind == "growth_rate" and previous is not None and r.value is not None \
            and abs(r.value - previous) > GROWTH_JUMP_POINTS:
        warnings.append(warn(f"增速较上月（{previous:g}%）变动超过 {GROWTH_JUMP_POINTS:g} 个百分点，请核实"))
    new_status = report.status_if(r, r.year, r.month, _num(r.value), r.text)
    if new_status == RED and statuses.get(r.code) != RED and r.code not in noted:
        warnings.append(warn("本期将转为“滞后”，请在“情况说明”中写明原因"))
    return warnings


def _num(value):
    return None if value is None or pd.isna(value) else float(value)


def _shown(value, text) -> str:
    return text if isinstance(text, str) else ("" if value is None or pd.isna(value) else f"{value:g}")


def land(cur, prepared: Prepared, user: str, confirmed: bool = False) -> int:
    """Write the prepared upload (one transaction) and return its id; the duplicate's id if the
    same file already stands. Raises UploadRefused on errors, NeedsConfirmation on unconfirmed warnings."""
    if prepared.errors:
        raise UploadRefused(prepared.errors)
    if prepared.duplicate_of:
        return prepared.duplicate_of["id"]
    if prepared.warnings and not confirmed:
        raise NeedsConfirmation(prepared.warnings)
    c = prepared.checked
    return store.commit_upload(cur, _meta(prepared, user), prepared.preview, prepared.content,
                               notes=c.notes, targets=c.targets, paths=c.paths)


def _meta(prepared: Prepared, user: str) -> dict:
    counts = prepared.counts()
    return {"filename": prepared.filename, "uploaded_by": user, "sha256": prepared.sha256,
            "layout": prepared.layout, "period_year": prepared.period[0], "period_month": prepared.period[1],
            "rows_new": counts["new"], "rows_changed": counts["changed"], "rows_unchanged": counts["unchanged"],
            "warnings": len(prepared.warnings)}


def preview_table(prepared: Prepared) -> pd.DataFrame:
    """The preview as the page and the CLI show it: one row per value, old → new, and its effect."""
    p = prepared.preview
    if p.empty:
        return pd.DataFrame()
    return pd.DataFrame({
        "编码": p["code"], "指标": p["name"], "期间": [report.period_label(y, m) for y, m in zip(p["year"], p["month"])],
        "原值": [_shown(v, t) for v, t in zip(p["old_value"], p["old_text"])],
        "新值": [_shown(v, t) for v, t in zip(p["value"], p["text"])],
        "单位": p["unit"].fillna(""), "变化": p["change"].map(CHANGE_LABELS),
        "上报后状态": [STATUS_LABELS[report.status_if(r, r.year, r.month, _num(r.value), r.text)]
                   if r.year == prepared.period[0] else "" for r in p.itertuples()],
    })
