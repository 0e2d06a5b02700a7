"""The load test in a reduced form (bench/load.py runs the full one): readers browse while imports land."""
import asyncio
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
import load  # noqa: E402


def test_readers_and_imports_at_the_same_time_and_no_import_waits_past_a_page_run():
    result = asyncio.run(load.run(sessions=3, upload_count=2, rounds=1))
    assert result["sessions"] == 3 and result["errors"] == []
    assert result["codes"] == [0, 0] and result["landed"] == 2
    assert max(result["waits"]) <= result["slowest"] + 1.0, result
