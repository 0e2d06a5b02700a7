"""Exports from the store: decks, briefing, Excel and single charts, from Python and the CLI."""
import io
import re
from pathlib import Path

import openpyxl
import pytest
from pptx import Presentation
from pptx.util import Emu

from conftest import YEAR, make_store, observations
from commands import cli
from indicators import catalog, numbers, report, store
from outputs import reports

DEMO_SOURCE = "数据来源：示例数据（系统生成，非真实统计数据）"
REAL_SOURCE = "数据来源：市统计局及各牵头单位报送"


@pytest.fixture(scope="module")
def cur():
    return make_store(with_demo=True)


def texts(prs):
    return ["\n".join(shape.text_frame.text for shape in slide.shapes if shape.has_text_frame) for slide in prs.slides]


def table_cells(prs):
    return [cell.text for slide in prs.slides for shape in slide.shapes if shape.has_table
            for row in shape.table.rows for cell in row.cells]


def test_area_deck_from_the_store(cur):
    content, missing = reports.area_deck(cur, YEAR, 5, 1)
    prs = Presentation(io.BytesIO(content))
    assert missing is None
    assert (Emu(prs.slide_width).inches, Emu(prs.slide_height).inches) == pytest.approx((13.333, 7.5), abs=0.01)
    all_text = "\n".join(texts(prs))
    assert "稳增长挑大梁" in all_text and "2026年1-5月" in all_text and "示例数据" in all_text
    assert DEMO_SOURCE in texts(prs)[0] and "市统计局" not in texts(prs)[0]
    assert "\ufffd" not in all_text
    rows = report.status_table(cur, YEAR, 5)
    area_codes = rows.loc[rows["area"] == 1, "code"]
    assert set(area_codes) <= set(table_cells(prs))
    pictures = [s for slide in prs.slides for s in slide.shapes if s.shape_type == 13]
    assert len(pictures) >= rows[(rows["area"] == 1) & rows["headline"]].shape[0] - 2


def test_card_gauge_pictures_fill_their_place_on_the_card(cur):
    from charts import deck
    content, missing = reports.area_deck(cur, YEAR, 5, 1)
    pictures = [s for slide in Presentation(io.BytesIO(content)).slides for s in slide.shapes if s.shape_type == 13]
    assert missing is None and pictures
    for picture in pictures:  # so the type sizes card_gauge chose are the sizes on the slide
        assert (Emu(picture.width).inches, Emu(picture.height).inches) == pytest.approx(deck.CARD_VISUAL, abs=0.02)


def test_all_areas_deck_covers_every_area(cur):
    content, _ = reports.area_deck(cur, YEAR, 5, None)
    all_text = "\n".join(texts(Presentation(io.BytesIO(content))))
    assert all(name in all_text for name in store.areas(cur)["name"])


@pytest.mark.parametrize("group_by", ["area", "department"])
def test_briefing_lists_every_red_and_yellow_indicator(cur, group_by):
    prs = Presentation(io.BytesIO(reports.briefing(cur, YEAR, 5, group_by=group_by)))
    rows = report.status_table(cur, YEAR, 5)
    behind = rows[rows["status"].isin(["red", "yellow"])]
    assert set(behind["code"]) <= set(table_cells(prs))
    assert not set(rows.loc[rows["status"] == "green", "code"]) & set(table_cells(prs))


def test_excel_has_units_in_headers_and_one_row_per_indicator(cur):
    book = openpyxl.load_workbook(io.BytesIO(reports.excel(cur, YEAR, 5, area_id=2)))
    sheet = book.worksheets[0]
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    header_index = next(i for i, row in enumerate(values) if row and row[0] == "编码")
    assert "完成率（%）" in values[header_index] and "示例数据" in str(values[0][0])
    codes = [row[0] for row in values[header_index + 1:] if row[0]]
    assert codes == report.status_table(cur, YEAR, 5).query("area == 2")["code"].tolist()


@pytest.mark.parametrize("suffix,magic", [(".pptx", b"PK"), (".xlsx", b"PK"), (".png", b"\x89PNG"), (".svg", b"<")])
def test_cli_export(tmp_path, capsys, suffix, magic):
    db = tmp_path / "e.duckdb"
    cli.main(["--db", str(db), "init", "--demo"])
    capsys.readouterr()
    out = tmp_path / f"deck{suffix}"
    code = cli.main(["--db", str(db), "export", "--period", "2026-05", "--area", "3", "--out", str(out)])
    assert code == 0 and out.read_bytes().lstrip()[:len(magic)] == magic
    assert capsys.readouterr().out.strip().startswith(f"已导出 {out}")


