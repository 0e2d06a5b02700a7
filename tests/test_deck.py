"""PowerPoint decks: built from demo status rows, read back with python-pptx (and LibreOffice if present)."""
import io
import math
from collections import Counter
import shutil
import subprocess

import pytest
from conftest import make_store
from PIL import Image
from pptx import Presentation
from pptx.oxml.ns import qn
from pptx.util import Emu, Inches


from charts import briefing, deck
from charts import deck_parts as dp
from common.kinds import NUMERIC_KINDS
from indicators import catalog, report, store
from indicators.progress import RED, YELLOW

FOOTER = "2026年1-5月 · 八好看板"


def png(width=600, height=400) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), "#EEF3F8").save(out, "PNG")
    return out.getvalue()


@pytest.fixture(scope="module")
def table():
    cur = make_store(with_demo=True)
    return report.status_table(cur, 2026, 10), store.areas(cur)


def info(is_demo=True):
    return deck.DeckInfo("“开局八好”指标运行情况 · 稳增长挑大梁", "2026年1-5月", "2026年11月29日",
                         "数据来源：市统计局及各牵头单位报送", is_demo)


def section(table, area, images=False, paragraph="", heatmap=False):
    rows_frame, areas = table
    rows = rows_frame[rows_frame["area"] == area].to_dict("records")
    meta = areas[areas["id"] == area].iloc[0]
    gauges = {r["code"]: png() for r in rows if r["headline"]} if images else {}
    heat = png(1200, 500) if heatmap else None
    return deck.AreaSection(area, meta["name"], meta["title"], rows, paragraph, gauges, heat)


def open_deck(data: bytes):
    return Presentation(io.BytesIO(data))


def title_of(slide) -> str:
    return slide.shapes.title.text_frame.text


def frames(slide):
    """Every text frame on the slide, table cells included."""
    for shape in slide.shapes:
        if shape.has_text_frame:
            yield shape, shape.text_frame
        if shape.has_table:
            for row in shape.table.rows:
                for cell in row.cells:
                    if not cell.is_spanned:
                        yield shape, cell.text_frame


def slide_text(slide) -> str:
    return "\n".join(tf.text for _, tf in frames(slide))


def tables(prs):
    return [shape.table for slide in prs.slides for shape in slide.shapes if shape.has_table]


def charts(slide):
    return [shape.chart for shape in slide.shapes if shape.has_chart]


ALWAYS = ["正常", "预警", "滞后", "未报送", "未到报送期"]  # counted even when zero
RARE = ["目标待定", "无基数"]                            # counted only where they occur


def table_slides(rows: int, first: int = 10, size: int = 12, extra: int = 3) -> int:
    """Slides a table takes: `first` rows, then `size` a slide; a last slide of at most `extra` rows is not made."""
    slides = 1 + math.ceil(max(0, rows - first) / size)
    over = rows - first - (slides - 2) * size
    return slides - 1 if slides > 1 and over <= extra else slides


def expected_count(sec) -> int:
    """Independent count: title, table pages (10 then 12 rows), 运行分析, cards (4 a slide), chart, heatmap."""
    featured = [r for r in sec.rows if r["headline"] or r["code"] in sec.images or r["status"] in (RED, YELLOW)]
    cumulative = [r for r in sec.rows if r["kind"] == "cumulative" and not math.isnan(r["completion"])
                  and not math.isnan(r["time_progress"])]
    return (1 + table_slides(len(sec.rows)) + bool(sec.paragraph)
            + math.ceil(len(featured) / 4) + bool(cumulative) + bool(sec.heatmap))


def test_one_area_slide_count_with_and_without_images(table):
    plain = section(table, 1)
    rich = section(table, 1, images=True, paragraph="1-5月，全市经济运行总体平稳。", heatmap=True)
    bare, full = open_deck(deck.area_deck(info(), [plain])), open_deck(deck.area_deck(info(), [rich]))
    assert len(bare.slides) == expected_count(plain)
    assert len(full.slides) == expected_count(rich) == len(bare.slides) + 2
    pictures = [s for slide in full.slides for s in slide.shapes if s.shape_type == 13]
    assert len(pictures) == len(rich.images) + 1 > 1
    assert not [s for slide in bare.slides for s in slide.shapes if s.shape_type == 13]


