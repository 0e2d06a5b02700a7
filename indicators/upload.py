"""One upload, start to finish: read, recognise, validate, preview (nothing written), then land.

`prepare` never writes; `land` writes everything in one transaction or nothing. The page and
`python -m indicators import` both go through here.
"""
from __future__ import annotations

import contextlib
import gc
import threading
from collections import Counter
from dataclasses import dataclass, field
from datetime import date

import pandas as pd

from indicators import (accounts, progress, settings, store, supervision, upload_guards, upload_preview,
                        upload_reads)
from indicators.progress import RED
from loaders import frames, layouts, match, read
from indicators import validate
from common.errors import ERROR, WARNING, LoadError, Problem, cell_text, indicator_label
from common import periods

GROWTH_JUMP_POINTS = 15.0
VALUE_CHANGE_LABELS = {"new": "新增", "changed": "更正", "unchanged": "未变"}
# what the summary line counts, in its order
COUNT_LABELS = VALUE_CHANGE_LABELS | {"no_data": "无数据", "targets": "目标修订", "paths": "分月目标修订"}
NOTHING_NEW = "文件中的数值与看板现有数据相同，没有新增或更正，无需上报，数据库未做任何更改"


class UploadRefused(LoadError):
    """Raised when a file has errors: nothing was written."""


class NeedsConfirmation(LoadError):
    """Raised when a file has warnings that nobody confirmed yet: nothing was written."""


class NothingToWrite(LoadError):
    """Raised when landing a file would write nothing: its content stands already (a renamed or
    re-saved copy, or the same file landed meanwhile), or it changes no value."""


@dataclass
class Prepared:
    filename: str
    content: bytes
    sha256: str = ""
    fingerprint: str = ""           # what the file says (upload_guards.fingerprint): how a copy is known
    layout: str | None = None
    period: tuple[int, int] | None = None
    preview: pd.DataFrame = field(default_factory=pd.DataFrame)
    checked: validate.Checked | None = None
    problems: list[Problem] = field(default_factory=list)
    duplicate_of: dict | None = None
    demo_values: int = 0            # demo values the store holds: landing this file clears them all
    target_changes: pd.DataFrame = field(default_factory=pd.DataFrame)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.level == ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.level == WARNING]

    def counts(self) -> dict[str, int]:
        """How many values are new, changed, unchanged or marked 无数据; targets and paths changed."""
        # plain counting over the columns' lists: pandas' value_counts costs more than the few rows
        changes = Counter(self.preview["change"].tolist()) if len(self.preview) else Counter()
        counts = {k: changes[k] for k in VALUE_CHANGE_LABELS}
        counts["no_data"] = 0 if self.checked is None else len(self.checked.no_data)
        moved = self.target_changes
        moves = Counter(what for what, change in zip(moved["what"].tolist(), moved["change"].tolist())
                        if change != "unchanged") if len(moved) else Counter()
        counts |= {what: moves[what] for what in ("targets", "paths")}
        return counts

    @property
    def unneeded(self) -> str | None:
        """Why landing would write nothing (the sentence page and command line show), else None."""
        if self.duplicate_of:
            return duplicate_message(self.duplicate_of)
        counts = self.counts()
        if self.checked is not None and self.checked.notes.empty \
                and not any(counts[k] for k in ("new", "changed", "targets", "paths")):
            return NOTHING_NEW
        return None


def duplicate_message(previous: dict) -> str:
    """与第3号上传内容相同（月报.xlsx，2026-06-10 09:12 由 张三 上传）…: the upload this file repeats."""
    return (f"与第{previous['id']}号上传内容相同（{previous['filename']}，{previous['uploaded_at']:%Y-%m-%d %H:%M} "
            f"由 {previous['uploaded_by']} 上传），无需重复上传，数据库未做任何更改")


def _period(extract: layouts.Extract, asked: tuple[int, int] | None) -> tuple[int, int] | None:
    if asked:
        return asked
    if extract.layout == "targets":  # a year's plan: the month does not matter
        return ((extract.period or (settings.get().year, 12))[0], 12)
    return extract.period


_collector = {"lock": threading.Lock(), "holders": 0, "was_on": False}


@contextlib.contextmanager
def _collector_paused():
    """Python's cycle collector paused while a file is checked. A check builds tens of thousands of
    rows, records and problems that all live until it ends, so every collection meanwhile walks them
    (and the server's whole heap) to free nothing: a third of the time of a 10,000-row file.
    Reference counting frees as usual. Checks of several sessions may overlap: the last one out
    turns the collector back on, if it was on."""
    with _collector["lock"]:
        if _collector["holders"] == 0:
            _collector["was_on"] = gc.isenabled()
            gc.disable()
        _collector["holders"] += 1
    try:
        yield
    finally:
        with _collector["lock"]:
            _collector["holders"] -= 1
            if _collector["holders"] == 0 and _collector["was_on"]:
                gc.enable()


