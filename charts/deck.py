"""PowerPoint decks for the 经济运行讲评会: one area and all eight areas (the 滞后指标 briefing: charts.briefing).

Pure: status rows (indicators.report.status_table(...).to_dict("records")) and PNG bytes in,
.pptx bytes out. Tables and charts are native PowerPoint objects, so staff can edit and restyle them.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field

from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN


from charts import deck_parts as dp
from charts.deck_parts import chunks, text
from charts.base import BAND_COLORS, STATUS_COLORS, marked, word_color, word_ink
from common.columns import HEADERS
from common.kinds import NUMERIC_KINDS
from common.values import num
from indicators import numbers
from indicators.catalog import lead_label
from indicators.narrative import JUDGED, value_mark, status_counts, status_word
from indicators.progress import GREY, RED, YELLOW

SUMMARY_ROWS = 10       # table rows under the count boxes
TABLE_ROWS = 12         # table rows on a continuation slide
PER_SLIDE = 4           # indicator cards per slide
CARD_VISUAL = (3.0, 2.1)  # inches: the gauge picture or chart on an indicator card
EXTRA_ROWS = 3          # rows a table's last slide takes, a font step smaller, rather than open a stub slide
CN_NUMBERS = "一二三四五六七八九十"
# 实际 is wide enough for a value followed by （示例）; 状态 for ○ 未到报送期
# the slides' tables: the status table's words (common.columns), each column's width (in) and alignment
TABLE_COLUMNS = [(HEADERS["code"], 0.8, PP_ALIGN.CENTER), (HEADERS["name"], 2.4, PP_ALIGN.LEFT),
                 (HEADERS["unit"], 0.8, PP_ALIGN.CENTER), (HEADERS["target_label"], 2.0, PP_ALIGN.LEFT),
                 (HEADERS["actual"], 1.5, PP_ALIGN.RIGHT), (HEADERS["completion"], 0.95, PP_ALIGN.RIGHT),
                 (HEADERS["time_progress"], 0.95, PP_ALIGN.RIGHT), (HEADERS["status"], 1.25, PP_ALIGN.CENTER),
                 (HEADERS["lead_department"], 1.68, PP_ALIGN.LEFT)]
DEMO_SOURCE = "数据来源：示例数据（系统生成，非真实统计数据）"


@dataclass
class DeckInfo:
    title: str                  # “开局八好”指标运行情况 · 稳增长挑大梁
    period_label: str           # 2026年1-5月
    made_on: str                # 2026年11月29日
    source: str                 # 数据来源：市统计局及各牵头单位报送 (DEMO_SOURCE is shown instead while is_demo)
    is_demo: bool = False


@dataclass
class AreaSection:
    area_id: int
    area_name: str
    title: str
    rows: list[dict]
    paragraph: str = ""                                   # 运行分析
    images: dict[str, bytes] = field(default_factory=dict)  # code -> gauge PNG
    heatmap: bytes | None = None


# ---- values as the slides show them -------------------------------------------------------

def pct(value) -> str:
    return numbers.percent(num(value))


def actual_text(row, unit: bool = False) -> str:
    """The value as the slides show it, （示例） after a demo one; — when there is none."""
    value, said = num(row.get("actual")), text(row.get("actual_text"))
    if value is not None:
        shown = numbers.with_unit if unit else numbers.number
        return shown(value, text(row.get("unit"))) + value_mark(row)
    return said + value_mark(row) if said else "—"


def status_cell(row) -> tuple[str, str, bool]:
    """■ 滞后 in red, ▲ 预警 in amber …: the mark tells them apart on a black-and-white printout."""
    word = status_word(row)
    return marked(word), word_ink(word), True


def featured_rows(section: AreaSection) -> list[dict]:
    """Indicators that get a card: 重点指标, those with a gauge image, and every 滞后/预警 one."""
    return [r for r in section.rows
            if r.get("headline") in (True,) or r["code"] in section.images or r.get("status") in (RED, YELLOW)]


def compared_rows(section: AreaSection) -> list[dict]:
    """Cumulative indicators with both 完成率 and 序时进度: the comparison chart's categories."""
    return [r for r in section.rows if r.get("kind") == "cumulative"
            and num(r.get("completion")) is not None and num(r.get("time_progress")) is not None]