def test_deck_is_16_to_9_with_titles_in_order(table):
    sec = section(table, 1, paragraph="1-5月，全市经济运行总体平稳。")
    prs = open_deck(deck.area_deck(info(), [sec]))
    assert (prs.slide_width, prs.slide_height) == (Inches(13.333), Inches(7.5))
    titles = [title_of(s) for s in prs.slides]
    assert titles[0] == "“开局八好”指标运行情况 · 稳增长挑大梁"
    assert titles[1] == "一、稳增长挑大梁：担当好稳增长挑大梁的责任"
    assert titles[2] == "一、稳增长挑大梁：指标明细（续1）"
    assert titles[3] == "稳增长挑大梁：运行分析"
    assert titles[4].startswith("稳增长挑大梁：重点与滞后预警指标（1/")
    assert titles[-1] == "稳增长挑大梁：累计指标完成率与序时进度（%）"
    assert "2026年1-5月" in slide_text(prs.slides[0]) and "2026年11月29日" in slide_text(prs.slides[0])


@pytest.mark.parametrize("is_demo,source,absent", [
    (True, "数据来源：示例数据（系统生成，非真实统计数据）", "市统计局"),
    (False, "数据来源：市统计局及各牵头单位报送", "示例"),
])
def test_title_slide_names_the_real_source_only_without_demo_values(table, is_demo, source, absent):
    title = open_deck(deck.area_deck(info(is_demo), [section(table, 1)])).slides[0]
    shown = next(s.text_frame.text for s in title.shapes if s.name == "Source")
    assert shown.splitlines() == ["制作日期：2026年11月29日", source]
    assert absent not in slide_text(title)


def word_of(row) -> str:
    """The status word, spelled out independently of progress.status_label."""
    return {"green": "正常", "yellow": "预警", "red": "滞后"}.get(row["status"]) or row["reason"]


def test_status_boxes_count_the_area_by_status_word(table):
    sec = with_grey_rows(section(table, 8))
    slide = open_deck(deck.area_deck(info(), [sec])).slides[1]
    boxes = {s.name: s.text_frame.text.split() for s in slide.shapes if s.name.startswith("Count ")}
    words = ALWAYS + [w for w in RARE if any(word_of(r) == w for r in sec.rows)]
    assert list(boxes) == [f"Count {w}" for w in words]
    for word in words:
        assert boxes[f"Count {word}"] == [word, str(sum(word_of(r) == word for r in sec.rows)), "项"]
    assert boxes["Count 未报送"][1] != "0" and boxes["Count 未到报送期"][1] != "0"


def test_comparison_chart_is_native_and_carries_the_rows_values(table):
    sec = section(table, 8)
    prs = open_deck(deck.area_deck(info(), [sec]))
    slide = next(s for s in prs.slides if "完成率与序时进度" in title_of(s))
    (chart,) = charts(slide)
    rows = [r for r in sec.rows if r["kind"] == "cumulative" and not math.isnan(r["completion"])]
    completion, progress = chart.plots[0].series
    assert (completion.name, progress.name) == ("完成率", "序时进度")
    assert list(completion.values) == pytest.approx([r["completion"] * 100 for r in rows])
    assert list(progress.values) == pytest.approx([r["time_progress"] * 100 for r in rows])
    assert len(chart.plots[0].categories) == len(rows) > 10


def test_cards_without_images_get_native_bar_charts(table):
    sec = section(table, 1)
    prs = open_deck(deck.area_deck(info(), [sec]))
    card_charts = [c for s in prs.slides if "重点与滞后" in title_of(s) for c in charts(s)]
    featured = deck.featured_rows(sec)
    numeric = [r for r in featured if r["kind"] in ("growth_rate", "cumulative", "point", "ceiling")
               and not math.isnan(r["actual"])]
    assert len(card_charts) == len(numeric) > 0
    village = card_charts[[r["code"] for r in numeric].index("A1-10")]  # 村庄规划入库数, a cumulative count
    row = next(r for r in numeric if r["code"] == "A1-10")
    assert list(village.plots[0].categories) == ["实际（示例）", "序时目标", "年度目标"]
    assert list(village.plots[0].series[0].values) == pytest.approx(
        [row["actual"], round(row["target"] * row["time_progress"], 2), row["target"]])


