"""Chart images: kaleido driving a local Chromium, rendered in batches and kept for reuse (file names and
the chart toolbar: charts.filenames; Excel workbooks: charts.excel).

Only images need a browser: without a usable Chromium, `to_images` raises ExportUnavailable and
`chromium_problem()` says so in one sentence.
Nothing here touches the network (MathJax is switched off, plotly.js comes from the plotly package)."""
from __future__ import annotations

import asyncio
import atexit
import collections
import concurrent.futures
import functools
import hashlib
import json
import os
import subprocess
import threading
import time

import plotly.graph_objects as go

from common.errors import UserError

SLIDE_SIZE = (1280, 720)  # px, 16:9
SCALE = 2
FORMATS = ("png", "svg", "jpeg", "webp", "pdf")
BATCH_TIMEOUT = 120.0  # s for one call of to_images
FIGURE_TIMEOUT = 60.0  # s for one figure inside a batch
START_TIMEOUT = 30.0  # s to launch Chromium
PROBE_TIMEOUT = 10.0  # s for finding the browser, and again for `chromium --version`
TABS = 2  # pages rendering in parallel; measured: 40 gauges 9.6 s with 1 tab, 6.5 s with 2, no gain with 4
RELOAD_EVERY = 200  # figures a tab renders before kaleido reloads its page (it reloads after each by default)
CACHE_BYTES = 96 * 2**20  # rendered images kept for reuse: about 15 eight-area decks of gauges
POLL_SECONDS = 0.1  # how often a waiting to_images reports progress
STILL_WORKS = "PPTX 仍可导出（原生图表），Excel 不受影响。"
NO_BROWSER = f"未找到 Chromium 浏览器（Debian 软件包 chromium），无法导出图片；{STILL_WORKS}"
BROKEN_BROWSER = "Chromium 浏览器（{path}）无法启动，无法导出图片；" + STILL_WORKS


class ExportError(UserError):
    """Raised when rendering failed or timed out; the message is one Chinese sentence for the user."""

    def format_message(self) -> str:
        return str(self.args[0]) if self.args else "导出失败。"


class ExportUnavailable(ExportError):
    """No usable Chromium: images cannot be made at all; format_message() is chromium_problem()."""


# ---------------------------------------------------------------- browser discovery


def _bounded(function, timeout: float, default=None):
    """function() run on a daemon thread; `default` when it raises or is not done within `timeout` s."""
    box: list = []

    def call():
        try:
            box.append(function())
        except Exception:  # noqa: BLE001 - a failing probe means "not found"
            pass
    worker = threading.Thread(target=call, daemon=True, name="export-probe")
    worker.start()
    worker.join(timeout)
    return box[0] if box else default


def find_browser() -> str | None:
    """Path of the Chromium-based browser kaleido would use (BROWSER_PATH, PATH, choreographer's own
    download folder, the usual install paths such as /usr/bin/chromium), or None. Never downloads."""
    try:
        from choreographer.browsers.chromium import Chromium
        path = Chromium.find_browser(skip_local=False)
    except Exception:  # noqa: BLE001 - a broken install counts as no browser
        return None
    return str(path) if path and os.path.isfile(path) else None


def _launches(path: str) -> bool:
    """True when `path --version` exits 0 within PROBE_TIMEOUT s. Not tried on Windows, where
    chrome.exe --version opens a window instead of printing."""
    if os.name == "nt":
        return True
    try:
        return subprocess.run([path, "--version"], capture_output=True, timeout=PROBE_TIMEOUT,
                              stdin=subprocess.DEVNULL).returncode == 0
    except (OSError, subprocess.SubprocessError):
        return False


@functools.lru_cache(maxsize=1)
def chromium_problem() -> str | None:
    """None when static image export works, else one Chinese sentence: what is missing and what still
    works. Cached per process (chromium_problem.cache_clear() to look again); at most ~2×PROBE_TIMEOUT s."""
    path = _bounded(find_browser, PROBE_TIMEOUT)
    if not path:
        return NO_BROWSER
    return None if _launches(path) else BROKEN_BROWSER.format(path=path)


