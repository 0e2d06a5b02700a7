"""Who is using this browser: the signed-in user of every page run, and the ways in and out.

The browser holds only a random token in an HttpOnly cookie (set by views.signin); the store holds
the session. It is looked up on every page run, so an account disabled, reset or given another
role counts from the next click, and a sign-out ends it everywhere.
"""
from __future__ import annotations

from urllib.parse import quote, urlsplit

import streamlit as st

from indicators import accounts
from views import shared
from views.signin import COOKIE, LOGIN, LOGOUT


def cookie_token() -> str | None:
    """The sign-in token the browser sent with this session's first request (tests replace this)."""
    return st.context.cookies.get(COOKIE)


def current_user() -> accounts.User | None:
    """The signed-in user as the account stands now, or None."""
    return accounts.session_user(shared.cursor(), cookie_token())


def _here() -> str:
    """This page's path and query, to come back to after signing in."""
    url = urlsplit(st.context.url or "/")
    return (url.path or "/") + (f"?{url.query}" if url.query else "")


def signed_out_page() -> None:
    """Shown when the sign-in ended (signed out elsewhere, idle too long, account disabled)."""
    st.title("八好看板 · 登录")
    st.info("请先登录。登录已过期、已在别处退出，或账户已被停用时也会看到此页。")
    st.markdown(f'<a href="{LOGIN}?next={quote(_here())}" target="_self">前往登录</a>', unsafe_allow_html=True)


def sidebar(user: accounts.User) -> None:
    """Who is signed in, and the way out."""
    department = f" · {user.department}" if user.department else ""
    st.sidebar.caption(f"当前用户：{user.name}（{accounts.ROLE_LABELS[user.role]}{department}）")
    st.sidebar.markdown(f'<a href="{LOGOUT}" target="_self">退出登录</a>', unsafe_allow_html=True)


def change_password_form(user: accounts.User) -> None:
    """The user's own password change: the old one, the new one twice."""
    with st.form("password_form", clear_on_submit=True):
        old = st.text_input("原密码", type="password", key="password_old")
        new = st.text_input("新密码（至少 8 个字符）", type="password", key="password_new")
        again = st.text_input("再次输入新密码", type="password", key="password_again")
        submitted = st.form_submit_button("修改密码", type="primary")
    if submitted:
        accounts.change_password(shared.cursor(), user.name, old, new, again)
        st.success("密码已修改。")
        if user.must_change:  # this run could show only this page; the next opens the page the address names
            st.button("进入看板", type="primary", key="password_done")


def forbidden(what: str) -> None:
    """A page this user's role may not open, reached by its address."""
    st.title("无权限")
    st.error(f"您的账户没有“{what}”的权限。如需使用，请联系管理员。")
    st.stop()
