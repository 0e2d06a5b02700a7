"""Load on loopback, bounded: N browser sessions (Debian's Chromium through Playwright) read 总览 and
area pages while M command-line uploads land. Prints sessions served, uploads landed, slowest page.

python bench/load.py [--sessions 10] [--uploads 5] [--rounds 2]
"""
from __future__ import annotations

import argparse
import asyncio
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from playwright.async_api import async_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]
from test_browser import CHROMIUM, CHROMIUM_ARGS, ERROR_MARKERS, PASSWORD, USER, free_port, wait_until_up  # noqa: E402

PAGES = ["", "area1", "area5", "area8", "outlook"]
UPLOAD = ROOT / "tests" / "data" / "upload" / "bureau-1-5-utf8.csv"


def start_server(db: Path, port: int) -> subprocess.Popen:
    env = {**os.environ, "INDICATORS_DB": str(db)}
    run = lambda *a, **k: subprocess.run([sys.executable, "-m", "indicators", *a], check=True, env=env,  # noqa: E731
                                         cwd=ROOT, capture_output=True, **k)
    run("init", "--demo")
    run("user", "add", USER, "--role", "viewer", "--password-stdin", "--user", "基准", input=PASSWORD, text=True)
    process = subprocess.Popen([sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port)],
                               cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wait_until_up(f"http://127.0.0.1:{port}", process)
    return process


async def session(browser, url: str, rounds: int) -> tuple[float, list[str]]:
    """One reader: signs in, then opens each page `rounds` times; returns the slowest page and any errors."""
    page = await browser.new_page()
    await page.goto(url)
    await page.get_by_label("用户名").fill(USER)
    await page.get_by_label("密码").fill(PASSWORD)
    await page.get_by_role("button", name="登录").click()
    await page.get_by_text(f"当前用户：{USER}").wait_for(timeout=60000)
    slowest, errors = 0.0, []
    for _ in range(rounds):
        for path in PAGES:
            start = time.monotonic()
            await page.goto(f"{url}/{path}")
            await page.locator("h1").first.wait_for(timeout=60000)
            await page.wait_for_timeout(300)
            slowest = max(slowest, time.monotonic() - start)
            body = await page.inner_text("body")
            errors += [f"{path}: {m}" for m in ERROR_MARKERS if m in body]
    await page.close()
    return slowest, errors


def upload_files(directory: Path, count: int) -> list[Path]:
    """The bureau's table for 1-2月, 1-3月, …: different files (a re-sent file would change nothing)."""
    text = UPLOAD.read_text(encoding="utf-8-sig")
    files = []
    for i in range(count):
        path = directory / f"bureau-1-{2 + i}.csv"
        path.write_text(text.replace("1-5月", f"1-{2 + i}月"), encoding="utf-8-sig")
        files.append(path)
    return files


async def uploads(db: Path, count: int) -> list[int]:
    """`count` different imports started together; their exit codes."""
    env = {**os.environ, "INDICATORS_DB": str(db)}
    procs = [await asyncio.create_subprocess_exec(
        sys.executable, "-m", "indicators", "import", str(path), "--user", "load",
        cwd=ROOT, env=env, stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.DEVNULL)
        for path in upload_files(db.parent, count)]
    return [await p.wait() for p in procs]


async def run(sessions: int, upload_count: int, rounds: int) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        db, port = Path(tmp) / "load.duckdb", free_port()
        server = start_server(db, port)
        try:
            async with async_playwright() as p:
                browser = await p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                readers = [session(browser, f"http://127.0.0.1:{port}", rounds) for _ in range(sessions)]
                results, codes = await asyncio.gather(asyncio.gather(*readers), uploads(db, upload_count))
                await browser.close()
        finally:
            server.terminate()
            server.wait(timeout=30)
        landed = _landed(db)
    return {"sessions": len(results), "errors": [e for _, errs in results for e in errs], "codes": codes,
            "landed": landed, "slowest": max(s for s, _ in results)}


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
          f"slowest page {result['slowest']:.1f} s, total {time.monotonic() - start:.0f} s")
    for error in result["errors"]:
        print("  ", error)


if __name__ == "__main__":
    main()
