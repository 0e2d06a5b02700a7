"""Time full in-process runs of the 总览 page and the largest area page against an empty page.

    python bench/views.py [--runs N] [--rebuild] [--profile]

Each figure is the median wall time of N AppTest runs (after 1 warm-up run) of a fresh
AppTest session: the script runs to the end and its messages are parsed, as in tests/test_app.py.
The pages run for tests/test_app.py's admin, signed in with a real account and session in each store,
and hold the store in a lease for the run, as app.py does (the area page through the tests' area_script).
cold = every data cache cleared before each run (clear_data: st.cache_data and the status tables views.shared
keeps as resources); warm = the data caches already filled.
The floor is an AppTest.from_function of a page that only shows st.title("空").
Prints figures and ratios only; nothing here asserts on timing.
"""
from __future__ import annotations

import argparse
import cProfile
import io
import logging
import os
import platform
import re
import pstats
import statistics
import sys
import sysconfig
import threading
import time
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
# `python bench/views.py` puts bench/ first on sys.path, where this file would shadow the
# project's `views` package: put the project root first and bench/ last. tests/ comes after it, for
# the sign-in and page helpers of tests/test_app.py (which imports tests/conftest.py by name).
sys.path[:] = ([str(ROOT)] + [p for p in sys.path if Path(p or ".").resolve() != BENCH]
               + [str(BENCH), str(ROOT / "tests")])
# AppTest's bare-mode warnings (also raised by each st.cache_data the tests' imports define) and
# "Uncaught app execution" logs would bury the table; exceptions are collected from each run's
# elements and printed after it.
logging.disable(logging.CRITICAL)

import pytest  # noqa: E402
import streamlit as st  # noqa: E402
from streamlit import config  # noqa: E402
from streamlit.testing.v1 import AppTest  # noqa: E402
from streamlit.util import calc_hash  # noqa: E402

import make_data  # noqa: E402
from indicators import catalog, settings  # noqa: E402
from test_app import ADMIN, COOKIE, area_script, sign_in  # noqa: E402

APP = str(ROOT / "app.py")
TIMEOUT = 120
# targets for the 总览 page: run time as a multiple of the empty page's
TARGETS = {"small": 3.0, "large": 4.0}
SITE = str(Path(st.__file__).parent.parent) + "/"
STDLIB = sysconfig.get_paths()["stdlib"] + "/"
SIGNED_OUT = "八好看板 · 登录"  # the title of views.auth.signed_out_page


def empty_page():
    import streamlit as st

    st.title("空")


@contextmanager
def signed_in(path):
    """The store at `path` with the tests' admin signed in. AppTest cannot send cookies, so, as the
    tests' browser_cookie fixture does, the pages read the token of a real session in that store; the
    session lookup itself (accounts.session_user) still runs on every page run."""
    from views import auth

    with settings.override(db_path=path), pytest.MonkeyPatch.context() as patch:
        sign_in(ADMIN)
        patch.setattr(auth, "cookie_token", lambda: COOKIE["token"])
        yield


def largest_area() -> tuple[int, str, int]:
    """(id, name, number of indicators) of the area with the most indicators in the catalog."""
    sizes = catalog.read_catalog().groupby("area").size()
    area_id = int(sizes.idxmax())
    name = next(a["name"] for a in catalog.load_areas() if a["id"] == area_id)
    return area_id, name, int(sizes.max())


def overview_test() -> AppTest:
    return AppTest.from_file(APP, default_timeout=TIMEOUT)


def area_test(area_id: int):
    return lambda: AppTest.from_function(area_script, args=(area_id,), default_timeout=TIMEOUT)


def area_via_app_test(area_id: int):
    """Fallback: the area page as app.py's navigation serves /area{id} (an st.Page hashes its url_path).

    Used only when the from_function run fails, e.g. because the page links to other pages,
    which only exist under app.py's st.navigation. Sets AppTest's private _page_hash."""
    def make() -> AppTest:
        at = AppTest.from_file(APP, default_timeout=TIMEOUT)
        at._page_hash = calc_hash(f"area{area_id}")
        return at
    return make


