"""The app's pages, built from the catalog: one list for app.py and for tests."""
from __future__ import annotations

import streamlit as st

from indicators import accounts, catalog
from views import area, links


def area_page(area_id: int, name: str) -> st.Page:
    """One of the eight area pages: the same view function for every area."""
    def page():
        area.render(area_id)
    return st.Page(page, title=f"{area_id}. {name}", url_path=f"area{area_id}")


def pages(user: accounts.User | None = None) -> dict[str, list[st.Page]]:
    """The pages this user may open: a viewer has no upload page, only an admin has 系统管理
    (a page left out is not reachable by its URL either). Signed out, every page is known, so
    that a link to any of them shows the login form and then that page."""
    shown = _all_pages()
    data = []
    if user is None or accounts.may_upload_anything(user):
        data.append(st.Page(links.UPLOAD, title="数据上报", icon=":material/upload_file:", url_path="upload"))
    if user is None or accounts.may_admin(user):
        data.append(st.Page(links.ADMIN, title="系统管理", icon=":material/admin_panel_settings:", url_path="admin"))
    return shown | ({"数据": data} if data else {})


def _all_pages() -> dict[str, list[st.Page]]:
    return {
        "总览": [
            st.Page(links.OVERVIEW, title="总览", icon=":material/dashboard:", default=True),
            st.Page(links.OUTLOOK, title="预计全年", icon=":material/trending_up:", url_path="outlook"),
            st.Page(links.DEPARTMENT, title="部门视图", icon=":material/apartment:",
                    url_path="department"),
            st.Page(links.DETAIL, title="指标详情", icon=":material/search:", url_path="detail"),
        ],
        "八个领域": [area_page(a["id"], a["name"]) for a in catalog.load_areas()],
    }
