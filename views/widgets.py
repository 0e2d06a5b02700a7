"""Streamlit building blocks shared by the views: plain data in, st.* out."""
from __future__ import annotations

import html

import pandas as pd
import streamlit as st

from charts import bullets_html, filenames, gauge_svg, heatmaps
from charts.base import marked, word_ink
from common.columns import HEADERS, headers
from common.kinds import NUMERIC_KINDS
from indicators import catalog, narrative, numbers, progress, report
from indicators.narrative import JUDGED, value_mark
from indicators.progress import GREEN, GREY, GREY_REASONS, MISSING, RED, YELLOW
from views import downloads, links, shared, tables

TABLE_COLUMNS = headers(["code", "name", "unit", "target_label", "shown_value", "data_period", "completion",
                         "time_progress", "status_label", "lead_department"])
def lazy_tabs(labels: list[str], key: str) -> list:
    """Tabs whose content is drawn only while open (`if tab.open:`): a 228-row matrix or a grid of 30
    trends in a tab nobody opened costs several seconds in the browser; a click on a tab reruns the page."""
    return st.tabs(labels, key=key, on_change="rerun")


def lazy_expander(label: str, key: str):
    """An expander whose content is drawn only while open (`if box.open:`): the export section starts
    drawing the deck's images ahead, which a reader who never opens it should not pay for."""
    return st.expander(label, key=key, on_change="rerun")


def on_track_sentence(rows: pd.DataFrame) -> str:
    """达到序时进度44项、占比80.0%；…；未报送 3 项，未到报送期 2 项 — the official way to say it."""
    rollup = progress.rollup(rows["status"])
    reported = rollup["total"] - rollup[GREY]
    if not reported:
        return f"共 {rollup['total']} 项指标，本期暂无数据报送。"
    counts = _status_counts(rows)
    grey = "，".join(f"{word} {n} 项" for word, n in counts.items() if word not in JUDGED)
    return (f"已报送 {reported} 项，达到序时进度 {rollup[GREEN]} 项、占比 {numbers.percent(rollup['on_track_share'])}；"
            f"预警 {rollup[YELLOW]} 项，滞后 {rollup[RED]} 项；{grey}。")


def _status_counts(rows: pd.DataFrame) -> dict[str, int]:
    """narrative.status_counts of the rows, given only the two columns it reads: a whole row of the status
    table as a dict costs about forty times as much, and 总览 counts every area."""
    return narrative.status_counts(rows[["status", "reason"]].to_dict("records"))


def status_words(rows: pd.DataFrame) -> pd.Series:
    """Each row's status in words (正常 … 未报送, 未到报送期, 目标待定 …)."""
    return pd.Series([progress.status_label(s, r) for s, r in zip(rows["status"], rows["reason"])],
                     index=rows.index, dtype=object)


def _word_text(word: str) -> str:
    """Markdown: the status word with its mark, in its colour (marks as text, not emoji: government PCs
    and the CI browser often lack an emoji font)."""
    return f':color[**{marked(word)}**]{{foreground="{word_ink(word)}"}}'


def area_cards(table: pd.DataFrame, areas: pd.DataFrame) -> None:
    """Eight cards, four per row: colour counts and share on track for each area."""
    table = table[["area", "status", "reason"]]  # all a card reads: splitting all ~40 columns eight times is slow
    for start in range(0, len(areas), 4):
        for col, area in zip(st.columns(4), areas.iloc[start:start + 4].itertuples()):
            mine = table[table["area"] == area.id]
            share = progress.rollup(mine["status"])["on_track_share"]
            with col.container(border=True):
                st.markdown(f"**{area.id}. {area.name}**")
                st.metric("达到序时进度占比", numbers.percent(share, 0))
                counts = _status_counts(mine)
                # markdown, not caption: a caption fades the status colours
                st.markdown("　".join(f"{_word_text(word)} {n}" for word, n in counts.items()))


def _shown_value(row) -> str:
    """The value with its unit and its mark (（示例）, （核验有疑问）); why there is none otherwise."""
    if pd.notna(row["actual"]):
        return numbers.with_unit(row["actual"], row["unit"]) + value_mark(row)
    if isinstance(row["actual_text"], str):
        return row["actual_text"] + value_mark(row)
    return row["reason"] or MISSING


def _percent(share) -> str:
    return numbers.percent(share)


ROW_TEXT_COLUMNS = ("actual", "unit", "actual_text", "reason", "is_demo", "doubted", "lead_department", "lead_basis")  # read below