def empty_test() -> AppTest:
    return AppTest.from_function(empty_page, default_timeout=TIMEOUT)


def clear_data() -> None:
    """Every cache of data: st.cache_data, and the status table and areas views.shared keeps as resources (not
    st.cache_resource.clear(): the store's connection, kept there too, stays open as on a server)."""
    from views import shared

    st.cache_data.clear()
    shared._status_table.clear()
    shared._areas.clear()


def one_run(make, cold: bool) -> tuple[float, AppTest]:
    """Wall time of one fresh session's full run (the AppTest is built before the clock starts)."""
    if cold:
        clear_data()
    at = make()
    # .streamlit/config.toml redacts exception messages; the bench wants to see them
    config.set_option("client.showErrorDetails", "full")
    started = time.perf_counter()
    at.run()
    return time.perf_counter() - started, at


def problems(at: AppTest) -> list[str]:
    """Exceptions (with their stack) and st.error messages shown by the run."""
    found = []
    for exc in at.exception:
        stack = [line.strip() for line in (exc.stack_trace or []) if line.strip()]
        found.append(f"{exc.message}\n      " + "\n      ".join(stack[-8:]))
    found += [f"st.error: {e.value}" for e in at.error]
    if any(t.value == SIGNED_OUT for t in at.title):  # a lost sign-in would time the sign-in page instead
        found.append("signed out: the run showed the sign-in page, not the page to measure")
    return found


def measure(make, runs: int, cold: bool) -> dict:
    """1 warm-up run, then `runs` timed runs; stops early when the page fails."""
    seconds = []
    for i in range(runs + 1):
        elapsed, at = one_run(make, cold)
        bad = problems(at)
        if bad:
            return {"error": bad}
        if i:
            seconds.append(elapsed)
    titles = [t.value for t in at.title]
    return {"median": statistics.median(seconds), "min": min(seconds), "max": max(seconds), "seconds": seconds,
            "title": titles[0] if titles else "", "charts": len(at.get("plotly_chart"))}


def display_width(text) -> int:
    """Terminal columns: CJK characters and full-width punctuation take two."""
    return sum(2 if ord(c) > 0x2E7F else 1 for c in str(text))


def fmt_row(cells, widths, aligns):
    out = []
    for cell, width, align in zip(cells, widths, aligns):
        pad = width - display_width(cell)
        out.append(str(cell) + " " * pad if align == "<" else " " * pad + str(cell))
    return "  ".join(out).rstrip()


