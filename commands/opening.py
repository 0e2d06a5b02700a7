"""The store's file opened while the command's libraries load.

Opening a DuckDB file costs a command about 20 ms, and pandas takes ten times as long to import; DuckDB
opens the file without Python's lock, so `start` (run first by `python -m indicators`) opens it in a
thread meanwhile, and `take` hands the open connection to store.connect, which migrates it as any other.
Only a file that exists is opened ahead (a command never creates one by this route), and any failure
(the dashboard holds the file, a damaged file) is left to the usual opening, which waits or explains."""
from __future__ import annotations

import threading
from pathlib import Path

import duckdb

from indicators import settings  # light: the standard library only

# commands that open the store through commands.cli.open_store and nothing else (not restore, which
# replaces the file: DuckDB would hand a second opening in this process the first one's database)
AHEAD = {"report", "export", "template", "supervise"}
_ahead: dict = {}


def start(argv: list[str]) -> None:
    """For a command of AHEAD, open the store the command line names (--db, else the settings' db_path)
    in a thread, if the file exists."""
    if not AHEAD & set(argv):
        return
    path = _path(argv)
    if path is not None and path.exists():
        thread = threading.Thread(target=_open, args=(path,), name="store-ahead", daemon=True)
        _ahead.update(path=path.resolve(), thread=thread)
        thread.start()


def take(path: Path) -> duckdb.DuckDBPyConnection | None:
    """The connection opened ahead for `path`, once; None when there is none (or it failed)."""
    if "thread" not in _ahead or _ahead["path"] != Path(path).resolve():
        return None
    _ahead.pop("thread").join()
    return _ahead.pop("connection", None)


def _open(path: Path) -> None:
    try:
        _ahead["connection"] = duckdb.connect(str(path), config=settings.duckdb_config())
    except duckdb.Error:
        pass  # the usual opening meets the same and says why


def _path(argv: list[str]) -> Path | None:
    """The file commands.cli.open_store will open, as far as it can be told before argparse; None when
    it cannot (argparse also takes an abbreviation such as --d for --db)."""
    for i, arg in enumerate(argv):
        if arg == "--db":
            return Path(argv[i + 1]) if i + 1 < len(argv) else None
        if arg.startswith("--db="):
            return Path(arg[len("--db="):])
        if arg.startswith("--d"):
            return None
    return settings.get().db_path
