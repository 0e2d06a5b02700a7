"""charts.images, charts.filenames and charts.excel: file names, toolbar config, safe Excel, batch image rendering and the no-Chromium path."""
import io
import threading
import time
import zipfile

import openpyxl
import pandas as pd
import pytest
from PIL import Image

from charts import excel, figures, filenames, images
from common.kinds import NUMERIC_KINDS
from conftest import YEAR, make_store
from indicators import report

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@pytest.mark.parametrize("parts, ext, expected", [
    (("2026年1-5月", "稳增长挑大梁", "地区生产总值增长率"), "png",
     "2026年1-5月_稳增长挑大梁_地区生产总值增长率.png"),
    (("A1-01 地区生产总值增速",), "svg", "A1-01-地区生产总值增速.svg"),
    (("人均GDP（万元/人）", "a\\b:c|d"), "png", "人均GDP（万元-人）_a-b-c-d.png"),
    (('问"题"*?<>', "  ", "末尾"), ".XLSX", "问题_末尾.xlsx"),
    (("tab\there\r\nnew\x00line",), "png", "tab-here-newline.png"),
    ((2026, "年报"), "pptx", "2026_年报.pptx"),
    (("", "***"), "png", "导出.png"),
    (("CON",), "png", "CON_.png"),
    (("lpt1.txt",), "png", "lpt1.txt_.png"),
])
def test_file_name(parts, ext, expected):
    assert filenames.file_name(*parts, ext=ext) == expected


def test_file_name_is_capped():
    name = filenames.file_name("指标" * 100, "说明", ext="png")
    assert name.endswith(".png") and len(name) == filenames.STEM_CHARS + len(".png")
    assert name.startswith("指标指标")


def test_toolbar_config():
    config = filenames.toolbar_config("2026年1-5月 稳增长挑大梁/地区生产总值")
    assert config["toImageButtonOptions"] == {
        "format": "png", "filename": "2026年1-5月-稳增长挑大梁-地区生产总值",
        "width": 1280, "height": 720, "scale": 2}
    assert config["displaylogo"] is False
    assert {"zoom2d", "pan2d", "select2d", "lasso2d"} <= set(config["modeBarButtonsToRemove"])
    assert "toImage" not in config["modeBarButtonsToRemove"]


# ---------------------------------------------------------------- Excel

DANGEROUS = ["=1+1", "+8613800000000", "-2", "@SUM(A1)", "  =HYPERLINK(\"x\")", "\t=1", "\r=1"]


def _book(data: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(data))


def test_excel_keeps_numbers_and_neutralises_formulas():
    frame = pd.DataFrame({"指标名称": ["地区生产总值"] * len(DANGEROUS) + ["收入"],
                          "实际值（亿元）": [-2.5, 0, 3, 4.25, None, 7, 8, 9],
                          "说明": DANGEROUS + ["正常文字"]})
    ws = _book(excel.to_excel({"稳增长挑大梁": frame}, title="汨罗市2026年1-5月"))["稳增长挑大梁"]
    assert ws["A1"].value == "汨罗市2026年1-5月" and ws["A1"].font.bold
    assert [c.value for c in ws[2]] == ["指标名称", "实际值（亿元）", "说明"]
    assert all(c.font.bold for c in ws[2])
    assert ws.freeze_panes == "A3"
    assert ws["B3"].value == -2.5 and ws["B3"].data_type == "n"
    assert ws["B4"].value == 0 and ws["B6"].value == 4.25 and ws["B7"].value is None
    for row, text in enumerate(DANGEROUS, start=3):
        cell = ws.cell(row=row, column=3)
        assert cell.data_type == "s", text
        assert cell.value == "'" + text
    assert ws["C10"].value == "正常文字"


def test_excel_formula_text_is_never_a_formula_in_the_file():
    data = excel.to_excel({"表": pd.DataFrame({"值": ["=1+1", "@SUM(A1)"]})})
    ws = _book(data)["表"]
    assert [ws["A2"].value, ws["A3"].value] == ["'=1+1", "'@SUM(A1)"]
    # openpyxl reads a stored formula back as data_type "f"; nothing of the kind may be stored
    assert all(c.data_type != "f" for row in ws.iter_rows() for c in row)
    assert b"<f>" not in _xml_of_first_sheet(data)


