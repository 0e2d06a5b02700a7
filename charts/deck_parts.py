"""Building blocks of the PowerPoint decks: one template, fonts, text that fits, tables, charts.

Pure python-pptx: nothing here reads the store or renders images.
"""
from __future__ import annotations

import copy
import io
import math

from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LABEL_POSITION, XL_LEGEND_POSITION
from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE, PP_ALIGN
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.oxml.ns import qn
from pptx.oxml.xmlchemy import OxmlElement
from pptx.util import Emu, Inches, Pt

from charts.base import TEXT_COLOR, text_on

CJK_FONT = "Microsoft YaHei"
GB2312_CHARSET = "-122"  # tells PowerPoint and LibreOffice to substitute a Chinese font when missing
BAND = "#9E1B20"          # dark government red: top band, table headers
DEMO_RED = "#C00000"
MUTED = "#666666"
ROW_ALT = "#F5F5F5"
GRID = "#D9D9D9"
SLIDE_W, SLIDE_H = 13.333, 7.5
MARGIN = 0.5
CONTENT_W = SLIDE_W - 2 * MARGIN
CONTENT_TOP, CONTENT_BOTTOM = 1.15, 6.85
CELL_MARGIN = 0.06
HEADER_H = 0.42            # a table's header row
LOOKS_KEPT = 512           # run and cell looks kept as XML to copy (a deck uses a few dozen)


def text(value) -> str:
    """A string, "" for None/NaN."""
    return "" if value is None or (isinstance(value, float) and math.isnan(value)) else str(value).strip()


def chunks(items: list, size: int, first: int | None = None, extra: int = 0) -> list[list]:
    """`items` in pages of at most `size` (the first page `first`); always one page, never a stub.

    A few items over (at most `extra`) go on the last page, which the caller sets a step smaller
    (see `rows_fit`); a longer overflow opens a page, and then every page is filled alike, so the
    last one holds about as many as the others instead of the two or three left over."""
    first = size if first is None else first
    rooms = [first]
    while sum(rooms) < len(items):
        rooms.append(size)
    over = len(items) - sum(rooms[:-1])
    if len(rooms) > 1 and over <= extra:
        return _split(items, rooms[:-2] + [rooms[-2] + over])
    cuts = [math.floor(len(items) * sum(rooms[:k]) / sum(rooms) + 0.5) for k in range(len(rooms) + 1)]
    return _split(items, [b - a for a, b in zip(cuts, cuts[1:])])


def _split(items: list, counts: list[int]) -> list[list]:
    starts = [sum(counts[:k]) for k in range(len(counts))]
    return [items[s:s + n] for s, n in zip(starts, counts)]


def rows_fit(count: int, room: int, top: float, row_h: float, size: float = 11) -> tuple[float, float]:
    """(row height, font size) for `count` table rows where `room` is the page's usual number:
    a page that took the few rows over shrinks its rows to end at CONTENT_BOTTOM, font one step down."""
    if count <= room:
        return row_h, size
    return min(row_h, (CONTENT_BOTTOM - top - HEADER_H) / count), size - 1


def rgb(hex_color: str) -> RGBColor:
    return RGBColor.from_string(hex_color.lstrip("#").upper())


def _typeface(rPr, tag: str) -> None:
    """Set (or add) <a:ea>/<a:cs> next to <a:latin>, in schema order."""
    node = rPr.find(qn(tag))
    if node is None:
        node = OxmlElement(tag)
        anchor = rPr.find(qn("a:cs")) if tag == "a:ea" else None
        if anchor is not None:
            anchor.addprevious(node)
        else:
            (rPr.find(qn("a:ea")) if tag == "a:cs" else rPr.find(qn("a:latin"))).addnext(node)
    node.set("typeface", CJK_FONT)
    node.set("charset", GB2312_CHARSET)


def style_font(font, size: float | None = None, bold: bool | None = None, color: str | None = None) -> None:
    """Size, weight, colour, and the CJK font on latin, east-asian and complex-script slots."""
    font.name = CJK_FONT
    if size is not None:
        font.size = Pt(size)
    if bold is not None:
        font.bold = bold
    if color is not None:
        font.color.rgb = rgb(color)
    rPr = font._rPr
    rPr.set("lang", "zh-CN")
    rPr.set("altLang", "en-US")
    _typeface(rPr, "a:ea")
    _typeface(rPr, "a:cs")


_looks: dict[tuple, object] = {}  # ("run" | "cell", ...): the XML that styling a fresh one wrote


