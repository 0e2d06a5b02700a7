"""The monthly 调度通报 (issue 15): units praised, units with 逾期 督办, and the 滞后 list with each lead
unit's answer, as .docx (the official look of outputs/orders.py) and .pptx (the decks' look, charts/deck).

Pure: a Bulletin in, bytes out; outputs/supervision_docs.py reads the store to make the Bulletin."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt
from pptx.enum.text import PP_ALIGN

from charts import deck
from charts import deck_parts as dp
from charts.base import STATUS_COLORS, STATUS_INK
from indicators.progress import GREEN, RED
from outputs.orders import (HEADING_FONT, OFFICE, RED as TITLE_RED, TEXT_FONT, TITLE_FONT, TITLE_PT, new_document,
                            paragraph, saved, set_font)
from common.periods import date_label

TITLE = "“开局八好”指标调度通报"
TABLE_PT = 12  # 小四: the 滞后 table's text, smaller than the body's 三号
NONE_THIS_MONTH = "本期无。"
LAG_HEADS = ("指标", "牵头单位", "实际 / 目标", "牵头单位答复")


@dataclass(frozen=True)
class Praise:
    unit: str
    why: str                    # 牵头的5项指标全部正常；A5-14 新增5G基站恢复正常


@dataclass(frozen=True)
class Overdue:
    unit: str
    indicator: str              # A5-14 新增5G基站
    number: int                 # the 督办's id
    period: str
    deadline: date
    days: int                   # days past the deadline


@dataclass(frozen=True)
class Answer:
    state: str                  # 已答复, 未答复, 未答复（已逾期）, 尚未督办
    reason: str = ""
    measures: str = ""
    recovery: str = ""          # 2026年7月

    @property
    def given(self) -> bool:
        return self.state == "已答复"

    def sentence(self) -> str:
        if not self.given:
            return self.state
        return f"原因：{self.reason}；整改措施：{self.measures}；预计{self.recovery}恢复"


@dataclass(frozen=True)
class Lagging:
    indicator: str
    units: str
    actual: str
    target: str
    answer: Answer


@dataclass(frozen=True)
class Bulletin:
    period: str                 # 2026年1-5月
    issued: date
    praised: list[Praise] = field(default_factory=list)
    overdue: list[Overdue] = field(default_factory=list)
    lagging: list[Lagging] = field(default_factory=list)
    is_demo: bool = False


def praise_line(p: Praise) -> str:
    return f"{p.unit}：{p.why}。"


def overdue_line(o: Overdue) -> str:
    return (f"{o.unit}：{o.indicator}（督办 #{o.number}，{o.period}），答复期限{date_label(o.deadline)}，"
            f"已逾期{o.days}天未答复。")


def summary(b: Bulletin) -> str:
    return (f"现将{b.period}“开局八好”指标调度情况通报如下：通报表扬单位{len(b.praised)}个，"
            f"逾期未答复督办{len(b.overdue)}项，滞后指标{len(b.lagging)}项。")


# ---- .docx ----------------------------------------------------------------------------------------------

def bulletin_docx(b: Bulletin) -> bytes:
    doc = new_document(f"{TITLE}（{b.period}）")
    paragraph(doc, TITLE, TITLE_FONT, TITLE_PT, WD_ALIGN_PARAGRAPH.CENTER, colour=TITLE_RED)
    paragraph(doc, f"（{b.period}）", align=WD_ALIGN_PARAGRAPH.CENTER)
    if b.is_demo:
        paragraph(doc, "本通报由示例数据生成，非真实统计数据", align=WD_ALIGN_PARAGRAPH.CENTER, colour=TITLE_RED)
    paragraph(doc, summary(b), indent=True)
    _lines(doc, "一、通报表扬", [praise_line(p) for p in b.praised])
    _lines(doc, "二、逾期未答复的督办", [overdue_line(o) for o in b.overdue])
    paragraph(doc, "三、滞后指标及牵头单位答复", HEADING_FONT, indent=True)
    if b.lagging:
        _lag_table(doc, b.lagging)
    else:
        paragraph(doc, NONE_THIS_MONTH, indent=True)
    paragraph(doc)
    paragraph(doc, OFFICE, align=WD_ALIGN_PARAGRAPH.RIGHT)
    paragraph(doc, date_label(b.issued), align=WD_ALIGN_PARAGRAPH.RIGHT)
    return saved(doc)


def _lines(doc, heading: str, lines: list[str]) -> None:
    paragraph(doc, heading, HEADING_FONT, indent=True)
    for line in lines or [NONE_THIS_MONTH]:
        paragraph(doc, line, indent=True)


def _lag_table(doc, items: list[Lagging]) -> None:
    table = doc.add_table(rows=1, cols=len(LAG_HEADS))
    table.style = "Table Grid"
    for cell, head in zip(table.rows[0].cells, LAG_HEADS):
        _cell(cell, head, HEADING_FONT)
    for item in items:
        texts = (item.indicator, item.units, f"{item.actual} / {item.target}", item.answer.sentence())
        for cell, text in zip(table.add_row().cells, texts):
            _cell(cell, text, TEXT_FONT)


def _cell(cell, text: str, face: str) -> None:
    para = cell.paragraphs[0]
    para.paragraph_format.line_spacing = Pt(TABLE_PT * 1.4)
    set_font(para.add_run(text), face, TABLE_PT)


# ---- .pptx ----------------------------------------------------------------------------------------------

PRAISE_COLUMNS = [("单位", 3.0, PP_ALIGN.LEFT), ("表扬事由", 9.3, PP_ALIGN.LEFT)]
OVERDUE_COLUMNS = [("牵头单位", 2.6, PP_ALIGN.LEFT), ("指标", 4.0, PP_ALIGN.LEFT), ("督办编号", 1.2, PP_ALIGN.CENTER),
                   ("期间", 1.6, PP_ALIGN.CENTER), ("答复期限", 1.6, PP_ALIGN.CENTER), ("逾期天数", 1.3, PP_ALIGN.RIGHT)]
LAG_COLUMNS = [(LAG_HEADS[0], 3.0, PP_ALIGN.LEFT), (LAG_HEADS[1], 1.8, PP_ALIGN.LEFT),
               (LAG_HEADS[2], 2.2, PP_ALIGN.LEFT), (LAG_HEADS[3], 5.3, PP_ALIGN.LEFT)]
ROWS, LAG_ROWS = 12, 8  # table rows a slide holds (an answer may take three lines)


def bulletin_pptx(b: Bulletin) -> bytes:
    """Title slide, the counts, then 通报表扬, 逾期督办 and the 滞后 list with answers as native tables."""
    info = deck.DeckInfo(title=TITLE, period_label=b.period, made_on=date_label(b.issued), source=OFFICE,
                         is_demo=b.is_demo)
    prs = dp.new_presentation()
    deck.title_slide(prs, info)
    first = _slide(prs, b, "调度概况")
    dp.count_boxes(first, [("通报表扬单位", len(b.praised), STATUS_COLORS[GREEN]),
                           ("逾期督办", len(b.overdue), STATUS_COLORS[RED]),
                           ("滞后指标", len(b.lagging), STATUS_COLORS[RED])], 1.4, 1.0)
    dp.add_text(first, (dp.MARGIN, 2.8, dp.CONTENT_W, 1.5), summary(b), 20, name="Summary")
    _tables(prs, b, "一、通报表扬", PRAISE_COLUMNS, [[p.unit, p.why] for p in b.praised], ROWS, lines=2)
    _tables(prs, b, "二、逾期未答复的督办", OVERDUE_COLUMNS, [_overdue_row(o) for o in b.overdue], ROWS)
    _tables(prs, b, "三、滞后指标及牵头单位答复", LAG_COLUMNS, [_lag_row(i) for i in b.lagging], LAG_ROWS, lines=3,
            row_h=0.62)
    return dp.save(prs)


def _slide(prs, b: Bulletin, title: str):
    return dp.content_slide(prs, title, f"{b.period} · 八好看板", b.is_demo)


def _tables(prs, b: Bulletin, title: str, columns, rows: list, room: int, lines: int = 1, row_h: float = 0.42):
    """`rows` on as many slides as they need (续 after the first); 本期无 on one slide when there are none."""
    for i, page in enumerate(dp.chunks(rows, room, extra=deck.EXTRA_ROWS)):
        slide = _slide(prs, b, title + (f"（续{i}）" if i else ""))
        if not page:
            dp.add_text(slide, (dp.MARGIN, dp.CONTENT_TOP + 0.2, dp.CONTENT_W, 0.8), NONE_THIS_MONTH, 20, name="None")
            continue
        height, size = dp.rows_fit(len(page), room, dp.CONTENT_TOP, row_h)
        dp.add_table(slide, dp.CONTENT_TOP, columns, page, row_h=height, size=size, lines=lines)


def _overdue_row(o: Overdue) -> list:
    return [o.unit, o.indicator, f"#{o.number}", o.period, f"{o.deadline:%Y-%m-%d}",
            (f"{o.days}天", STATUS_INK[RED], True)]


def _lag_row(item: Lagging) -> list:
    answer = item.answer
    shown = answer.sentence() if answer.given else (answer.state, STATUS_INK[RED], True)
    return [item.indicator, item.units, f"{item.actual} / {item.target}", shown]