# ---------------------------------------------------------------- rendering


class _Renderer:
    """One headless Chromium (kaleido, TABS pages) on its own event-loop thread, shared by all sessions.

    Fails with the kaleido/choreographer exception when Chromium does not start within START_TIMEOUT s."""

    def __init__(self, path: str):
        self.loop = asyncio.new_event_loop()
        threading.Thread(target=self.loop.run_forever, daemon=True, name="export-kaleido").start()
        self.kaleido = None
        try:
            self.kaleido = self.run(self._open(path), START_TIMEOUT)
        except BaseException:
            self.loop.call_soon_threadsafe(self.loop.stop)
            raise

    @staticmethod
    async def _open(path: str):
        browser = _kaleido_class()(path=path, n=TABS, timeout=FIGURE_TIMEOUT, mathjax=False)
        await browser.open()
        return browser

    def run(self, coroutine, timeout: float):
        """The coroutine's result; concurrent.futures.TimeoutError (after cancelling it) past `timeout` s."""
        return _waited(asyncio.run_coroutine_threadsafe(coroutine, self.loop), timeout)

    def render(self, figures: list[dict], opts: dict, timeout: float, progress=None) -> list:
        """Bytes or the exception, per figure, in order; progress(done, total) is called on this thread
        as figures finish. concurrent.futures.TimeoutError (after cancelling) past `timeout` s."""
        done = [0]

        async def one(figure):
            try:
                return await self.kaleido.calc_fig(figure, opts=opts)
            finally:
                done[0] += 1

        async def batch():
            return await asyncio.gather(*map(one, figures), return_exceptions=True)
        future = asyncio.run_coroutine_threadsafe(batch(), self.loop)
        return _waited(future, timeout, lambda: progress and progress(done[0], len(figures)))

    def close(self) -> None:
        """Stop Chromium and the loop; gives up silently after 5 s (a hung browser is left to the OS)."""
        try:
            if self.kaleido is not None:
                self.run(self.kaleido.close(), 5)
        except Exception:  # noqa: BLE001 - closing is best effort
            pass
        self.loop.call_soon_threadsafe(self.loop.stop)


def _waited(future: concurrent.futures.Future, timeout: float, tick=None):
    """The future's result, calling tick() every POLL_SECONDS while waiting; past `timeout` s the
    future is cancelled and concurrent.futures.TimeoutError raised."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            return future.result(max(0.0, min(POLL_SECONDS if tick else timeout, deadline - time.monotonic())))
        except concurrent.futures.TimeoutError:
            if time.monotonic() >= deadline:
                future.cancel()
                raise
            tick()


@functools.lru_cache(maxsize=1)
def _kaleido_class():
    """kaleido.Kaleido that reloads a tab's page only every RELOAD_EVERY figures, not after each one.

    Plotly.toImage draws each figure on a div of its own and purges it, so the page holds nothing
    between figures; reloading it (parsing plotly.js again) was 80% of the time. Same bytes out."""
    import kaleido  # noqa: PLC0415 - 0.15 s import, only when images are wanted

    class Reusing(kaleido.Kaleido):
        async def _return_kaleido_tab(self, tab) -> None:
            tab.figures_since_reload = getattr(tab, "figures_since_reload", 0) + 1
            if tab.figures_since_reload < RELOAD_EVERY:
                await self.tabs_ready.put(tab)
                return
            tab.figures_since_reload = 0
            await super()._return_kaleido_tab(tab)
    return Reusing


_renderer: _Renderer | None = None
_renderer_lock = threading.Lock()


def _get_renderer() -> _Renderer:
    """The shared renderer, started on first use. ExportUnavailable/ExportError when Chromium won't start."""
    global _renderer
    with _renderer_lock:
        if _renderer is None:
            problem = chromium_problem()
            if problem:
                raise ExportUnavailable(problem)
            try:
                _renderer = _Renderer(find_browser())
            except Exception as exc:  # noqa: BLE001 - any launch failure means no images
                raise ExportError(f"Chromium 浏览器启动失败（{type(exc).__name__}），无法导出图片；"
                                  + STILL_WORKS) from exc
        return _renderer