def _copied_look(key: tuple, element, style) -> None:
    """Style the fresh `element` (an a:r or a:tc) by style() once per look; later ones of the same look
    get a copy of the XML that wrote, with their own text: python-pptx's setters cost ~0.5 ms each."""
    look = _looks.get(key)
    if look is None:
        style()
        if len(_looks) >= LOOKS_KEPT:
            _looks.clear()
        _looks[key] = copy.deepcopy(element)
        return
    text = element.find(f".//{qn('a:t')}").text
    element[:] = copy.deepcopy(look)[:]
    element.find(f".//{qn('a:t')}").text = text


def add_run(para, text: str, size: float, bold: bool, color: str):
    """A run of `text` in the CJK font at `size` pt (see style_font)."""
    run = para.add_run()
    run.text = text
    _copied_look(("run", size, bold, color), run._r, lambda: style_font(run.font, size, bold, color))
    return run


def _cjk_theme(prs) -> None:
    """The theme's east-asian font: whatever is not styled explicitly still gets a CJK font."""
    theme = prs.slide_master.part.part_related_by(RT.THEME)
    theme._blob = theme.blob.replace(b'<a:ea typeface=""/>', f'<a:ea typeface="{CJK_FONT}"/>'.encode())


def new_presentation():
    prs = Presentation()
    prs.slide_width, prs.slide_height = Inches(SLIDE_W), Inches(SLIDE_H)
    _cjk_theme(prs)
    return prs


def text_width(text: str) -> float:
    """Width of `text` in ems: CJK characters, curly quotes and the status marks one em, ASCII about 0.6."""
    return sum(0.6 if ord(ch) < 0x2E80 and ch not in "%—…“”‘’●▲■○" else 1.0 for ch in text)


def per_line(width_in: float, pt: float, margin: float = 2 * CELL_MARGIN) -> float:
    """How many ems fit on one line of a box `width_in` inches wide."""
    return (width_in - margin) * 72 / pt


def fit(text: str, width_in: float, pt: float, lines: int = 1, margin: float = 2 * CELL_MARGIN) -> str:
    """`text` cut to what fits in `lines` lines of the box, ending with … when cut."""
    room = per_line(width_in, pt, margin) * lines * (0.92 if lines > 1 else 1.0)
    if text_width(text) <= room:
        return text
    out, used = "", 1.0
    for ch in text:
        used += text_width(ch)
        if used > room:
            break
        out += ch
    return out + "…"


def line_count(text: str, width_in: float, pt: float, margin: float = 0.2) -> int:
    room = per_line(width_in, pt, margin)
    return sum(max(1, math.ceil(text_width(p) / room)) for p in text.split("\n"))


def add_text(slide, box, parts, size: float = 14, align=PP_ALIGN.LEFT, anchor=MSO_ANCHOR.TOP,
             name: str | None = None, spacing: float | None = None):
    """A text box at box=(left, top, width, height) inches. `parts`: a string, or a list of
    paragraphs, each a list of (text, colour | None, bold) runs."""
    shape = slide.shapes.add_textbox(*(Inches(v) for v in box))
    if name:
        shape.name = name
    tf = shape.text_frame
    tf.word_wrap, tf.auto_size, tf.vertical_anchor = True, MSO_AUTO_SIZE.NONE, anchor
    paragraphs = [[(parts, None, False)]] if isinstance(parts, str) else parts
    for i, runs in enumerate(paragraphs):
        para = tf.paragraphs[0] if i == 0 else tf.add_paragraph()
        para.alignment = align
        if spacing:
            para.line_spacing = spacing
        for text, color, bold in runs:
            add_run(para, text, size, bold, color or TEXT_COLOR)
    return shape


def add_rect(slide, box, fill: str | None, line: str | None = None, shape=MSO_SHAPE.RECTANGLE, name=None):
    rect = slide.shapes.add_shape(shape, *(Inches(v) for v in box))
    if fill:
        rect.fill.solid()
        rect.fill.fore_color.rgb = rgb(fill)
    else:
        rect.fill.background()
    if line:
        rect.line.color.rgb = rgb(line)
        rect.line.width = Pt(1.25)
    else:
        rect.line.fill.background()
    rect.shadow.inherit = False
    if name:
        rect.name = name
    return rect


def set_title(slide, text: str, box, size: float, lines: int = 1, color: str = TEXT_COLOR) -> None:
    """The layout's title placeholder (so PowerPoint's outline shows it), moved and styled."""
    title = slide.shapes.title
    title.left, title.top, title.width, title.height = (Inches(v) for v in box)
    tf = title.text_frame
    tf.word_wrap, tf.auto_size, tf.vertical_anchor = True, MSO_AUTO_SIZE.NONE, MSO_ANCHOR.MIDDLE
    para = tf.paragraphs[0]
    para.alignment = PP_ALIGN.LEFT
    add_run(para, fit(text, box[2], size, lines, margin=0.2), size, True, color)


