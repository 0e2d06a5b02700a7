"""Page speed in a real browser (Debian's Chromium through Playwright), against its floor measured in
the same run: an empty two-page Streamlit app served the same way.

- sign-in: from the click on 登录 to a complete 总览 (the first page a person sees); target ≤2 s.
- cold: the first visit of each page in the sidebar, clicked one after another.
- warm: the later rounds of the same clicks; target median ≤3x and slowest ≤6x the floor, where the
  floor is the median switch between the two empty pages through their sidebar, measured with the
  machine at rest: before the dashboard starts and again once its pages are done (its start-up warm-up,
  running beside a floor, once slowed the floor by a third and flattered every ratio).

A page is complete when the script run is over, nothing is stale and its heading is the page's own.

python bench/pages.py [--rounds 5]
"""
from __future__ import annotations

import argparse
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests"), str(ROOT / "bench")]
from test_browser import CHROMIUM, CHROMIUM_ARGS, PASSWORD, USER, demo_store, served  # noqa: E402

EMPTY_APP = """import streamlit as st
st.navigation([st.Page(lambda: st.title("空页甲"), title="甲", url_path="a", default=True),
               st.Page(lambda: st.title("空页乙"), title="乙", url_path="b")], expanded=True).run()
"""
COMPLETE = """(heading) => { const app = document.querySelector('[data-testid="stApp"]');
    const h1 = document.querySelector('[data-testid="stMain"] h1');
    return app && app.getAttribute('data-test-script-state') === 'notRunning'
           && !document.querySelector('[data-stale="true"]') && h1 && new RegExp(heading).test(h1.textContent); }"""
SIDEBAR_LINK = '[data-testid="stSidebarNav"] a'
HEADINGS = {"指标详情": r"^A\d-\d\d "}  # a heading other than the page's title, as a regular expression
TYPING_MS = 80
TARGETS = {"sign-in": 2.0, "median": 3.0, "slowest": 6.0}
QUIET = 0.15  # a machine at rest: under this share of its CPU busy


def click_to(page, title: str, heading: str) -> float:
    """Seconds from a click on the sidebar link `title` to its page complete."""
    start = time.perf_counter()
    page.locator(SIDEBAR_LINK).filter(has_text=title).first.click()
    page.wait_for_function(COMPLETE, arg=heading, timeout=60000)
    return time.perf_counter() - start


def floor(browser, url: str, switches: int) -> list[float]:
    page = browser.new_page(viewport={"width": 1366, "height": 900})
    page.goto(url)
    page.wait_for_function(COMPLETE, arg="空页甲", timeout=60000)
    times = [click_to(page, title, f"空页{title}") for _ in range(switches) for title in ("乙", "甲")]
    page.close()
    return times


def first_load(browser, url: str) -> float:
    """A browser that has never seen the app opening the empty page: what any first page costs at least."""
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    page = context.new_page()
    start = time.perf_counter()
    page.goto(url)
    page.wait_for_function(COMPLETE, arg="空页甲", timeout=60000)
    elapsed = time.perf_counter() - start
    context.close()
    return elapsed


def sign_in(page, url: str) -> float:
    """Seconds from the click on 登录 to a complete 总览. Name and password are typed at a quick typist's
    pace (80 ms a key), during which the login page fetches the dashboard's scripts ahead."""
    page.goto(url)
    page.get_by_label("用户名").press_sequentially(USER, delay=TYPING_MS)
    page.get_by_label("密码").press_sequentially(PASSWORD, delay=TYPING_MS)
    page.wait_for_load_state("networkidle")
    start = time.perf_counter()
    page.get_by_role("button", name="登录").click()
    page.wait_for_function(COMPLETE, arg="总览", timeout=60000)
    return time.perf_counter() - start


def sidebar_titles(page) -> list[str]:
    """The links' words (an icon's ligature name, e.g. "dashboard", comes first on its own line)."""
    return [t.strip().splitlines()[-1].strip() for t in page.locator(SIDEBAR_LINK).all_inner_texts()]


def click_through(page, titles: list[str]) -> dict[str, float]:
    """Each page in the sidebar in turn; headings are the titles without their number (1. → 稳增长…)."""
    return {title: click_to(page, title, HEADINGS.get(title, re.escape(title.split(". ")[-1]))) for title in titles}


