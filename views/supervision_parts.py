"""The pieces of 督办 and 核验 on the pages (issue 15): the 台账's table, the forms to open, answer and
accept, a 督办's history and the 核验 mark of a value. Nothing here is cached by data_key: opening or
answering a 督办 does not change the store's data version, and a reader must see the step at once."""
from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from common.errors import UserError
from common.periods import date_label, period_label
from indicators import accounts, catalog, supervision, verification
from charts import filenames
from views import downloads, links, shared, tables, widgets
from views.detail_parts import plain

TABLE_HEADERS = {"id": "编号", "name": "指标", "status_label": "督办状态", "lead_department": "牵头单位",
                 "period_label": "督办期间", "deadline_label": "答复时限", "opened_by": "督办人",
                 "answered_label": "答复时间", "recovery_label": "预计恢复", "code": "编码"}
LEADING = [TABLE_HEADERS[c] for c in ("id", "name", "status_label", "lead_department", "period_label")]
UNANSWERED = ("open", "overdue")


def ledger() -> pd.DataFrame:
    """Every 督办 with its status as of today (supervision.table)."""
    return supervision.table(shared.cursor(), today=date.today())


def _day(value) -> str:
    return "" if pd.isna(value) else f"{value:%Y-%m-%d}"


def frame(rows: pd.DataFrame) -> pd.DataFrame:
    """The 台账 as a reader sees it: Chinese headers, periods and days written out."""
    shown = rows.assign(
        status_label=rows["status"].map(supervision.STATUSES),
        period_label=[period_label(y, m) for y, m in zip(rows["year"], rows["month"])],
        deadline_label=rows["deadline"].map(_day), answered_label=rows["answered_at"].map(_day),
        recovery_label=[supervision.recovery_label(y, m) for y, m in zip(rows["recovery_year"], rows["recovery_month"])])
    return shown[list(TABLE_HEADERS)].rename(columns=TABLE_HEADERS).astype({"编号": str})


def table(rows: pd.DataFrame, key: str, empty: str) -> None:
    """The 督办 rows; a click on a row opens its indicator's 指标详情."""
    if rows.empty:
        st.info(empty)
        return
    tables.indicator_table(frame(rows), key=key, leading=LEADING)


def count_sentence(rows: pd.DataFrame) -> str:
    """督办 12 项：待答复 5 项，逾期 2 项，…"""
    counts = rows["status"].value_counts()
    return f"督办 {len(rows)} 项：" + "，".join(f"{word} {int(counts.get(s, 0))} 项"
                                             for s, word in supervision.STATUSES.items())


def of_unit(rows: pd.DataFrame, unit: str) -> pd.DataFrame:
    """The 督办 sent to `unit`, alone or jointly."""
    return rows[catalog.led_by(rows, unit)] if len(rows) else rows


# ---- forms ---------------------------------------------------------------------------------------------

def _run(action) -> None:
    """Do `action`, which returns the sentence that says it is done; its UserError is shown as its sentence."""
    try:
        done = action()
    except UserError as exc:
        st.error(exc.format_message())
        return
    st.success(done)


WEEKDAYS = "一二三四五六日"
DEADLINE_CHOICES = 20  # working days: four weeks


def deadlines(today: date) -> list[date]:
    """The reply deadlines to choose from: the next DEADLINE_CHOICES working days. A list, not a calendar:
    Streamlit's date picker speaks only English to a screen reader."""
    return [supervision.working_days_after(today, n) for n in range(1, DEADLINE_CHOICES + 1)]


def deadline_label(day: date) -> str:
    return f"{date_label(day)}（周{WEEKDAYS[day.weekday()]}）"


def open_form(period: tuple[int, int], status: pd.DataFrame, user: accounts.User) -> None:
    """督查/admin: open 督办 for the period's 提醒 (滞后 without a 督办), all of them or those chosen."""
    cur = shared.cursor()
    due = supervision.reminders(cur, *period, table=status)
    if due.empty:
        st.info(f"{period_label(*period)}没有待督办的滞后指标（提醒 0 项）。")
        return
    names = dict(zip(due["code"], due["name"]))
    days = deadlines(date.today())
    default_deadline = days[supervision.REPLY_WORKING_DAYS - 1]
    with st.form("supervision_open_form"):
        codes = st.multiselect(f"{period_label(*period)}滞后、尚未督办的指标（提醒 {len(due)} 项；不选则全部督办）",
                               list(names), format_func=lambda c: f"{c} {names[c]}", key="supervision_open_codes",
                               placeholder="全部提醒指标")
        deadline = st.selectbox("答复时限", days, index=supervision.REPLY_WORKING_DAYS - 1,
                                key="supervision_open_deadline", format_func=deadline_label)
        request = st.text_area("督办要求（留空则按每项指标自动生成，如下例）", key="supervision_open_request",
                               placeholder=supervision.request_text(due.iloc[0], *period, default_deadline))
        sent = st.form_submit_button("开启督办", type="primary")
    if sent:
        def opened() -> str:
            count = supervision.open(cur, period, user, codes or None, deadline=deadline,
                                     request=request.strip() or None)
            return f"已开启督办 {count} 项（{period_label(*period)}，答复时限 {deadline:%Y-%m-%d}）。"
        _run(opened)