def demo_tag(slide, box, size: float = 14) -> None:
    tag = add_rect(slide, box, "#FFFFFF", DEMO_RED, name="DemoMark")
    tf = tag.text_frame
    tf.word_wrap = False
    tf.paragraphs[0].alignment = PP_ALIGN.CENTER
    add_run(tf.paragraphs[0], "示例数据", size, True, DEMO_RED)


def content_slide(prs, title: str, footer: str, is_demo: bool):
    """A slide of the template: top band, title (26 pt), footer, page number, 示例数据 tag."""
    slide = prs.slides.add_slide(prs.slide_layouts[5])
    add_rect(slide, (0, 0, SLIDE_W, 0.1), BAND, name="TopBand")
    set_title(slide, title, (MARGIN, 0.28, CONTENT_W - (1.5 if is_demo else 0), 0.75), 26)
    _page_marks(prs, slide, footer, is_demo)
    return slide


def divider_slide(prs, title: str, subtitle: str, footer: str, is_demo: bool):
    """A section's opening slide: its name large on a red band's edge, its theme below."""
    slide = prs.slides.add_slide(prs.slide_layouts[5])
    add_rect(slide, (0, 0, 0.35, SLIDE_H), BAND, name="SideBand")
    set_title(slide, title, (1.2, 2.0, 11.0, 1.2), 40, color=BAND)
    slide.shapes.title.text_frame.vertical_anchor = MSO_ANCHOR.BOTTOM
    add_rect(slide, (1.2, 3.35, 1.6, 0.06), BAND)
    add_text(slide, (1.2, 3.6, 11.0, 0.7), fit(subtitle, 11.0, 26, margin=0.2), 26, name="Subtitle")
    _page_marks(prs, slide, footer, is_demo)
    return slide


def _page_marks(prs, slide, footer: str, is_demo: bool) -> None:
    """Footer, page number and the 示例数据 tag of every slide but the title."""
    if is_demo:
        demo_tag(slide, (SLIDE_W - MARGIN - 1.3, 0.42, 1.3, 0.46))
    add_text(slide, (MARGIN, 7.0, 8, 0.35), [[(footer, MUTED, False)]], 10, name="Footer")
    number = str(len(prs.slides))
    add_text(slide, (SLIDE_W - MARGIN - 1.5, 7.0, 1.5, 0.35), [[(number, MUTED, False)]], 10, PP_ALIGN.RIGHT,
             name="PageNumber")


def _cell(cell, text: str, size: float, color: str, bold: bool, fill: str, align) -> None:
    """A fresh table cell filled, its text styled and aligned."""
    cell.text_frame.paragraphs[0].add_run().text = text
    _copied_look(("cell", size, color, bold, fill, align), cell._tc,
                 lambda: _style_cell(cell, size, color, bold, fill, align))


def _style_cell(cell, size: float, color: str, bold: bool, fill: str, align) -> None:
    cell.fill.solid()
    cell.fill.fore_color.rgb = rgb(fill)
    cell.margin_left = cell.margin_right = Inches(CELL_MARGIN)
    cell.margin_top = cell.margin_bottom = Inches(0.03)
    cell.vertical_anchor = MSO_ANCHOR.MIDDLE
    tf = cell.text_frame
    tf.word_wrap = True
    para = tf.paragraphs[0]
    para.alignment = align
    style_font(para.runs[0].font, size, bold, color)


def add_table(slide, top: float, columns, rows, row_h: float = 0.38, size: float = 11, lines: int = 1,
              left: float = MARGIN):
    """A native table. columns: [(header, width_in, align)]; rows: lists of str or (str, colour, bold).
    Every text is cut to fit `lines` lines of its column, so no row grows past the slide."""
    widths = [w for _, w, _ in columns]
    height = HEADER_H + row_h * len(rows)
    shape = slide.shapes.add_table(len(rows) + 1, len(columns), Inches(left), Inches(top),
                                   Inches(sum(widths)), Inches(height))
    table = shape.table
    table.first_row, table.horz_banding = True, False
    for j, (header, width, align) in enumerate(columns):
        table.columns[j].width = Inches(width)
        _cell(table.cell(0, j), fit(header, width, size), size, "#FFFFFF", True, BAND, align)
    table.rows[0].height = Inches(HEADER_H)
    for i, row in enumerate(rows, start=1):
        table.rows[i].height = Inches(row_h)
        fill = ROW_ALT if i % 2 == 0 else "#FFFFFF"
        for j, value in enumerate(row):
            text, color, bold = (value, None, False) if isinstance(value, str) else value
            _cell(table.cell(i, j), fit(text, widths[j], size, lines), size, color or TEXT_COLOR, bold, fill,
                  columns[j][2])
    return shape