def _footer(info: DeckInfo) -> str:
    return f"{info.period_label} · 八好看板"


def new_slide(prs, info: DeckInfo, title: str):
    return dp.content_slide(prs, title, _footer(info), info.is_demo)


# ---- title slide ------------------------------------------------------------------------------

def title_slide(prs, info: DeckInfo) -> None:
    slide = prs.slides.add_slide(prs.slide_layouts[5])
    dp.add_rect(slide, (0, 0, dp.SLIDE_W, 0.35), dp.BAND, name="TopBand")
    dp.set_title(slide, info.title, (0.9, 1.7, 11.5, 1.5), 36, lines=2, color=dp.BAND)
    slide.shapes.title.text_frame.vertical_anchor = MSO_ANCHOR.BOTTOM
    dp.add_rect(slide, (0.9, 3.35, 1.6, 0.06), dp.BAND)
    dp.add_text(slide, (0.9, 3.6, 11.5, 0.6), info.period_label, 24, name="Period")
    if info.is_demo:
        dp.demo_tag(slide, (0.9, 4.45, 1.9, 0.55), 20)
        dp.add_text(slide, (3.0, 4.45, 9.4, 0.55), [[("本材料由系统示例数据生成，不代表实际统计结果", dp.DEMO_RED, True)]],
                    16, anchor=MSO_ANCHOR.MIDDLE, name="DemoNote")
    source = DEMO_SOURCE if info.is_demo else info.source
    lines = [[(t, dp.MUTED, False)] for t in (f"制作日期：{info.made_on}", source) if t]
    dp.add_text(slide, (0.9, 6.1, 11.5, 0.9), lines, 14, name="Source")


# ---- one area ---------------------------------------------------------------------------------

def _number(area_id: int) -> str:
    return CN_NUMBERS[area_id - 1] if 1 <= area_id <= len(CN_NUMBERS) else str(area_id)


def _table_row(row) -> list:
    return [row["code"], text(row.get("name")), text(row.get("unit")) or "—", text(row.get("target_label")) or "—",
            actual_text(row), pct(row.get("completion")), pct(row.get("time_progress")), status_cell(row),
            _lead(row)]


def _lead(row) -> str:
    """The 牵头单位 marked 暂列 where the plan does not name it (rows without the catalog's basis: as given)."""
    return lead_label(row) if "lead_basis" in row else (text(row.get("lead_department")) or "—")


def _status_boxes(slide, rows, top: float) -> None:
    dp.count_boxes(slide, [(word, n, word_color(word)) for word, n in status_counts(rows).items()], top)


def summary_slides(prs, info: DeckInfo, section: AreaSection) -> None:
    """红黄绿 counts and the indicator table; long areas continue on further slides."""
    head = f"{_number(section.area_id)}、{section.area_name}"
    pages = chunks(section.rows, TABLE_ROWS, SUMMARY_ROWS, EXTRA_ROWS)
    for i, rows in enumerate(pages):
        if i == 0:
            slide = new_slide(prs, info, f"{head}：{section.title}")
            _status_boxes(slide, section.rows, 1.15)
            top = 2.15
        else:
            slide, top = new_slide(prs, info, f"{head}：指标明细（续{i}）"), dp.CONTENT_TOP
        if rows:
            fitted_table(slide, top, TABLE_COLUMNS, [_table_row(r) for r in rows], SUMMARY_ROWS if i == 0 else TABLE_ROWS)


def fitted_table(slide, top: float, columns, rows, room: int, row_h: float = 0.38, lines: int = 1, **where):
    """A table of `rows` on a slide that usually holds `room`; more rows are set a step smaller."""
    row_h, size = dp.rows_fit(len(rows), room, top, row_h)
    return dp.add_table(slide, top, columns, rows, row_h=row_h, size=size, lines=lines, **where)


