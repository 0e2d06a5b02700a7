"""督办单 as .docx (python-docx), in the usual layout of an official notice: a red title, the number,
主送单位, 事由 (the indicator, its target, actual, 序时进度 and 情况说明), 督办要求, 回复时限, and the
office's name and date at the foot. Several 督办单 go into one file, one to a page.

Fonts are named as county offices have them (方正小标宋简体 for the title, 仿宋_GB2312 for the text, the
sizes of GB/T 9704: 二号 and 三号); a machine without them shows its own Song and FangSong faces."""
from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from common.periods import date_label

TITLE_FONT, TEXT_FONT, HEADING_FONT = "方正小标宋简体", "仿宋_GB2312", "黑体"
TITLE_PT, TEXT_PT = 22, 16              # 二号, 三号
RED = RGBColor(0xC0, 0x00, 0x00)
OFFICE = "汨罗市人民政府督查室"


@dataclass(frozen=True)
class Order:
    """What one 督办单 says; every text is already written out (numbers with their unit and period)."""
    number: str             # 汨督〔2026〕5号
    units: str              # 主送单位: 市发改局、市统计局
    indicator: str          # A1-01 地区生产总值增速
    period: str             # 2026年1-5月
    target: str             # 5.5%左右
    actual: str             # 4.1%（2026年1-5月）
    time_progress: str      # 41.7%, or — when the indicator has none
    status: str             # 滞后
    note: str               # 情况说明, or "" when the unit wrote none
    request: str            # the 督查室's sentence
    deadline: date
    issued: date


def set_font(run, name: str, size: float, bold: bool = False, colour: RGBColor | None = None) -> None:
    """Latin and East Asian faces both: Word takes Chinese characters from w:eastAsia."""
    run.font.name, run.font.size, run.font.bold = name, Pt(size), bold
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), name)
    if colour is not None:
        run.font.color.rgb = colour


def paragraph(doc, text: str = "", font: str = TEXT_FONT, size: float = TEXT_PT, align=None, bold: bool = False,
              colour: RGBColor | None = None, indent: bool = False):
    para = doc.add_paragraph()
    para.alignment = align
    para.paragraph_format.line_spacing = Pt(28)  # 28 磅: the fixed line height of official documents
    if indent:
        para.paragraph_format.first_line_indent = Pt(size * 2)
    if text:
        set_font(para.add_run(text), font, size, bold, colour)
    return para


def labelled(doc, label: str, text: str) -> None:
    """一、事由：… — the label in 黑体, the text in 仿宋."""
    para = paragraph(doc, indent=True)
    set_font(para.add_run(label), HEADING_FONT, TEXT_PT)
    set_font(para.add_run(text), TEXT_FONT, TEXT_PT)


def matter(order: Order) -> str:
    """The 事由 in one sentence."""
    progress = f"，序时进度 {order.time_progress}" if order.time_progress not in ("", "—") else ""
    note = f"。牵头单位情况说明：{order.note}" if order.note else "。牵头单位尚未报送情况说明"
    return (f"{order.indicator}，年度目标 {order.target}，{order.period}实际 {order.actual}{progress}，"
            f"状态为“{order.status}”{note}。")


def _order(doc, order: Order) -> None:
    paragraph(doc, "督　办　单", TITLE_FONT, TITLE_PT, WD_ALIGN_PARAGRAPH.CENTER, colour=RED)
    paragraph(doc, order.number, align=WD_ALIGN_PARAGRAPH.CENTER)
    paragraph(doc, f"{order.units}：")
    labelled(doc, "一、事由：", matter(order))
    labelled(doc, "二、督办要求：", order.request)
    labelled(doc, "三、回复时限：", f"请于{date_label(order.deadline)}前在八好看板“部门视图”中回复原因、整改措施及预计恢复月份。")
    paragraph(doc)
    paragraph(doc, OFFICE, align=WD_ALIGN_PARAGRAPH.RIGHT)
    paragraph(doc, date_label(order.issued), align=WD_ALIGN_PARAGRAPH.RIGHT)


def new_document(title: str):
    """An empty A4 document with the margins of GB/T 9704, `title` and the office in its properties."""
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
    section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)
    doc.core_properties.title, doc.core_properties.author = title, OFFICE
    return doc


def saved(doc) -> bytes:
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def orders_docx(orders: list[Order]) -> bytes:
    """One .docx holding every 督办单 of `orders`, each on its own A4 page."""
    doc = new_document("督办单")
    for i, order in enumerate(orders):
        if i:
            doc.paragraphs[-1].add_run().add_break(WD_BREAK.PAGE)
        _order(doc, order)
    return saved(doc)