def display_frame(rows: pd.DataFrame) -> pd.DataFrame:
    """The table the leader reads: Chinese headers, units with values, statuses as text."""
    records = rows[[c for c in ROW_TEXT_COLUMNS if c in rows]].to_dict("records")  # apply(axis=1) is ten times slower
    shown = rows.assign(
        shown_value=[_shown_value(r) for r in records],
        status_label=status_words(rows).map(marked),
        completion=rows["completion"].map(_percent),
        time_progress=rows["time_progress"].map(_percent),
        lead_department=[catalog.lead_label(r) for r in records],
    )
    return shown[list(TABLE_COLUMNS)].rename(columns=TABLE_COLUMNS)


def status_table(rows: pd.DataFrame, key: str, extra: dict | None = None) -> None:
    """The indicator table; clicking a row opens its 指标详情. `extra` adds {column: header}."""
    frame = display_frame(rows)
    for column, header in (extra or {}).items():
        frame[header] = rows[column].fillna("").to_numpy()
    tables.indicator_table(frame, key=key)


def behind_list(table: pd.DataFrame, key: str) -> None:
    """Red first, then yellow, with the lead department and the 情况说明."""
    behind = table[table["status"].isin([RED, YELLOW])]
    if behind.empty:
        st.success("本期没有滞后或预警指标。")
        return
    order = behind.assign(rank=behind["status"].map({RED: 0, YELLOW: 1})).sort_values(["rank", "code"])
    status_table(order, key=key, extra={"note": "情况说明"})


def numeric_rows(rows: pd.DataFrame) -> pd.DataFrame:
    """Indicators that a gauge or bullet can show: a numeric kind with a numeric target."""
    return rows[rows["kind"].isin(NUMERIC_KINDS) & rows["target"].notna()]


def gauge_grid(rows: pd.DataFrame, key: str, prefix: str, per_row: int = 3) -> None:
    """A gauge per indicator (drawn as SVG: charts.gauge_svg), each with a link to its 指标详情 and its
    own image downloads (the plotly gauge of the slides)."""
    records = shared.chart_rows(rows).to_dict("records")
    for start in range(0, len(records), per_row):
        for col, row in zip(st.columns(per_row), records[start:start + per_row]):
            col.html(gauge_svg.gauge_html(row))  # not cached: hashing a row for a cache costs more than its SVG
            col.page_link(links.DETAIL, label=f"{row['code']} · {row['data_period']} · {catalog.lead_label(row)}",
                          query_params={"code": row["code"]})
            downloads.chart_popover(lambda row=row: shared.gauge_figure(row), filenames.file_stem(prefix, row["name"]),
                                    key=f"{key}-{row['code']}-dl", where=col)


def bullet_board(rows: pd.DataFrame, key: str, prefix: str) -> None:
    """The compact bullets: 30 indicators on one screen, as HTML (charts.bullets_html); the image downloads
    are the plotly board of the slides."""
    if not rows.empty:
        drawn = shared.chart_rows(rows)
        st.html(bullets_html.bullet_board_html(drawn.to_dict("records")))
        downloads.chart_popover(lambda: shared.bullet_figure(drawn), filenames.file_stem(prefix, "指标完成情况"),
                                key=f"{key}-dl")


# the tiles are one block of HTML: four bordered boxes a row on a laptop, fewer on a phone. As Streamlit
# containers (five elements each) the 17 tiles of an area cost the browser about a tenth of a second more.
TILE_GRID = "display:grid;grid-template-columns:repeat(auto-fill,minmax(15rem,1fr));gap:1rem"
TILE_BOX = "border:1px solid rgba(49,51,63,0.2);border-radius:0.5rem;padding:0.8rem 1rem;line-height:1.6"
TILE_NOTE = "color:rgba(49,51,63,0.6);font-size:0.875rem;margin-top:0.25rem"


def tiles(rows: pd.DataFrame) -> None:
    """Zero-event, 持续下降 and qualitative indicators: a status tile, not a meaningless gauge."""
    others = rows[~rows["kind"].isin(NUMERIC_KINDS) | rows["target"].isna()]
    if others.empty:
        return
    st.subheader("底线与定性指标")
    st.html(f'<div style="{TILE_GRID}">' + "".join(_tile(row) for row in others.to_dict("records")) + "</div>")


def _tile(row: dict) -> str:
    """One tile: the name, the status word (marked, in its colour) and value, then code, target and lead."""
    word, text = narrative.status_word(row), lambda value: html.escape(str(value))
    note = f"{row['code']} · 目标：{row['target_label'] or '—'} · {catalog.lead_label(row)}"
    return (f'<div style="{TILE_BOX}"><div style="font-weight:600">{text(row["name"])}</div>'
            f'<div><span style="color:{word_ink(word)};font-weight:600">{text(marked(word))}</span>'
            f'　{text(_tile_value(row))}</div><div style="{TILE_NOTE}">{text(note)}</div></div>')


def _tile_value(row) -> str:
    if row["kind"] == "zero_event" and pd.notna(row["actual"]):
        return ("未发生" if row["actual"] == 0 else f"已发生{numbers.with_unit(row['actual'], row['unit'])}") + value_mark(row)
    return _shown_value(row)