def _paragraph_pages(paragraph: str) -> tuple[list[str], float]:
    """The 运行分析 text split into slide-sized pages, and the font size that fits them."""
    paras = ["\u3000\u3000" + p.strip() for p in paragraph.strip().split("\n") if p.strip()]
    whole = "\n".join(paras)
    for size in (20, 18, 16):
        if dp.line_count(whole, dp.CONTENT_W, size) * size * 1.35 / 72 <= 5.4:
            return [whole], size
    room = int(5.4 * 72 / (16 * 1.35))
    sentences = [s for s in whole.replace("。", "。\x00").split("\x00") if s]
    needed = len(_fill(sentences, room, room))
    share = math.ceil(dp.line_count(whole, dp.CONTENT_W, 16) / needed)
    while len(_fill(sentences, room, share)) > needed:
        share += 1
    return _fill(sentences, room, share), 16


def _fill(sentences: list[str], room: int, share: int) -> list[str]:
    """Sentences on pages of at most `room` lines, a page closed once it has `share` lines: even pages."""
    pages, current = [], []
    for sentence in sentences:
        lines = dp.line_count("".join(current), dp.CONTENT_W, 16) if current else 0
        if current and (lines >= share or dp.line_count("".join(current + [sentence]), dp.CONTENT_W, 16) > room):
            pages.append("".join(current))
            current = []
        current.append(sentence)
    return pages + ["".join(current)]


def analysis_slides(prs, info: DeckInfo, section: AreaSection) -> None:
    paragraph_slides(prs, info, f"{section.area_name}：运行分析", section.paragraph)


def paragraph_slides(prs, info: DeckInfo, heading: str, paragraph: str) -> None:
    """A 运行分析 text on as many slides as it needs."""
    pages, size = _paragraph_pages(paragraph)
    for i, page in enumerate(pages):
        suffix = f"（续{i}）" if i else ""
        slide = new_slide(prs, info, f"{heading}{suffix}")
        paras = [[(p.strip("\n"), None, False)] for p in page.split("\n") if p.strip()]
        dp.add_text(slide, (dp.MARGIN, dp.CONTENT_TOP + 0.1, dp.CONTENT_W, 5.5), paras, size, spacing=1.3,
                    name="Analysis")


def _bar_values(row) -> tuple[list[str], list[float]] | None:
    target, actual = num(row.get("target")), num(row.get("actual"))
    if row.get("kind") not in NUMERIC_KINDS or target is None or actual is None:
        return None
    share = num(row.get("time_progress")) if row.get("kind") == "cumulative" else None
    shown = f"实际{value_mark(row)}"
    if share is not None:
        return [shown, "序时目标", "年度目标"], [actual, target * share, target]
    return [shown, "年度目标"], [actual, target]


def _visual(slide, row, section: AreaSection, box) -> None:
    """Gauge image if given, else a native bar chart, else a card with the reported value."""
    if row["code"] in section.images:
        dp.picture(slide, section.images[row["code"]], box)
        return
    bars = _bar_values(row)
    status = row.get("status") or GREY
    if bars:
        values = bars[1]
        number_format = numbers.excel_format(text(row.get("unit")))
        colors = [STATUS_COLORS[status]] + ["#A6A6A6", "#595959"][-(len(values) - 1):]
        dp.bar_chart(slide, box, bars[0], [("数值", values)], point_colors=colors,
                     number_format=number_format, legend=False, size=10, value_axis=False)
        return
    shown = actual_text(row, unit=True) if text(row.get("actual_text")) or num(row.get("actual")) is not None \
        else f"本期{status_word(row)}"
    card = dp.add_rect(slide, (box[0], box[1] + 0.3, box[2], box[3] - 0.6), BAND_COLORS.get(status, "#EEEEEE"),
                       shape=MSO_SHAPE.ROUNDED_RECTANGLE)
    para = card.text_frame.paragraphs[0]
    para.alignment = PP_ALIGN.CENTER
    dp.add_run(para, dp.fit(shown, box[2], 20, 2, margin=0.3), 20, True, "#1A1A1A")


def _facts(row) -> list:
    lines = [("实际", actual_text(row, unit=True), 1), ("数据期间", text(row.get("data_period")) or "—", 1),
             ("年度目标", text(row.get("target_label")) or "—", 2)]
    if num(row.get("completion")) is not None:
        lines.append(("完成率", pct(row.get("completion")), 1))
    if num(row.get("time_progress")) is not None:
        lines.append(("序时进度", pct(row.get("time_progress")), 1))
    lines.append(("牵头单位", _lead(row), 1))
    if text(row.get("note")):
        lines.append(("情况说明", text(row.get("note")), 3))
    return [[(label + "：", dp.MUTED, False), (_after_label(label, value, n), None, False)] for label, value, n in lines]


