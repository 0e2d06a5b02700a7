"""The pieces of 数据上报: plain data in, st.* out."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from charts.base import marked
from indicators import accounts, catalog, store, upload
from outputs import template
from common.errors import LoadError, problem_table
from views import shared, tables
from common import periods

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FILE_TYPES = ("xlsx", "xls", "ods", "csv")
UPLOADER_KEY, LANDED_KEY = "upload_file_round", "upload_landed_message"
ALL_UNITS = "全部"


def uploader_key() -> str:
    """The file picker's key: a new one after each landing, so the landed file and its preview go."""
    return f"upload_file_{st.session_state.get(UPLOADER_KEY, 0)}"


def landed_notice(where) -> None:
    """The message of the upload that landed just before this run (shown once), in `where`."""
    message = st.session_state.pop(LANDED_KEY, None)
    if message:
        where.success(message)


def template_downloads(cur, year: int, month: int, user) -> None:
    """The template for a period (a department's uploader: their own department's), and (for
    administrators only) the 目标分解表. Each workbook is built when its button is clicked (about a
    second for both), not on every run of the page."""
    left, right = st.columns(2)
    department = _template_department(left, catalog.lead_units(store.indicators_with_targets(cur, year)), user)
    label = periods.period_label(year, month)
    if department is not None:
        whose = "全部指标" if department == ALL_UNITS else department
        left.download_button(f"下载 {label} {whose}填报模板", shared.leased(
                                 lambda c: _indicator_template(c, year, month, department)),
                             mime=XLSX, key="download_template", file_name=f"{label}_{whose}_填报模板.xlsx")
    if not accounts.may_admin(user):
        right.caption("目标分解表（年度目标、分月目标、上年数）只由管理员下载和上传。")
        return
    right.download_button(f"下载 {year} 年目标分解表（管理员）", shared.leased(lambda c: _targets_template(c, year)),
                          file_name=f"{year}年_目标分解表.xlsx", mime=XLSX, key="download_targets")


def _indicator_template(cur, year: int, month: int, department: str) -> bytes:
    rows = store.indicators_with_targets(cur, year)
    return template.indicator_template(rows, year, month, department=None if department == ALL_UNITS else department)


def _targets_template(cur, year: int) -> bytes:
    return template.targets_template(store.indicators_with_targets(cur, year), store.baselines(cur, year - 1),
                                     store.target_paths(cur, year), year)


def _template_department(column, units: list[str], user) -> str | None:
    """Whose indicators the template holds: a department's uploader gets their own department's (they
    may report no other); whoever may report everything chooses, all of them first."""
    if accounts.may_upload(user, None):
        return column.selectbox("牵头单位", [ALL_UNITS] + units, key="template_department")
    if user.department not in units:
        column.info(f"方案中暂无{user.department}牵头的指标，没有可下载的填报模板。")
        return None
    column.caption(f"牵头单位：{user.department}（模板只含本单位牵头的指标）")
    return user.department


# the sentence that says what is wrong gets the room; the few letters of a row or column little
WIDTHS = {"问题": "large", "指标": "medium", "行": "small", "列": "small", "级别": "small"}


def table(frame: pd.DataFrame) -> None:
    """A table of this page: blank where a cell does not apply (never the word None)."""
    config = {name: st.column_config.Column(width=width) for name, width in WIDTHS.items() if name in frame}
    if "上报后状态" in frame:  # the mark beside the word, as in every status column
        frame = frame.assign(上报后状态=frame["上报后状态"].map(lambda word: marked(word) if word else ""))
    st.dataframe(tables.status_styler(frame, "状态"), hide_index=True, width="stretch", placeholder="",
                 column_config=config)


def show_prepared(prepared: upload.Prepared) -> None:
    """Errors (nothing will be written), or what the file would change."""
    if prepared.errors:
        st.error(f"未导入：{prepared.filename} 共有 {len(prepared.errors)} 处错误，数据库未做任何更改。"
                 "请按下表逐项修改后重新上传。")
        table(problem_table(prepared.problems))
        return
    if prepared.duplicate_of:
        st.info(prepared.unneeded + "。")
        return
    st.markdown(f"**{upload.summary(prepared)}**")
    table(upload.preview_table(prepared))
    if prepared.unneeded:
        st.info(prepared.unneeded + "。")
    elif prepared.warnings:
        st.warning(f"有 {len(prepared.warnings)} 条提醒，请核实后确认：")
        table(problem_table(prepared.warnings))


def confirm(prepared: upload.Prepared) -> bool:
    """The confirmation and the button, for a file that would write something; True on the click."""
    if prepared.errors or prepared.unneeded:
        return False
    confirmed = not prepared.warnings or st.checkbox("我已核实以上提醒，确认上报", key="upload_confirm")
    return st.button("确认上报", type="primary", disabled=not confirmed, key="upload_land")


