"""One area's page, generated for each of the eight areas from the catalog."""
import streamlit as st

from indicators import progress, report
from views import shared, widgets


def render(area_id: int) -> None:
    """The area view: status counts, a gauge per numeric indicator, tiles for the rest, a table."""
    year, month = shared.period_picker()
    area = shared.areas().set_index("id").loc[area_id]
    table = shared.status_table(year, month)
    rows = table[table["area"] == area_id]

    st.title(f"{area_id}. {area['name']}")
    st.caption(f"{area['title']}　·　统计期间：{report.period_label(year, month)}　·　专班办公室：{area['office']}")
    shared.demo_banner(rows)
    st.markdown(f"**{widgets.on_track_sentence(progress.rollup(rows['status']))}**")
    widgets.gauge_grid(rows, key=f"area{area_id}")
    widgets.tiles(rows)
    st.subheader("指标明细")
    widgets.status_table(rows)
