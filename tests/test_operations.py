"""Operations: backup and restore, and writers that wait for each other instead of failing."""
import subprocess
import sys
import time

import pytest

from indicators import catalog

ROOT = catalog.ROOT
UPLOADS = ROOT / "tests" / "data" / "upload"


def cli(db, *args, wait=True, **kwargs):
    command = [sys.executable, "-m", "indicators", "--db", str(db), *args]
    if not wait:
        return subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, **kwargs)


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "ops.duckdb"
    assert cli(path, "init", "--demo").returncode == 0
    assert cli(path, "import", str(UPLOADS / "bureau-1-5.xlsx"), "--user", "统计局").returncode == 0
    return path


def test_backup_and_restore_give_the_same_report_and_history(db, tmp_path):
    backup = tmp_path / "backup"
    done = cli(db, "backup", str(backup))
    assert done.returncode == 0 and done.stdout.startswith(f"已备份到 {backup}")
    restored = tmp_path / "restored.duckdb"
    assert cli(restored, "restore", str(backup)).returncode == 0
    for period in ("2026-05", "2026-10"):
        assert cli(restored, "report", "--period", period, "--format", "csv").stdout == \
            cli(db, "report", "--period", period, "--format", "csv").stdout
    history = "from indicators import store; import sys; print(store.revisions(store.connect(sys.argv[1]).cursor(), " \
              "'A2-01', 2026).drop(columns=['uploaded_at']).to_csv())"
    show = [subprocess.run([sys.executable, "-c", history, str(p)], cwd=ROOT, capture_output=True, text=True).stdout
            for p in (db, restored)]
    assert show[0] == show[1] and "统计局" in show[0]
    again = cli(restored, "import", str(UPLOADS / "bureau-1-5.xlsx"))
    assert "未做任何更改" in again.stdout  # the restored store still knows the file, and its upload ids


def test_restore_never_overwrites_silently(db, tmp_path):
    backup = tmp_path / "backup"
    cli(db, "backup", str(backup))
    refused = cli(db, "restore", str(backup))
    assert refused.returncode == 1 and "已存在；如确需用备份替换，请加 --replace" in refused.stderr
    replaced = cli(db, "restore", str(backup), "--replace")
    assert replaced.returncode == 0 and "原数据库已改名保留为" in replaced.stdout
    assert len(list(db.parent.glob("ops.duckdb.before-restore-*"))) == 1


@pytest.mark.parametrize("setup,message", [
    (lambda d: (d / "x.txt").write_text("x"), "已存在且不为空"),
])
def test_backup_refuses_a_used_directory(db, tmp_path, setup, message):
    target = tmp_path / "used"
    target.mkdir()
    setup(target)
    result = cli(db, "backup", str(target))
    assert result.returncode == 1 and message in result.stderr


HOLDER = """
import sys, time, duckdb
con = duckdb.connect(sys.argv[1])
print("holding", flush=True)
time.sleep(float(sys.argv[2]))
con.close()
"""


def test_an_import_waits_while_another_process_holds_the_store(db):
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(db), "2.5"], stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "holding"
    start = time.monotonic()
    result = cli(db, "import", str(UPLOADS / "bureau-1-5.xls"), "--user", "统计局")
    holder.wait()
    assert result.returncode == 0, result.stderr
    assert "等待其释放" in result.stderr and time.monotonic() - start >= 2
    assert "新增 0 项，更正 0 项，未变 5 项" in result.stdout


def test_two_imports_at_the_same_moment_both_land_one_after_the_other(db, tmp_path):
    first = cli(db, "import", str(UPLOADS / "bureau-1-5-gbk.csv"), "--period", "2026-06", wait=False)
    second = cli(db, "import", str(UPLOADS / "bureau-1-5-utf8.csv"), "--period", "2026-07", wait=False)
    outputs = [p.communicate(timeout=120) for p in (first, second)]
    assert [p.returncode for p in (first, second)] == [0, 0], outputs
    listing = "from indicators import store; import sys; print(sorted(store.current_observations(" \
              "store.connect(sys.argv[1]).cursor(), 2026).query('month in (6, 7) and code == \"A2-01\"')['month']))"
    months = subprocess.run([sys.executable, "-c", listing, str(db)], cwd=ROOT, capture_output=True, text=True)
    assert months.stdout.strip() == "[6, 7]"
