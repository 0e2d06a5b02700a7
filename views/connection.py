"""The dashboard's hold on the store file: connections handed out only as leases.

DuckDB lets one process at a time open the file. The dashboard therefore lets go of it as soon as a
command (`python -m indicators import`, which waits for the file) raises its writer flag and the page
runs going on end, and otherwise after IDLE_SECONDS without a page run; the next page run opens it again. A
connection is closed only when no lease is out, so a long query is never cut off, and a failure
while closing is logged and tried again, never fatal to the closer.
"""
from __future__ import annotations

import atexit
import logging
import threading
import time
from contextlib import contextmanager

from indicators import startup, store

# with nobody waiting, the file is let go this long after the last page run ends. Opening it again costs a
# page run 0.1-0.2 s, so it is kept while people click about; a writer's flag takes it at once anyway.
IDLE_SECONDS = 30.0
OPEN_WAIT_SECONDS = 15.0
YIELD_SECONDS = 10.0  # how long a new page run may wait while a writer takes its turn
LOG = logging.getLogger(__name__)


class SharedStore:
    """One connection per store file and server process, lent out as cursors and closed when idle."""

    def __init__(self, path: str, idle_seconds: float = IDLE_SECONDS):
        self.path, self.lock, self.con, self.idle_seconds = path, threading.Lock(), None, idle_seconds
        self.in_use, self.used = 0, 0.0
        self.closer = threading.Thread(target=self._close_when_idle, daemon=True, name="store-idle")
        self.closer.start()

    @contextmanager
    def lease(self):
        """A cursor of the open connection for one unit of work; the connection stays open until it is back.
        While a writer waits for the file, a new lease waits until the writer has had its turn."""
        self._give_way()
        with self.lock:
            if self.con is None:
                self.con = _opened(self.path)
            self.in_use += 1
            cur = self.con.cursor()
        try:
            yield cur
        finally:
            cur.close()
            with self.lock:
                self.in_use -= 1
                self.used = time.monotonic()

    def _give_way(self) -> None:
        """Let a waiting writer have the file: no new lease until it has it (or YIELD_SECONDS pass)."""
        deadline = time.monotonic() + YIELD_SECONDS
        while store.writer_waiting(self.path) and time.monotonic() < deadline:
            self.close_if_idle()
            time.sleep(0.05)

    def close_if_idle(self) -> bool:
        """Close the connection if no lease is out and none was for idle_seconds (at once when a writer
        waits); True if it closed."""
        with self.lock:
            idle = time.monotonic() - self.used >= self.idle_seconds or store.writer_waiting(self.path)
            if self.con is None or self.in_use or not idle:
                return False
            self.con.close()  # if this fails, the connection stays and the next round tries again
            self.con = None
            return True

    def _close_when_idle(self) -> None:
        while not _stopping.wait(0.05):
            try:
                self.close_if_idle()
            except Exception:  # noqa: BLE001 - the closer must outlive any one failure; it tries again
                LOG.exception("关闭数据库连接失败，稍后重试")


_stores: dict[str, SharedStore] = {}
_stores_lock = threading.Lock()
_stopping = threading.Event()


@atexit.register
def _stop_closers() -> None:
    """Stop the closers before the interpreter goes: a thread killed inside DuckDB aborts the process."""
    _stopping.set()
    for shared_store in list(_stores.values()):
        shared_store.closer.join(timeout=2)


def shared(path: str) -> SharedStore:
    """The one SharedStore of a store file in this process: pages and the sign-in routes share it."""
    with _stores_lock:
        if path not in _stores:
            _stores[path] = SharedStore(path)
        return _stores[path]


def _opened(path: str):
    con = store.connect(path, wait=OPEN_WAIT_SECONDS)
    password = startup.prepare(con.cursor())
    if password:  # first start: shown once on the terminal, as Jupyter shows its token
        print(f"八好看板首次启动：已创建管理员账户 admin，初始密码 {password}（只显示这一次，请登录后妥善保管）",
              flush=True)
    return con
