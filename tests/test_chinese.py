"""The page Streamlit serves, as this app serves it: Chinese, named, nothing fetched from elsewhere
(the browser side is tests/test_browser_ui.py)."""
import asyncio
import re
from pathlib import Path

import streamlit
from starlette.applications import Starlette
from starlette.responses import FileResponse, PlainTextResponse
from starlette.routing import Route

from views import chinese

INDEX = Path(streamlit.__file__).parent / "static" / "index.html"
PAGE = {"accept": "text/html,application/xhtml+xml", "accept-encoding": "gzip"}


def test_streamlits_page_is_served_in_chinese_with_the_script_and_icon_from_here():
    page = chinese.chinese_page(INDEX.read_text(encoding="utf-8"))
    assert '<html lang="zh-CN">' in page and "<title>八好看板</title>" in page
    assert f'<script src="{chinese.SCRIPT}"></script></head>' in page
    assert re.search(rf'<link rel="shortcut icon" href="{chinese.ICON_URL}"', page)
    assert "You need to enable JavaScript" not in page
    assert not re.search(r'(src|href)="(https?:)?//', page)  # every address is this server's


class Client:
    """GET over ASGI, as uvicorn would call the app (starlette's TestClient needs httpx, not installed)."""

    def __init__(self, app):
        self.app = app

    def get(self, path: str, headers: dict | None = None) -> tuple[int, dict, bytes]:
        scope = {"type": "http", "method": "GET", "path": path, "raw_path": path.encode(), "query_string": b"",
                 "headers": [(k.encode(), v.encode()) for k, v in (headers or {}).items()], "http_version": "1.1",
                 "scheme": "http", "server": ("test", 80), "client": ("test", 1), "root_path": ""}
        sent, requests = [], [{"type": "http.request", "body": b"", "more_body": False}]

        async def receive():
            if requests:
                return requests.pop()
            await asyncio.Event().wait()  # the browser stays connected while the answer is sent

        async def send(message):
            sent.append(message)
        asyncio.run(self.app(scope, receive, send))
        start = sent[0]
        return (start["status"], {k.decode(): v.decode() for k, v in start["headers"]},
                b"".join(m.get("body", b"") for m in sent[1:]))


def _app(tmp_path):
    (tmp_path / "index.html").write_text(INDEX.read_text(encoding="utf-8"), encoding="utf-8")
    routes = [Route("/area1", lambda request: FileResponse(tmp_path / "index.html")),
              Route("/_stcore/health", lambda request: PlainTextResponse("ok"))] + chinese.ROUTES
    return Client(Starlette(routes=routes, middleware=chinese.MIDDLEWARE))


def test_the_middleware_rewrites_pages_whole_and_leaves_everything_else(tmp_path):
    client = _app(tmp_path)
    status, headers, body = client.get("/area1", headers=PAGE)
    assert status == 200 and '<html lang="zh-CN">' in body.decode()
    assert int(headers["content-length"]) == len(body) and "etag" not in headers
    assert client.get("/area1", headers={"accept": "*/*"})[2] == INDEX.read_bytes()
    assert client.get("/_stcore/health", headers=PAGE)[2] == b"ok"


def test_the_script_and_the_icon_come_from_this_server(tmp_path):
    client = _app(tmp_path)
    _, headers, script = client.get(chinese.SCRIPT)
    assert headers["content-type"].startswith("text/javascript")
    assert '"Download plot as a PNG": "下载为 PNG 图片"' in script.decode() and b"__TABLE__" not in script
    _, headers, icon = client.get(chinese.ICON_URL)
    assert headers["content-type"] == "image/png" and icon.startswith(b"\x89PNG")


def test_every_translation_is_chinese():
    targets = list(chinese.TEXTS.values()) + [target for _, target in chinese.PATTERNS]
    latin = {word for target in targets for word in re.findall(r"[A-Za-z]{2,}", target)}
    assert latin <= {"CSV", "PNG"}  # file formats keep their names
    assert all(re.search(r"[\u4e00-\u9fff]", target) for target in targets)
    for pattern, target in chinese.PATTERNS:  # each $n has its group
        assert re.compile(pattern).groups >= max(map(int, re.findall(r"\$(\d)", target)), default=0)