def test_table_cells_match_codes_and_names_across_continuation_slides(table):
    sec = section(table, 8)
    prs = open_deck(deck.area_deck(info(), [sec]))
    found = tables(prs)
    assert len(found) == table_slides(len(sec.rows)) == 5  # 61 rows: 10, 12, 12, 12, and 15 set smaller
    assert all(len(t.rows) <= deck.TABLE_ROWS + deck.EXTRA_ROWS + 1 for t in found)
    header = [c.text for c in found[0].rows[0].cells]
    assert header == ["编码", "指标", "单位", "年度目标", "实际", "完成率", "序时进度", "状态", "牵头单位"]
    body = [row for t in found for row in list(t.rows)[1:]]
    assert [row.cells[0].text for row in body] == [r["code"] for r in sec.rows]
    for row, source in zip(body, sec.rows):
        name = row.cells[1].text
        assert name == source["name"] or (name.endswith("…") and source["name"].startswith(name[:-1]))
        lead, full = row.cells[8].text, catalog.lead_label(source)
        assert lead == full or (lead.endswith("…") and full.startswith(lead[:-1]))
    sizes = {run.font.size.pt for t in found for row in t.rows for c in row.cells
             for p in c.text_frame.paragraphs for run in p.runs}
    assert min(sizes) >= 10


def test_text_is_present_and_clean_everywhere(table):
    sections = [section(table, a, paragraph="1-5月运行平稳。") for a in range(1, 9)]
    prs = open_deck(deck.all_areas_deck(info(), sections))
    for slide in prs.slides:
        assert title_of(slide).strip()
        for shape, tf in frames(slide):
            text = tf.text
            assert "\ufffd" not in text and "nan" not in text.lower() and "None" not in text
            if shape.has_table or shape.name in ("Footer", "PageNumber", "DemoMark") or shape.name.startswith(
                    ("Status ", "Count ")):
                assert text.strip(), (title_of(slide), shape.name)


def test_every_run_names_the_cjk_font_for_east_asian_text(table):
    prs = open_deck(deck.area_deck(info(), [section(table, 2)]))
    for slide in prs.slides:
        for _, tf in frames(slide):
            for run in (r for p in tf.paragraphs for r in p.runs):
                rpr = run._r.find(qn("a:rPr"))
                assert rpr.find(qn("a:latin")).get("typeface") == "Microsoft YaHei"
                assert rpr.find(qn("a:ea")).get("typeface") == "Microsoft YaHei"


@pytest.mark.parametrize("is_demo", [True, False])
def test_demo_mark_iff_demo(table, is_demo):
    prs = open_deck(deck.area_deck(info(is_demo), [section(table, 1)]))
    marked = ["示例数据" in slide_text(s) for s in prs.slides]
    assert marked == [is_demo] * len(prs.slides)


def test_page_numbers_and_footer_on_every_slide_but_the_title(table):
    prs = open_deck(deck.area_deck(info(), [section(table, 3)]))
    first = {s.name for s in prs.slides[0].shapes}
    assert "PageNumber" not in first and "Footer" not in first
    for number, slide in enumerate(prs.slides, start=1):
        if number == 1:
            continue
        shapes = {s.name: s.text_frame.text for s in slide.shapes if s.has_text_frame}
        assert shapes["PageNumber"] == str(number)
        assert shapes["Footer"] == FOOTER


def test_all_areas_deck_has_an_overview_table_of_counts(table):
    sections = [section(table, a) for a in range(1, 9)]
    prs = open_deck(deck.all_areas_deck(info(), sections))
    assert len(prs.slides) == 3 + sum(expected_count(s) for s in sections)  # title, 目录, overview; a divider each
    assert title_of(prs.slides[2]) == "八个领域指标总体情况"
    overview = next(s.table for s in prs.slides[2].shapes if s.has_table)
    rows = list(overview.rows)[1:]
    assert [r.cells[1].text for r in rows[:8]] == [s.area_name for s in sections]
    words = ALWAYS + [w for w in RARE if any(word_of(x) == w for sec in sections for x in sec.rows)]
    assert [c.text for c in overview.rows[0].cells][4:] == words
    for r, sec in zip(rows, sections):
        assert [c.text for c in r.cells][3:] == [str(len(sec.rows))] + [
            str(sum(word_of(x) == w for x in sec.rows)) for w in words]
    assert rows[8].cells[0].text == "合计" and rows[8].cells[3].text == str(len(table[0]))


def as_real(rows):
    return [r | {"is_demo": False} for r in rows]


