"""Streamlit building blocks shared by the views: plain data in, st.* out."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from charts import figures
from indicators import progress
from indicators.progress import GREEN, GREY, RED, STATUS_LABELS, YELLOW

# colour dots as text, not emoji: government PCs and the CI browser often lack an emoji font
STATUS_ICONS = {GREEN: ":green[●]", YELLOW: ":orange[●]", RED: ":red[●]", GREY: ":gray[○]"}
TABLE_COLUMNS = {
    "code": "编码", "name": "指标", "unit": "单位", "target_label": "年度目标", "shown_value": "实际",
    "data_period": "数据期间", "completion": "完成率", "time_progress": "序时进度",
    "status_label": "状态", "lead_department": "牵头单位",
}


def on_track_sentence(rollup: dict) -> str:
    """达到序时进度44项、占比80.0% — the official way to say it."""
    reported = rollup["total"] - rollup[GREY]
    if not reported:
        return f"共 {rollup['total']} 项指标，本期暂无数据报送。"
    return (f"已报送 {reported} 项，达到序时进度 {rollup[GREEN]} 项、占比 {rollup['on_track_share']:.1%}；"
            f"预警 {rollup[YELLOW]} 项，滞后 {rollup[RED]} 项；未报送或未到考核期 {rollup[GREY]} 项。")


def _status_text(status: str) -> str:
    """Markdown: a coloured dot and the status in words."""
    return f"{STATUS_ICONS[status]} {STATUS_LABELS[status]}"


def _status_plain(status: str) -> str:
    return f"{'○' if status == GREY else '●'} {STATUS_LABELS[status]}"


def area_cards(table: pd.DataFrame, areas: pd.DataFrame) -> None:
    """Eight cards, four per row: colour counts and share on track for each area."""
    for start in range(0, len(areas), 4):
        for col, area in zip(st.columns(4), areas.iloc[start:start + 4].itertuples()):
            counts = progress.rollup(table.loc[table["area"] == area.id, "status"])
            share = "—" if counts["on_track_share"] is None else f"{counts['on_track_share']:.0%}"
            with col.container(border=True):
                st.markdown(f"**{area.id}. {area.name}**")
                st.metric("达到序时进度占比", share)
                st.caption("　".join(f"{_status_text(s)} {counts[s]}" for s in (GREEN, YELLOW, RED, GREY)))


def _shown_value(row) -> str:
    if pd.notna(row["actual"]):
        return f"{row['actual']:,.4g}{row['unit']}"
    return row["actual_text"] if isinstance(row["actual_text"], str) else (row["reason"] or "未报送")


def display_frame(rows: pd.DataFrame) -> pd.DataFrame:
    """The table the leader reads: Chinese headers, units with values, statuses as text."""
    shown = rows.assign(
        shown_value=rows.apply(_shown_value, axis=1),
        status_label=rows["status"].map(_status_plain),
        completion=rows["completion"].astype(float) * 100,
        time_progress=rows["time_progress"].astype(float) * 100,
        lead_department=rows["lead_department"] + rows["lead_inferred"].map({True: "（专班办公室）", False: ""}),
    )
    return shown[list(TABLE_COLUMNS)].rename(columns=TABLE_COLUMNS)


def status_table(rows: pd.DataFrame) -> None:
    st.dataframe(display_frame(rows), hide_index=True, width="stretch", column_config={
        "完成率": st.column_config.NumberColumn(format="%.1f%%"),
        "序时进度": st.column_config.NumberColumn(format="%.1f%%"),
    })


def behind_list(table: pd.DataFrame) -> None:
    """Red first, then yellow, with the lead department."""
    behind = table[table["status"].isin([RED, YELLOW])]
    if behind.empty:
        st.success("本期没有滞后或预警指标。")
        return
    order = behind.assign(rank=behind["status"].map({RED: 0, YELLOW: 1})).sort_values(["rank", "code"])
    status_table(order)


def gauge_grid(rows: pd.DataFrame, key: str, per_row: int = 3) -> None:
    """A gauge per numeric indicator with a value or target, headline ones first."""
    numeric = rows[rows["kind"].isin(figures.GAUGE_KINDS) & rows["target"].notna()]
    numeric = numeric.sort_values(["headline", "code"], ascending=[False, True])
    if numeric.empty:
        return
    records = numeric.to_dict("records")
    for start in range(0, len(records), per_row):
        for col, row in zip(st.columns(per_row), records[start:start + per_row]):
            col.plotly_chart(figures.gauge(row), key=f"{key}-{row['code']}", theme=None,
                             config={"displayModeBar": False})
            col.caption(f"{row['code']} · {row['data_period']} · {row['lead_department']}")


def tiles(rows: pd.DataFrame) -> None:
    """Zero-event, 持续下降 and qualitative indicators: a status tile, not a meaningless gauge."""
    others = rows[~rows["kind"].isin(figures.GAUGE_KINDS) | rows["target"].isna()]
    if others.empty:
        return
    st.subheader("底线与定性指标")
    records = others.to_dict("records")
    for start in range(0, len(records), 4):
        for col, row in zip(st.columns(4), records[start:start + 4]):
            with col.container(border=True):
                st.markdown(f"**{row['name']}**")
                st.markdown(f"{_status_text(row['status'])}　{_tile_value(row)}")
                st.caption(f"{row['code']} · 目标：{row['target_label'] or '—'} · {row['lead_department']}")


def _tile_value(row) -> str:
    if row["kind"] == "zero_event" and pd.notna(row["actual"]):
        return "未发生" if row["actual"] == 0 else f"已发生 {row['actual']:g} {row['unit']}"
    return _shown_value(row)
