"""The app as a person sees it: started like the README starts it, opened in Debian's Chromium."""
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import openpyxl
import pytest
from playwright.sync_api import sync_playwright

from indicators import catalog

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = catalog.ROOT / "artifacts"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
USER, PASSWORD = "浏览器测试", "browser-test-2026"
STATE = {}
ERROR_MARKERS = ("Traceback", "Error:", "Exception", "出错", "Page not found")


def open_signed_in(browser, url: str, user: str = USER, **options):
    """A new tab (a new session) at `url`, signed in through the login form as a person would:
    the address leads to the form, and the form back to the address."""
    page = browser.new_page(**options)
    page.goto(url)
    page.get_by_label("用户名").fill(user)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.get_by_text(f"当前用户：{user}").wait_for(timeout=30000)
    return page


def settled(page, timeout: float = 30000) -> None:
    """Wait until the script run is over and nothing on the page is stale (the status widget often never shows)."""
    page.wait_for_function(
        """() => { const app = document.querySelector('[data-testid="stApp"]');
                   return app && app.getAttribute('data-test-script-state') === 'notRunning'
                          && !document.querySelector('[data-stale="true"]'); }""", timeout=timeout)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_up(url: str, process, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        assert process.poll() is None, "streamlit exited early"
        try:
            urllib.request.urlopen(url + "/_stcore/health", timeout=2)
            return
        except OSError:
            time.sleep(0.5)
    raise AssertionError(f"streamlit did not answer at {url}")


def demo_store(db: Path, user: str, password: str, role: str = "admin") -> dict:
    """A new demo store at `db` with `user`; the environment that points the dashboard and CLI at it."""
    env = {**os.environ, "INDICATORS_DB": str(db)}
    command = [sys.executable, "-m", "indicators"]
    subprocess.run([*command, "init", "--demo"], check=True, env=env, cwd=catalog.ROOT, capture_output=True)
    subprocess.run([*command, "user", "add", user, "--role", role, "--password-stdin", "--user", "测试"],
                   check=True, env=env, cwd=catalog.ROOT, capture_output=True, input=password, text=True)
    return env


@contextmanager
def served(env: dict, script: Path = catalog.ROOT / "app.py"):
    """`script` served by `streamlit run` on a free loopback port until the block ends; yields its address."""
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "streamlit", "run", str(script), "--server.port", str(port),
                                "--server.headless", "true"], cwd=catalog.ROOT, env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(url, process)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=30)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    assert Path(CHROMIUM).exists(), "缺少 Debian 的 chromium：请用 README 的 make test 安装"
    db = tmp_path_factory.mktemp("browser") / "dashboard.duckdb"
    STATE["db"] = db
    env = demo_store(db, USER, PASSWORD)
    note = ("import sys; sys.path.insert(0, 'tests'); from conftest import write_note; from indicators import store; "
            "write_note(store.connect(sys.argv[1]).cursor(), 'A5-13', 2026, 10, '<script>window.__xss=1</script>', '测试')")
    subprocess.run([sys.executable, "-c", note, str(db)], check=True, cwd=catalog.ROOT, env=env)
    with served(env) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


# a deep link first: the first session after start is where Streamlit mis-resolves pages
PAGES = [(f"area{a['id']}", f"area{a['id']}", f"{a['id']}. {a['name']}") for a in catalog.load_areas()] + [
    ("", "overview", "“开局八好”指标总览"), ("outlook", "outlook", "预计全年"),
    ("department", "department", "部门视图：市发改局"), ("detail?code=A5-13", "detail", "A5-13 新增公共充电桩")]


@pytest.mark.parametrize("path,name,heading", PAGES, ids=[p[1] for p in PAGES])
def test_every_page_opens_without_error(server, browser, path, name, heading):
    page = open_signed_in(browser, f"{server}/{path}", viewport={"width": 1366, "height": 768})
    page.get_by_role("heading", name=heading).wait_for(timeout=30000)
    page.wait_for_timeout(1500)
    body = page.inner_text("body")
    assert "示例数据" in body
    assert not [m for m in ERROR_MARKERS if m in body], body[:500]
    if name in ("overview", "area1"):
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"{name}.png"))
    page.close()