def test_cli_export_lagging_and_bad_suffix(tmp_path, capsys):
    db = tmp_path / "e.duckdb"
    cli.main(["--db", str(db), "init", "--demo"])
    out = tmp_path / "滞后.pptx"
    assert cli.main(["--db", str(db), "export", "--period", "2026-05", "--lagging", "--by", "department",
                     "--out", str(out)]) == 0
    assert re.search("滞后", "\n".join(texts(Presentation(out))))
    capsys.readouterr()
    assert cli.main(["--db", str(db), "export", "--period", "2026-05", "--out", str(tmp_path / "x.pdf")]) == 2
    assert "不支持的导出格式 .pdf" in capsys.readouterr().err


def test_an_area_briefing_holds_that_area_only(cur):
    prs = Presentation(io.BytesIO(reports.briefing(cur, YEAR, 5, "department", area_id=8)))
    rows = report.status_table(cur, YEAR, 5)
    behind = rows[rows["status"].isin(["red", "yellow"])]
    listed = {c for c in table_cells(prs) if re.fullmatch(r"A\d-\d\d", c)}
    assert listed == set(behind.loc[behind["area"] == 8, "code"]) and listed
    assert prs.slides[0].shapes.title.text_frame.text == "滞后指标通报 · 惠民生增福祉"
    assert any(f"1-5月，惠民生增福祉领域{(rows['area'] == 8).sum()}项指标中" in t for t in texts(prs))


def test_briefing_carries_the_written_analysis(cur):
    prs = Presentation(io.BytesIO(reports.briefing(cur, YEAR, 5)))
    analysis = [t for t in texts(prs) if "运行分析" in t]
    assert analysis and f"1-5月，全市“开局八好”{len(catalog.read_catalog())}项指标中" in analysis[0]


def test_without_chromium_decks_fall_back_to_native_charts(cur, monkeypatch):
    from charts import images

    def no_browser(*args, **kwargs):  # what to_images does where Chromium is missing (see test_export)
        raise images.ExportUnavailable(images.NO_BROWSER)

    monkeypatch.setattr(images, "to_images", no_browser)
    content, missing = reports.area_deck(cur, YEAR, 5, 2)
    prs = Presentation(io.BytesIO(content))
    assert missing and "未找到 Chromium" in missing
    assert not [s for slide in prs.slides for s in slide.shapes if s.shape_type == 13]
    assert [s for slide in prs.slides for s in slide.shapes if s.has_chart]


def test_exports_work_on_uploaded_data(tmp_path):
    from indicators import upload

    cur = make_store()
    path = Path(__file__).resolve().parent / "data" / "upload" / "bureau-1-5.xlsx"
    upload.land(cur, upload.prepare(cur, path.read_bytes(), path.name), "统计局", confirmed=True)
    prs = Presentation(io.BytesIO(reports.area_deck(cur, YEAR, 5, 2)[0]))
    all_text = "\n".join(texts(prs))
    assert "示例数据" not in all_text and "社会消费品零售总额" in all_text
    assert REAL_SOURCE in texts(prs)[0] and "（示例）" not in all_text + "".join(table_cells(prs))


@pytest.fixture(scope="module")
def mixed():
    """A demo store in which one indicator's May figure is real: the page rule must mark value by value."""
    cur = make_store(with_demo=True)
    table = report.status_table(cur, YEAR, 5)
    code = table.query("area == 2 and frequency == 'monthly' and actual.notna()")["code"].iloc[0]
    store.add_observations(cur, store.add_upload(cur, "统计局.xlsx", "统计局"), observations((code, YEAR, 5, 123.0)))
    return cur, code


def sheet_rows(data: bytes) -> list[dict]:
    values = [[c.value for c in row] for row in openpyxl.load_workbook(io.BytesIO(data)).worksheets[0].iter_rows()]
    header = next(i for i, row in enumerate(values) if row and row[0] == "编码")
    return [dict(zip(values[header], row)) for row in values[header + 1:] if row[0]]


def test_excel_says_value_by_value_which_is_demo_and_which_is_reported(mixed):
    cur, code = mixed
    rows = {r["编码"]: r for r in sheet_rows(reports.excel(cur, YEAR, 5, area_id=2))}
    assert rows[code]["数据性质"] == "上报数据" and rows[code]["实际值（单位见“单位”列）"] == 123.0
    others = [r for c, r in rows.items() if c != code]
    shown = [r for r in others if r["实际值（单位见“单位”列）"] is not None or r["状态/文字"]]
    assert shown and all(r["数据性质"] == "示例数据" for r in shown)
    assert all(not r["数据性质"] for r in others if r not in shown)


