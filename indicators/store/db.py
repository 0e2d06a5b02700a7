"""Opening the store, its schema migrations, transactions, and the error a store failure raises."""
from __future__ import annotations

import functools
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
import time

import duckdb

from common.errors import UserError
from indicators import settings


CITY = "全市"
# Schema migrations: numbered SQL files in indicators/schema/, applied in order on every open.
# Never edit a released one; add the next.
SCHEMA_DIR = Path(__file__).resolve().parent.parent / "schema"
MIGRATIONS: list[tuple[int, str]] = [
    (int(path.name.split("_")[0]), path.read_text(encoding="utf-8")) for path in sorted(SCHEMA_DIR.glob("*.sql"))]


def _current_version(cur) -> int:
    cur.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, applied_at TIMESTAMP)")
    return cur.execute("SELECT coalesce(max(version), 0) FROM schema_version").fetchall()[0][0]


def open_file(path: Path | str) -> duckdb.DuckDBPyConnection:
    """A DuckDB connection to `path` as the store runs it (settings.duckdb_config)."""
    return duckdb.connect(str(path), config=settings.duckdb_config())


def migrate(cur) -> int:
    """Run every migration newer than the store's version, each in its own transaction. A store
    written by a newer version of the dashboard is refused: this one would not know its tables."""
    have, newest = _current_version(cur), MIGRATIONS[-1][0]
    if have > newest:
        raise StoreError(f"数据库由更新版本的八好看板写入（表结构版本 {have}），本程序只认识到版本 {newest}："
                         "请升级八好看板后再打开，以免旧程序改坏数据")
    for version, script in MIGRATIONS:
        if version > have:
            with transaction(cur):
                cur.execute(script)  # DuckDB runs a whole script, comments and all
                cur.execute("INSERT INTO schema_version VALUES (?, ?)", [version, datetime.now()])
    return max(have, newest)


class StoreError(UserError):
    """Raised when the store file cannot be opened, is held by another program, or is of a later version."""


_open: set[int] = set()  # cursors inside a transaction: a nested one joins the outer unit of work


@contextmanager
def transaction(cur):
    """One unit of work: all of it lands, or (on any exception) none of it. Inside another
    transaction on the same cursor it is part of that one."""
    if id(cur) in _open:
        yield cur
        return
    cur.execute("BEGIN")
    _open.add(id(cur))
    try:
        yield cur
    except BaseException:
        cur.execute("ROLLBACK")
        raise
    else:
        cur.execute("COMMIT")
    finally:
        _open.discard(id(cur))


def writes(function):
    """A store function that writes: its body is one transaction (joining the caller's, if any)."""
    @functools.wraps(function)
    def in_transaction(cur, *args, **kwargs):
        with transaction(cur):
            return function(cur, *args, **kwargs)
    return in_transaction


WRITER_FLAG_STALE = 90.0  # seconds: longer than any writer waits, so a crashed writer's flag is ignored


def writer_flag(path: Path | str) -> Path:
    """A file beside the store saying a writer is waiting for it: the dashboard then lets go at once."""
    return Path(f"{path}.writer-waiting")


def writer_waiting(path: Path | str) -> bool:
    """Whether a writer (an import, a backup) is waiting for the store file right now."""
    try:
        return time.time() - writer_flag(path).stat().st_mtime < WRITER_FLAG_STALE
    except FileNotFoundError:
        return False


def connect(path: Path | str, wait: float = 0.0, on_wait=None, writer: bool = False,
            opened: duckdb.DuckDBPyConnection | None = None) -> duckdb.DuckDBPyConnection:
    """Open (creating and migrating) the store at `path`; ':memory:' for tests. `opened`: the file's
    connection opened already (the command line opens it while its libraries load), migrated here.

    DuckDB lets one process at a time open the file: while another holds it (the dashboard, an
    import), retry for up to `wait` seconds, calling `on_wait()` once, then raise StoreError. A
    `writer` (an import, a backup) waiting raises the writer flag, which tells the dashboard to let go
    as soon as its page runs end; the dashboard itself waits without it."""
    if opened is not None:
        migrate(opened.cursor())
        return opened
    if str(path) != ":memory:":
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    deadline, flagged = time.monotonic() + wait, False
    try:
        while True:
            try:
                con = open_file(path)
                break
            except duckdb.IOException as exc:
                if not _locked(exc) or time.monotonic() >= deadline:
                    raise StoreError(_open_failure(path, exc, wait)) from exc
                if not flagged:
                    flagged = True
                    if writer:
                        writer_flag(path).touch()
                    if on_wait:
                        on_wait()
                time.sleep(0.1)
    finally:
        if flagged and writer:
            writer_flag(path).unlink(missing_ok=True)
    migrate(con.cursor())
    return con


def _locked(exc: Exception) -> bool:
    return "could not set lock" in str(exc).lower()


def _open_failure(path, exc, wait: float) -> str:
    if _locked(exc):
        return (f"数据库文件 {path} 正被另一个程序使用（看板或命令行导入），等待 {wait:g} 秒后仍未释放，"
                "请稍后重试")
    return f"无法打开数据库文件 {path}：文件损坏或无法读写（{exc}）"


def schema_version(cur) -> int:
    """The highest migration applied."""
    return cur.execute("SELECT max(version) FROM schema_version").fetchall()[0][0]


def in_city(batch) -> None:
    """Fill in 全市 where a row of `batch` names no region (a column empty throughout arrives as numbers)."""
    batch["region"] = regions(batch["region"].tolist())


def regions(written: list) -> list[str]:
    """Each row's region: 全市 where none is named (None, NaN)."""
    return [CITY if r is None or r != r else r for r in written]


def _register(cur, **frames) -> None:
    """Make DataFrames visible to SQL by name (explicit, not DuckDB's replacement scan)."""
    for name, frame in frames.items():
        cur.register(name, frame)
