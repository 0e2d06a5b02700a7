"""One area's page, generated for each of the eight areas from the catalog."""
import streamlit as st

from indicators import narrative
from views import downloads, shared, widgets
from common import periods


def render(area_id: int) -> None:
    """The area view: headline gauges, compact bullets for the rest, tiles; then the analysis, with the
    table, the trends and the year's outlook each a tab away."""
    year, month = shared.period_picker()
    area = shared.areas().set_index("id").loc[area_id]
    table = shared.status_table(year, month)
    rows = table[table["area"] == area_id]

    st.title(f"{area_id}. {area['name']}")
    st.caption(f"{area['title']}　·　统计期间：{periods.period_label(year, month)}　·　专班办公室：{area['office']}")
    shared.demo_banner(rows)
    st.markdown(f"**{widgets.on_track_sentence(rows)}**")
    exporting = widgets.lazy_expander("导出汇报材料（PPTX / Excel）", key=f"area{area_id}_export")
    with exporting:
        if exporting.open:
            downloads.deck_buttons(year, month, area_id, area["name"])
            downloads.briefing_buttons(year, month, area_id, area["name"])
    shown = widgets.filters(rows, key=f"area{area_id}")

    prefix = f"{periods.period_label(year, month)}_{area['name']}"
    numeric = widgets.numeric_rows(shown)
    headline = numeric[numeric["headline"]]
    widgets.gauge_grid(headline, key=f"area{area_id}_gauge", prefix=prefix)
    if len(numeric) > len(headline):
        st.subheader("其他指标")
        widgets.bullet_board(numeric[~numeric["headline"]], key=f"area{area_id}_bullets", prefix=prefix)
    widgets.tiles(shown)

    # the analysis opens first: the 61-row table, drawn on every visit, cost the browser about a fifth of
    # the page (the gauges, bullets and tiles above show every indicator already)
    analysis, detail, trends, outlook = widgets.lazy_tabs(["运行分析", "指标明细", "月度趋势", "预计全年"],
                                                          key=f"area{area_id}_tabs")
    with analysis:
        if analysis.open:
            downloads.analysis(narrative.area_paragraph(rows.to_dict("records"), area["name"], periods.period_label(
                year, month)), key=f"area{area_id}_analysis")
            st.caption("由本期数据按固定模板生成，可一键复制后编辑使用。")
    with detail:
        if detail.open:
            widgets.status_table(shown, key=f"area{area_id}_table", extra={"note": "情况说明"})
    with trends:
        if trends.open:
            widgets.trend_grid(numeric, shared.series(year), key=f"area{area_id}_trends", prefix=prefix)
    with outlook:
        if outlook.open:
            widgets.projection_table(shown, key=f"area{area_id}_projection")
