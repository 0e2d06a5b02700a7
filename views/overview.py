"""总览: the eight areas at a glance and what is behind 序时进度."""
import streamlit as st

from indicators import progress, report
from views import shared, widgets

year, month = shared.period_picker()
table = shared.status_table(year, month)

st.title("“开局八好”指标总览")
st.caption(f"统计期间：{report.period_label(year, month)}　·　指标 {len(table)} 项")
shared.demo_banner(table)

if table["actual"].isna().all() and table["actual_text"].isna().all():
    st.info("暂无数据：本期尚无任何指标报送。")

overall = progress.rollup(table["status"])
st.markdown(f"**{widgets.on_track_sentence(overall)}**")
widgets.area_cards(table, shared.areas())

st.subheader("滞后与预警指标")
widgets.behind_list(table)
