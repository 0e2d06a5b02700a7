"""督办单 (.docx): every part of the official layout, one order to a page, Chinese fonts named."""
import io
from datetime import date

import pytest
from docx import Document
from docx.oxml.ns import qn

from outputs import orders

ORDER = orders.Order(number="汨督〔2026〕5号", units="市发改局、市统计局", indicator="A1-01 地区生产总值增速",
                     period="2026年1-5月", target="5.5%左右", actual="4.1%", time_progress="—", status="滞后",
                     note="", request="请分析原因，提出整改措施。", deadline=date(2026, 6, 9), issued=date(2026, 6, 2))


def texts(content: bytes) -> list[str]:
    return [p.text for p in Document(io.BytesIO(content)).paragraphs]


def test_one_order_says_every_part_in_order():
    lines = [t for t in texts(orders.orders_docx([ORDER])) if t]
    assert lines == ["督　办　单", "汨督〔2026〕5号", "市发改局、市统计局：",
                     "一、事由：A1-01 地区生产总值增速，年度目标 5.5%左右，2026年1-5月实际 4.1%，状态为“滞后”。"
                     "牵头单位尚未报送情况说明。",
                     "二、督办要求：请分析原因，提出整改措施。",
                     "三、回复时限：请于2026年6月9日前在八好看板“部门视图”中回复原因、整改措施及预计恢复月份。",
                     "汨罗市人民政府督查室", "2026年6月2日"]


@pytest.mark.parametrize("progress,note,expected", [
    ("41.7%", "", "实际 4.1%，序时进度 41.7%，状态为“滞后”。牵头单位尚未报送情况说明。"),
    ("—", "受项目投产延迟影响", "实际 4.1%，状态为“滞后”。牵头单位情况说明：受项目投产延迟影响。"),
])
def test_the_matter_names_progress_and_the_units_note_when_there_is_one(progress, note, expected):
    order = orders.Order(**{**ORDER.__dict__, "time_progress": progress, "note": note})
    assert orders.matter(order).endswith(expected)


def test_several_orders_one_to_a_page_with_chinese_fonts():
    second = orders.Order(**{**ORDER.__dict__, "number": "汨督〔2026〕6号", "indicator": "A2-01 社会消费品零售总额增速"})
    document = Document(io.BytesIO(orders.orders_docx([ORDER, second])))
    body = "\n".join(p.text for p in document.paragraphs)
    assert body.count("督　办　单") == 2 and "汨督〔2026〕6号" in body and "A2-01 社会消费品零售总额增速" in body
    breaks = document.element.body.findall(".//" + qn("w:br"))
    assert [b.get(qn("w:type")) for b in breaks] == ["page"]
    title = document.paragraphs[0].runs[0]
    assert title.font.name == orders.TITLE_FONT and title.font.size.pt == orders.TITLE_PT
    assert title._element.rPr.rFonts.get(qn("w:eastAsia")) == orders.TITLE_FONT
    assert document.sections[0].page_width.cm == pytest.approx(21, abs=0.01)  # A4
