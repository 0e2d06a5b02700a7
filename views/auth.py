"""Who is using this browser tab: the login form, and the signed-in user for the pages.

The signed-in user is UI state of this session (it ends when the tab closes); accounts and
passwords live in the store, hashed (indicators.accounts).
"""
from __future__ import annotations

import time

import streamlit as st

from indicators import accounts, store
from views import shared

USER_KEY = "auth_user"
FAILED_LOGIN_DELAY = 1.0


def sso_configured() -> bool:
    """Single sign-on is on only when .streamlit/secrets.toml has an [auth] section (OIDC)."""
    try:
        return "auth" in st.secrets
    except FileNotFoundError:
        return False


def current_user() -> accounts.User | None:
    """The signed-in user: from the login form, or from single sign-on mapped to a local account."""
    if USER_KEY not in st.session_state and sso_configured() and st.user.is_logged_in:
        st.session_state[USER_KEY] = _local_account(st.user.get("email", ""))
    return st.session_state.get(USER_KEY)


def _local_account(email: str) -> accounts.User | None:
    """Roles come from the local table: an SSO identity without an active local account gets nothing."""
    found = store.get_user(shared.cursor(), email)
    if not found or found["disabled"]:
        return None
    return accounts.User(found["name"], found["role"], found["department"])


def login_page() -> None:
    """The only page before signing in."""
    st.title("八好看板 · 登录")
    st.caption("汨罗市“开局八好”指标看板。请使用管理员分配的账户登录。")
    if sso_configured():
        st.button("使用统一身份认证登录", on_click=st.login, key="sso_login")
        if st.user.is_logged_in and current_user() is None:
            st.error(f"统一身份认证账户 {st.user.get('email', '')} 尚未开通看板权限，请联系管理员。")
    with st.form("login_form"):
        name = st.text_input("用户名", key="login_name")
        password = st.text_input("密码", type="password", key="login_password")
        submitted = st.form_submit_button("登录", type="primary")
    if submitted:
        try:
            st.session_state[USER_KEY] = accounts.authenticate(shared.cursor(), name.strip(), password)
        except accounts.AccountError as exc:
            time.sleep(FAILED_LOGIN_DELAY)  # every wrong guess costs time; the account locks after five
            st.error(exc.format_message())
            return
        st.rerun()


def sidebar(user: accounts.User) -> None:
    """Who is signed in, and the way out."""
    department = f" · {user.department}" if user.department else ""
    st.sidebar.caption(f"当前用户：{user.name}（{accounts.ROLE_LABELS[user.role]}{department}）")
    if st.sidebar.button("退出登录", key="logout"):
        del st.session_state[USER_KEY]
        st.rerun()