def _after_label(label: str, value: str, lines: int, width: float = 2.62, size: float = 12) -> str:
    """`value` cut to what fits after `label：` in `lines` lines of the facts box."""
    return dp.fit(label + "：" + value, width, size, lines, margin=0.2)[len(label) + 1:]


def indicator_card(slide, row, section: AreaSection, box) -> None:
    left, top, width, height = box
    dp.add_rect(slide, box, "#FFFFFF", dp.GRID, name=f"Card {row['code']}")
    dp.add_text(slide, (left + 0.1, top + 0.05, width - 1.3, 0.45),
                [[(dp.fit(f"{row['code']} {text(row.get('name'))}", width - 1.3, 14, margin=0.2), None, True)]], 14,
                anchor=MSO_ANCHOR.MIDDLE)
    label, color, _ = status_cell(row)
    dp.add_text(slide, (left + width - 1.2, top + 0.05, 1.1, 0.45), [[(label, color, True)]], 14, PP_ALIGN.RIGHT,
                MSO_ANCHOR.MIDDLE, name=f"Status {row['code']}")
    _visual(slide, row, section, (left + 0.1, top + 0.55, *CARD_VISUAL))
    dp.add_text(slide, (left + 3.25, top + 0.55, width - 3.35, height - 0.65), _facts(row), 12, spacing=1.05)


