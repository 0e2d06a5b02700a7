"""Download buttons: single charts (PNG/SVG), decks, the briefing and Excel.

Files are made only when a button is clicked (Streamlit runs the callable then), so pages stay fast.
A deck takes seconds: it is built first under a progress bar (生成), then offered (下载).
"""
from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable

import plotly.graph_objects as go
import streamlit as st

from charts import images, filenames
from outputs import reports
from views import shared
from common import periods

PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
MIME = {"png": "image/png", "svg": "image/svg+xml"}
# KEY and TEXT are filled in by _copy_button
COPY_BUTTON = """<button id="KEY" type="button" style="font:inherit;font-size:0.9rem;padding:0.25rem 0.8rem;
border:1px solid rgba(49,51,63,0.25);border-radius:0.5rem;background:#fff;color:#31333F;cursor:pointer">复制文字</button>
<script>(() => {
  const text = TEXT, button = document.getElementById("KEY");
  const say = (word) => { button.textContent = word; setTimeout(() => { button.textContent = "复制文字"; }, 2500); };
  const fallback = () => {
    const area = document.createElement("textarea");
    area.value = text; area.setAttribute("readonly", ""); area.style.position = "fixed"; area.style.opacity = "0";
    document.body.appendChild(area); area.select();
    let done = false;
    try { done = document.execCommand("copy"); } catch (e) { done = false; }
    area.remove();
    say(done ? "已复制" : "复制未成功，请选中上方文字后按 Ctrl+C");
  };
  button.addEventListener("click", () => {
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(() => say("已复制"), fallback);
    } else { fallback(); }
  });
})();</script>"""


def toolbar(name: str) -> dict:
    """The plotly toolbar with its camera button sized for a 16:9 slide and named for the chart."""
    return filenames.toolbar_config(name)


def chart_downloads(figure: dict, name: str, key: str, where=st) -> None:
    """PNG and SVG of one chart, or one line saying why not."""
    problem = images.chromium_problem()
    if problem:
        where.caption(problem)
        return
    for fmt in ("png", "svg"):
        where.download_button(f"下载 {fmt.upper()}", lambda fmt=fmt: images.to_image(go.Figure(figure), fmt),
                              file_name=f"{name}.{fmt}", mime=MIME[fmt], key=f"{key}_{fmt}", width="stretch")


def chart_popover(figure: Callable[[], dict], name: str, key: str, where=st) -> None:
    """The chart's image downloads in a popover whose buttons are drawn only while it is open: an area
    page has eight of them, which closed cost the browser nothing to lay out. `figure` makes the chart's
    dict, asked for only then (a cached figure costs its key's hashing and a copy on every run)."""
    popover = where.popover("下载图片", width="stretch", key=f"{key}_open", on_change="rerun")
    if popover.open:
        with popover:
            chart_downloads(figure(), name, key)


def _deck(cur, area_id: int | None, year: int, month: int) -> bytes:
    content, _ = reports.area_deck(cur, year, month, area_id)
    return content


def deck_buttons(year: int, month: int, area_id: int | None, area_name: str | None = None) -> None:
    """The area's (or all eight areas') deck and Excel."""
    label = periods.period_label(year, month)
    scope = area_name or "八个领域"
    left, right = st.columns(2)
    with left:
        _deck_maker(year, month, area_id, scope)
    right.download_button(f"导出{scope}数据（Excel）", shared.leased(lambda cur: reports.excel(cur, year, month, area_id)),
                          file_name=filenames.file_name(label, scope, "指标进度", ext="xlsx"), mime=XLSX,
                          key=f"excel_{area_id}", width="stretch")
    problem = images.chromium_problem()
    if problem:
        st.caption(problem)
    else:
        _draw_ahead(year, month, area_id)


_drawn_ahead: set[tuple] = set()  # (store, data version, year, month, area): gauges drawn in this process
DRAWN_AHEAD_KEPT = 256


