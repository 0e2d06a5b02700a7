"""Time the eight-area deck and the 滞后指标 briefing in this process; print seconds per slide and the
ratio of the deck to the batched image export of the same gauges (its floor). Targets: deck < 30 s,
≤ 1.5x floor. The deck is timed three ways: nothing kept (first request after an upload), its images
kept (another deck of the same data) and the finished deck kept. From the browser: exports_browser.py.
"""
from __future__ import annotations

import io
import sys
import time
from pathlib import Path

from pptx import Presentation

sys.path[:0] = [str(Path(__file__).resolve().parent.parent), str(Path(__file__).resolve().parent.parent / "tests")]
from charts import card_gauge, figures, images  # noqa: E402
from common.kinds import NUMERIC_KINDS  # noqa: E402
from conftest import make_store  # noqa: E402
from indicators import report  # noqa: E402
from outputs import reports

YEAR, MONTH = 2026, 10


def timed(run):
    start = time.perf_counter()
    result = run()
    return result, time.perf_counter() - start


def main() -> None:
    cur = make_store(with_demo=True)
    problem = images.chromium_problem()
    if problem:
        print(problem)
    images.to_images([figures.gauge(report.status_table(cur, YEAR, MONTH).to_dict("records")[0])])  # browser up
    rows = report.status_table(cur, YEAR, MONTH)
    shown = rows[rows["kind"].isin(NUMERIC_KINDS) & rows["target"].notna() & rows["headline"]]
    images.forget_images()
    _, floor = timed(lambda: images.to_images([card_gauge.card_gauge(r) for r in shown.to_dict("records")], "png",
                                              **reports.GAUGE_SIZE))
    images.forget_images()
    times = {}
    for name in ("nothing kept", "images kept", "deck kept"):
        if name != "deck kept":
            reports._decks.clear()
        (deck, _), times[name] = timed(lambda: reports.area_deck(cur, YEAR, MONTH, None))
    briefing, briefing_time = timed(lambda: reports.briefing(cur, YEAR, MONTH))
    deck_slides = len(Presentation(io.BytesIO(deck)).slides)
    briefing_slides = len(Presentation(io.BytesIO(briefing)).slides)
    print(f"batched export of the deck's {len(shown)} gauges (floor)  {floor:6.1f} s")
    for name, seconds in times.items():
        print(f"eight-area deck, {name:12s}  {seconds:6.1f} s  {deck_slides:3d} slides  "
              f"{seconds / deck_slides:.2f} s/slide  {seconds / floor:.2f}x floor (targets: < 30 s, ≤ 1.5x)")
    print(f"briefing deck     {briefing_time:6.1f} s  {briefing_slides:3d} slides  "
          f"{briefing_time / briefing_slides:.2f} s/slide")


if __name__ == "__main__":
    main()
