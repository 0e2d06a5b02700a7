"""The pieces of 指标详情: plain data in, st.* out."""
from __future__ import annotations

import re

import pandas as pd
import streamlit as st

from charts.base import marked, word_ink
from charts.text import text_px
from common.kinds import TEXT_KINDS
from indicators import catalog, numbers
from indicators.narrative import value_mark, status_word
from views import shared, tables

METRIC_FONT_PX = 36  # st.metric's value
METRIC_PX = 280  # a third of the main column at 1366 px (on a phone the columns stack and are wider)


def facts(row) -> None:
    """The target, who leads and why, how the year is spread, where the figures come from: whole sentences,
    so as text, not in table cells that would cut them."""
    target = row["target_label"] or "—"
    if row["target_pending"]:
        target += "（上级下达后由管理员在目标分解表中录入，此前为“目标待定”）"
    lines = [("年度目标", target), ("牵头单位", catalog.lead_label(row)), ("为何由其牵头", catalog.lead_reason(row)),
             ("时间进度", catalog.time_shape(row)), ("数据来源", catalog.figures_text(row))]
    if row["restatement"]:
        lines.append(("另见（一致的表述）", row["restatement"]))
    st.markdown("\n".join(f"- **{label}**：{plain(text)}" for label, text in lines))


def plain(text) -> str:
    """`text` shown as written: markdown's punctuation escaped (a $ would start a formula, :red[ a colour)."""
    return re.sub(r"([!-/:-@\[-`{-~])", r"\\\1", str(text))


def _number(value, unit: str) -> str:
    return numbers.with_unit(value, unit)


def _shown(row) -> str:
    """本期值 with its unit, （示例） after a demo value; — when there is none."""
    if pd.isna(row["actual"]):
        return row["actual_text"] + value_mark(row) if isinstance(row["actual_text"], str) else "—"
    return _number(row["actual"], row["unit"]) + value_mark(row)


def detail_metrics(row) -> None:
    """本期值, 完成率, 序时进度, 状态, 预计全年 side by side."""
    cells = [
        (f"本期值（{row['data_period']}）", _shown(row)),
        ("年度目标", row["target_label"] or "—"),
        ("完成率", numbers.percent(row["completion"])),
        ("序时进度", numbers.percent(row["time_progress"])),
        ("状态", marked(status_word(row))),
        ("预计全年", row["verdict"] or "—"),
    ]
    for start in (0, 3):
        for col, (label, shown) in zip(st.columns(3), cells[start:start + 3]):
            _cell(col, label, shown, word_ink(status_word(row)) if label == "状态" else None)
    if not pd.isna(row["last_year"]):
        st.caption(f"上年同期：{_number(row['last_year'], row['unit'])}")


def _cell(col, label: str, shown: str, ink: str | None = None) -> None:
    """A metric when its value fits a third of the page at 1366 px; else the part before （ as the metric and
    the rest under it, or, when even that is too long, the label and the whole text as plain words. `ink`
    colours the value (the status word in its status colour)."""
    head, brace, rest = shown.partition("（")
    if text_px(shown, METRIC_FONT_PX) <= METRIC_PX:
        col.metric(label, f":color[{shown}]{{foreground=\"{ink}\"}}" if ink else shown)
    elif text_px(head, METRIC_FONT_PX) <= METRIC_PX:
        col.metric(label, head)
        col.caption(plain(brace + rest))
    else:
        col.caption(plain(label))
        col.markdown(f"**{plain(shown)}**")


def plan_sources(row) -> None:
    """Every place the plan states the target, with its exact words."""
    st.markdown("\n".join(f"- **{plain(where)}**：{plain(words)}"
                           for where, words in zip(row["source"], row["source_text"])))


def detail_trend(row: dict, series: pd.DataFrame, last_year: pd.DataFrame) -> None:
    """This year's values against the target path (持续下降 and 零发生 ones against last year's and zero),
    last year's beside them."""
    mine = series[series["code"] == row["code"]]
    if row["kind"] in TEXT_KINDS or mine["value"].isna().all():
        st.info("暂无可绘制的月度数值。")
        return
    before = last_year[last_year["code"] == row["code"]]
    columns = ["month", "value", "is_demo"]
    chart_row = {column: row[column] for column in shared.CHART_COLUMNS}
    figure = shared.trend_figure(chart_row, mine[columns], before[columns] if len(before) else None)
    shared.chart(figure, "detail_trend", {"displayModeBar": False})


REVISION_HEADERS = {"month": "月份", "revision": "版本", "value": "数值", "text": "状态/文字",
                    "filename": "来源文件", "uploaded_by": "上传人", "uploaded_at": "上传时间"}


def revision_table(revisions: pd.DataFrame) -> None:
    """Every value ever accepted, oldest first within a month: nothing is overwritten."""
    if revisions.empty:
        st.info("暂无数据：该指标本年度尚未报送任何数值。")
        return
    shown = revisions.assign(month=revisions["month"].map(lambda m: f"1-{m}月" if m > 1 else "1月"),
                             text=revisions["text"].fillna(""))
    tables.show(shown.rename(columns=REVISION_HEADERS), leading=[])


def note_list(notes: pd.DataFrame) -> None:
    if notes.empty:
        st.info("暂无情况说明。")
        return
    for note in notes.itertuples():
        st.markdown(f"**1-{note.month}月** · {note.author} · {note.written_at:%Y-%m-%d %H:%M}")
        st.text(note.text)
