"""Every word Chinese, nothing from elsewhere: each page as a person opens it in Debian's Chromium, at
1366 px and on a 390 px phone, with Streamlit's and plotly's own menus and tooltips opened."""
import re
import shutil
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import expect
from test_browser import browser, open_signed_in, server, settled  # noqa: F401 (fixtures)

from indicators import catalog
from views import widgets

APP = "八好看板"
PAGES = [("", "总览"), ("outlook", "预计全年"), ("department", "部门视图"), ("detail?code=A1-01", "指标详情"),
                                                                                  ("supervision", "督办台账")] + [
    (f"area{a['id']}", f"{a['id']}. {a['name']}") for a in catalog.load_areas()] + [
    ("upload", "数据上报"), ("admin", "系统管理"), ("password", "修改密码")]
SECTIONS = ["总览", "八个领域", "数据", "账户"]
# the pages whose menus and tooltips are opened: one of each kind (the eight area pages are alike)
WIDGETS_SHOWN = ("", "outlook", "department", "detail?code=A1-01", "supervision", "area1", "upload", "admin",
                 "password")
WIDTHS = {"desktop": {"width": 1366, "height": 768}, "phone": {"width": 390, "height": 844}}

# Latin letters a Chinese reader reads as they are: units and names in the plan's own indicators
# (GDP, PM2.5, 村BA), file formats named on buttons, and the first account's login name.
ALLOWED = {"GDP", "PM", "BA", "Excel", "PPTX", "CSV", "XLSX", "XLS", "ODS", "xlsx", "xls", "ods", "csv", "WPS",
           "PNG", "SVG", "KB", "MB", "admin"}
CODE = re.compile(r"\b[A-H]\d+-\d+\b")  # indicator codes such as A1-01
# what a reader sees or hears: text (not icon-font ligatures, which draw a symbol) and the attributes
# shown as tooltips or read aloud
WORDS_ON_PAGE = """() => {
  const seen = [document.title];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode, parent = node.parentElement;
    if (parent && !parent.closest('[data-testid="stIconMaterial"], [translate="no"], script, style, noscript'))
      seen.push(node.nodeValue);
  }
  for (const element of document.querySelectorAll('[title], [aria-label], [placeholder], [data-title], [alt]'))
    for (const name of ['title', 'aria-label', 'placeholder', 'data-title', 'alt'])
      if (element.getAttribute(name)) seen.push(element.getAttribute(name));
  return seen;
}"""


TOP_TO_MIDDLE = """element => {
  let box = element.parentElement;
  while (box && !(/(auto|scroll)/.test(getComputedStyle(box).overflowY) && box.scrollHeight > box.clientHeight))
    box = box.parentElement;
  (box || document.scrollingElement).scrollBy(0, element.getBoundingClientRect().top - innerHeight / 2);
}"""


def english(page) -> set[str]:
    """The words of Latin letters on the page that are not in ALLOWED."""
    words = set()
    for text in page.evaluate(WORDS_ON_PAGE):
        words |= {w for w in re.findall(r"[A-Za-z]{2,}", CODE.sub("", text)) if w not in ALLOWED}
    return words


def place(table) -> None:
    """The table's top mid-screen and the mouse on it: its toolbar, drawn above it while it is hovered, stays
    clear of the sticky header, so hovering a toolbar button never scrolls it beneath the header."""
    table.evaluate(TOP_TO_MIDDLE)
    table.hover(position={"x": 20, "y": 20})


def hover_toolbar(page, table, button) -> None:
    """Hover one of the placed table's toolbar buttons. A page still laying itself out (a busy machine) can
    move the table after it was placed: then the page is let settle and the table placed again, up to
    three times; the last failure is Playwright's own."""
    for attempt in range(3):
        try:
            button.hover(timeout=10000 if attempt < 2 else 30000)
            return
        except PlaywrightTimeout:
            if attempt == 2:
                raise
            settled(page)
            place(table)


