"""Time a 10,000-row upload end to end (read, validate, preview, commit) beside the bare
python-calamine read of the same file; prints figures and the ratio (target: within 3x)."""
from __future__ import annotations

import io
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import openpyxl
import python_calamine

sys.path[:0] = [str(Path(__file__).resolve().parent.parent), str(Path(__file__).resolve().parent.parent / "tests")]
from conftest import make_store  # noqa: E402
from indicators import catalog, store, upload  # noqa: E402
from loaders import match  # noqa: E402

ROWS = 10_000
RUNS = 7


def bureau_file(rows: int = ROWS, variant: int = 0) -> bytes:
    """A bureau-style 月报 table: every catalog indicator once, then other names up to `rows`
    (as many as fit when `rows` is fewer). `variant` changes the last row's amount: another file."""
    # one row per distinct written name: 地区生产总值 and 地区生产总值增速 are the bureau's one row
    names = list({match.key_of(n): n for n in catalog.read_catalog()["name"]}.values())
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["汨罗市2026年1-5月主要经济指标"])
    sheet.append(["指标名称", "计量单位", "1-5月（累计）", "同比增长(%)"])
    for i in range(rows):
        name = names[i] if i < len(names) else f"其他统计指标{i}"
        sheet.append([name, "亿元", 10.0 + i % 50 + (variant if i == rows - 1 else 0), 0.05 + (i % 7) / 100])
        sheet.cell(sheet.max_row, 4).number_format = "0.0%"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def bare_read(content: bytes) -> float:
    start = time.perf_counter()
    book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(content))
    for name in book.sheet_names:
        book.get_sheet_by_name(name).to_python()
    return time.perf_counter() - start


def end_to_end(content: bytes, directory: Path, run: int) -> tuple[float, dict]:
    cur = make_store(directory / f"upload{run}.duckdb")
    start = time.perf_counter()
    prepared = upload.prepare(cur, content, "bench.xlsx")
    upload.land(cur, prepared, "bench", confirmed=True)
    elapsed = time.perf_counter() - start
    return elapsed, {"values": len(prepared.preview), "warnings": len(prepared.warnings),
                     "stored": len(store.current_observations(cur, 2026))}


def main() -> None:
    content = bureau_file()
    floors, runs = [], []
    with tempfile.TemporaryDirectory() as tmp:
        end_to_end(content, Path(tmp), -1)  # imports and first-call caches, not timed
        for i in range(RUNS):  # floor and pipeline in turn: a busy neighbour slows both alike
            floors.append(bare_read(content))
            runs.append(end_to_end(content, Path(tmp), i))
    floor, full = statistics.median(floors), statistics.median(t for t, _ in runs)
    ratio = statistics.median(t / f for (t, _), f in zip(runs, floors))
    print(f"{ROWS:,}-row bureau table ({len(content) / 1024:.0f} KB), median of {RUNS} runs, load average {os.getloadavg()[0]:.1f} (2 cores)")
    print(f"  floor: bare calamine read    {floor * 1000:6.0f} ms")
    print(f"  read+validate+preview+commit {full * 1000:6.0f} ms   {ratio:.1f}x floor (target ≤3x: "
          f"{'met' if ratio <= 3 else 'NOT met'})")
    print(f"  last run: {runs[-1][1]}")


if __name__ == "__main__":
    main()