def run_benchmark(runs: int, rebuild: bool) -> list[dict]:
    area_id, area_name, area_size = largest_area()
    stores = []
    for name in ("small", "large"):
        path, stats, built = make_data.ensure(name, rebuild=rebuild)
        stores.append((name, path, stats["rows"], built))
        print(f"{name} store: {stats['rows']:,} rows, {path}"
              + (f" (built now in {stats['build_s']:.1f} s)" if built else " (reused; --rebuild to rebuild)"))

    started = time.perf_counter()
    load = os.getloadavg()
    floors = []  # the floor is measured before each store's block and at the end: the median of all
    results = []
    for name, path, rows, _ in stores:
        floors.append(measure(empty_test, runs, cold=False))
        clear_data()
        with signed_in(path):
            area_page = f"{area_id}. {area_name}（{area_size}项）"
            pages = [("总览", overview_test, None), (area_page, area_test(area_id), area_via_app_test(area_id))]
            for page, make, fallback in pages:
                for cold in (True, False):
                    if not cold:
                        clear_data()  # the warm-up run fills it
                    result = measure(make, runs, cold)
                    results.append({"store": name, "rows": rows, "page": page, "overview": page == "总览",
                                    "cache": "cold" if cold else "warm", **result})
                    if "error" in result and fallback:
                        result = measure(fallback, runs, cold)
                        results.append({**results[-1], "page": page + " via app.py", **result})
                        if "median" in result:
                            results[-1].pop("error", None)
    floors.append(measure(empty_test, runs, cold=False))
    floor = statistics.median([t for f in floors for t in f["seconds"]])
    total = time.perf_counter() - started

    print()
    print(f"八好看板 view benchmark · {datetime.now():%Y-%m-%d %H:%M} · {platform.node()} · "
          f"{os.cpu_count()} CPU · Python {platform.python_version()} · streamlit {st.__version__}")
    batches = ", ".join(f"{f['median'] * 1000:.0f}" for f in floors)
    print(f"load average at start {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} (1/5/15 min)")
    print(f"median of {runs} runs after 1 warm-up; floor = empty page (st.title only): {floor * 1000:.1f} ms "
          f"(median of {len(floors)}x{runs} runs; per batch: {batches} ms)")
    print()
    head = ["store", "rows", "page", "cache", "charts", "median ms", "min ms", "max ms", "x floor", "target", "meets"]
    widths = [5, 7, max(display_width(r["page"]) for r in results), 5, 6, 9, 7, 7, 7, 6, 5]
    aligns = ["<", ">", "<", "<", ">", ">", ">", ">", ">", ">", "<"]
    print(fmt_row(head, widths, aligns))
    print(fmt_row(["-" * w for w in widths], widths, aligns))
    failures = []
    for r in results:
        target = TARGETS[r["store"]] if r["overview"] else None
        if "error" in r:
            cells = [r["store"], f"{r['rows']:,}", r["page"], r["cache"], "", "ERROR", "", "", "",
                     f"≤{target:g}x" if target else "", "no" if target else ""]
            failures.append(r)
        else:
            ratio = r["median"] / floor
            cells = [r["store"], f"{r['rows']:,}", r["page"], r["cache"], r["charts"], f"{r['median'] * 1000:.0f}",
                     f"{r['min'] * 1000:.0f}", f"{r['max'] * 1000:.0f}", f"{ratio:.1f}x",
                     f"≤{target:g}x" if target else "", ("yes" if ratio <= target else "NO") if target else ""]
        print(fmt_row(cells, widths, aligns))
    print()
    print(f"benchmark time {total:.0f} s (store builds excluded)")
    for r in failures:
        print(f"\nERROR {r['store']} store · {r['page']} · {r['cache']}:")
        for message in r["error"]:
            print(f"  {message}")
    return results


def profile_overview(store: str, top: int = 18) -> None:
    """cProfile of one warm 总览 run on `store`, taken inside Streamlit's script thread."""
    path, _, _ = make_data.ensure(store)
    with signed_in(path):
        clear_data()
        overview_test().run()  # warm-up: fills the data cache
        profiler = cProfile.Profile()

        def start_in_script_thread(*_):
            sys.setprofile(None)
            if threading.current_thread().name.startswith("ScriptRunner"):
                profiler.enable()

        threading.setprofile(start_in_script_thread)
        try:
            elapsed, _ = one_run(overview_test, cold=False)
        finally:
            threading.setprofile(None)
        profiler.disable()
    print(f"\ncProfile of one warm 总览 run, {store} store (wall {elapsed * 1000:.0f} ms; script thread only, "
          f"AppTest's message parsing excluded)")
    project = re.escape(str(ROOT)) + r"/(app\.py|views/|charts/|indicators/)"
    for title, order, restrict in ((f"project code, top {top} by cumulative time", "cumulative", (project, top)),
                                   ("everything, top 10 by own time", "tottime", (10,))):
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats(order).print_stats(*restrict)
        lines = [line for line in out.getvalue().splitlines() if line.strip()]
        start = next(i for i, line in enumerate(lines) if line.lstrip().startswith("ncalls"))
        print(f"  {title}:")
        for line in lines[start:]:
            line = line.replace(str(ROOT) + "/", "").replace(SITE, "…/").replace(STDLIB, "")
            print("  " + line)


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="timed runs per figure (default 7)")
    parser.add_argument("--rebuild", action="store_true", help="rebuild the bench/.data stores first")
    parser.add_argument("--profile", action="store_true",
                        help="also print a cProfile of one warm 总览 run on each store")
    args = parser.parse_args(argv)
    run_benchmark(max(args.runs, 1), args.rebuild)
    if args.profile:
        for store in ("small", "large"):
            profile_overview(store)


if __name__ == "__main__":
    main()
