"""The eight-area deck as a person gets it: from the click on 生成 in the browser to the file saved.

Each run starts the dashboard on a fresh demo store (`python -m indicators init --demo`, latest month),
signs in through the login form in Debian's Chromium, opens 总览 → 导出汇报材料, and times
  first   a session clicks 生成八个领域汇报材料 and then 下载 (nothing rendered yet in this server)
  second  another session does the same (the images, and the finished deck, are kept)
and prints the progress texts the page showed. Floor: the batched PNG export of the deck's gauges in
this process (Chromium already running, nothing kept): the part no deck can do without. Target: ≤ 8 s.
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests"), str(ROOT / "bench")]
from playwright.sync_api import sync_playwright  # noqa: E402

from charts import card_gauge, images  # noqa: E402
from common.kinds import NUMERIC_KINDS  # noqa: E402
from indicators import report, settings, store  # noqa: E402
from outputs import reports
from test_browser import CHROMIUM, CHROMIUM_ARGS, demo_store, served, settled  # noqa: E402

USER, PASSWORD = "基准测试", "bench-exports-2026"
TARGET = 8.0
# every text the progress bar shows, collected in the page as it changes
WATCH = """() => { window.__said = []; window.__clicked = null;
  document.addEventListener('click', () => { window.__clicked = window.__clicked || Date.now(); }, true);
  new MutationObserver(() => document.querySelectorAll('[data-testid="stProgress"]').forEach(p => {
      const t = p.innerText.trim();
      if (t && window.__said.at(-1)?.[1] !== t) window.__said.push([Date.now() - window.__clicked, t]); }))
    .observe(document.body, {subtree: true, childList: true, characterData: true}); }"""


def floor(db: str) -> tuple[float, int]:
    """Seconds for the batched export of the deck's gauges (latest month), and how many there are."""
    con = store.connect(db)
    year = settings.get().year
    rows = report.status_table(con.cursor(), year, store.latest_month(con.cursor(), year))
    con.close()
    shown = rows[rows["kind"].isin(NUMERIC_KINDS) & rows["target"].notna() & rows["headline"]]
    gauges = [card_gauge.card_gauge(r) for r in shown.to_dict("records")]
    images.to_images(gauges[:1], "png", **reports.GAUGE_SIZE)  # Chromium up
    images.forget_images()
    started = time.perf_counter()
    images.to_images(gauges, "png", **reports.GAUGE_SIZE)
    return time.perf_counter() - started, len(gauges)


def request(browser, url: str) -> tuple[float, list[str], int]:
    """A new signed-in session asks for the eight-area deck: seconds from 生成 to the file saved,
    the progress texts shown, and the file's size."""
    page = browser.new_page(viewport={"width": 1366, "height": 900}, accept_downloads=True)
    page.goto(url)
    page.get_by_label("用户名").fill(USER)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.get_by_text(f"当前用户：{USER}").wait_for(timeout=60000)
    settled(page, 60000)
    page.get_by_text("导出汇报材料（PPTX / Excel）").click()
    settled(page, 60000)
    page.evaluate(WATCH)
    make = page.get_by_role("button", name="生成八个领域汇报材料（PPTX）")
    make.click(trial=True)  # visible, steady and not covered: ready for the click
    make.click()
    download = page.get_by_role("button", name="下载八个领域汇报材料（PPTX）")
    download.wait_for(timeout=120000)
    with page.expect_download(timeout=120000) as file:
        download.click()
    size = Path(file.value.path()).stat().st_size  # path() waits until the file is saved
    # from the moment the page got the click: a busy page may take Playwright seconds to deliver it
    seconds = time.time() - page.evaluate("window.__clicked") / 1000
    said = page.evaluate("window.__said")
    page.close()
    return seconds, said, size


def shown(said: list) -> str:
    """The first, the images' last, the first slides' and the last progress texts, each with its time."""
    images = [i for i, (_, text) in enumerate(said) if "图片" in text]
    picked = sorted({0, len(said) - 1, *images[-1:], *[i + 1 for i in images[-1:] if i + 1 < len(said)]})
    if os.environ.get("BENCH_ALL"):
        picked = range(len(said))
    return " → ".join(f"{said[i][1]} ({said[i][0] / 1000:.1f})" for i in picked)


def run_once(browser, number: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        env = demo_store(Path(folder) / "bench.duckdb", USER, PASSWORD)
        bottom, gauges = floor(env["INDICATORS_DB"])
        with served(env) as url:
            load = os.getloadavg()[0]
            for which in ("first", "second"):
                seconds, said, size = request(browser, url)
                meets = "yes" if seconds <= TARGET else "NO"
                print(f"run {number}  {which:6s}  {seconds:5.1f} s  {seconds / bottom:4.1f}x floor  "
                      f"target ≤ {TARGET:g} s: {meets}  ({size / 2**20:.1f} MB, load {load:.1f})")
                print(f"      progress shown ({len(said)} texts, s after the click): {shown(said)}")
            print(f"run {number}  floor   {bottom:5.1f} s  batched PNG export of the deck's {gauges} gauges "
                  "(this process, Chromium running, nothing kept)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="fresh servers, each asked twice (default 3)")
    runs = parser.parse_args().runs
    problem = images.chromium_problem()
    if problem:
        sys.exit(problem)
    print(f"{os.cpu_count()} cores, load {os.getloadavg()[0]:.1f} at start")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for number in range(1, runs + 1):
            run_once(browser, number)
        browser.close()


if __name__ == "__main__":
    main()
