"""The 滞后指标 briefing deck: the red and yellow indicators by area or by 牵头单位, after a title slide, a
summary of the counts and the 运行分析 text. Pure, as charts.deck, whose slides and tables it shares."""
from __future__ import annotations

from dataclasses import dataclass

from pptx.enum.text import PP_ALIGN

from charts import deck_parts as dp
from charts.base import STATUS_COLORS, STATUS_INK
from charts.deck import (EXTRA_ROWS, SUMMARY_ROWS, TABLE_ROWS, DeckInfo, actual_text, count_cell, fitted_table,
                         new_slide, paragraph_slides, status_cell, title_slide)
from charts.deck_parts import chunks, text
from common.columns import HEADERS
from common.values import num
from indicators.progress import GREEN, RED, STATUS_LABELS, YELLOW

BRIEF_ROWS = 10         # briefing rows per slide (情况说明 may take two lines)
CHANGE_COLORS = {"新转滞后": STATUS_INK[RED], "新转预警": STATUS_INK[YELLOW], "恢复正常": STATUS_INK[GREEN]}
BRIEF_COLUMNS = [(HEADERS["code"], 0.8, PP_ALIGN.CENTER), (HEADERS["name"], 2.75, PP_ALIGN.LEFT),
                 (HEADERS["actual"], 1.9, PP_ALIGN.RIGHT), (HEADERS["target_label"], 2.0, PP_ALIGN.LEFT),
                 (HEADERS["status"], 0.8, PP_ALIGN.CENTER), ("较上月", 1.1, PP_ALIGN.CENTER),
                 (HEADERS["note"], 2.98, PP_ALIGN.LEFT)]


@dataclass
class BriefingItem:
    row: dict                   # a status row
    area_name: str = ""
    change: str = ""            # 新转滞后 / 恢复正常 / ""

    @property
    def area(self) -> str:
        return self.area_name or text(self.row.get("area_name"))


def _group_key(item: BriefingItem, group_by: str) -> str:
    return item.area if group_by == "area" else (text(item.row.get("lead_department")) or "未明确牵头单位")


def briefing_groups(items: list[BriefingItem], group_by: str = "area") -> list[tuple[str, list[BriefingItem]]]:
    """Red and yellow items by area (plan order) or 牵头单位 (most 滞后 first); red before yellow inside."""
    if group_by not in ("area", "department"):
        raise ValueError("group_by 只能是 area 或 department")
    rank = {RED: 0, YELLOW: 1}
    lagging = sorted((i for i in items if i.row.get("status") in rank),
                     key=lambda i: (rank[i.row["status"]], i.row["code"]))
    groups: dict[str, list[BriefingItem]] = {}
    for item in lagging:
        groups.setdefault(_group_key(item, group_by), []).append(item)
    if group_by == "area":
        order = lambda g: (min(num(i.row.get("area")) or 99 for i in g[1]), g[0])  # noqa: E731
    else:
        order = lambda g: (-_reds(g[1]), -len(g[1]), g[0])  # noqa: E731
    return sorted(groups.items(), key=order)


def _reds(items) -> int:
    return sum(1 for i in items if i.row.get("status") == RED)


def _brief_row(item: BriefingItem) -> list:
    row = item.row
    change = (item.change, CHANGE_COLORS.get(item.change), bool(item.change)) if item.change else "—"
    return [row["code"], text(row.get("name")), actual_text(row, unit=True), text(row.get("target_label")) or "—",
            status_cell(row), change, text(row.get("note")) or "—"]


def briefing_summary(prs, info: DeckInfo, groups, group_by: str) -> None:
    header = "领域" if group_by == "area" else "牵头单位"
    body = [[name, count_cell(_reds(g), STATUS_LABELS[RED]), count_cell(len(g) - _reds(g), STATUS_LABELS[YELLOW]),
             str(len(g))]
            for name, g in groups]
    columns = [(header, 4.4, PP_ALIGN.LEFT), ("滞后", 1.4, PP_ALIGN.RIGHT), ("预警", 1.4, PP_ALIGN.RIGHT),
               ("合计", 1.4, PP_ALIGN.RIGHT)]
    reds = sum(_reds(g) for _, g in groups)
    yellows = sum(len(g) for _, g in groups) - reds
    for i, rows in enumerate(chunks(body, TABLE_ROWS, SUMMARY_ROWS, EXTRA_ROWS)):
        slide = new_slide(prs, info, f"滞后与预警指标概况（按{header}）" + (f"（续{i}）" if i else ""))
        if i == 0:
            dp.count_boxes(slide, [("滞后", reds, STATUS_COLORS[RED]), ("预警", yellows, STATUS_COLORS[YELLOW])], 1.15)
        if rows:
            fitted_table(slide, 2.15 if i == 0 else dp.CONTENT_TOP, columns, rows,
                         SUMMARY_ROWS if i == 0 else TABLE_ROWS, left=(dp.SLIDE_W - 8.6) / 2)


def briefing_deck(info: DeckInfo, items: list[BriefingItem], group_by: str = "area", paragraph: str = "") -> bytes:
    """Title slide, a summary (counts by group), the 运行分析 text, then per group its 滞后 then 预警 indicators."""
    groups = briefing_groups(items, group_by)
    prs = dp.new_presentation()
    title_slide(prs, info)
    briefing_summary(prs, info, groups, group_by)
    if paragraph:
        paragraph_slides(prs, info, "运行分析", paragraph)
    for name, group in groups:
        pages = chunks(group, BRIEF_ROWS, extra=EXTRA_ROWS)
        for i, page in enumerate(pages):
            title = f"{name}：滞后{_reds(group)}项、预警{len(group) - _reds(group)}项" + (f"（续{i}）" if i else "")
            slide = new_slide(prs, info, title)
            fitted_table(slide, dp.CONTENT_TOP, BRIEF_COLUMNS, [_brief_row(item) for item in page], BRIEF_ROWS,
                         row_h=0.5, lines=2)
    return dp.save(prs)
