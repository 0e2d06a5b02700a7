"""The README's screenshots: the demo store in Debian's Chromium at 1366 px and on a 390 px phone.

Run from the project root: `python docs/make_screenshots.py` (writes docs/*.png)."""
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]
from test_browser import CHROMIUM, CHROMIUM_ARGS, free_port, settled, wait_until_up  # noqa: E402

USER, PASSWORD = "截图", "screenshot-2026"
# (file name, path, viewport width, height): what a leader opens first, then a phone
SHOTS = [("overview", "", 1366, 900), ("area", "area1", 1366, 900), ("detail", "detail?code=A1-01", 1366, 900),
         ("upload", "upload", 1366, 768), ("phone-overview", "", 390, 844), ("phone-area", "area1", 390, 844)]


def start_demo(db: Path):
    env = {**os.environ, "INDICATORS_DB": str(db)}
    cli = [sys.executable, "-m", "indicators"]
    subprocess.run([*cli, "init", "--demo"], check=True, env=env, cwd=ROOT, capture_output=True)
    subprocess.run([*cli, "user", "add", USER, "--role", "admin", "--password-stdin", "--user", USER],
                   check=True, env=env, cwd=ROOT, capture_output=True, input=PASSWORD, text=True)
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port),
                               "--server.headless", "true"], cwd=ROOT, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    wait_until_up(url, server)
    return server, url


def shoot(browser, url: str, out: Path) -> None:
    for name, path, width, height in SHOTS:
        page = browser.new_page(viewport={"width": width, "height": height})
        page.goto(f"{url}/{path}")
        page.get_by_label("用户名").fill(USER)
        page.get_by_label("密码").fill(PASSWORD)
        page.get_by_role("button", name="登录").click()
        page.get_by_text(f"当前用户：{USER}").wait_for(timeout=60000)
        settled(page, 60000)
        page.wait_for_timeout(6000)  # plotly and the metrics draw after the script run ends
        page.screenshot(path=str(out / f"{name}.png"), full_page=width < 1000)
        page.close()


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        server, url = start_demo(Path(tmp) / "demo.duckdb")
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                shoot(browser, url, ROOT / "docs")
                browser.close()
        finally:
            server.terminate()
            server.wait()


if __name__ == "__main__":
    main()
