"""Who is using this browser tab: the login form, and the signed-in user for the pages.

The signed-in user is UI state of this session (it ends when the tab closes); accounts and
passwords live in the store, hashed (indicators.accounts).
"""
from __future__ import annotations

import streamlit as st

from indicators import accounts
from views import shared

USER_KEY = "auth_user"


def current_user() -> accounts.User | None:
    return st.session_state.get(USER_KEY)


def login_page() -> None:
    """The only page before signing in."""
    st.title("八好看板 · 登录")
    st.caption("汨罗市“开局八好”指标看板。请使用管理员分配的账户登录。")
    with st.form("login_form"):
        name = st.text_input("用户名", key="login_name")
        password = st.text_input("密码", type="password", key="login_password")
        submitted = st.form_submit_button("登录", type="primary")
    if submitted:
        try:
            st.session_state[USER_KEY] = accounts.authenticate(shared.cursor(), name.strip(), password)
        except accounts.AccountError as exc:
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