def test_overview_matrix_and_phone_width(server, browser):
    page = open_signed_in(browser, server, viewport={"width": 390, "height": 844})
    page.get_by_role("heading", name="“开局八好”指标总览").wait_for(timeout=30000)
    page.get_by_role("tab", name="红黄绿矩阵").click()
    page.locator(".js-plotly-plot").first.wait_for(timeout=30000)
    page.wait_for_timeout(1000)
    assert page.locator(".js-plotly-plot").count() >= 1
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "overview-phone.png"), full_page=True)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 400, f"the page scrolls sideways on a phone: {width}px"
    page.close()


UPLOADS = catalog.ROOT / "tests" / "data" / "upload"


def test_upload_a_bad_file_then_a_good_one(server, browser):
    page = open_signed_in(browser, f"{server}/upload", viewport={"width": 1366, "height": 900})
    page.get_by_role("heading", name="数据上报").wait_for(timeout=30000)
    page.locator("input[type=file]").set_input_files(str(UPLOADS / "text-in-number.xlsx"))
    page.get_by_text("未导入：text-in-number.xlsx 共有 1 处错误").wait_for(timeout=30000)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "upload-refused.png"), full_page=True)
    page.locator("input[type=file]").set_input_files(str(UPLOADS / "bureau-1-5.xlsx"))
    page.get_by_text(re.compile(r"新增 \d+ 项，更正 \d+ 项")).wait_for(timeout=30000)
    page.get_by_text("我已核实以上提醒，确认上报").click()
    page.get_by_role("button", name="确认上报").click()
    page.get_by_text("已写入，上传编号").wait_for(timeout=30000)
    # gone as soon as the message shows, not only once the page has run to its end
    assert page.get_by_role("button", name="确认上报").count() == 0
    assert page.get_by_text("我已核实以上提醒，确认上报").count() == 0
    settled(page)
    assert "示例数据已全部清除" in page.inner_text("body")  # the first real upload replaces the demo
    assert page.get_by_role("button", name="确认上报").count() == 0  # the landed preview is gone
    assert "bureau-1-5.xlsx" not in page.locator('[data-testid="stFileUploader"]').inner_text()  # picker empty
    period = page.locator('[data-testid="stSidebar"] [data-testid="stSelectbox"]')
    assert "2026年1-5月" in period.inner_text() + period.locator("input").input_value()  # pages show that month now
    page.screenshot(path=str(ARTIFACTS / "upload-landed.png"), full_page=True)
    page.close()


def test_templates_are_written_when_their_button_is_clicked(server, browser, tmp_path):
    import openpyxl

    page = open_signed_in(browser, f"{server}/upload", viewport={"width": 1366, "height": 900}, accept_downloads=True)
    page.get_by_role("heading", name="数据上报").wait_for(timeout=30000)
    settled(page)
    page.get_by_text("下载填报模板").click()
    settled(page)
    for button in (re.compile(r"全部指标填报模板$"), re.compile(r"年目标分解表（管理员）$")):
        with page.expect_download(timeout=60000) as download:
            page.get_by_role("button", name=button).click()
        saved = tmp_path / download.value.suggested_filename
        download.value.save_as(saved)
        cells = {c.value for sheet in openpyxl.load_workbook(saved) for row in sheet.iter_rows() for c in row}
        assert {"A1-01", "A8-01"} <= cells, saved.name
    page.close()


BUREAU = catalog.ROOT / "tests" / "data" / "bureau"


def test_a_bureau_file_in_its_own_shape_and_an_alias_saved_from_the_preview(server, browser, tmp_path):
    page = open_signed_in(browser, f"{server}/upload", viewport={"width": 1366, "height": 900})
    page.get_by_role("heading", name="数据上报").wait_for(timeout=30000)
    page.locator("input[type=file]").set_input_files(str(BUREAU / "two-row-header.ods"))
    page.get_by_text(re.compile(r"two-row-header.ods：2026年1-5月，新增 \d+ 项.*无数据 1 项")).wait_for(timeout=30000)
    page.get_by_text("为未匹配的 3 个名称指定指标（管理员）").wait_for(timeout=30000)  # the rows not plan targets
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "upload-bureau-preview.png"), full_page=True)
    odd = tmp_path / "招商月报.xlsx"
    workbook = openpyxl.Workbook()
    workbook.active.append(["汨罗市2026年1-5月招商引资情况"])
    workbook.active.append(["指标名称", "单位", "1-5月"])
    workbook.active.append(["招商引资新签项目", "个", 36])
    workbook.save(odd)
    page.locator("input[type=file]").set_input_files(str(odd))
    page.get_by_text("为未匹配的 1 个名称指定指标（管理员）").click()
    settled(page)  # the alias form belongs to this file's preview, not the one before
    page.get_by_role("button", name="保存别名并重新检查").click()
    page.get_by_text(re.compile(r"招商月报.xlsx：2026年1-5月，新增 1 项|更正 1 项")).wait_for(timeout=60000)
    page.get_by_role("button", name="确认上报").click()
    page.get_by_text("已写入，上传编号").wait_for(timeout=30000)
    page.close()