def cpu_busy(seconds: float = 0.5) -> float:
    """The share of the machine's CPU time spent working over the next `seconds` (Linux /proc/stat)."""
    def sample():
        fields = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
        return sum(fields), fields[3] + fields[4]  # all, idle + iowait
    (total, idle), _ = sample(), time.sleep(seconds)
    total2, idle2 = sample()
    return 1 - (idle2 - idle) / max(1, total2 - total)


def wait_quiet(limit: float = 60.0) -> None:
    """Until the machine is at rest (the dashboard's start-up warm-up, views/warm.py, is over, as it is when
    people come): a floor measured beside it would be slowed by it, and every ratio flattered."""
    deadline = time.monotonic() + limit
    while cpu_busy() > QUIET and time.monotonic() < deadline:
        pass


def measure(rounds: int) -> dict:
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        empty = Path(tmp) / "empty_app.py"
        empty.write_text(EMPTY_APP, encoding="utf-8")
        env = demo_store(Path(tmp) / "pages.duckdb", USER, PASSWORD)
        # Streamlit's own default collects garbage after every run; this app turns that off (.streamlit/config.toml),
        # which speeds the empty app as much: the floor runs with the app's settings, the default one for comparison
        default = {**env, "STREAMLIT_RUNNER_POST_SCRIPT_GC": "true"}
        with served(env, empty) as floor_url, served(default, empty) as default_url:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            floor(browser, floor_url, 2)  # unmeasured: the first session warms the empty app's server
            floor(browser, default_url, 2)  # unmeasured, as above
            wait_quiet()
            floors, defaults = floor(browser, floor_url, 6), floor(browser, default_url, 6)
            loads = [first_load(browser, floor_url) for _ in range(3)]
            with served(env) as url:
                wait_quiet()
                page = browser.new_page(viewport={"width": 1366, "height": 900})
                first = sign_in(page, url)
                titles = [t for t in sidebar_titles(page) if t != "总览"] + ["总览"]
                cold = click_through(page, titles)
                warm = [click_through(page, titles) for _ in range(rounds)]
                floors += floor(browser, floor_url, 6)  # again beside the dashboard at rest: the floor of both halves
            browser.close()
    return {"floor": statistics.median(floors), "default floor": statistics.median(defaults),
            "first load": statistics.median(loads), "sign-in": first, "cold": cold, "warm": warm}


def report(result: dict) -> None:
    base = result["floor"]
    print(f"floor: empty Streamlit page, sidebar switch, median {base * 1000:.0f} ms "
          f"(with Streamlit's default garbage collection after each run: {result['default floor'] * 1000:.0f} ms)")
    print(f"sign-in → complete 总览: {result['sign-in']:.2f} s   {result['sign-in'] / base:.1f}x floor   "
          f"target ≤{TARGETS['sign-in']:.0f} s   {'meets' if result['sign-in'] <= TARGETS['sign-in'] else 'MISSES'}")
    print(f"  for comparison, a new browser opening the empty page: median {result['first load']:.2f} s")
    print(f"\n{'page':<16}{'cold ms':>9}{'warm median ms':>16}{'x floor':>9}")
    medians = {t: statistics.median(r[t] for r in result["warm"]) for t in result["cold"]}
    for title, cold in result["cold"].items():
        print(f"{title:<16}{cold * 1000:>9.0f}{medians[title] * 1000:>16.0f}{medians[title] / base:>8.1f}x")
    median, slowest = statistics.median(medians.values()) / base, max(medians.values()) / base
    print(f"\nagainst the floor with Streamlit's default collection: median {median * base / result['default floor']:.1f}x, "
          f"slowest {slowest * base / result['default floor']:.1f}x (for comparison only)")
    print(f"warm, median of pages: {median:.1f}x floor (target ≤{TARGETS['median']:.0f}x) "
          f"{'meets' if median <= TARGETS['median'] else 'MISSES'}")
    print(f"warm, slowest page:    {slowest:.1f}x floor (target ≤{TARGETS['slowest']:.0f}x) "
          f"{'meets' if slowest <= TARGETS['slowest'] else 'MISSES'}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=5)
    report(measure(parser.parse_args().rounds))


if __name__ == "__main__":
    main()
