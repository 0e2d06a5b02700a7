"""Nothing cut, everything reachable: measured in Debian's Chromium at 1366×768 and on a 390 px phone."""
import pytest

from indicators import catalog
from test_browser import browser, open_signed_in, server, settled  # noqa: F401  (fixtures)

LAPTOP, PHONE = {"width": 1366, "height": 768}, {"width": 390, "height": 844}
ROW_PX = 35  # Streamlit's table row
NAMES = catalog.read_catalog().set_index("name")["code"]

# every text of every drawn plotly chart, with its box and its chart's box
CHART_TEXTS = """() => [...document.querySelectorAll('[data-testid=stPlotlyChart]')].map(chart => {
    const box = chart.querySelector('.svg-container').getBoundingClientRect();
    const texts = [...chart.querySelectorAll('svg text')].filter(t => t.textContent.trim())
        .map(t => ({text: t.textContent, box: t.getBoundingClientRect().toJSON()}))
        .filter(t => t.box.width > 0);
    return {box: box.toJSON(), texts};
}).filter(chart => chart.box.width > 0)"""

# the same for the HTML blocks (the gauges and bullet board of charts.gauge_svg and charts.bullets_html, the tiles):
# each line of each text node, and the pictures' words as their alt text says them (their ticks are checked in
# tests/test_gauge_svg.py)
HTML_TEXTS = """() => [...document.querySelectorAll('[data-testid=stHtml]')].map(block => {
    const walker = document.createTreeWalker(block, NodeFilter.SHOW_TEXT), texts = [];
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        if (!node.textContent.trim()) continue;
        const range = document.createRange(); range.selectNodeContents(node);
        for (const line of range.getClientRects()) texts.push({text: node.textContent, box: line.toJSON()});
    }
    const alts = [...block.querySelectorAll('img[alt]')].map(img => img.alt);
    return {box: block.getBoundingClientRect().toJSON(), texts: texts.filter(t => t.box.width > 0), alts};
}).filter(block => block.box.width > 0)"""

# the columns a Streamlit table draws (it draws only those in view), in order
HEADERS = """grid => [...grid.querySelectorAll('th[role=columnheader]')]
    .sort((a, b) => a.getAttribute('aria-colindex') - b.getAttribute('aria-colindex')).map(th => th.textContent)"""


DRAWN = ".js-plotly-plot, [data-testid=data-grid-canvas]"
AREA_DRAWN = "[data-testid=stHtml]"  # an area page opens on its gauges (HTML); its table waits for its tab


def opened(browser, server, path: str, viewport: dict, first: str = DRAWN):
    """A signed-in tab at `path` with every chart and table drawn (they are drawn as they scroll into view)."""
    page = open_signed_in(browser, f"{server}/{path}", viewport=viewport)
    settled(page, 60000)
    page.locator(first).first.wait_for(timeout=30000)
    drawn, anything = -1, page.locator(DRAWN)
    while drawn != (drawn := anything.count()):
        page.evaluate("() => { const m = document.querySelector('[data-testid=stMain]'); m.scrollTop = m.scrollHeight; }")
        page.wait_for_timeout(1500)
    return page


def inside(inner: dict, outer: dict) -> bool:
    return (inner["left"] >= outer["left"] - 0.5 and inner["right"] <= outer["right"] + 0.5
            and inner["top"] >= outer["top"] - 0.5 and inner["bottom"] <= outer["bottom"] + 0.5)


def overlap(a: dict, b: dict) -> bool:
    return (min(a["right"], b["right"]) - max(a["left"], b["left"]) > 1
            and min(a["bottom"], b["bottom"]) - max(a["top"], b["top"]) > 1)


@pytest.mark.parametrize("viewport", [LAPTOP, PHONE], ids=["1366", "390"])
@pytest.mark.parametrize("path,tab,words", [
    ("area3", None, ["力争9", "目标 8.5%", "校企合作“双进双转”", "服务企业数", "技术需求匹配数"]),
    ("area4", None, ["进出口总额", "序时2.75 · 力争7"]),
    ("department", None, []),
    ("area3", "月度趋势", ["院士专家工作站、", "博士创新站新增或提质数"]),
    ("", "红黄绿矩阵", ["A3-30 传统龙舟手工制作坊、"]),
    ("detail?code=A4-03", None, ["进出口总额"]),
], ids=["area3", "area4", "department", "trends", "matrix", "detail"])
def test_chart_words_are_whole_inside_their_chart_and_apart(server, browser, path, tab, words, viewport):
    page = opened(browser, server, path, viewport, AREA_DRAWN if path.startswith("area") else DRAWN)
    if tab:
        page.get_by_role("tab", name=tab).click()
        page.locator("[data-testid=stTabPanel]:visible .js-plotly-plot").first.wait_for(timeout=30000)
        page.wait_for_timeout(1500)
    charts = page.evaluate(CHART_TEXTS) + ([] if tab else page.evaluate(HTML_TEXTS))
    assert len(charts) >= (3 if path.startswith("area") and not tab else 1)
    for chart in charts:
        texts = chart["texts"]
        assert not [t["text"] for t in texts if not inside(t["box"], chart["box"])]
        assert not [t["text"] for t in texts if "…" in t["text"]]
        assert not [(a["text"], b["text"]) for i, a in enumerate(texts) for b in texts[i + 1:]
                    if overlap(a["box"], b["box"])]
    shown = [t["text"] for chart in charts for t in chart["texts"]] + [a for chart in charts for a in chart.get("alts", [])]
    assert all(any(w in t for t in shown) for w in words), [w for w in words if not any(w in t for t in shown)]
    page.close()