def indicator_slides(prs, info: DeckInfo, section: AreaSection) -> None:
    pages = chunks(featured_rows(section), PER_SLIDE) if featured_rows(section) else []  # 4+1 → 3+2
    width, height = (dp.CONTENT_W - 0.3) / 2, (dp.CONTENT_BOTTOM - dp.CONTENT_TOP - 0.2) / 2
    for i, rows in enumerate(pages):
        slide = new_slide(prs, info, f"{section.area_name}：重点与滞后预警指标（{i + 1}/{len(pages)}）")
        for k, row in enumerate(rows):
            left = dp.MARGIN + (k % 2) * (width + 0.3)
            top = dp.CONTENT_TOP + (k // 2) * (height + 0.2)
            indicator_card(slide, row, section, (left, top, width, height))


def comparison_slide(prs, info: DeckInfo, section: AreaSection) -> None:
    """Native chart: 完成率 (bars coloured by status) against 序时进度, both in %."""
    rows = compared_rows(section)
    slide = new_slide(prs, info, f"{section.area_name}：累计指标完成率与序时进度（%）")
    names = [dp.fit(text(r.get("name")), 2.6, 10, margin=0) for r in rows]
    chart = dp.bar_chart(slide, (dp.MARGIN, dp.CONTENT_TOP, dp.CONTENT_W, 5.35), names,
                         [("完成率", [num(r["completion"]) * 100 for r in rows]),
                          ("序时进度", [num(r["time_progress"]) * 100 for r in rows])],
                         colors=["#4D4D4D", "#BFBFBF"],
                         point_colors=[STATUS_COLORS.get(r.get("status"), STATUS_COLORS[GREY]) for r in rows],
                         size=10 if len(rows) > 8 else 12)
    chart.plots[0].has_data_labels = len(rows) <= 12
    dp.add_text(slide, (dp.MARGIN, 6.5, dp.CONTENT_W, 0.4),
                [[("完成率按状态着色：绿色正常、黄色预警、红色滞后；灰色为序时进度。", dp.MUTED, False)]], 11)


def heatmap_slide(prs, info: DeckInfo, section: AreaSection) -> None:
    slide = new_slide(prs, info, f"{section.area_name}：各月红黄绿情况")
    dp.picture(slide, section.heatmap, (dp.MARGIN, dp.CONTENT_TOP, dp.CONTENT_W, dp.CONTENT_BOTTOM - dp.CONTENT_TOP))


def section_slides(prs, info: DeckInfo, section: AreaSection) -> None:
    summary_slides(prs, info, section)
    if section.paragraph.strip():
        analysis_slides(prs, info, section)
    indicator_slides(prs, info, section)
    if compared_rows(section):
        comparison_slide(prs, info, section)
    if section.heatmap:
        heatmap_slide(prs, info, section)


def area_deck(info: DeckInfo, sections: list[AreaSection], starting=None) -> bytes:
    """Title slide, then per section: summary + table, 运行分析, indicator cards, comparison chart, heatmap.
    starting(i, section), if given, is called before the slides of the i-th section (from 0)."""
    prs = dp.new_presentation()
    title_slide(prs, info)
    for i, section in enumerate(sections):
        if starting:
            starting(i, section)
        section_slides(prs, info, section)
    return dp.save(prs)


def overview_slide(prs, info: DeckInfo, sections: list[AreaSection]) -> None:
    slide = new_slide(prs, info, "八个领域指标总体情况")
    everything = [r for s in sections for r in s.rows]
    _status_boxes(slide, everything, 1.15)
    words = list(status_counts(everything))
    columns = [("序号", 0.8, PP_ALIGN.CENTER), ("领域", 2.0, PP_ALIGN.LEFT),
               ("主题", dp.CONTENT_W - 3.8 - 1.05 * len(words), PP_ALIGN.LEFT),
               ("指标数", 1.0, PP_ALIGN.RIGHT)] + [(word, 1.05, PP_ALIGN.RIGHT) for word in words]
    body = [[_number(s.area_id), s.area_name, s.title, str(len(s.rows))] + _count_cells(s.rows, words)
            for s in sections]
    body.append([("合计", None, True), "", "", (str(len(everything)), None, True)] + _count_cells(everything, words))
    grid = dp.add_table(slide, 2.15, columns, body, row_h=0.4).table
    grid.cell(len(body), 0).merge(grid.cell(len(body), 2))


def _count_cells(rows, words: list[str]) -> list:
    found = status_counts(rows)
    return [count_cell(found.get(word, 0), word) for word in words]


def count_cell(count: int, word: str) -> tuple[str, str, bool]:
    """A count in its status word's colour; zeros and the grey words muted."""
    return str(count), word_ink(word) if count and word in JUDGED else dp.MUTED, bool(count)


def all_areas_deck(info: DeckInfo, sections: list[AreaSection], starting=None) -> bytes:
    """Title slide, 目录, an overview of all areas' counts, then every area behind its divider as in area_deck
    (`starting` as there)."""
    prs = dp.new_presentation()
    title_slide(prs, info)
    contents = new_slide(prs, info, "目录")
    overview_slide(prs, info, sections)
    starts = []
    for i, section in enumerate(sections):
        if starting:
            starting(i, section)
        starts.append(len(prs.slides) + 1)
        divider_slide(prs, info, section)
        section_slides(prs, info, section)
    contents_table(contents, sections, starts)
    return dp.save(prs)


def contents_table(slide, sections: list[AreaSection], starts: list[int]) -> None:
    """目录: each area, its 正常/预警/滞后 counts and the slide its divider is on."""
    columns = [("序号", 0.8, PP_ALIGN.CENTER), ("领域", 2.3, PP_ALIGN.LEFT),
               ("主题", dp.CONTENT_W - 3.1 - 1.05 * (len(JUDGED) + 1), PP_ALIGN.LEFT)] + \
        [(word, 1.05, PP_ALIGN.RIGHT) for word in JUDGED] + [("页码", 1.05, PP_ALIGN.RIGHT)]
    body = [[_number(s.area_id), (s.area_name, None, True), s.title] + _count_cells(s.rows, list(JUDGED)) + [str(start)]
            for s, start in zip(sections, starts)]
    dp.add_table(slide, dp.CONTENT_TOP + 0.15, columns, body, row_h=0.56, size=14)


def divider_slide(prs, info: DeckInfo, section: AreaSection) -> None:
    """An area's opening slide: number and name, theme, and its counts by status word."""
    slide = dp.divider_slide(prs, f"{_number(section.area_id)}、{section.area_name}", section.title, _footer(info),
                             info.is_demo)
    counts = status_counts(section.rows)
    runs = [(f"指标{len(section.rows)}项：", dp.MUTED, False)]
    for word, n in counts.items():
        if n or word in JUDGED:
            runs += [(word, word_color(word) if word in JUDGED else dp.MUTED, True), (f" {n}项　", None, False)]
    dp.add_text(slide, (1.2, 4.6, 11.0, 0.6), [runs], 20, name="Counts")
