"""Signing in and out over plain HTTP, beside the Streamlit pages (st.App routes in app.py).

A Streamlit script cannot set a cookie, so the sign-in form posts here: the password is checked,
a session is made in the store, and the browser gets only its random token, in an HttpOnly,
SameSite=Lax cookie. Every page run then looks the token up (views.auth), so a sign-in lasts across
reloads, new tabs and deep links, and a disabled account or ended session stops at the next click.
Opening any page without a valid sign-in lands on the form first and returns to that page after.
"""
from __future__ import annotations

import asyncio
import functools
import html
import re
from pathlib import Path
from urllib.parse import quote

import streamlit

from starlette.concurrency import run_in_threadpool
from starlette.middleware import Middleware
from starlette.responses import HTMLResponse, RedirectResponse
from starlette.routing import Route

from indicators import accounts, settings
from indicators.accounts import AccountError
from views import connection

COOKIE = "bahao_session"
LOGIN, LOGOUT = "/auth/login", "/auth/logout"
FAILED_SIGN_IN_DELAY = 1.0  # every wrong guess costs a second; the account also locks after five
# what the browser fetches besides pages: never redirected
NOT_PAGES = ("/auth/", "/ui/", "/_stcore/", "/static/", "/media/", "/component/", "/app/static/", "/favicon")


STREAMLIT_STATIC = Path(streamlit.__file__).parent / "static"
STATIC_ASSET = re.compile(r'(?:src|href)="\./(static/[^"]+\.(?:js|css|woff2))"')
IMPORTED = re.compile(r'(?:from|import)\s*"\./([^"/]+\.js)"')
# Streamlit loads each element's script when the first such element arrives, then that script's imports, one
# round after another: the elements of the dashboard's pages (Streamlit names each script after its element)
ELEMENTS = ("Selectbox", "Metric", "DataFrame", "PlotlyChart", "DownloadButton", "FileUploader", "TextInput",
            "Checkbox", "Html", "Progress", "Button")
ICON_FONT = "MaterialSymbols-Rounded"  # named in a style sheet, fetched only once the page has drawn


def _imports(script: Path, seen: set[str]) -> None:
    """Add `script`'s name and, recursively, the names of the scripts it imports to `seen`."""
    seen.add(script.name)
    for name in IMPORTED.findall(script.read_text("utf-8")):
        if name not in seen:
            _imports(script.parent / name, seen)


def _element_assets(static: Path) -> list[str]:
    """The scripts (with their imports) and style sheets of ELEMENTS, and the icon font."""
    scripts: set[str] = set()
    for element in ELEMENTS:
        for script in static.glob(f"static/js/{element}.*.js"):
            _imports(script, scripts)
    styles = [f"static/css/{p.name}" for e in ELEMENTS for p in static.glob(f"static/css/{e}.*.css")]
    fonts = [f"static/media/{p.name}" for p in static.glob(f"static/media/{ICON_FONT}.*.woff2")]
    return [f"static/js/{name}" for name in sorted(scripts)] + styles + fonts


@functools.cache
def prefetch_links() -> str:
    """The dashboard page's scripts, styles and fonts, fetched while the person types: those Streamlit's
    index.html names, and those of the elements the pages use, which Streamlit would otherwise fetch one
    round after another once the first page arrives. After 登录 the page starts from the browser's cache."""
    from views import chinese  # it imports this module for its page test

    try:
        named = STATIC_ASSET.findall((STREAMLIT_STATIC / "index.html").read_text("utf-8"))
        assets = ["/" + name for name in dict.fromkeys(named + _element_assets(STREAMLIT_STATIC))]
    except OSError:  # an unusual Streamlit build: the page only loses its head start
        assets = []
    # every page also loads views.chinese's script, a plain one (no crossorigin)
    return "".join(f'<link rel="prefetch" href="{url}" crossorigin>' for url in assets) + \
        f'<link rel="prefetch" href="{chinese.SCRIPT}">'


def _lease():
    return connection.shared(str(settings.get().db_path)).lease()


def safe_next(target: str | None) -> str:
    """Where to go after signing in: a path of this site only (never //elsewhere or http://…)."""
    target = target or "/"
    return target if target.startswith("/") and not target.startswith("//") and "\\" not in target else "/"


def _page(next_path: str, error: str = "") -> str:
    message = f'<p class="error">{html.escape(error)}</p>' if error else ""
    return LOGIN_HTML.format(next=html.escape(next_path, quote=True), message=message, prefetch=prefetch_links())