def table_tab(page):
    """An area page's 指标明细 tab opened, its table drawn."""
    page.get_by_role("tab", name="指标明细").click()
    page.locator("[data-testid=stTabPanel]:visible [data-testid=data-grid-canvas]").first.wait_for(timeout=30000)
    return page


def grid(page, index: int = 0):
    """The index-th table, its top scrolled into view."""
    table = page.locator("[data-testid=stDataFrame]").nth(index)
    table.evaluate("e => e.scrollIntoView({block: 'start'})")
    page.wait_for_timeout(800)
    return table


def test_at_1366_the_lagging_list_shows_what_matters_without_sideways_scrolling(server, browser):
    page = opened(browser, server, "", LAPTOP)
    table = grid(page)
    headers = table.evaluate(HEADERS)
    assert headers[:4] == ["指标", "实际", "状态", "牵头单位"]
    assert len(headers) > 4  # the next column starts in view, so 牵头单位 is whole
    assert table.bounding_box()["x"] + table.bounding_box()["width"] <= LAPTOP["width"]
    page.close()


def test_a_long_table_grows_with_its_rows_instead_of_scrolling_inside(server, browser):
    page = opened(browser, server, "", LAPTOP)
    table = grid(page)
    rows = int(table.locator("table[role=grid]").get_attribute("aria-rowcount")) - 1
    assert rows > 30
    assert table.bounding_box()["height"] >= (rows + 1) * ROW_PX
    scroller = table.locator(".dvn-scroller").evaluate("e => [e.scrollHeight, e.clientHeight]")
    assert scroller[0] <= scroller[1] + 1
    page.close()


def test_on_a_phone_tables_lead_with_name_value_and_status(server, browser):
    page = table_tab(opened(browser, server, "area3", PHONE, AREA_DRAWN))
    table = grid(page)
    assert table.evaluate(HEADERS)[:2] == ["指标", "实际"]
    table.locator(".dvn-scroller").evaluate("e => { e.scrollLeft = 200; }")  # swipe left: 状态 comes next
    page.wait_for_timeout(800)
    assert "状态" in table.evaluate(HEADERS)
    order = table.evaluate("""g => Object.fromEntries([...g.querySelectorAll('th[role=columnheader]')]
                                  .map(th => [th.textContent, +th.getAttribute('aria-colindex')]))""")
    assert order["实际"] == order["指标"] + 1 and order["状态"] == order["实际"] + 1
    page.close()


@pytest.mark.parametrize("viewport", [LAPTOP, PHONE], ids=["1366", "390"])
def test_a_click_on_a_cell_of_a_row_opens_its_detail(server, browser, viewport):
    page = table_tab(opened(browser, server, "area3", viewport, AREA_DRAWN))
    table = grid(page)
    name = table.locator("[data-testid='glide-cell-0-2']").text_content()  # 指标 of the third row
    box = table.locator("[data-testid=data-grid-canvas]").bounding_box()
    page.mouse.click(box["x"] + box["width"] - 20, box["y"] + ROW_PX * 3 + ROW_PX / 2)  # far from the name
    page.get_by_role("heading", name=f"{NAMES[name]} {name}").wait_for(timeout=30000)
    assert f"code={NAMES[name]}" in page.url
    page.close()


@pytest.mark.parametrize("viewport", [LAPTOP, PHONE], ids=["1366", "390"])
@pytest.mark.parametrize("code", ["A8-52", "A4-03"])  # a target in a sentence; a value with （示例）
def test_detail_metrics_are_never_cut(server, browser, code, viewport):
    page = opened(browser, server, f"detail?code={code}", viewport, first="[data-testid=stMetricValue]")
    values = page.locator("[data-testid=stMetricValue] div").evaluate_all(
        "els => els.map(e => [e.textContent, e.scrollWidth, e.clientWidth])")
    assert len(values) >= 4
    assert not [text for text, needed, room in values if needed > room + 1]
    page.close()
