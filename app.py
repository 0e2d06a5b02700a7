"""八好看板: page config, sign-in, navigation built from the catalog and the user's role, one error boundary."""
import streamlit as st

from indicators import store
from views import auth, navigation

st.set_page_config(page_title="八好看板", page_icon=":material/monitoring:", layout="wide")


def show_error(exc: Exception) -> None:
    st.error(exc.format_message())


try:
    user = auth.current_user()
    page = st.navigation(navigation.pages(user), position="sidebar" if user else "hidden")
    if user is None:
        auth.login_page()
    else:
        auth.sidebar(user)
        page.run()
except store.StoreError as exc:
    show_error(exc)
