"""The dashboard's hold on the store file: leases, never cut off, let go for a waiting writer."""
import os
import re
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from conftest import make_store
from views import connection

ROOT = Path(__file__).resolve().parent.parent
BUREAU = ROOT / "tests" / "data" / "upload" / "bureau-1-5-utf8.csv"
IDLE = 0.5  # the dashboard keeps the file longer; the rules are the same at any idle time


@pytest.fixture
def shared_store(tmp_path):
    path = tmp_path / "lease.duckdb"
    make_store(path).close()
    return connection.SharedStore(str(path), idle_seconds=IDLE)


def test_a_query_longer_than_the_idle_time_is_never_cut_off(shared_store):
    with shared_store.lease() as cur:
        cur.execute("SELECT count(*) FROM indicators").fetchall()
        time.sleep(IDLE * 4)  # the closer runs meanwhile, and must leave it alone
        assert cur.execute("SELECT count(*) FROM indicators").fetchall()[0][0] > 150
    assert shared_store.con is not None  # released only now; closed once idle
    time.sleep(IDLE * 3)
    assert shared_store.con is None


def test_two_leases_at_once_share_the_connection_and_it_stays_until_both_are_back(shared_store):
    with shared_store.lease() as first:
        with shared_store.lease():
            assert shared_store.in_use == 2
        time.sleep(IDLE * 3)
        assert first.execute("SELECT 1").fetchall() == [(1,)] and shared_store.con is not None
    assert shared_store.in_use == 0


def test_the_closer_logs_a_failure_and_tries_again(shared_store, caplog):
    with shared_store.lease():
        pass
    con, failures = shared_store.con, []

    class Stubborn:  # close() fails once, then works
        def close(self):
            if not failures:
                failures.append(1)
                raise RuntimeError("locked by the OS for a moment")
            con.close()

    shared_store.con = Stubborn()
    time.sleep(IDLE * 4)
    assert failures and shared_store.con is None and shared_store.closer.is_alive()
    assert "关闭数据库连接失败" in caplog.text


def test_an_import_waits_no_longer_than_the_page_run_plus_a_second(shared_store):
    env = {**os.environ, "INDICATORS_DB": shared_store.path, "PYTHONPATH": str(ROOT)}
    hold = 2.5

    def page_run():  # a long page run: the import must wait for it, and not much longer
        with shared_store.lease() as cur:
            time.sleep(hold)
            cur.execute("SELECT 1").fetchall()

    reader = threading.Thread(target=page_run)
    reader.start()
    time.sleep(0.3)
    result = subprocess.run([sys.executable, "-m", "indicators", "import", str(BUREAU), "--user", "统计员"],
                            cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    reader.join()
    assert result.returncode == 0, result.stderr
    waited = float(re.search(r"共等待 ([\d.]+) 秒", result.stderr).group(1))
    assert waited <= hold + 1.0
    with shared_store.lease() as cur:  # the dashboard picks the file up again and sees the new values
        assert cur.execute("SELECT count(*) FROM uploads WHERE uploaded_by = '统计员'").fetchall() == [(1,)]


def test_new_page_runs_give_way_while_a_writer_waits(shared_store, monkeypatch):
    monkeypatch.setattr(connection, "YIELD_SECONDS", 0.6)
    flag = Path(f"{shared_store.path}.writer-waiting")
    flag.touch()
    started = time.monotonic()
    with shared_store.lease() as cur:  # waits for the writer (here: until it gives up waiting for it)
        assert cur.execute("SELECT 1").fetchall() == [(1,)]
    assert time.monotonic() - started >= 0.5
    flag.unlink()
    started = time.monotonic()
    with shared_store.lease():
        pass
    assert time.monotonic() - started < 0.5