FILTERS_LABEL = "筛选：按状态或牵头单位"


def filters(rows: pd.DataFrame, key: str) -> pd.DataFrame:
    """Status word and 牵头单位 filters in a box drawn only while open (its two menus cost the browser about
    a tenth of an area page); returns the rows that pass both, every row while the box is closed."""
    box = lazy_expander(FILTERS_LABEL, key=f"{key}_filters")
    if not box.open:
        return rows
    with box:
        return _filtered(rows, key)


def _filtered(rows: pd.DataFrame, key: str) -> pd.DataFrame:
    left, right = st.columns(2)
    words = left.multiselect("按状态筛选", JUDGED + GREY_REASONS, key=f"{key}_status_filter", placeholder="全部状态")
    departments = ["全部牵头单位"] + catalog.lead_units(rows)
    department = right.selectbox("按牵头单位筛选", departments, key=f"{key}_department_filter")
    shown = rows[status_words(rows).isin(words)] if words else rows
    return shown if department == departments[0] else shown[catalog.led_by(shown, department)]


def changes(table: pd.DataFrame, before: pd.DataFrame, month: int) -> None:
    """Newly red, newly yellow and recovered since the previous month (`before`: code, status, reason)."""
    if month == 1:
        st.info("1月为年内首期，没有可比较的上月数据。")
        return
    moved = report.status_changes(table, before)
    if moved.empty:
        st.success(f"与1-{month - 1}月相比，没有指标状态发生变化。")
        return
    shown = moved.assign(before=moved["code"].map(_plain_words(before)), now=moved["code"].map(_plain_words(table)))
    tables.indicator_table(shown.rename(columns=headers(["code", "name"]) | {"before": "上月状态", "now": "本月状态",
                                                                          "change": "变化"}),
                           key="changes_table", leading=[HEADERS["name"], "变化", "上月状态", "本月状态"])


def _plain_words(rows: pd.DataFrame) -> dict[str, str]:
    return dict(zip(rows["code"], status_words(rows).map(marked)))


def status_matrix(table: pd.DataFrame, matrix: pd.DataFrame, areas: pd.DataFrame, key: str, prefix: str) -> None:
    """The 红黄绿 matrix of one area's indicators (or all) by month."""
    names = {0: "全部领域"} | dict(zip(areas["id"], areas["id"].astype(str) + ". " + areas["name"]))
    area = st.selectbox("领域", list(names), format_func=names.get, key=f"{key}_area")
    rows = table if area == 0 else table[table["area"] == area]
    figure, name = shared.heatmap_figure(heatmaps.word_grid(rows, matrix)), filenames.file_stem(prefix, names[area], "红黄绿矩阵")
    shared.chart(figure, key, downloads.toolbar(name))
    downloads.chart_popover(lambda: figure, name, key=f"{key}-dl")


def trend_grid(rows: pd.DataFrame, series: pd.DataFrame, key: str, prefix: str) -> None:
    """Small multiples of every numeric indicator's monthly values against its target path."""
    if rows.empty:
        st.info("暂无可绘制趋势的数值指标。")
        return
    shown = series[series["code"].isin(rows["code"])]
    figure = shared.trend_grid_figure(shared.chart_rows(rows), shown[["code", "month", "value", "is_demo"]])
    name = filenames.file_stem(prefix, "月度趋势")
    shared.chart(figure, key, downloads.toolbar(name))
    downloads.chart_popover(lambda: figure, name, key=f"{key}-dl")


PROJECTION_COLUMNS = headers(["code", "name", "unit", "target_label", "actual", "data_period", "projected", "verdict",
                              "projection_method", "lead_department"], actual="本期值")
PROJECTION_LEADING = ("name", "actual", "projected", "verdict", "target_label", "lead_department")


def projection_table(rows: pd.DataFrame, key: str) -> None:
    """预计全年 for the cumulative and growth indicators among `rows`."""
    projected = rows[rows["projected"].notna()]
    if projected.empty:
        st.info("暂无可推算全年的累计或增速指标数据。")
        return
    shown = projected.assign(actual=_marked_numbers(projected, "actual"),
                             projected=_marked_numbers(projected, "projected"),
                             lead_department=projected.apply(catalog.lead_label, axis=1))
    frame = shown[list(PROJECTION_COLUMNS)].rename(columns=PROJECTION_COLUMNS)
    tables.indicator_table(frame, key=key, leading=[PROJECTION_COLUMNS[c] for c in PROJECTION_LEADING])


def _marked_numbers(rows: pd.DataFrame, column: str) -> list[str]:
    """`column` as text, （示例） after values that are (or are projected from) demo data."""
    return ["—" if pd.isna(value) else numbers.number(value, row["unit"]) + value_mark(row)
            for value, row in zip(rows[column], rows.to_dict("records"))]
