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
    """The pages of the app for this user. Every page is known to every user, so an address always
    opens its page; the pages a role may not use are hidden from its menu and say 无权限."""
    upload = "visible" if user is None or accounts.may_upload_anything(user) else "hidden"
    admin = "visible" if user is None or accounts.may_admin(user) else "hidden"
    return _all_pages() | {
        "数据": [st.Page(links.UPLOAD, title="数据上报", icon=":material/upload_file:", url_path="upload",
                         visibility=upload),
                 st.Page(links.ADMIN, title="系统管理", icon=":material/admin_panel_settings:", url_path="admin",
                         visibility=admin)],
        "账户": [st.Page(links.PASSWORD, title="修改密码", icon=":material/key:", url_path="password")],
    }


def password_only() -> st.Page:
    """While the password is one the system generated, the one page the user may open. Every address
    of the app shows it (a link to /area3 would otherwise say 页面不存在), and once the password is set
    the address opened shows its own page."""
    addresses = [page.url_path for section in pages().values() for page in section
                 if page.url_path not in ("", "password")]
    return st.navigation([st.Page(links.PASSWORD, title="修改密码", url_path="password", default=True)]
                         + [st.Page(links.PASSWORD, title="修改密码", url_path=path) for path in addresses],
                         position="hidden")


def _all_pages() -> dict[str, list[st.Page]]:
    return {
        "总览": [
            st.Page(links.OVERVIEW, title="总览", icon=":material/dashboard:", default=True),
            st.Page(links.OUTLOOK, title="预计全年", icon=":material/trending_up:", url_path="outlook"),
            st.Page(links.DEPARTMENT, title="部门视图", icon=":material/apartment:",
                    url_path="department"),
            st.Page(links.DETAIL, title="指标详情", icon=":material/search:", url_path="detail"),
            st.Page(links.SUPERVISION, title="督办台账", icon=":material/assignment_late:", url_path="supervision"),
        ],
        "八个领域": [area_page(a["id"], a["name"]) for a in catalog.load_areas()],
    }
