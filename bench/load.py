"""Load on loopback, bounded: N browser sessions (Debian's Chromium through Playwright) sign in and read
总览 and area pages while M command-line imports land one after another. Prints sessions served, page
errors, imports landed, the slowest page run and the longest time an import waited for the store.

An import that finds the store held by the dashboard leaves a flag; the dashboard lets go when its page
runs end, so no import should wait longer than the slowest page run plus a second.

python bench/load.py [--sessions 10] [--uploads 5] [--rounds 2]
"""
from __future__ import annotations

import argparse
import asyncio
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from playwright.async_api import TimeoutError as PlaywrightTimeout
from playwright.async_api import async_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests"), str(ROOT / "bench")]
from test_browser import CHROMIUM, CHROMIUM_ARGS, ERROR_MARKERS, PASSWORD, USER, demo_store, served  # noqa: E402

PAGES = ["", "area1", "area5", "area8", "outlook"]
MAX_ROUNDS = 12  # readers keep reading until the imports are over, but never longer than this
SETTLED = """() => { const app = document.querySelector('[data-testid="stApp"]');
                     return app && app.getAttribute('data-test-script-state') === 'notRunning'
                            && document.querySelector('h1') && !document.querySelector('[data-stale="true"]'); }"""
WAITED = re.compile(r"共等待 ([0-9.]+) 秒")
UPLOAD = ROOT / "tests" / "data" / "upload" / "bureau-1-5-utf8.csv"


async def session(browser, url: str, rounds: int, readers: "Readers") -> tuple[float, list[str]]:
    """One reader: signs in through the login form, then opens each page at least `rounds` times and
    until the imports are over; returns every page's seconds (open to settled) and any errors seen."""
    page = await browser.new_page()
    await page.goto(url)
    await page.get_by_label("用户名").fill(USER)
    await page.get_by_label("密码").fill(PASSWORD)
    await page.get_by_role("button", name="登录").click()
    await page.get_by_text(f"当前用户：{USER}").wait_for(timeout=60000)
    readers.signed_in()
    times, errors, done = [], [], 0
    while done < rounds or (not readers.imports_over.is_set() and done < MAX_ROUNDS):
        for path in PAGES:
            start = time.monotonic()
            try:
                await page.goto(f"{url}/{path}", timeout=60000)
                await page.wait_for_function(SETTLED, timeout=60000)
                body = await page.evaluate("document.body.textContent")  # innerText would lay out ten busy tabs
                errors += [f"{path}: {m}" for m in ERROR_MARKERS if m in body]
            except PlaywrightTimeout as exc:
                errors.append(f"{path}: {str(exc).splitlines()[0]} (at {page.url})")
            times.append(time.monotonic() - start)
        done += 1
    await page.close()
    return times, errors


class Readers:
    """When every reader has signed in (imports then start into busy browsing) and when imports are over."""

    def __init__(self, count: int):
        self.left, self.all_in, self.imports_over = count, asyncio.Event(), asyncio.Event()

    def signed_in(self) -> None:
        self.left -= 1
        if self.left == 0:
            self.all_in.set()


def upload_files(directory: Path, count: int) -> list[Path]:
    """The bureau's table for 1-2月, 1-3月, …: different files (a re-sent file would change nothing)."""
    text = UPLOAD.read_text(encoding="utf-8-sig")
    files = []
    for i in range(count):
        path = directory / f"bureau-1-{2 + i}.csv"
        path.write_text(text.replace("1-5月", f"1-{2 + i}月"), encoding="utf-8-sig")
        files.append(path)
    return files


async def imports(db: Path, count: int, readers: Readers) -> list[tuple[int, float]]:
    """`count` different imports, one after another while the readers browse: (exit code, seconds waited)."""
    env = {**os.environ, "INDICATORS_DB": str(db)}
    await readers.all_in.wait()
    results = []
    for path in upload_files(db.parent, count):
        await asyncio.sleep(1.0)  # let page runs start again between imports
        proc = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "indicators", "import", str(path), "--user", "load", cwd=ROOT, env=env,
            stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE)
        _, err = await proc.communicate()
        waited = WAITED.search(err.decode("utf-8", "replace"))
        results.append((proc.returncode, float(waited.group(1)) if waited else 0.0))
    readers.imports_over.set()
    return results


async def run(sessions: int, upload_count: int, rounds: int) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "load.duckdb"
        with served(demo_store(db, USER, PASSWORD, role="viewer")) as url:
            async with async_playwright() as p:
                browser = await p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                readers = Readers(sessions)
                reading = [session(browser, url, rounds, readers) for _ in range(sessions)]
                results, landing = await asyncio.gather(asyncio.gather(*reading), imports(db, upload_count, readers))
                await browser.close()
        landed = _landed(db)
    return {"sessions": len(results), "errors": [e for _, errs in results for e in errs],
            "codes": [code for code, _ in landing], "waits": [waited for _, waited in landing],
            "landed": landed, "slowest": max(max(t) for t, _ in results),
            "median": statistics.median(t for times, _ in results for t in times)}


def _landed(db: Path) -> int:
    check = ("from indicators import store; import sys; c = store.connect(sys.argv[1]).cursor(); "
             "print(int((store.uploads(c)['uploaded_by'] == 'load').sum()))")
    out = subprocess.run([sys.executable, "-c", check, str(db)], cwd=ROOT, capture_output=True, text=True)
    return int(out.stdout.strip())


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sessions", type=int, default=10)
    parser.add_argument("--uploads", type=int, default=5)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    start = time.monotonic()
    result = asyncio.run(run(args.sessions, args.uploads, args.rounds))
    print(f"sessions served {result['sessions']}, page errors {len(result['errors'])}, "
          f"uploads landed {result['landed']}/{args.uploads} (exit codes {result['codes']}), "
          f"page median {result['median']:.1f} s, slowest {result['slowest']:.1f} s, longest import wait {max(result['waits'], default=0):.1f} s "
          f"(waits {', '.join(f'{w:.1f}' for w in result['waits'])}; bound: slowest page + 1 s), "
          f"total {time.monotonic() - start:.0f} s")
    for error in result["errors"]:
        print("  ", error)


if __name__ == "__main__":
    main()
