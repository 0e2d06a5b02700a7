"""督办台账: every 督办 — open, answered, overdue, closed — filterable by area, lead unit and period;
督查 users and admins open 督办 for the period's 滞后 indicators and accept answers here."""
import streamlit as st

from common.periods import period_label
from indicators import accounts, catalog, supervision
from views import auth, shared
from views import supervision_parts as parts

user = auth.current_user()
year, month = shared.period_picker()
st.title("督办台账")
st.caption("滞后指标的提醒—督办—答复—验收：每项督办主送指标的牵头单位，过答复时限未答复即为“逾期”。"
           f"台账列出各期间的全部督办；开启督办针对左侧统计期间（{period_label(year, month)}）的滞后指标。")

if accounts.may_supervise(user):
    with st.expander(f"开启督办（{period_label(year, month)}的滞后指标）", expanded=False):
        parts.open_form((year, month), shared.status_table(year, month), user)

if accounts.may_supervise(user):
    with st.expander("验收已答复的督办", expanded=False):
        parts.accept_form(parts.ledger(), user)

rows = parts.ledger()  # read after the forms: a 督办 opened or accepted in this run is listed as it now stands
parts.documents(year, month, rows)

areas = shared.areas().set_index("id")["name"].to_dict()
area_col, unit_col, period_col, status_col = st.columns(4)
area = area_col.selectbox("领域", [None, *areas], key="supervision_area",
                          format_func=lambda a: "全部领域" if a is None else f"{a}. {areas[a]}")
units = ["全部牵头单位", *catalog.lead_units(rows)]
unit = unit_col.selectbox("牵头单位", units, key="supervision_unit")
periods = sorted(set(rows["period"]), reverse=True)  # "2026-05"
period = period_col.selectbox("督办期间", [None, *periods], key="supervision_period",
                              format_func=lambda p: "全部期间" if p is None else period_label(*map(int, p.split("-"))))
statuses = status_col.multiselect("督办状态", list(supervision.STATUSES), key="supervision_status",
                                  format_func=supervision.STATUSES.get, placeholder="全部状态")

shown = rows if area is None else rows[rows["area"] == area]
shown = shown if unit == units[0] else parts.of_unit(shown, unit)
shown = shown if period is None else shown[shown["period"] == period]
shown = shown[shown["status"].isin(statuses)] if statuses else shown
st.markdown(f"**{parts.count_sentence(shown)}**")
parts.table(shown, key="supervision_table", empty="暂无符合条件的督办。")
