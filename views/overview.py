"""总览: the eight areas at a glance, the 红黄绿 matrix, what is behind and what changed."""
import streamlit as st

from views import downloads, shared, supervision_parts, widgets
from common import periods

year, month = shared.period_picker()
table = shared.status_table(year, month)

st.title("“开局八好”指标总览")
st.caption(f"统计期间：{periods.period_label(year, month)}　·　指标 {len(table)} 项")
shared.demo_banner(table)

if table["actual"].isna().all() and table["actual_text"].isna().all():
    st.info("暂无数据：本期尚无任何指标报送。数据上报后此处自动更新。")

st.markdown(f"**{widgets.on_track_sentence(table)}**")
widgets.area_cards(table, shared.areas())

exporting = widgets.lazy_expander("导出汇报材料（PPTX / Excel）", key="overview_export")
with exporting:
    if exporting.open:
        downloads.deck_buttons(year, month, None)
        downloads.briefing_buttons(year, month)

behind, changes, matrix = widgets.lazy_tabs(["滞后与预警指标", "较上月变化", "红黄绿矩阵"], key="overview_tabs")
with behind:
    if behind.open:
        supervision_parts.overview_counts((year, month), table)
        widgets.behind_list(table, key="overview_behind")
with changes:
    if changes.open:
        by_month = shared.status_matrix(year, month)
        widgets.changes(table, by_month[by_month["month"] == month - 1], month)
with matrix:
    if matrix.open:
        widgets.status_matrix(table, shared.status_matrix(year, month), shared.areas(), key="overview_matrix",
                              prefix=periods.period_label(year, month))