def test_download_a_deck_and_an_excel_from_an_area_page(server, browser, tmp_path):
    from pptx import Presentation

    page = open_signed_in(browser, f"{server}/area2", viewport={"width": 1366, "height": 900}, accept_downloads=True)
    page.get_by_role("heading", name="2. 扩内需活市场").wait_for(timeout=30000)
    settled(page)
    page.get_by_text("导出汇报材料（PPTX / Excel）").click()
    settled(page)  # a button clicked during a rerun may hand out the file before its name is known
    with page.expect_download(timeout=60000) as excel:
        page.get_by_role("button", name="导出扩内需活市场数据（Excel）").click()
    assert excel.value.suggested_filename.endswith("_扩内需活市场_指标进度.xlsx")
    page.evaluate("""() => { window.__said = [];  // every text the progress bar shows, as it changes
      new MutationObserver(() => document.querySelectorAll('[data-testid="stProgress"]').forEach(p => {
          const t = p.innerText.trim(); if (t && window.__said.at(-1) !== t) window.__said.push(t); }))
        .observe(document.body, {subtree: true, childList: true, characterData: true}); }""")
    page.get_by_role("button", name="生成扩内需活市场汇报材料（PPTX）").click()
    page.get_by_text(re.compile(r"已生成（用时 \d+ 秒），请点击下方按钮下载。")).wait_for(timeout=120000)
    said = page.evaluate("window.__said")
    assert said[-1].startswith("已生成（用时")  # steps shown for less than a frame may not be seen
    # the images are drawn ahead once the section opens (views/downloads._draw_ahead): when that finished before
    # the click, the deck is built within a frame (用时 0 秒) and there is no step to see; otherwise there is
    quick = said[-1].startswith("已生成（用时 0 秒）")
    assert quick or any(re.fullmatch(r"正在生成幻灯片：扩内需活市场（1/1），仪表盘图片 \d+/\d+", t) for t in said), said
    with page.expect_download(timeout=120000) as deck:
        page.get_by_role("button", name="下载扩内需活市场汇报材料（PPTX）").click()
    assert deck.value.suggested_filename.endswith("_扩内需活市场_汇报材料.pptx")
    saved = tmp_path / deck.value.suggested_filename
    deck.value.save_as(saved)
    slides = Presentation(saved).slides
    assert len(slides) > 5 and "扩内需活市场" in slides[0].shapes.title.text
    page.close()


@pytest.mark.parametrize("clipboard_api", [True, False], ids=["clipboard", "intranet-http"])
def test_the_analysis_copy_button_copies_the_text(server, browser, clipboard_api):
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=server)
    if not clipboard_api:  # as on an intranet http address: no secure context, no navigator.clipboard
        context.add_init_script("Object.defineProperty(navigator, 'clipboard', {value: undefined})")
    reader = browser.new_context()
    reader.grant_permissions(["clipboard-read", "clipboard-write"], origin=server)
    board = reader.new_page()
    board.goto(f"{server}/auth/login")
    board.evaluate("navigator.clipboard.writeText('（空）')")
    page = context.new_page()
    page.goto(f"{server}/area2")
    page.get_by_label("用户名").fill(USER)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.get_by_role("tab", name="运行分析").wait_for(timeout=30000)  # the tab open first
    settled(page)
    shown = page.get_by_text("扩内需活市场领域", exact=False).first.inner_text()
    assert re.match(r"1-\d+月，扩内需活市场领域", shown)  # earlier tests in this module may have replaced the demo data
    page.get_by_role("button", name="复制文字").click()
    page.get_by_role("button", name="已复制").wait_for(timeout=5000)
    assert board.evaluate("navigator.clipboard.readText()") == shown
    context.close()
    reader.close()