def prepare(cur, content: bytes, filename: str, period: tuple[int, int] | None = None,
            today: date | None = None, *, user: accounts.User | None = None) -> Prepared:
    """Everything the preview shows, with every problem found; nothing is written.

    With `user`, values of indicators the user may not report are errors (accounts.may_upload)."""
    with _collector_paused():
        return _prepare(cur, content, filename, period, today, user)


def _prepare(cur, content: bytes, filename: str, period, today, user) -> Prepared:
    prepared = Prepared(filename, content)
    if user is not None and not accounts.may_upload_anything(user):
        prepared.problems = [Problem(f"{accounts.ROLE_LABELS[user.role]}账户不能上报数据", filename)]
        return prepared
    today = today or date.today()
    reads = upload_reads.StoreReads(cur, period[0] if period else today.year)
    try:
        workbook = read.read_file(content, filename, meanwhile=reads.read)
    except LoadError as exc:
        prepared.problems = exc.problems
        return prepared
    prepared.sha256 = workbook.sha256
    extract = layouts.extract(workbook)
    if extract is None:
        prepared.problems = [Problem("无法识别表格格式：请使用看板下载的填报模板、目标分解表，或统计局月报表"
                                     "（表头含“指标名称”和“同比增长”列）", filename)]
        return prepared
    prepared.layout, prepared.period = extract.layout, _period(extract, period)
    prepared = _checked(cur, prepared, extract, reads, today, user)
    if prepared.checked is not None and not prepared.errors:
        prepared.fingerprint = upload_guards.fingerprint(prepared.checked, prepared.period)
        prepared.duplicate_of = store.standing_upload(cur, prepared.sha256, prepared.fingerprint, prepared.period)
    return prepared


def _checked(cur, prepared: Prepared, extract, reads: upload_reads.StoreReads, today: date,
             user: accounts.User | None = None) -> Prepared:
    problems = validate.check_period(prepared.period, prepared.filename, today) \
        if extract.layout != "targets" else []
    if problems:
        prepared.problems = problems
        return prepared
    catalog = reads.catalog(prepared.period[0])
    check = validate.check_targets if extract.layout == "targets" else validate.check_values
    prepared.checked = check(extract, catalog, prepared.filename, prepared.period, reads.aliases)
    prepared.problems = extract.problems + prepared.checked.problems + _guards(cur, prepared, catalog, user)
    prepared.demo_values = reads.demo_values
    # what the store holds now, read once: the statuses before and after, and the plausibility checks
    before = reads.context(prepared.period[0])
    prepared.preview = _preview(prepared, catalog, before)
    prepared.target_changes = _target_changes(cur, prepared, catalog)
    prepared.problems += _plausibility(prepared, reads)
    return prepared


def _guards(cur, prepared: Prepared, catalog: pd.DataFrame, user: accounts.User | None) -> list[Problem]:
    return upload_guards.refusals(cur, prepared.checked, prepared.filename, prepared.layout, catalog, user)


def _preview(prepared: Prepared, catalog: pd.DataFrame, before: dict) -> pd.DataFrame:
    return upload_preview.values(prepared.checked.observations, catalog, before, prepared.period[0])


def _target_changes(cur, prepared: Prepared, catalog: pd.DataFrame) -> pd.DataFrame:
    """Every annual target and monthly path the file sets, old → new (what: targets | paths)."""
    c = prepared.checked
    if c.targets.empty and c.paths.empty:
        return pd.DataFrame(columns=["code", "name", "what", "old", "new", "change"])
    names = catalog.set_index("code")
    old_paths = _path_texts(store.target_paths(cur, prepared.period[0]))
    found = [_change(code, names.loc[code, "name"], "targets", names.loc[code, "target"], target)
             for code, target in zip(c.targets["code"], c.targets["target"])]
    found += [_change(code, names.loc[code, "name"], "paths", old_paths.get(code, ""), new)
              for code, new in _path_texts(c.paths).items()]
    return pd.DataFrame(found)


def _path_texts(paths: pd.DataFrame) -> dict[str, str]:
    """code -> its monthly path as written: 3月15、6月33."""
    texts: dict[str, list[str]] = {}
    for r in paths.sort_values(["code", "month"]).itertuples():
        texts.setdefault(r.code, []).append(f"{int(r.month)}月{r.cumulative_target:g}")
    return {code: "、".join(parts) for code, parts in texts.items()}