def open_menus(page, tmp_path) -> set[str]:
    """Open what Streamlit and plotly draw only on demand and collect the English found on the way."""
    found = english(page)
    for chart in page.locator(".js-plotly-plot").all()[:1]:
        chart.evaluate("element => element.scrollIntoView({block: 'center'})")
        chart.hover()
        for button in chart.locator(".modebar-btn").all():
            button.hover()
        found |= english(page)
    for table in page.locator('[data-testid="stDataFrame"]').all()[:1]:
        place(table)  # a tall table, centred, had its toolbar scrolled beneath the header
        for button in table.locator('[data-testid="stElementToolbar"] button').all():
            hover_toolbar(page, table, button)
            page.wait_for_timeout(300)  # the tooltip
            found |= english(page)
        table.hover(position={"x": 20, "y": 20})
        table.locator('[data-testid="stElementToolbar"] button').first.click()  # 显示/隐藏列
        page.wait_for_timeout(300)
        found |= english(page)
        page.keyboard.press("Escape")
    filters = page.get_by_text(widgets.FILTERS_LABEL)  # an area page's filters, drawn once their box opens
    if filters.count():
        filters.first.click()
        settled(page)
    choices = page.locator('[data-testid="stMain"] :is([data-testid="stMultiSelect"], [data-testid="stSelectbox"])')
    shown = "e => !e.closest('details:not([open])')"  # is_visible() passes a closed expander's widgets
    opened = 0
    for choice in choices.all():
        settled(page)  # a choice closed with Escape may rerun the page and redraw what follows it
        if opened == 2 or not (choice.is_visible() and choice.evaluate(shown)):
            continue
        choice.click()
        page.keyboard.type("无此项zz")
        page.wait_for_timeout(300)
        found |= english(page)
        page.keyboard.press("Escape")
        opened += 1
    for box in [b for b in page.locator('[data-testid="stMain"] [data-testid="stTextInput"] input').all()
                if b.is_visible()][:1]:
        box.fill("试")  # typing shows how to confirm
        page.wait_for_timeout(300)
        found |= english(page)
        box.fill("")
    uploader = page.locator('[data-testid="stFileUploader"] input[type=file]')
    if uploader.count():
        chinese_name = tmp_path / "填报.csv"
        shutil.copy(catalog.ROOT / "tests" / "data" / "upload" / "bureau-1-5-utf8.csv", chinese_name)
        uploader.set_input_files(str(chinese_name))
        page.get_by_text("填报.csv").first.wait_for(timeout=30000)
        settled(page)
        found |= english(page)
    return found


@pytest.mark.parametrize("device", WIDTHS)
def test_every_page_speaks_chinese_and_asks_nothing_of_other_hosts(server, browser, device, tmp_path):  # noqa: F811
    own = urlsplit(server).netloc
    context = browser.new_context(viewport=WIDTHS[device])
    elsewhere = []
    context.on("request", lambda request: elsewhere.append(request.url)
               if urlsplit(request.url).scheme not in ("data", "blob") and urlsplit(request.url).netloc != own
               else None)
    page = open_signed_in(context, server)
    page.on("websocket", lambda socket: elsewhere.append(socket.url) if urlsplit(socket.url).netloc != own else None)
    english_by_page = {}
    for path, name in PAGES:
        page.goto(f"{server}/{path}")
        expect(page).to_have_title(f"{name} · {APP}", timeout=30000)  # each page names its own tab
        settled(page)
        english_by_page[path] = sorted(open_menus(page, tmp_path) if path in WIDGETS_SHOWN else english(page))
    context.close()
    assert not elsewhere, f"requests to other hosts: {elsewhere}"
    assert not {path: words for path, words in english_by_page.items() if words}


@pytest.mark.parametrize("device", WIDTHS)
def test_the_menu_shows_every_page_grouped(server, browser, device):  # noqa: F811
    page = open_signed_in(browser, server, viewport=WIDTHS[device])
    settled(page)
    if device == "phone":
        page.get_by_role("button", name="展开侧边栏").click()  # the phone menu opens from its button
    nav = page.locator('[data-testid="stSidebarNav"]')
    nav.wait_for(timeout=10000)
    links = [link.inner_text().split("\n")[-1].strip()  # the name after its icon
             for link in nav.get_by_role("link").all() if link.is_visible()]
    assert links == [name for _, name in PAGES]
    assert [h.inner_text().strip() for h in nav.locator('[data-testid="stNavSectionHeader"]').all()] == SECTIONS
    assert nav.locator('[data-testid="stSidebarNavViewButton"]').count() == 0  # no "View 3 more"
    page.close()


def test_an_unknown_address_says_so_in_chinese(server, browser):  # noqa: F811
    page = open_signed_in(browser, f"{server}/no-such-page", viewport=WIDTHS["desktop"])
    page.get_by_text("您要打开的页面不存在，已打开总览。").wait_for(timeout=30000)
    assert page.get_by_role("heading", name="页面不存在").count() == 1 and not english(page)
    page.close()


def test_the_audit_log_speaks_chinese(server, browser):  # noqa: F811
    page = open_signed_in(browser, f"{server}/admin", viewport=WIDTHS["desktop"])
    page.get_by_role("heading", name="操作日志").wait_for(timeout=30000)
    settled(page)
    grids = page.locator('[data-testid="stDataFrame"] table[role="grid"]')  # the table behind the canvas
    grids.last.wait_for(state="attached", timeout=30000)
    log = grids.last
    headers = [h.text_content().strip() for h in log.locator('[role="columnheader"]').all()]
    assert headers == ["序号", "时间", "操作人", "操作", "详情"]
    actions = [row.locator('[role="gridcell"]').nth(3).text_content() for row in log.locator("tbody tr").all()]
    assert "添加账户" in actions and "user_add" not in actions  # the CLI added the test's own account
    page.close()