async def login_form(request) -> HTMLResponse:
    return HTMLResponse(_page(safe_next(request.query_params.get("next"))))


def _sign_in(name: str, password: str) -> str:
    with _lease() as cur:
        return accounts.start_session(cur, accounts.authenticate(cur, name, password))


async def login(request):
    form = await request.form()
    target = safe_next(form.get("next"))
    try:
        token = await run_in_threadpool(_sign_in, str(form.get("name", "")).strip(), str(form.get("password", "")))
    except AccountError as exc:
        await asyncio.sleep(FAILED_SIGN_IN_DELAY)
        return HTMLResponse(_page(target, exc.format_message()), status_code=401)
    response = RedirectResponse(target, status_code=303)
    response.set_cookie(COOKIE, token, max_age=int(settings.get().session_max_days * 86400), httponly=True,
                        samesite="lax", path="/")
    return response


def _sign_out(token: str | None) -> None:
    with _lease() as cur:
        accounts.end_session(cur, token)


async def logout(request) -> RedirectResponse:
    await run_in_threadpool(_sign_out, request.cookies.get(COOKIE))
    response = RedirectResponse(LOGIN, status_code=303)
    response.delete_cookie(COOKIE, path="/")
    return response


def _signed_in(token: str | None) -> bool:
    with _lease() as cur:
        return accounts.session_user(cur, token) is not None


class SignInFirst:
    """ASGI middleware: a page opened without a valid sign-in goes to the form, then back to the page."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if is_page(scope) and not await run_in_threadpool(_signed_in, _cookie(scope)):
            path = scope["path"] + (f"?{scope['query_string'].decode()}" if scope.get("query_string") else "")
            return await RedirectResponse(f"{LOGIN}?next={quote(path)}", status_code=303)(scope, receive, send)
        return await self.app(scope, receive, send)


def is_page(scope) -> bool:
    """A browser opening one of the app's pages (not a script, a font, the websocket or a sign-in route)."""
    headers = dict(scope.get("headers") or [])
    return scope["type"] == "http" and scope["method"] == "GET" \
        and b"text/html" in headers.get(b"accept", b"") and not scope["path"].startswith(NOT_PAGES)


def _cookie(scope) -> str | None:
    header = dict(scope.get("headers") or []).get(b"cookie", b"").decode("latin-1")
    pairs = (part.strip().split("=", 1) for part in header.split(";") if "=" in part)
    return next((value for key, value in pairs if key == COOKIE), None)


ROUTES = [Route(LOGIN, login_form, methods=["GET"]), Route(LOGIN, login, methods=["POST"]),
          Route(LOGOUT, logout, methods=["GET", "POST"])]
MIDDLEWARE = [Middleware(SignInFirst)]

LOGIN_HTML = """<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>登录 · 八好看板</title>{prefetch}
<style>
body {{ font-family: "Noto Sans CJK SC", "WenQuanYi Micro Hei", "Microsoft YaHei", sans-serif; background: #f5f6f8;
       margin: 0; display: flex; min-height: 100vh; align-items: center; justify-content: center; color: #222; }}
form {{ background: #fff; padding: 2rem 2.2rem; border-radius: 10px; box-shadow: 0 2px 12px rgba(0,0,0,.08);
       width: min(22rem, 86vw); }}
h1 {{ font-size: 1.4rem; margin: 0 0 .4rem; }} p.hint {{ color: #666; font-size: .9rem; margin: 0 0 1.2rem; }}
label {{ display: block; font-size: .95rem; margin: .8rem 0 .3rem; }}
input {{ width: 100%; box-sizing: border-box; padding: .55rem .6rem; font-size: 1rem; border: 1px solid #ccc;
        border-radius: 6px; }}
button {{ margin-top: 1.3rem; width: 100%; padding: .6rem; font-size: 1rem; border: 0; border-radius: 6px;
         background: #b71c1c; color: #fff; cursor: pointer; }}
p.error {{ color: #b71c1c; background: #fdecea; padding: .5rem .6rem; border-radius: 6px; font-size: .92rem; }}
</style></head>
<body><form method="post" action="/auth/login">
<h1>八好看板 · 登录</h1>
<p class="hint">汨罗市“开局八好”指标看板。请使用管理员分配的账户登录。</p>
{message}
<input type="hidden" name="next" value="{next}">
<label for="name">用户名</label><input id="name" name="name" autocomplete="username" required autofocus>
<label for="password">密码</label>
<input id="password" name="password" type="password" autocomplete="current-password" required>
<button type="submit">登录</button>
</form></body></html>"""