def count_boxes(slide, counts, top: float, height: float = 0.8) -> None:
    """Coloured boxes, one per (label, count, colour): the number large, the label beside it."""
    gap = 0.25
    width = (CONTENT_W - gap * (len(counts) - 1)) / len(counts)
    scale = min(1.0, width / 2.8)  # at full size “未到报送期  21 项” needs a box 2.8 in wide
    for i, (label, count, color) in enumerate(counts):
        box = add_rect(slide, (MARGIN + i * (width + gap), top, width, height), color,
                       shape=MSO_SHAPE.ROUNDED_RECTANGLE, name=f"Count {label}")
        box.adjustments[0] = 0.12
        tf = box.text_frame
        tf.vertical_anchor = MSO_ANCHOR.MIDDLE
        para = tf.paragraphs[0]
        para.alignment = PP_ALIGN.CENTER
        for text, pt in ((label + "  ", 18), (str(count), 28), (" 项", 16)):
            add_run(para, text, round(pt * scale), True, text_on(color))


def _chart_font(chart, size: float) -> None:
    style_font(chart.font, size, False, TEXT_COLOR)


def bar_chart(slide, box, categories, series, colors=None, point_colors=None, number_format="0.0",
              horizontal=True, legend=True, size: float = 11, value_axis=True):
    """A native clustered bar chart: series = [(name, values)]; staff can restyle it in PowerPoint."""
    data = CategoryChartData(number_format=number_format)
    data.categories = categories
    for name, values in series:
        data.add_series(name, values)
    kind = XL_CHART_TYPE.BAR_CLUSTERED if horizontal else XL_CHART_TYPE.COLUMN_CLUSTERED
    chart = slide.shapes.add_chart(kind, *(Inches(v) for v in box), data).chart
    _chart_font(chart, size)
    chart.has_title = False
    plot = chart.plots[0]
    plot.gap_width, plot.overlap = 50, -10
    plot.has_data_labels = True
    labels = plot.data_labels
    labels.number_format, labels.number_format_is_linked = number_format, False
    labels.position = XL_LABEL_POSITION.OUTSIDE_END
    style_font(labels.font, size - 1, False, TEXT_COLOR)
    _fills(plot, colors or ["#4D4D4D", "#A6A6A6"], point_colors or [])
    _axes(chart, horizontal, size, value_axis)
    chart.has_legend = legend
    if legend:
        chart.legend.position, chart.legend.include_in_layout = XL_LEGEND_POSITION.TOP, False
        style_font(chart.legend.font, size, False, TEXT_COLOR)
    return chart


def _fills(plot, colors, point_colors) -> None:
    """Series colours, then per-bar colours of the first series (e.g. by status)."""
    fills = [s.format.fill for s in plot.series] + [plot.series[0].points[i].format.fill
                                                      for i in range(len(point_colors))]
    for fill, color in zip(fills, [colors[i % len(colors)] for i in range(len(plot.series))] + point_colors):
        fill.solid()
        fill.fore_color.rgb = rgb(color)


def _axes(chart, horizontal: bool, size: float, visible: bool) -> None:
    category, value = chart.category_axis, chart.value_axis
    category.reverse_order = horizontal  # first category on top, as in the table
    if horizontal:  # ... and the value axis stays at the bottom: it crosses at the last category
        value._element.find(qn("c:crosses")).set("val", "max")
    category.has_major_gridlines = False
    value.has_major_gridlines = visible
    if visible:
        value.major_gridlines.format.line.color.rgb = rgb(GRID)
    value.visible = visible
    value.minimum_scale = 0
    value.format.line.fill.background()
    style_font(category.tick_labels.font, size, False, TEXT_COLOR)
    style_font(value.tick_labels.font, size - 1, False, MUTED)


def picture(slide, blob: bytes, box):
    """`blob` (PNG) scaled to fit `box` and centred in it, aspect kept."""
    left, top, width, height = box
    pic = slide.shapes.add_picture(io.BytesIO(blob), Inches(left), Inches(top))
    scale = min(Inches(width) / pic.width, Inches(height) / pic.height)
    pic.width, pic.height = Emu(int(pic.width * scale)), Emu(int(pic.height * scale))
    pic.left = Emu(int(Inches(left) + (Inches(width) - pic.width) / 2))
    pic.top = Emu(int(Inches(top) + (Inches(height) - pic.height) / 2))
    return pic


def save(prs) -> bytes:
    out = io.BytesIO()
    prs.save(out)
    return out.getvalue()