def land(checked, prepared: upload.Prepared, user) -> None:
    """Write the file; `checked` (its preview and button) goes at once, and after the landing the page
    starts afresh with an empty file picker and the landed message. `user` is the signed-in user as
    they stand at this click: the guards run again inside the transaction."""
    checked.info(f"正在写入 {prepared.filename}……")
    try:
        upload_id = upload.land(shared.cursor(), prepared, user.name, confirmed=True, account=user)
    except LoadError as refused:  # checked again in the transaction: a lock, a scope, the same content
        with checked.container():
            st.error(f"未写入：{prepared.filename} 在写入时复查未通过，数据库未做任何更改。")
            table(problem_table(refused.problems))
        return
    tail = "" if prepared.demo_values else "，各页面已显示新数据"
    st.session_state[LANDED_KEY] = upload.landed_message(prepared, upload_id) + tail + "。"
    st.session_state[UPLOADER_KEY] = st.session_state.get(UPLOADER_KEY, 0) + 1
    if prepared.layout != "targets":  # the pages now show the period just reported
        shared.set_period(prepared.period[1])
    checked.empty()
    st.rerun()


def alias_form(prepared: upload.Prepared, user: str) -> None:
    """Administrators tie an unmatched row name to an indicator; the file is checked again at once."""
    unmatched = prepared.checked.unmatched if prepared.checked is not None else None
    if not unmatched:
        return
    names = store.indicators_with_targets(shared.cursor(), prepared.period[0]).set_index("code")["name"]
    with st.expander(f"为未匹配的 {len(unmatched)} 个名称指定指标（管理员）"):
        row = unmatched[st.selectbox("文件中的名称", range(len(unmatched)), key="alias_row",
                                     format_func=lambda i: f"第 {unmatched[i].row} 行：{unmatched[i].name}")]
        codes = list(dict.fromkeys([*row.suggestions, *names.index]))
        code = st.selectbox("对应方案中的指标（最接近的三项在前）", codes, key="alias_code",
                            format_func=lambda c: f"{c} {names[c]}")
        if st.button("保存别名并重新检查", key="alias_save"):
            upload.save_alias(shared.cursor(), row.name, code, user)
            shared.forget_prepared()
            st.rerun()


HISTORY_HEADERS = {"id": "编号", "filename": "文件", "uploaded_by": "上传人", "uploaded_at": "时间",
                   "layout": "类型", "rows_new": "新增", "rows_changed": "更正", "rows_unchanged": "未变",
                   "warnings": "提醒", "rolled_back": "已回退", "rollback_of": "回退了"}
LAYOUT_LABELS = {"template": "填报模板", "bureau": "统计局月报", "targets": "目标分解表", "rollback": "回退",
                 "demo_clear": "清除示例数据"}


HISTORY_COUNTS = ["编号", "新增", "更正", "未变", "提醒", "回退了"]


def history_table(cur) -> pd.DataFrame:
    """The uploads as the page lists them, typed for Arrow: counts whole numbers (Int64), texts str,
    None where a cell does not apply (demo data has no counts, most uploads no rollback)."""
    frame = store.uploads(cur)
    undone = pd.Series([("是" if done else None) for done in frame["rolled_back"]], index=frame.index, dtype=object)
    frame = frame.assign(layout=frame["layout"].map(LAYOUT_LABELS).fillna("示例数据"), rolled_back=undone,
                         uploaded_at=pd.to_datetime(frame["uploaded_at"]).dt.strftime("%Y-%m-%d %H:%M"))
    shown = frame[list(HISTORY_HEADERS)].rename(columns=HISTORY_HEADERS)
    return shown.astype({column: "Int64" for column in HISTORY_COUNTS})


def history(cur) -> None:
    shown = history_table(cur)
    if shown.empty:
        st.info("暂无上传记录。")
        return
    table(shown)


def admin(cur, year: int, user: str) -> None:
    """Roll back an upload; lock or unlock a month."""
    left, right = st.columns(2)
    standing = store.uploads(cur)
    standing = standing[~standing["rolled_back"] & standing["rollback_of"].isna() & ~standing["is_demo"]
                        & (standing["layout"] != "demo_clear")]
    upload_id = left.selectbox("回退上传", standing["id"].tolist(), key="rollback_choice",
                               format_func=lambda i: f"第{i}号 {standing.set_index('id').loc[i, 'filename']}")
    if left.button("回退所选上传", key="rollback_go", disabled=upload_id is None):
        left.success(upload.roll_back(cur, int(upload_id), user))
    locked = store.locked_months(cur, year)
    month = right.selectbox("月份", range(1, 13), key="lock_choice",
                            format_func=lambda m: periods.period_label(year, m) + ("（已锁定）" if m in locked else ""))
    if month in locked and right.button("解除锁定", key="unlock_go"):
        store.unlock_month(cur, year, month, user)
        right.success(f"{periods.period_label(year, month)} 已解除锁定")
    elif month not in locked and right.button("锁定（审核定稿）", key="lock_go"):
        store.lock_month(cur, year, month, user)
        right.success(f"{periods.period_label(year, month)} 已锁定")
    clear_demo(cur, user)


def clear_demo(cur, user: str) -> None:
    """The one click that removes every demo value (the first real upload does it too)."""
    count = store.demo_value_count(cur)
    if not count:
        st.caption("看板中已没有示例数据。")
        return
    st.caption(f"看板中还有 {count} 项系统生成的示例数据；首次上传真实数据时会自动清除，也可在此立即清除。")
    if st.button("清除示例数据", key="demo_clear"):
        removed = store.clear_demo(cur, user)
        st.success(f"已清除示例数据 {removed} 项，各页面只显示真实上报的数据。")