def start() -> None:
    """Start the shared Chromium now (the dashboard does at start-up), so the first export does not
    wait for it; without Chromium, nothing happens (the export says why when asked)."""
    try:
        _get_renderer()
    except ExportError:
        pass


def _drop_renderer(renderer: _Renderer) -> None:
    """Forget a renderer after a timeout or a browser crash; the next call starts a fresh Chromium."""
    global _renderer
    with _renderer_lock:
        if _renderer is renderer:
            _renderer = None
    renderer.close()


@atexit.register
def _close_at_exit() -> None:
    if _renderer is not None:
        _renderer.close()


def _checked_format(fmt: str) -> str:
    fmt = fmt.lower().lstrip(".")
    fmt = "jpeg" if fmt == "jpg" else fmt
    if fmt not in FORMATS:
        raise ValueError(f"unsupported image format {fmt!r}; use one of {FORMATS}")
    return fmt


class KeptBytes:
    """Files (bytes) by key, the least recently used dropped once they add up to more than `limit` bytes.
    Thread-safe. Key them by a hash of everything they are made from, and none can be out of date."""

    def __init__(self, limit: int):
        self.files, self.size, self.limit, self.lock = collections.OrderedDict(), 0, limit, threading.Lock()

    def get(self, key: str) -> bytes | None:
        with self.lock:
            if key in self.files:
                self.files.move_to_end(key)
            return self.files.get(key)

    def put(self, key: str, content: bytes) -> None:
        with self.lock:
            if key not in self.files:
                self.files[key], self.size = content, self.size + len(content)
            while self.size > self.limit:
                self.size -= len(self.files.popitem(last=False)[1])

    def clear(self) -> None:
        with self.lock:
            self.files.clear()
            self.size = 0


_images = KeptBytes(CACHE_BYTES)  # rendered images by a hash of figure and options


def forget_images() -> None:
    """Drop every kept image: the next to_images renders all of its figures."""
    _images.clear()


def _key(spec: dict, opts: dict) -> str:
    text = json.dumps([spec, opts], sort_keys=True, cls=_plotly_encoder())
    return hashlib.sha256(text.encode()).hexdigest()


@functools.lru_cache(maxsize=1)
def _plotly_encoder():
    from plotly.utils import PlotlyJSONEncoder  # noqa: PLC0415 - numpy values and dates in figures
    return PlotlyJSONEncoder


def to_images(figures: list[go.Figure], fmt: str = "png", width: int | None = SLIDE_SIZE[0],
              height: int | None = SLIDE_SIZE[1], scale: float = SCALE,
              timeout: float = BATCH_TIMEOUT, progress=None) -> list[bytes]:
    """All figures rendered in one batch on the shared Chromium, in order (width/height None: the
    figure's own layout size); an image rendered before for the same figure and options is reused.
    progress(done, total), if given, is called on this thread as images are ready. Raises
    ExportUnavailable without Chromium (immediately, no launch), ExportError when a figure fails or
    the batch exceeds `timeout` s, ValueError for an unknown fmt."""
    fmt = _checked_format(fmt)
    opts = {"format": fmt, "scale": scale, **({"width": width} if width else {}),
            **({"height": height} if height else {})}
    specs = [f.to_dict() if hasattr(f, "to_dict") else f for f in figures]
    keys = [_key(spec, opts) for spec in specs]
    found = {k: image for k in dict.fromkeys(keys) if (image := _images.get(k)) is not None}
    mine, theirs = _claim([k for k in dict.fromkeys(keys) if k not in found])
    report = _reporter(progress, len(found), len(found) + len(mine) + len(theirs))
    tick = lambda done=0, *_: report(done + sum(f.done() for f in theirs.values()))  # noqa: E731
    try:
        made = _rendered([specs[keys.index(k)] for k in mine], [keys.index(k) for k in mine], opts, timeout,
                         tick) if mine else []
    except BaseException as exc:
        _settle(mine, exception=exc)
        raise
    found.update(_settle(mine, made))
    for key, future in theirs.items():
        found[key] = _awaited(future, timeout, tick)
    tick(len(mine))
    return [found[k] for k in keys]


