"""The pieces of 数据上报: plain data in, st.* out."""
from __future__ import annotations

import streamlit as st

from indicators import report, store, upload
from loaders import template
from loaders.errors import problem_table
from views import shared

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def template_downloads(cur, year: int, month: int) -> None:
    """The template for a period, for one area or one department, and the 目标分解表."""
    rows = store.indicators_with_targets(cur, year)
    left, right = st.columns(2)
    department = left.selectbox("牵头单位", ["全部"] + sorted(rows["lead_department"].unique()),
                                key="template_department")
    chosen = None if department == "全部" else department
    content = template.indicator_template(rows, year, month, department=chosen)
    label = report.period_label(year, month)
    left.download_button(f"下载 {label} 填报模板", content, file_name=f"{label}_{department}_填报模板.xlsx",
                         mime=XLSX, key="download_template")
    targets = template.targets_template(rows, store.baselines(cur, year - 1), store.target_paths(cur, year), year)
    right.download_button(f"下载 {year} 年目标分解表（管理员）", targets, file_name=f"{year}年_目标分解表.xlsx",
                          mime=XLSX, key="download_targets")


def show_prepared(prepared: upload.Prepared) -> None:
    """Errors (nothing will be written), or what the file would change."""
    if prepared.errors:
        st.error(f"未导入：{prepared.filename} 共有 {len(prepared.errors)} 处错误，数据库未做任何更改。"
                 "请按下表逐项修改后重新上传。")
        st.dataframe(problem_table(prepared.problems), hide_index=True, width="stretch")
        return
    if prepared.duplicate_of:
        previous = prepared.duplicate_of
        st.info(f"此文件已于 {previous['uploaded_at']:%Y-%m-%d %H:%M} 由 {previous['uploaded_by']} 上传"
                f"（上传编号 {previous['id']}），无需重复上传，数据库未做任何更改。")
        return
    counts = prepared.counts()
    st.markdown(f"**{prepared.filename}**　{report.period_label(*prepared.period)}　"
                f"新增 {counts['new']} 项，更正 {counts['changed']} 项，未变 {counts['unchanged']} 项")
    st.dataframe(upload.preview_table(prepared), hide_index=True, width="stretch")
    if prepared.warnings:
        st.warning(f"有 {len(prepared.warnings)} 条提醒，请核实后确认：")
        st.dataframe(problem_table(prepared.warnings), hide_index=True, width="stretch")


def confirm_and_land(prepared: upload.Prepared, user: str) -> None:
    confirmed = not prepared.warnings or st.checkbox("我已核实以上提醒，确认上报", key="upload_confirm")
    if st.button("确认上报", type="primary", disabled=not confirmed, key="upload_land"):
        upload_id = upload.land(shared.cursor(), prepared, user, confirmed=True)
        st.success(f"已写入，上传编号 {upload_id}。各页面已显示新数据。")


HISTORY_HEADERS = {"id": "编号", "filename": "文件", "uploaded_by": "上传人", "uploaded_at": "时间",
                   "layout": "类型", "rows_new": "新增", "rows_changed": "更正", "rows_unchanged": "未变",
                   "warnings": "提醒", "rolled_back": "已回退", "rollback_of": "回退了"}
LAYOUT_LABELS = {"template": "填报模板", "bureau": "统计局月报", "targets": "目标分解表", "rollback": "回退"}


def history(cur) -> None:
    frame = store.uploads(cur)
    if frame.empty:
        st.info("暂无上传记录。")
        return
    frame = frame.assign(layout=frame["layout"].map(LAYOUT_LABELS).fillna("示例数据"))
    frame = frame.astype(object).where(frame.notna(), "")
    st.dataframe(frame[list(HISTORY_HEADERS)].rename(columns=HISTORY_HEADERS), hide_index=True, width="stretch")


def admin(cur, year: int, user: str) -> None:
    """Roll back an upload; lock or unlock a month."""
    left, right = st.columns(2)
    standing = store.uploads(cur)
    standing = standing[~standing["rolled_back"] & standing["rollback_of"].isna()]
    upload_id = left.selectbox("回退上传", standing["id"].tolist(), key="rollback_choice",
                               format_func=lambda i: f"第{i}号 {standing.set_index('id').loc[i, 'filename']}")
    if left.button("回退所选上传", key="rollback_go", disabled=upload_id is None):
        restored, skipped = store.rollback_upload(cur, int(upload_id), user)
        left.success(f"已回退第 {upload_id} 号上传：恢复 {restored} 项" + (f"，{skipped} 项已被后续更正" if skipped else ""))
    locked = store.locked_months(cur, year)
    month = right.selectbox("月份", range(1, 13), key="lock_choice",
                            format_func=lambda m: report.period_label(year, m) + ("（已锁定）" if m in locked else ""))
    if month in locked and right.button("解除锁定", key="unlock_go"):
        store.unlock_month(cur, year, month, user)
        right.success(f"{report.period_label(year, month)} 已解除锁定")
    elif month not in locked and right.button("锁定（审核定稿）", key="lock_go"):
        store.lock_month(cur, year, month, user)
        right.success(f"{report.period_label(year, month)} 已锁定")