def _xml_of_first_sheet(data: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.read("xl/worksheets/sheet1.xml")


def test_excel_sheet_names_headers_and_widths():
    long_name = "一个非常非常长的工作表名称：超过三十一个字符的限制/还有非法字符[]?*"
    frame = pd.DataFrame({"指标": ["规模以上工业增加值增速"], "目标（%）": [6.5]})
    book = _book(excel.to_excel({long_name: frame, "History": frame, "history": frame, "": frame}))
    names = book.sheetnames
    assert len(names) == 4 and all(len(n) <= 31 for n in names)
    assert not any(ch in n for n in names for ch in "[]:*?/\\")
    assert len({n.lower() for n in names}) == 4 and "History" not in names
    ws = book[names[0]]
    assert ws.freeze_panes == "A2" and ws["A1"].value == "指标" and ws["B2"].value == 6.5
    assert ws.column_dimensions["A"].width >= 22  # 11 CJK characters are 22 wide


def test_excel_odd_values():
    frame = pd.DataFrame({"月份": pd.Series([1, 2], dtype="int64"), "值": [float("inf"), float("nan")],
                          "日期": pd.to_datetime(["2026-05-31", None]), "对象": [[1, 2], pd.NA]})
    ws = _book(excel.to_excel({"s": frame}))["s"]
    assert [ws["A2"].value, ws["A3"].value] == [1, 2]
    assert ws["B2"].value is None and ws["B3"].value is None
    assert ws["C2"].value.year == 2026 and ws["C3"].value is None
    assert ws["D2"].value == "[1, 2]" and ws["D3"].value is None


def test_excel_without_sheets_is_still_a_workbook():
    assert _book(excel.to_excel({})).sheetnames == ["Sheet"]


# ---------------------------------------------------------------- images


@pytest.fixture(scope="module")
def gauges():
    rows = report.status_table(make_store(with_demo=True), YEAR, 10).to_dict("records")
    drawable = [r for r in rows if r["kind"] in NUMERIC_KINDS and pd.notna(r["actual"])
                and pd.notna(r["target"])]
    return [figures.gauge(r) for r in drawable[:3]]


def test_chromium_is_found_here():
    assert images.chromium_problem() is None


def test_png_batch(gauges):
    rendered = images.to_images(gauges)
    assert len(rendered) == 3
    for data in rendered:
        assert data.startswith(PNG_SIGNATURE)
        with Image.open(io.BytesIO(data)) as image:
            assert image.size == (2560, 1440)
            colours = image.convert("RGB").getcolors(maxcolors=1 << 20)
            assert len(colours) > 20  # bands, bar, text: far from blank
    assert len(set(rendered)) == 3  # three different indicators, three different pictures


def test_single_svg_and_size_options(gauges):
    svg = images.to_image(gauges[0], "svg")
    assert b"<svg" in svg[:500]
    small = images.to_image(gauges[0], "png", width=640, height=360, scale=1)
    with Image.open(io.BytesIO(small)) as image:
        assert image.size == (640, 360)


def test_timeout_raises_and_next_batch_works(gauges):
    images.forget_images()  # kept images would need no browser and so no time
    with pytest.raises(images.ExportError, match="超时"):
        images.to_images(gauges * 4, timeout=0.01)
    assert images.to_image(gauges[1]).startswith(PNG_SIGNATURE)



def test_a_second_batch_reuses_the_images_and_a_changed_figure_is_rendered_again(gauges, rendered):
    first = images.to_images(gauges, "png", width=400, height=300, scale=1)
    assert images.to_images(gauges, "png", width=400, height=300, scale=1) == first
    assert rendered == [3]
    changed = figures.go.Figure(gauges[1]).update_layout(title="另一个标题")
    again = images.to_images([gauges[0], changed, gauges[0]], "png", width=400, height=300, scale=1)
    assert rendered == [3, 1] and again[0] == again[2] == first[0] and again[1] != first[1]
    images.to_images(gauges[:1], "png", width=401, height=300, scale=1)  # other options, another image
    assert rendered == [3, 1, 1]


def test_progress_counts_the_images_as_they_are_ready(gauges, rendered):
    images.to_image(gauges[0], "png", width=400, height=300, scale=1)
    said = []
    images.to_images(gauges * 4, "png", width=400, height=300, scale=1, progress=lambda *pair: said.append(pair))
    assert rendered == [1, 2]  # each distinct figure once; the kept one not again
    assert said and said[-1] == (3, 3) and said == sorted(said) and said[0][0] >= 1


def test_figures_another_call_is_rendering_are_waited_for_not_rendered_twice(gauges, rendered, monkeypatch):
    render = images._Renderer.render

    def slow(self, figures, *args, **kwargs):
        time.sleep(0.5)  # so the second call comes while the first is rendering
        return render(self, figures, *args, **kwargs)
    monkeypatch.setattr(images._Renderer, "render", slow)
    results = {}

    def ask(name, figures):
        results[name] = images.to_images(figures, "png", width=400, height=300, scale=1)
    first = threading.Thread(target=ask, args=("first", gauges))
    first.start()
    time.sleep(0.2)
    ask("second", gauges[1:])
    first.join()
    assert rendered == [3] and results["second"] == results["first"][1:]


def test_pages_not_reloaded_between_figures_give_the_same_bytes(gauges, monkeypatch, rendered):
    kept = images.to_images(gauges, "png", width=400, height=300, scale=1)
    images.forget_images()
    monkeypatch.setattr(images, "RELOAD_EVERY", 1)  # kaleido's own way: a fresh page for each figure
    assert images.to_images(gauges, "png", width=400, height=300, scale=1) == kept


def test_kept_images_stay_within_their_bound():
    cache = images.KeptBytes(250)
    for name in "abcd":
        cache.put(name, name.encode() * 100)
    assert cache.size == 200 and cache.get("a") is None and cache.get("b") is None
    assert cache.get("d") == b"d" * 100


def test_bad_format_and_empty_batch():
    with pytest.raises(ValueError):
        images.to_images([figures.go.Figure()], "bmp")
    assert images.to_images([]) == []


# ---------------------------------------------------------------- without Chromium


@pytest.fixture
def fresh_probe():
    images.chromium_problem.cache_clear()
    yield
    images.chromium_problem.cache_clear()


def test_missing_chromium(monkeypatch, fresh_probe, gauges):
    monkeypatch.setattr(images, "find_browser", lambda: None)
    monkeypatch.setattr(images, "_renderer", None)  # a fresh process: no browser running yet
    images.forget_images()  # ... and no image kept
    started = time.monotonic()
    problem = images.chromium_problem()
    assert problem == ("未找到 Chromium 浏览器（Debian 软件包 chromium），无法导出图片；"
                       "PPTX 仍可导出（原生图表），Excel 不受影响。")
    with pytest.raises(images.ExportUnavailable) as caught:
        images.to_images(gauges)
    assert caught.value.format_message() == problem
    assert isinstance(caught.value, images.ExportError)
    assert time.monotonic() - started < 2


def test_chromium_that_does_not_start(monkeypatch, fresh_probe):
    monkeypatch.setattr(images, "find_browser", lambda: "/bin/false")
    assert images.chromium_problem() == ("Chromium 浏览器（/bin/false）无法启动，无法导出图片；"
                                         "PPTX 仍可导出（原生图表），Excel 不受影响。")


def test_hanging_discovery_is_bounded(monkeypatch, fresh_probe):
    release = threading.Event()
    monkeypatch.setattr(images, "find_browser", lambda: release.wait(30) and None)
    monkeypatch.setattr(images, "PROBE_TIMEOUT", 0.2)
    started = time.monotonic()
    try:
        assert images.chromium_problem() == images.NO_BROWSER
    finally:
        release.set()
    assert time.monotonic() - started < 2


def test_answer_is_cached(monkeypatch, fresh_probe):
    calls = []
    monkeypatch.setattr(images, "find_browser", lambda: calls.append(1))
    images.chromium_problem()
    images.chromium_problem()
    assert len(calls) == 1