def _change(code: str, name: str, what: str, old, new) -> dict:
    old = None if old is None or (isinstance(old, float) and pd.isna(old)) or old == "" else old
    change = "new" if old is None else ("unchanged" if old == new else "changed")
    return {"code": code, "name": name, "what": what, "old": old, "new": new, "change": change}


def _plausibility(prepared: Prepared, reads: upload_reads.StoreReads) -> list[Problem]:
    """Warnings: a cumulative value that falls, a growth rate that jumps, a new red without a note
    (the store as it stands: this year's current values and the period's notes)."""
    year, month = prepared.period
    if prepared.preview.empty or prepared.layout == "targets":
        return []
    rows = [r for r in frames.records(prepared.preview, WARNING_COLUMNS) if r.year == year]
    noted = set(prepared.checked.notes["code"]) | reads.noted(year, month)
    return [p for r in rows for p in _row_warnings(prepared, r, reads.context(year)["values"], noted)]


# what _row_warnings reads of a preview row
WARNING_COLUMNS = ["code", "name", "kind", "unit", "year", "month", "value", "text", "sheet", "row", "column",
                   "status", "status_before"]


def _row_warnings(prepared: Prepared, r, before: dict, noted: set) -> list[Problem]:
    def warn(message):
        return Problem(message, prepared.filename, r.sheet, r.row, r.column, cell_text(r.value, r.text), WARNING,
                       indicator_label(r.code, r.name))
    previous = before.get((r.code, r.month - 1))
    warnings = []
    if r.kind == "cumulative" and previous is not None and r.value is not None and r.value < previous:
        warnings.append(warn(f"累计值小于上月累计值 {previous:g}{r.unit}，请核实"))
    if r.kind == "growth_rate" and previous is not None and r.value is not None \
            and abs(r.value - previous) > GROWTH_JUMP_POINTS:
        warnings.append(warn(f"增速较上月（{previous:g}%）变动超过 {GROWTH_JUMP_POINTS:g} 个百分点，请核实"))
    if r.status == RED and r.status_before != RED and r.code not in noted:
        warnings.append(warn("本期将转为“滞后”，请在“情况说明”中写明原因"))
    return warnings


def land(cur, prepared: Prepared, user: str, confirmed: bool = False, *, account: accounts.User | None = None) -> int:
    """Write the prepared upload (one transaction) and return its id. `account`: the signed-in user
    as they stand at the click (the page; the command line's operator has none). The lock, the same
    content and the user's scope are checked again inside the transaction. Raises UploadRefused on
    errors, NothingToWrite when the content stands already or changes nothing, NeedsConfirmation on
    unconfirmed warnings. Once the values stand, every 督办 of an earlier period whose indicator is now
    正常 closes by itself (supervision.close_recovered)."""
    if prepared.errors:
        raise UploadRefused(prepared.errors)
    if prepared.unneeded:
        raise NothingToWrite([Problem(prepared.unneeded, prepared.filename, level=WARNING)])
    if not confirmed and prepared.warnings:  # confirmed first: a 月报 has thousands of problems to sift
        raise NeedsConfirmation(prepared.warnings)
    with store.transaction(cur):
        upload_id = _land_now(cur, prepared, user, account)
    # after the landing's transaction, not in it: the values must never be undone by 督办 bookkeeping, and
    # the close depends only on what the store holds, so `supervise close` can run it again at any time
    supervision.close_recovered(cur, *prepared.period)
    return upload_id


def _land_now(cur, prepared: Prepared, user: str, account: accounts.User | None) -> int:
    again = _guards(cur, prepared, store.leads(cur), account)
    if again:
        raise UploadRefused(again)
    standing = store.standing_upload(cur, prepared.sha256, prepared.fingerprint, prepared.period)
    if standing:  # the same content landed meanwhile (another tab, the command line)
        raise NothingToWrite([Problem(duplicate_message(standing), prepared.filename, level=WARNING)])
    c = prepared.checked
    return store.commit_upload(cur, _meta(prepared, user), prepared.preview, prepared.content, notes=c.notes,
                               targets=c.targets[c.targets["code"].isin(_changed(prepared, "targets"))],
                               paths=c.paths[c.paths["code"].isin(_changed(prepared, "paths"))])


def _changed(prepared: Prepared, what: str) -> set[str]:
    """The codes whose target (what="targets") or monthly path ("paths") the file really changes."""
    moved = prepared.target_changes
    return set(moved.loc[(moved["what"] == what) & (moved["change"] != "unchanged"), "code"]) if len(moved) else set()


def _meta(prepared: Prepared, user: str) -> dict:
    counts = prepared.counts()
    return {"filename": prepared.filename, "uploaded_by": user, "sha256": prepared.sha256,
            "content_sha256": prepared.fingerprint,
            "layout": prepared.layout, "period_year": prepared.period[0], "period_month": prepared.period[1],
            "rows_new": counts["new"], "rows_changed": counts["changed"], "rows_unchanged": counts["unchanged"],
            "warnings": len(prepared.warnings)}