def test_login_is_required_and_a_wrong_password_is_refused(server, browser):
    page = browser.new_page()
    page.goto(f"{server}/area3")
    page.get_by_role("heading", name="八好看板 · 登录").wait_for(timeout=30000)
    assert "3. 强科创兴产业" not in page.inner_text("body")
    page.get_by_label("用户名").fill(USER)
    page.get_by_label("密码").fill("wrong-password")
    page.get_by_role("button", name="登录").click()
    page.get_by_text("用户名或密码错误").wait_for(timeout=30000)
    page.close()


def test_the_login_page_fetches_the_first_pages_scripts_while_the_person_types(server, browser):
    context = browser.new_context(viewport={"width": 1366, "height": 900})  # an empty browser cache
    page = context.new_page()
    page.goto(server)
    page.wait_for_load_state("networkidle")
    page.get_by_label("用户名").fill(USER)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.get_by_role("heading", name="“开局八好”指标总览").wait_for(timeout=30000)
    settled(page)
    # the period selector's and the table's scripts, and one the table's script imports: from the cache
    fetched = page.evaluate("""() => Object.fromEntries(performance.getEntriesByType('resource')
        .filter(e => /\\/(Selectbox|DataFrame|Quiver)\\.[^\\/]*\\.js$/.test(e.name))
        .map(e => [e.name.split('/').pop().split('.')[0], e.transferSize]))""")
    assert fetched == {"Selectbox": 0, "DataFrame": 0, "Quiver": 0}
    context.close()


def test_a_sign_in_lasts_across_a_reload_and_a_deep_link_in_a_new_tab(server, browser):
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    page = open_signed_in(context, f"{server}/area3")
    page.get_by_role("heading", name="3. 强科创兴产业").wait_for(timeout=30000)
    page.reload()
    page.get_by_text(f"当前用户：{USER}").wait_for(timeout=30000)  # no password asked again
    other = context.new_page()  # a link opened from a message: a new tab of the same browser
    other.goto(f"{server}/detail?code=A5-13")
    other.get_by_role("heading", name="A5-13 新增公共充电桩").wait_for(timeout=30000)
    cookie = next(c for c in context.cookies() if c["name"] == "bahao_session")
    assert cookie["httpOnly"] and cookie["sameSite"] == "Lax"
    assert other.evaluate("document.cookie").find("bahao_session") == -1  # scripts cannot read it
    other.get_by_role("link", name="退出登录").click()
    other.get_by_role("heading", name="八好看板 · 登录").wait_for(timeout=30000)
    page.reload()  # signed out in one tab is signed out in all
    page.get_by_role("heading", name="八好看板 · 登录").wait_for(timeout=30000)
    context.close()


def test_a_disabled_account_is_signed_out_at_its_next_click(server, browser):
    env = {**os.environ, "INDICATORS_DB": str(STATE["db"])}
    cli = [sys.executable, "-m", "indicators", "user"]
    subprocess.run(cli + ["add", "待停用", "--role", "viewer", "--password-stdin", "--user", "测试"], check=True,
                   env=env, cwd=catalog.ROOT, capture_output=True, input=PASSWORD, text=True, timeout=120)
    page = open_signed_in(browser, server, user="待停用")
    page.get_by_role("heading", name="“开局八好”指标总览").wait_for(timeout=30000)
    subprocess.run(cli + ["disable", "待停用", "--user", "测试"], check=True, env=env, cwd=catalog.ROOT,
                   capture_output=True, timeout=120)
    page.get_by_role("link", name="预计全年").click()
    page.get_by_role("link", name="前往登录").wait_for(timeout=30000)
    assert "预计全年" not in [h.inner_text() for h in page.get_by_role("heading").all()]
    page.close()