def _draw_ahead(year: int, month: int, area_id: int | None) -> None:
    """Once per data version, period and area, draw the deck's gauge images on a background thread
    while the page is being read, so that 生成 finds them kept (the same rows give the same images)."""
    key = (*shared.data_key(), year, month, area_id)
    if key in _drawn_ahead:
        return
    if len(_drawn_ahead) >= DRAWN_AHEAD_KEPT:
        _drawn_ahead.clear()
    _drawn_ahead.add(key)
    table = shared.status_table(year, month)
    rows = table if area_id is None else table[table["area"] == area_id]
    threading.Thread(target=reports.draw_gauges, args=(rows,), daemon=True, name="deck-draw-ahead").start()


@st.fragment
def _deck_maker(year: int, month: int, area_id: int | None, scope: str) -> None:
    """生成 (the deck built while a bar shows each step), then 下载. Only this part reruns, not the page."""
    made = f"deck_{area_id}_made"
    content = shared.leased(lambda cur: _deck(cur, area_id, year, month))  # later runs: made again or kept
    if st.session_state.get(made) != (year, month):
        slot = st.empty()  # the button, then in its place the progress bar
        if not slot.button(f"生成{scope}汇报材料（PPTX）", key=f"deck_{area_id}", type="primary", width="stretch"):
            return
        content = _make_deck(slot, year, month, area_id)  # this run: the file in hand
        st.session_state[made] = (year, month)
    name = filenames.file_name(periods.period_label(year, month), scope, "汇报材料", ext="pptx")
    st.download_button(f"下载{scope}汇报材料（PPTX）", content, file_name=name, mime=PPTX, key=f"deck_{area_id}_file",
                       on_click="ignore", type="primary", width="stretch")


def _make_deck(slot, year: int, month: int, area_id: int | None) -> bytes:
    """The deck, built under a progress bar (and kept, so a later download takes it at once)."""
    bar = slot.progress(0.0, text="正在读取本期数据")
    started = time.monotonic()
    with shared.run_lease() as cur:
        content, missing = reports.area_deck(cur, year, month, area_id,
                                             progress=lambda share, sentence: bar.progress(share, text=sentence))
    bar.progress(1.0, text=f"已生成（用时 {time.monotonic() - started:.0f} 秒），请点击下方按钮下载。")
    if missing:
        st.caption(missing)
    return content


def briefing_buttons(year: int, month: int, area_id: int | None = None, area_name: str | None = None) -> None:
    """The 滞后指标 briefing: all areas grouped by area or by 牵头单位; one area's by 牵头单位."""
    label = periods.period_label(year, month)
    groups = (("area", "按领域"), ("department", "按牵头单位")) if area_id is None else (("department", "按牵头单位"),)
    scope = [area_name] if area_id is not None else []
    for col, (group, text) in zip(st.columns(2), groups):
        col.download_button(f"导出{''.join(scope)}滞后指标通报（{text}，PPTX）",
                            shared.leased(lambda cur, group=group: reports.briefing(cur, year, month, group, area_id)),
                            file_name=filenames.file_name(label, *scope, "滞后指标通报", text, ext="pptx"), mime=PPTX,
                            key=f"briefing_{area_id or 'all'}_{group}", width="stretch")


def analysis(paragraph: str, key: str) -> None:
    """运行分析 as plain text (nothing in it is read as Markdown) and a button that copies it."""
    with st.container(border=True):
        st.text(paragraph)
        st.html(_copy_button(paragraph, key), unsafe_allow_javascript=True)


def _copy_button(paragraph: str, key: str) -> str:
    """A 复制文字 button. navigator.clipboard works only in a secure context (https, localhost); on an
    intranet http address the hidden-textarea execCommand("copy") fallback still copies."""
    text = json.dumps(paragraph, ensure_ascii=False).replace("<", "\\u003c")
    return COPY_BUTTON.replace("KEY", f"copy-{key}").replace("TEXT", text)