def roll_back(cur, upload_id: int, user: str) -> str:
    """Roll back one upload; the sentence that says what was restored and what a later upload kept."""
    restored, kept = store.rollback_upload(cur, upload_id, user)
    tail = f"；{kept} 项其后的上传已修改，保持不变" if kept else ""
    return f"已回退第 {upload_id} 号上传：恢复 {restored} 项{tail}"


def save_alias(cur, written: str, code: str, user: str) -> str:
    """Tie a name as written in a file to an indicator from now on (admins, from the preview or the
    command line); returns the code. Raises LoadError for a name that has no words left."""
    key = match.key_of(written)
    if not key:
        raise LoadError([Problem(f"名称“{written}”去掉编号和单位后为空，不能作为别名")])
    store.add_alias(cur, key, code.strip().upper(), written.strip(), user)
    return code.strip().upper()


def summary(prepared: Prepared) -> str:
    """a.xlsx：2026年1-5月，新增 19 项，更正 0 项，未变 0 项，无数据 2 项 — what the file would do."""
    counts = prepared.counts()
    parts = [f"{label} {counts[k]} 项" for k, label in COUNT_LABELS.items()
             if counts[k] or k in VALUE_CHANGE_LABELS]
    text = f"{prepared.filename}：{periods.period_label(*prepared.period)}，" + "，".join(parts)
    if prepared.demo_values:
        text += f"。这是第一份真实数据：写入时将同时清除全部示例数据（{prepared.demo_values} 项）"
    return text


def landed_message(prepared: Prepared, upload_id: int) -> str:
    """What the clerk reads after landing."""
    message = f"已写入，上传编号 {upload_id}"
    if prepared.demo_values:
        message += f"；示例数据已全部清除（{prepared.demo_values} 项），各页面只显示真实上报的数据"
    return message


PREVIEW_HEADERS = ["编码", "指标", "项目", "期间", "原值", "新值", "单位", "变化", "上报后状态"]


def preview_table(prepared: Prepared) -> pd.DataFrame:
    """The preview as the page and the CLI show it: one row per value, target or path it sets,
    old → new and its effect; cells marked 无数据 last."""
    parts = [_value_rows(prepared), _target_rows(prepared), _no_data_rows(prepared)]
    parts = [p for p in parts if len(p)]
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=PREVIEW_HEADERS)


def _value_rows(prepared: Prepared) -> pd.DataFrame:
    p = prepared.preview
    if p.empty:
        return p
    this_year = p["year"] == prepared.period[0]
    return pd.DataFrame({
        "编码": p["code"], "指标": p["name"], "项目": ["数值" if now else "上年数" for now in this_year],
        "期间": [periods.period_label(y, m) for y, m in zip(p["year"], p["month"])],
        "原值": [cell_text(v, t) for v, t in zip(p["old_value"], p["old_text"])],
        "新值": [cell_text(v, t) for v, t in zip(p["value"], p["text"])],
        "单位": p["unit"].fillna(""), "变化": p["change"].map(VALUE_CHANGE_LABELS),
        "上报后状态": [progress.status_label(s, r) if now else "" for s, r, now in zip(p["status"], p["reason"], this_year)],
    })


def _target_rows(prepared: Prepared) -> pd.DataFrame:
    t = prepared.target_changes
    if t.empty:
        return t
    units = prepared.preview.set_index("code")["unit"].to_dict() if len(prepared.preview) else {}
    return pd.DataFrame({
        "编码": t["code"], "指标": t["name"], "项目": t["what"].map({"targets": "年度目标", "paths": "分月目标"}),
        "期间": f"{prepared.period[0]}年", "原值": [_plain(v) for v in t["old"]], "新值": [_plain(v) for v in t["new"]],
        "单位": [units.get(c, "") for c in t["code"]], "变化": t["change"].map(VALUE_CHANGE_LABELS), "上报后状态": "",
    })


def _plain(value) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    return f"{value:g}" if isinstance(value, (int, float)) else str(value)


def _no_data_rows(prepared: Prepared) -> pd.DataFrame:
    n = prepared.checked.no_data if prepared.checked is not None else pd.DataFrame()
    if n.empty:
        return n
    return pd.DataFrame({
        "编码": n["code"], "指标": n["name"], "项目": "数值",
        "期间": [periods.period_label(y, m) for y, m in zip(n["year"], n["month"])], "原值": "",
        "新值": n["mark"], "单位": "", "变化": "无数据（未导入）", "上报后状态": "",
    })