def test_a_generated_password_is_changed_first_then_the_linked_page_opens(server, browser):
    env = {**os.environ, "INDICATORS_DB": str(STATE["db"])}
    made = subprocess.run([sys.executable, "-m", "indicators", "user", "add", "新同事", "--role", "viewer", "--user",
                           "测试"], check=True, env=env, cwd=catalog.ROOT, capture_output=True, text=True, timeout=120)
    generated = made.stdout.strip().rsplit("：", 1)[-1]
    page = browser.new_page(viewport={"width": 1366, "height": 900})
    page.goto(f"{server}/area3")  # a link someone sent: the new account's first page
    page.get_by_label("用户名").fill("新同事")
    page.get_by_label("密码").fill(generated)
    page.get_by_role("button", name="登录").click()
    page.get_by_role("heading", name="修改密码").wait_for(timeout=30000)
    settled(page)
    assert "页面不存在" not in page.inner_text("body")
    page.get_by_label("原密码").fill(generated)
    page.get_by_label("新密码（至少 8 个字符）").fill("new-colleague-2026")
    page.get_by_label("再次输入新密码").fill("new-colleague-2026")
    page.get_by_role("button", name="修改密码").click()
    page.get_by_text("密码已修改。").wait_for(timeout=30000)
    page.get_by_role("button", name="进入看板").click()
    page.get_by_role("heading", name="3. 强科创兴产业").wait_for(timeout=30000)
    page.close()


def test_a_stored_script_note_shows_as_text(server, browser):
    page = open_signed_in(browser, f"{server}/detail?code=A5-13")
    page.get_by_text("<script>window.__xss=1</script>").wait_for(timeout=30000)
    assert page.evaluate("window.__xss === undefined")
    page.close()


def test_a_command_line_import_lands_while_the_dashboard_runs(server, browser):
    page = open_signed_in(browser, f"{server}/detail?code=A2-01", viewport={"width": 1366, "height": 900})
    page.get_by_role("heading", name="A2-01 社会消费品零售总额增速").wait_for(timeout=30000)
    upload = catalog.ROOT / "tests" / "data" / "upload" / "bureau-1-5-utf8.csv"
    result = subprocess.run([sys.executable, "-m", "indicators", "import", str(upload), "--period", "2026-08",
                             "--user", "命令行"], cwd=catalog.ROOT, capture_output=True, text=True, timeout=120,
                            env={**os.environ, "INDICATORS_DB": str(STATE["db"])})
    assert result.returncode == 0, result.stderr
    page.close()
    page = open_signed_in(browser, f"{server}/detail?code=A2-01", viewport={"width": 1366, "height": 900})
    page.get_by_text("命令行").first.wait_for(state="attached", timeout=30000)  # the revision table names the sender
    page.close()


def test_a_units_uploader_answers_a_supervision_on_its_department_view(browser, tmp_path):
    """Issue 15: 督办 opened for May's lagging indicators; 市发改局's uploader answers one in the browser.
    On a demo store of its own: the module's store has real uploads by now, which change May's statuses."""
    env = demo_store(tmp_path / "supervision.duckdb", USER, PASSWORD)
    with served(env) as server:
        _answer_on_the_department_view(server, browser, env)


def _answer_on_the_department_view(server, browser, env: dict) -> None:
    cli = [sys.executable, "-m", "indicators"]
    subprocess.run(cli + ["user", "add", "发改答复", "--role", "uploader", "--department", "市发改局",
                          "--password-stdin", "--user", "测试"], check=True, env=env, cwd=catalog.ROOT,
                   capture_output=True, input=PASSWORD, text=True, timeout=120)
    subprocess.run(cli + ["supervise", "open", "--period", "2026-05", "--user", "测试"], check=True, env=env,
                   cwd=catalog.ROOT, capture_output=True, timeout=120)
    page = open_signed_in(browser, f"{server}/department", user="发改答复", viewport={"width": 1366, "height": 900})
    page.get_by_role("heading", name="部门视图：市发改局").wait_for(timeout=30000)
    form = page.locator('[data-testid="stForm"]').first
    form.get_by_label("滞后原因").fill("项目审批延后")
    form.get_by_label("整改措施").fill("专班每周调度")
    form.get_by_role("button", name="提交答复").click()
    page.get_by_text(re.compile(r"已提交督办 #\d+（.+）的答复。")).wait_for(timeout=30000)
    settled(page)
    assert "已答复 1 项" in page.inner_text("body")  # the unit's count sentence, drawn after the answer
    page.close()