def with_grey_rows(sec):
    """The section with its first two rows turned grey: one 未报送, one 未到报送期."""
    sec.rows[0] = sec.rows[0] | {"status": "grey", "reason": "未报送", "actual": math.nan, "actual_text": None}
    sec.rows[1] = sec.rows[1] | {"status": "grey", "reason": "未到报送期", "actual": math.nan, "actual_text": None}
    return sec


@pytest.mark.parametrize("is_demo", [True, False])
def test_table_values_carry_the_demo_mark_iff_demo(table, is_demo):
    sec = section(table, 2)
    sec.rows = sec.rows if is_demo else as_real(sec.rows)
    body = [row for t in tables(open_deck(deck.area_deck(info(is_demo), [sec]))) for row in list(t.rows)[1:]]
    shown = {row.cells[0].text: row.cells[4].text for row in body}
    with_value = [r["code"] for r in sec.rows if not math.isnan(r["actual"]) or isinstance(r["actual_text"], str)]
    assert with_value and all(shown[c].endswith("（示例）") == is_demo for c in with_value)
    assert not any(shown[r["code"]].endswith("（示例）") for r in sec.rows if r["code"] not in with_value)


@pytest.mark.parametrize("is_demo", [True, False])
def test_card_facts_and_briefing_values_carry_the_demo_mark_iff_demo(table, is_demo):
    sec = section(table, 1)
    sec.rows = sec.rows if is_demo else as_real(sec.rows)
    prs = open_deck(deck.area_deck(info(is_demo), [sec]))
    facts = [line for s in prs.slides if "重点与滞后" in title_of(s) for _, tf in frames(s)
             for line in tf.text.splitlines() if line.startswith("实际：")]
    assert facts and all(line.endswith("（示例）") == is_demo for line in facts)
    items = [briefing.BriefingItem(r, r["area_name"]) for r in sec.rows]
    brief = [row.cells[2].text for t in tables(open_deck(briefing.briefing_deck(info(is_demo), items)))
             for row in list(t.rows)[1:] if len(t.columns) == len(briefing.BRIEF_COLUMNS)]
    assert brief and all(value.endswith("（示例）") == is_demo for value in brief)


def test_status_words_tell_not_yet_due_from_missing(table):
    sec = with_grey_rows(section(table, 1))
    prs = open_deck(deck.area_deck(info(), [sec]))
    body = {row.cells[0].text: row for t in tables(prs) for row in list(t.rows)[1:]}
    missing, not_due = sec.rows[0]["code"], sec.rows[1]["code"]
    assert (body[missing].cells[7].text, body[not_due].cells[7].text) == ("○ 未报送", "○ 未到报送期")
    assert (body[missing].cells[4].text, body[not_due].cells[4].text) == ("—", "—")


def briefing_items(table):
    rows = table[0].to_dict("records")
    return [briefing.BriefingItem(r, r["area_name"], "新转滞后" if r["status"] == RED and i % 2 else "")
            for i, r in enumerate(rows)]


def group_slides(prs):
    """(group name, table) for every group slide of a briefing: after the title and summary slides."""
    out = []
    for slide in prs.slides:
        title = title_of(slide)
        if "：滞后" in title:
            out.append((title.split("：")[0], next(s.table for s in slide.shapes if s.has_table)))
    return out


def test_briefing_by_department_has_one_group_per_department(table):
    items = briefing_items(table)
    prs = open_deck(briefing.briefing_deck(info(), items, group_by="department"))
    lagging = [i.row for i in items if i.row["status"] in (RED, YELLOW)]
    groups = group_slides(prs)
    assert {name for name, _ in groups} == {r["lead_department"] for r in lagging}
    names = [name for name, _ in groups]
    assert len(names) == sum(table_slides(n, 10, 10) for n in Counter(r["lead_department"] for r in lagging).values())
    assert names == sorted(names, key=names.index)  # a group's slides are consecutive
    assert title_of(prs.slides[1]) == "滞后与预警指标概况（按牵头单位）"
    listed = []
    for name, tbl in groups:
        header = [c.text for c in tbl.rows[0].cells]
        assert header == ["编码", "指标", "实际", "年度目标", "状态", "较上月", "情况说明"]
        statuses = [r.cells[4].text for r in list(tbl.rows)[1:]]
        assert statuses == sorted(statuses, key=["■ 滞后", "▲ 预警"].index)  # red before yellow
        listed += [r.cells[0].text for r in list(tbl.rows)[1:]]
        assert all(deck.text(x["lead_department"]) == name for x in lagging if x["code"] in listed[-len(statuses):])
    assert sorted(listed) == sorted(r["code"] for r in lagging)
    assert any(r.cells[5].text == "新转滞后" for _, t in groups for r in list(t.rows)[1:])