def answer_form(row: dict, user: accounts.User) -> None:
    """The lead unit's answer to one open or overdue 督办: 原因, 整改措施, expected month of recovery."""
    key = f"supervision_answer_{row['id']}"
    year, first = int(row["year"]), int(row["month"])
    with st.form(key):
        st.markdown(f"**{plain(supervision.label(row))}** · {period_label(year, first)} · "
                    f"{supervision.STATUSES[row['status']]}，答复时限 {_day(row['deadline'])}")
        st.caption(plain(row["request"]))
        reason = st.text_area("滞后原因", key=f"{key}_reason")
        measures = st.text_area("整改措施", key=f"{key}_measures")
        month = st.selectbox("预计恢复正常的月份", range(first, 13), key=f"{key}_recovery",
                             format_func=lambda m: f"{year}年{m}月")
        sent = st.form_submit_button("提交答复", type="primary")
    if sent:
        _run(lambda: supervision.answer(shared.cursor(), int(row["id"]), user, reason, measures, (year, month))
             or f"已提交{supervision.label(row)}的答复。")


def answer_forms(rows: pd.DataFrame, user: accounts.User | None) -> None:
    """An answer form for each open or overdue 督办 of `rows` that `user` may answer (none for the others)."""
    mine = [r for r in rows.to_dict("records")
            if r["status"] in UNANSWERED and accounts.may_answer(user, r["lead_department"])]
    if mine:
        st.subheader("答复督办")
    for row in mine:
        answer_form(row, user)


def accept_form(rows: pd.DataFrame, user: accounts.User) -> None:
    """督查/admin: accept an answered 督办, which closes it."""
    answered = rows[rows["status"] == "answered"].to_dict("records")
    if not answered:
        return
    labels = {int(r["id"]): r for r in answered}
    with st.form("supervision_accept_form"):
        chosen = st.selectbox("已答复的督办", list(labels), key="supervision_accept_id",
                              format_func=lambda i: f"{supervision.label(labels[i])}（{labels[i]['lead_department']}）")
        row = labels[chosen]
        st.caption(f"原因：{plain(row['reason'])}；整改措施：{plain(row['measures'])}；"
                   f"预计恢复：{supervision.recovery_label(row['recovery_year'], row['recovery_month'])}")
        note = st.text_input("验收意见（可留空）", key="supervision_accept_note")
        sent = st.form_submit_button("验收办结", type="primary")
    if sent:
        _run(lambda: supervision.accept(shared.cursor(), chosen, user, note) or f"已验收办结督办 #{chosen}。")


# ---- 指标详情 --------------------------------------------------------------------------------------------

def histories(code: str) -> None:
    """Every 督办 of the indicator, newest first, each with its steps."""
    rows = ledger()
    rows = rows[rows["code"] == code].iloc[::-1]
    if rows.empty:
        st.info("该指标尚无督办记录。")
        return
    for row in rows.to_dict("records"):
        st.markdown(f"**督办 #{row['id']}** · {period_label(row['year'], row['month'])} · "
                    f"{supervision.STATUSES[row['status']]} · 主送{row['lead_department']} · "
                    f"答复时限 {_day(row['deadline'])}")
        steps = supervision.history(shared.cursor(), int(row["id"]))
        # whole sentences as text: a table cell would cut the request and the answer
        st.markdown("\n".join(f"- {step.时间} · **{step.步骤}** · {plain(step.操作人)}：{plain(step.内容)}"
                               for step in steps.itertuples()))


def verification_mark(code: str, period: tuple[int, int]) -> None:
    """The 核验 mark standing on the value of `period`: 核验有疑问 with its note stands out."""
    marks = verification.marks(shared.cursor(), period[0])
    here = marks[(marks["code"] == code) & (marks["month"] == period[1])].to_dict("records")
    if not here:
        st.caption(f"{period_label(*period)}的数值尚未核验。")
        return
    mark = here[0]
    said = f"{period_label(*period)}的数值{mark['label']}（{mark['user_name']}，{mark['at']:%Y-%m-%d}）"
    if mark["mark"] == "doubted":
        st.warning(f"{said}：{plain(mark['note'])}", icon=":material/help:")
    else:
        st.success(said + (f"：{plain(mark['note'])}" if mark["note"] else ""))