def test_excel_status_words_tell_not_yet_due_from_missing(mixed):
    cur, _ = mixed
    words, seen = {"green": "● 正常", "yellow": "▲ 预警", "red": "■ 滞后"}, set()
    for month in (1, 5):
        table = report.status_table(cur, YEAR, month)
        expected = {r.code: words.get(r.status) or f"○ {r.reason}" for r in table.itertuples()}
        found = {r["编码"]: r["状态"] for r in sheet_rows(reports.excel(cur, YEAR, month))}
        assert found == expected
        seen |= set(found.values())
    assert {"○ 未报送", "○ 未到报送期"} <= seen


def test_deck_marks_only_the_demo_values(mixed):
    cur, code = mixed
    prs = Presentation(io.BytesIO(reports.area_deck(cur, YEAR, 5, 2)[0]))
    body = {row.cells[0].text: row.cells[4].text for slide in prs.slides for shape in slide.shapes
            if shape.has_table and shape.table.rows[0].cells[4].text == "实际" for row in shape.table.rows}
    unit = report.status_table(cur, YEAR, 5).set_index("code").loc[code, "unit"]
    assert body[code] == numbers.number(123.0, unit)  # 123.0 for a rate, 123 for a count
    demo = report.status_table(cur, YEAR, 5).query("area == 2 and is_demo")["code"]
    assert len(demo) and all(body[c].endswith("（示例）") for c in demo)


@pytest.fixture
def drawn(rendered):
    """conftest's `rendered`, with no finished deck kept either."""
    reports._decks.clear()
    yield rendered
    reports._decks.clear()


def slide_parts(content: bytes) -> dict:
    """The deck's slides and pictures (embedded workbooks carry the time they were written)."""
    import zipfile

    with zipfile.ZipFile(io.BytesIO(content)) as deck:
        return {n: deck.read(n) for n in deck.namelist() if n.startswith(("ppt/slides/", "ppt/media/"))}


def test_a_second_deck_reuses_the_images_and_a_third_is_the_kept_file(cur, drawn):
    first, _ = reports.area_deck(cur, YEAR, 6, 3)
    pictures = len([n for n in slide_parts(first) if n.startswith("ppt/media/")])
    assert 0 < sum(drawn) <= pictures  # the area's gauges, each once
    reports._decks.clear()  # as when the finished deck has been dropped: made again from kept images
    rendered = sum(drawn)
    second, _ = reports.area_deck(cur, YEAR, 6, 3)
    assert sum(drawn) == rendered and slide_parts(second) == slide_parts(first)
    assert reports.area_deck(cur, YEAR, 6, 3)[0] is second  # nothing changed: the same file


def test_a_changed_value_makes_the_deck_again_and_draws_only_its_gauge(drawn):
    changing = make_store(with_demo=True)
    rows = report.status_table(changing, YEAR, 6)
    code = rows[(rows["area"] == 3) & rows["headline"] & rows["actual"].notna()
                & rows["kind"].isin(["cumulative", "rate"])]["code"].iloc[0]
    before, _ = reports.area_deck(changing, YEAR, 6, 3)
    rendered = sum(drawn)
    actual = float(rows.loc[rows["code"] == code, "actual"].iloc[0])
    store.add_observations(changing, store.add_upload(changing, "改.xlsx", "测试"),
                           observations((code, YEAR, 6, actual * 1.5)))
    after, _ = reports.area_deck(changing, YEAR, 6, 3)
    assert after != before and drawn[-1] == 1 and sum(drawn) == rendered + 1


def test_gauges_drawn_ahead_are_not_drawn_again_for_the_deck(cur, drawn):
    rows = report.status_table(cur, YEAR, 7)
    reports.draw_gauges(rows[rows["area"] == 4])
    rendered = sum(drawn)
    assert rendered > 0
    reports.area_deck(cur, YEAR, 7, 4)
    assert sum(drawn) == rendered


def test_the_deck_tells_its_progress_step_by_step(cur, drawn):
    said = []
    reports.area_deck(cur, YEAR, 8, None, progress=lambda share, sentence: said.append((share, sentence)))
    shares, sentences = [s for s, _ in said], [t for _, t in said]
    assert sentences[0] == "正在读取本期数据" and sentences[-1] == "已生成" and shares[-1] == 1.0
    assert shares == sorted(shares) and 0 <= shares[0]
    for k, name in enumerate(store.areas(cur)["name"], start=1):
        assert any(t.startswith(f"正在生成幻灯片：{name}（{k}/8），仪表盘图片 ") for t in sentences)
    images = [re.search(r"仪表盘图片 (\d+)/(\d+)", t) for t in sentences]
    counts = [(int(m[1]), int(m[2])) for m in images if m]
    assert counts == sorted(counts) and counts[-1][0] <= counts[-1][1]
    said.clear()
    reports.area_deck(cur, YEAR, 8, None, progress=lambda share, sentence: said.append((share, sentence)))
    assert [t for _, t in said] == ["正在读取本期数据", "已生成"]  # the kept deck