def test_briefing_by_area_follows_plan_order_and_counts(table):
    items = briefing_items(table)
    prs = open_deck(briefing.briefing_deck(info(False), items, group_by="area"))
    names = list(dict.fromkeys(name for name, _ in group_slides(prs)))
    lagging = table[0][table[0]["status"].isin([RED, YELLOW])]
    assert names == list(dict.fromkeys(lagging.sort_values("area")["area_name"]))
    summary = next(s.table for s in prs.slides[1].shapes if s.has_table)
    totals = {r.cells[0].text: int(r.cells[3].text) for r in list(summary.rows)[1:]}
    assert totals == lagging.groupby("area_name").size().to_dict()
    boxes = {s.name: s.text_frame.text for s in prs.slides[1].shapes if s.name.startswith("Count ")}
    assert str(int((lagging["status"] == RED).sum())) in boxes["Count 滞后"]


def test_long_analysis_splits_over_slides(table):
    paragraph = "全市经济运行总体平稳，主要指标好于序时进度，但部分累计指标仍然滞后，需要加快推进。" * 40
    prs = open_deck(deck.area_deck(info(), [section(table, 4, paragraph=paragraph)]))
    pages = [s for s in prs.slides if "运行分析" in title_of(s)]
    assert len(pages) >= 2 and title_of(pages[1]) == "抓改革促开放：运行分析（续1）"
    shown = "".join(shape.text_frame.text for s in pages for shape in s.shapes if shape.name == "Analysis")
    assert shown.replace("\u3000", "") == paragraph


@pytest.mark.parametrize("sentences", [24, 25, 41, 45, 61])
def test_analysis_continuations_are_not_stubs(table, sentences):
    paragraph = "全市经济运行总体平稳，主要指标好于序时进度，但部分累计指标仍然滞后，需要加快推进。" * sentences
    prs = open_deck(deck.area_deck(info(), [section(table, 4, paragraph=paragraph)]))
    shown = [shape.text_frame.text for s in prs.slides if "运行分析" in title_of(s) for shape in s.shapes
             if shape.name == "Analysis"]
    lines = [dp.line_count(text, dp.CONTENT_W, 16) for text in shown]
    assert len(lines) >= 2 and min(lines) > max(lines) / 3, lines


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) not installed")
def test_libreoffice_converts_an_area_deck_to_pdf(table, tmp_path):
    source = tmp_path / "area1.pptx"
    sec = section(table, 1, images=True, paragraph="1-5月运行平稳。", heatmap=True)
    source.write_bytes(deck.area_deck(info(), [sec]))
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path}/profile", "--headless",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)],
                   check=True, capture_output=True, timeout=180)
    pdf = tmp_path / "area1.pdf"
    assert pdf.read_bytes().startswith(b"%PDF")
    if shutil.which("pdfinfo"):
        info_text = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
        assert f"Pages:           {expected_count(sec)}" in info_text


def table_shapes(prs):
    return [next(s for s in slide.shapes if s.has_table) for slide in prs.slides]


def bottom_of(shape) -> float:
    return Emu(shape.top + sum(row.height for row in shape.table.rows)).inches


@pytest.mark.parametrize("count", [11, 13, 14, 21, 23, 25, 26, 34, 37, 46, 61, 62])
def test_no_continuation_slide_is_a_stub_and_every_table_fits(table, count):
    sec = deck.AreaSection(8, "惠民生增福祉", "实现好惠民生增福祉的期盼", table[0].to_dict("records")[:count])
    prs = dp.new_presentation()
    deck.summary_slides(prs, info(), sec)
    shapes = table_shapes(prs)
    rows = [len(s.table.rows) - 1 for s in shapes]
    assert sum(rows) == count and len(rows) == table_slides(count)
    assert all("续" in title_of(s) for s in list(prs.slides)[1:])
    assert all(n > deck.TABLE_ROWS / 3 for n in rows[1:]), rows
    assert all(bottom_of(s) <= dp.CONTENT_BOTTOM + 0.01 for s in shapes)
    sizes = {run.font.size.pt for s in shapes for row in s.table.rows for c in row.cells
             for p in c.text_frame.paragraphs for run in p.runs}
    assert min(sizes) >= 10


