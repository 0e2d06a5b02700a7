"""部门视图: one 牵头单位's indicators across all areas, for a department head."""
import streamlit as st

from indicators import catalog
from views import auth, shared, supervision_parts, widgets
from common import periods

year, month = shared.period_picker()
table = shared.status_table(year, month)
counts = catalog.lead_counts(table)
department = st.selectbox("牵头单位", list(counts), key="department_choice",
                          format_func=lambda d: f"{d}（{counts[d]}项）")
rows = table[catalog.led_by(table, department)]

st.title(f"部门视图：{department}")
st.caption(f"统计期间：{periods.period_label(year, month)}　·　涉及领域："
           + "、".join(sorted(rows["area_name"].unique())))
shared.demo_banner(rows)
st.markdown(f"**{widgets.on_track_sentence(rows)}**")
numeric = widgets.numeric_rows(rows)
widgets.bullet_board(numeric, key="department_bullets",
                     prefix=f"{periods.period_label(year, month)}_{department}")
widgets.tiles(rows)
st.subheader("指标明细")
widgets.status_table(rows, key="department_table", extra={"area_name": "领域", "note": "情况说明"})
supervision_parts.unit_section(department, auth.current_user())
