"""What the 其他指标 bullet board costs Chromium to draw, against a chart of the same size with nothing in it.

The demo store's status rows of area 3 (30 rows) and area 8 (61 rows) make two boards. A static page loads
the plotly.js that ships in the plotly package (no server, no network) and times Plotly.newPlot up to the
next frame: the renderer's main-thread time (CDP ThreadTime) and the wall time, median of N runs, boards
and blank charts taking turns (a neighbour's load slows both alike).

python bench/bullets_browser.py [--runs 15]
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
from pathlib import Path

import plotly

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]
from playwright.sync_api import sync_playwright  # noqa: E402


from charts import bullets  # noqa: E402
from conftest import make_store  # noqa: E402
from indicators import report  # noqa: E402
from test_browser import CHROMIUM, CHROMIUM_ARGS  # noqa: E402

PLOTLY_JS = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
AREAS = {"area 3": 3, "area 8": 8}
DRAW = """async () => { const fig = window.figure, g = document.getElementById('g'); Plotly.purge(g);
  await new Promise(r => requestAnimationFrame(() => setTimeout(r, 0)));
  const start = performance.now(); await Plotly.newPlot(g, fig.data, fig.layout, {displaylogo: false});
  await new Promise(r => requestAnimationFrame(() => setTimeout(r, 0))); return performance.now() - start; }"""


def boards() -> dict[str, dict]:
    """Each area's board, and a blank chart of its size, as plotly.js takes them."""
    table = report.status_table(make_store(with_demo=True), 2026, 10)
    out = {}
    for name, area in AREAS.items():
        rows = table[table["area"] == area].to_dict("records")
        fig = json.loads(bullets.bullet_board(rows).to_json())
        out[f"{name}: {len(rows)} rows"] = fig
        out[f"{name}: blank"] = {"data": [], "layout": {**fig["layout"], "annotations": []}}
    return out


def measure(figures: dict[str, dict], runs: int) -> dict[str, list[tuple[float, float]]]:
    """(main-thread ms, wall ms) of each figure's newPlot, `runs` times after one unmeasured round."""
    times = {name: [] for name in figures}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1366, "height": 900})
        page.set_content("<html><body><div id='g' style='width:1200px'></div></body></html>")
        page.add_script_tag(path=str(PLOTLY_JS))
        cdp = page.context.new_cdp_session(page)
        cdp.send("Performance.enable")
        thread = lambda: next(m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]  # noqa: E731
                              if m["name"] == "ThreadTime")
        for run in range(runs + 1):
            for name, fig in figures.items():
                page.evaluate("f => { window.figure = f; }", fig)  # handed over before the clock starts
                before = thread()
                wall = page.evaluate(DRAW)
                if run:
                    times[name].append(((thread() - before) * 1000, wall))
        browser.close()
    return times


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=15)
    times = measure(boards(), parser.parse_args().runs)
    print(f"{'figure':<22}{'main thread ms':>16}{'wall ms':>10}")
    for name, got in times.items():
        print(f"{name:<22}{statistics.median(t for t, _ in got):>16.1f}{statistics.median(w for _, w in got):>10.1f}")


if __name__ == "__main__":
    main()
