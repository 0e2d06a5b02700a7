"""八好看板: page config, navigation built from the catalog, one error boundary."""
import streamlit as st

from indicators import catalog, store
from views import area

st.set_page_config(page_title="八好看板", page_icon=":material/monitoring:", layout="wide")


def area_page(area_id: int, name: str) -> st.Page:
    def page():
        area.render(area_id)
    return st.Page(page, title=f"{area_id}. {name}", url_path=f"area{area_id}")


def show_error(exc: Exception) -> None:
    st.error(exc.format_message())


pages = {
    "总览": [st.Page("views/overview.py", title="总览", icon=":material/dashboard:", default=True)],
    "八个领域": [area_page(a["id"], a["name"]) for a in catalog.load_areas()],
}
try:
    st.navigation(pages).run()
except store.StoreError as exc:
    show_error(exc)
