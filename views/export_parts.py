"""Download buttons: single charts (PNG/SVG), decks, the briefing and Excel.

Files are made only when a button is clicked (Streamlit runs the callable then), so pages stay fast.
"""
from __future__ import annotations

import plotly.graph_objects as go
import streamlit as st

from charts import export
from indicators import exports, report
from views import shared

PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MIME = {"png": "image/png", "svg": "image/svg+xml"}


def toolbar(name: str) -> dict:
    """The plotly toolbar with its camera button sized for a 16:9 slide and named for the chart."""
    return export.toolbar_config(name)


def chart_downloads(figure: dict, name: str, key: str, where=st) -> None:
    """PNG and SVG of one chart, or one line saying why not."""
    problem = export.chromium_problem()
    if problem:
        where.caption(problem)
        return
    for fmt in ("png", "svg"):
        where.download_button(f"下载 {fmt.upper()}", lambda fmt=fmt: export.to_image(go.Figure(figure), fmt),
                              file_name=f"{name}.{fmt}", mime=MIME[fmt], key=f"{key}_{fmt}", width="stretch")


def chart_popover(figure: dict, name: str, key: str, where=st) -> None:
    with where.popover("下载图片", width="stretch"):
        chart_downloads(figure, name, key)


def _deck(cur, area_id: int | None, year: int, month: int) -> bytes:
    content, _ = exports.area_deck(cur, year, month, area_id)
    return content


def deck_buttons(year: int, month: int, area_id: int | None, area_name: str | None = None) -> None:
    """The area's (or all eight areas') deck and Excel."""
    label = report.period_label(year, month)
    scope = area_name or "八个领域"
    left, right = st.columns(2)
    left.download_button(f"导出{scope}汇报材料（PPTX）", shared.leased(lambda cur: _deck(cur, area_id, year, month)),
                         file_name=export.file_name(label, scope, "汇报材料", ext="pptx"), mime=PPTX,
                         key=f"deck_{area_id}", type="primary", width="stretch")
    right.download_button(f"导出{scope}数据（Excel）", shared.leased(lambda cur: exports.excel(cur, year, month, area_id)),
                          file_name=export.file_name(label, scope, "指标进度", ext="xlsx"), mime=XLSX,
                          key=f"excel_{area_id}", width="stretch")
    problem = export.chromium_problem()
    if problem:
        st.caption(problem)


def briefing_buttons(year: int, month: int) -> None:
    """The 滞后指标 briefing, grouped by area or by 牵头单位."""
    label = report.period_label(year, month)
    for col, (group, text) in zip(st.columns(2), (("area", "按领域"), ("department", "按牵头单位"))):
        col.download_button(f"导出滞后指标通报（{text}，PPTX）",
                            shared.leased(lambda cur, group=group: exports.briefing(cur, year, month, group_by=group)),
                            file_name=export.file_name(label, "滞后指标通报", text, ext="pptx"), mime=PPTX,
                            key=f"briefing_{group}", width="stretch")