_drawing: dict[str, concurrent.futures.Future] = {}  # key: the image another to_images is rendering
_drawing_lock = threading.Lock()


def _claim(keys: list[str]) -> tuple[dict, dict]:
    """({key: future} this call renders, {key: future} others are already rendering)."""
    with _drawing_lock:
        theirs = {k: _drawing[k] for k in keys if k in _drawing}
        mine = {k: _drawing.setdefault(k, concurrent.futures.Future()) for k in keys if k not in theirs}
    return mine, theirs


def _settle(mine: dict, images: list[bytes] = (), exception: BaseException | None = None) -> dict:
    """Keep the images rendered for `mine` and hand them (or the failure) to whoever waits for them."""
    with _drawing_lock:
        for key in mine:
            del _drawing[key]
    for (key, future), image in zip(mine.items(), images or [None] * len(mine)):
        if exception is None:
            _images.put(key, image)
            future.set_result(image)
        else:
            future.set_exception(exception)
    return dict(zip(mine, images))


def _awaited(future: concurrent.futures.Future, timeout: float, tick) -> bytes:
    """An image another call is rendering (its ExportError if it failed), tick() while waiting."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            return future.result(POLL_SECONDS)
        except concurrent.futures.TimeoutError:
            tick()
    raise ExportError(f"生成图片超时（{timeout:g} 秒内未完成），请重试。")


def _reporter(progress, kept: int, total: int):
    """report(rendered) calling progress(kept + rendered, total) when that count changes, at once too."""
    said = [None]

    def report(rendered: int, *_) -> None:
        if progress and kept + rendered != said[0]:
            said[0] = kept + rendered
            progress(said[0], total)
    report(0)
    return report


def _rendered(specs: list[dict], positions: list[int], opts: dict, timeout: float, progress=None) -> list[bytes]:
    """The images of `specs` (figures number `positions` of the caller's list) from the shared
    Chromium; see to_images for the errors."""
    renderer = _get_renderer()
    try:
        results = renderer.render(specs, opts, timeout, progress)
    except concurrent.futures.TimeoutError:
        _drop_renderer(renderer)
        message = f"生成图片超时（{timeout:g} 秒内未完成 {len(specs)} 张图表），已停止，请重试。"
        raise ExportError(message) from None
    except Exception as exc:  # noqa: BLE001 - the loop or browser died
        _drop_renderer(renderer)
        raise ExportError(f"生成图片失败（{type(exc).__name__}），请重试。") from exc
    return [_checked_bytes(i, result, renderer) for i, result in zip(positions, results)]


def _checked_bytes(index: int, result, renderer: _Renderer) -> bytes:
    """The image, or ExportError naming the failed figure. The browser is dropped first: its pages
    are no longer reloaded after each figure, so a failed one may have left one in a bad state."""
    if isinstance(result, bytes):
        return result
    _drop_renderer(renderer)
    raise ExportError(f"第 {index + 1} 张图表生成图片失败（{type(result).__name__}）。") from result


def to_image(fig: go.Figure, fmt: str = "png", **kwargs) -> bytes:
    """One figure through the same batch path as to_images (same errors, same keyword arguments)."""
    return to_images([fig], fmt, **kwargs)[0]
