"""预计全年: will we make it? A projection for every cumulative and growth indicator."""
import streamlit as st

from indicators import projection
from views import shared, widgets
from common import periods

year, month = shared.period_picker()
table = shared.status_table(year, month)
projected = table[table["projected"].notna()]

st.title("预计全年")
st.caption(f"依据 {periods.period_label(year, month)} 数据推算全年完成情况　·　"
           "累计指标按上年同期进度（无上年数据时按当前进度线性）推算，增速指标按当前累计增速推算")
shared.demo_banner(projected if not projected.empty else table)
if projected.empty:
    st.info("暂无数据：尚无累计或增速指标的本期数值，无法推算。")
else:
    short = projected["verdict"].str.startswith(projection.SHORT)
    st.markdown(f"**可推算 {len(projected)} 项：预计可完成 {(~short).sum()} 项，有差距 {short.sum()} 项。**")
    only_short = st.toggle("只看有差距的指标", key="outlook_only_short")
    widgets.projection_table(projected[short] if only_short else projected, key="outlook_table")