@pytest.mark.parametrize("count", [11, 13, 14, 17, 24, 31])
def test_no_briefing_continuation_is_a_stub(table, count):
    rows = [r | {"status": RED, "lead_department": "市发改局"} for r in table[0].to_dict("records")[:count]]
    prs = open_deck(briefing.briefing_deck(info(), [briefing.BriefingItem(r, "稳增长挑大梁") for r in rows], "department"))
    group = [(title_of(s), next(x for x in s.shapes if x.has_table)) for s in prs.slides if "：滞后" in title_of(s)]
    rows_shown = [len(shape.table.rows) - 1 for _, shape in group]
    assert sum(rows_shown) == count and len(group) == table_slides(count, 10, 10)
    assert all(n > briefing.BRIEF_ROWS / 3 for n in rows_shown[1:]), rows_shown
    assert all(bottom_of(shape) <= dp.CONTENT_BOTTOM + 0.01 for _, shape in group)


def test_all_areas_deck_has_contents_and_a_divider_before_each_area(table):
    sections = [section(table, a) for a in range(1, 9)]
    prs = open_deck(deck.all_areas_deck(info(), sections))
    slides, titles = list(prs.slides), [title_of(s) for s in prs.slides]
    assert titles[1] == "目录"
    contents = next(s.table for s in slides[1].shapes if s.has_table)
    assert [c.text for c in contents.rows[0].cells] == ["序号", "领域", "主题", "正常", "预警", "滞后", "页码"]
    body = list(contents.rows)[1:]
    assert [r.cells[1].text for r in body] == [s.area_name for s in sections]
    dividers = [n for n, s in enumerate(slides, start=1) if any(x.name == "SideBand" for x in s.shapes)]
    assert [int(r.cells[6].text) for r in body] == dividers
    for row, sec, page, number in zip(body, sections, dividers, "一二三四五六七八"):
        counts = [str(sum(word_of(x) == w for x in sec.rows)) for w in ("正常", "预警", "滞后")]
        assert [c.text for c in row.cells][3:6] == counts
        divider = slides[page - 1]
        assert titles[page - 1] == f"{number}、{sec.area_name}" and sec.title in slide_text(divider)
        shown = next(s.text_frame.text for s in divider.shapes if s.name == "Counts")
        assert shown.startswith(f"指标{len(sec.rows)}项") and all(f"{w} {n}项" in shown for w, n in
                                                                zip(("正常", "预警", "滞后"), counts))
        assert next(s.text_frame.text for s in divider.shapes if s.name == "PageNumber") == str(page)
        assert titles[page] == f"{number}、{sec.area_name}：{sec.title}"  # the area follows its divider
    assert dividers[0] == 4 and all(sec.area_name in titles[b - 2] for sec, b in zip(sections, dividers[1:]))


def test_card_gauges_read_at_slide_size_and_do_not_repeat_the_card_title(table):
    from charts import card_gauge, figures
    size = card_gauge.image_size(*deck.CARD_VISUAL)
    assert size["width"] / size["height"] == pytest.approx(deck.CARD_VISUAL[0] / deck.CARD_VISUAL[1], rel=0.01)
    pt_per_px = 72 * deck.CARD_VISUAL[0] / size["width"]  # the picture is placed CARD_VISUAL[0] inches wide
    rows = [r for r in table[0].to_dict("records") if r["headline"] and r["kind"] in NUMERIC_KINDS
            and not math.isnan(r["target"])]
    assert rows
    for row in rows:
        fig, page = card_gauge.card_gauge(row), figures.gauge(row)
        assert row["name"] in page.layout.title.text and row["name"] not in fig.layout.title.text
        assert fig.layout.title.text.startswith("黑线为") and "<br>" not in fig.layout.title.text
        assert fig.layout.title.font.size * pt_per_px >= 12
        assert fig.data[0].number.font.size * pt_per_px >= 20
        assert fig.data[0].gauge.axis.tickfont.size * pt_per_px >= 10
    cumulative = next(r for r in rows if r["kind"] == "cumulative" and not math.isnan(r["time_progress"]))
    assert card_gauge.card_gauge(cumulative).layout.title.text == "黑线为序时进度目标"