def verification_form(code: str, period: tuple[int, int], user: accounts.User) -> None:
    """督查/admin: mark the value of `period` 已核验 or 核验有疑问 (a doubt says what is doubted)."""
    with st.form("verification_form", clear_on_submit=True):
        mark = st.radio(f"核验{period_label(*period)}的数值", list(verification.MARKS), horizontal=True,
                        format_func=verification.MARKS.get, key="verification_mark")
        note = st.text_input("说明（标记核验有疑问时必填）", key="verification_note")
        sent = st.form_submit_button("保存核验标记")
    if sent:
        _run(lambda: verification.mark(shared.cursor(), code, period, mark, user, note)
             or f"已标记为{verification.MARKS[mark]}。")


# ---- 总览 and 部门视图 ----------------------------------------------------------------------------------

def overview_counts(period: tuple[int, int], status: pd.DataFrame) -> None:
    """Beside the lagging list: the 提醒 of the period, open and overdue 督办, and the way to the 台账."""
    cur = shared.cursor()
    counts = supervision.counts(cur, today=date.today())
    reminders = len(supervision.reminders(cur, *period, table=status))
    cells = [(f"提醒（{period_label(*period)}滞后、未督办）", reminders), ("督办待答复", counts["open"]),
             ("督办逾期", counts["overdue"])]
    for col, (label, count) in zip(st.columns(4), cells):
        col.metric(label, f"{count} 项")
    st.page_link(links.SUPERVISION, label="查看督办台账", icon=":material/assignment_late:")


def unit_section(unit: str, user: accounts.User | None) -> None:
    """部门视图: the unit's own 督办, and an answer form for each one `user` may answer."""
    st.subheader("本单位督办")
    rows = of_unit(ledger(), unit)
    shown = st.container()  # drawn after the forms: an answer given in this run shows in the table at once
    answer_forms(rows, user)
    rows = of_unit(ledger(), unit)
    with shown:
        if len(rows):
            st.markdown(f"**{count_sentence(rows)}**")
        table(rows, key="department_supervision", empty=f"{unit}暂无督办。")


def documents(year: int, month: int, rows: pd.DataFrame) -> None:
    """The period's 督办单 (.docx), 台账 (.xlsx) and 调度通报 (.docx, .pptx), each built when its button is
    clicked (python-docx, python-pptx and openpyxl run only then)."""
    label = period_label(year, month)
    box = widgets.lazy_expander(f"导出督办材料（{label}）：督办单、台账、调度通报", key="supervision_documents")
    with box:
        if box.open:
            _document_buttons((year, month), label, rows)


def _document_buttons(period: tuple[int, int], label: str, rows: pd.DataFrame) -> None:
    from outputs import bulletin, supervision_docs  # python-docx and python-pptx: only where they are asked for
    orders, ledger, word, slides = st.columns(4)
    unclosed = rows[(rows["period"] == f"{period[0]}-{period[1]:02d}") & (rows["status"] != "closed")]
    if unclosed.empty:
        orders.caption(f"{label}没有未办结的督办，无督办单可导出。")
    else:
        orders.download_button(f"督办单（Word，{len(unclosed)} 份）",
                               shared.leased(lambda c: supervision_docs.orders_file(c, period)),
                               file_name=filenames.file_name(label, "督办单", ext="docx"), mime=downloads.DOCX,
                               key="supervision_orders", width="stretch")
    ledger.download_button("督办台账（Excel）", shared.leased(lambda c: supervision_docs.ledger_excel(c, period)),
                           file_name=filenames.file_name(label, "督办台账", ext="xlsx"), mime=downloads.XLSX,
                           key="supervision_ledger", width="stretch")
    word.download_button("调度通报（Word）",
                         shared.leased(lambda c: bulletin.bulletin_docx(supervision_docs.bulletin_for(c, period))),
                         file_name=filenames.file_name(label, "调度通报", ext="docx"), mime=downloads.DOCX,
                         key="supervision_bulletin_docx", width="stretch")
    slides.download_button("调度通报（PPT）",
                           shared.leased(lambda c: bulletin.bulletin_pptx(supervision_docs.bulletin_for(c, period))),
                           file_name=filenames.file_name(label, "调度通报", ext="pptx"), mime=downloads.PPTX,
                           key="supervision_bulletin_pptx", width="stretch")
