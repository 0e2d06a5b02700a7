"""八好看板: page config, navigation built from the catalog, one error boundary."""
import streamlit as st

from indicators import store
from views import navigation

st.set_page_config(page_title="八好看板", page_icon=":material/monitoring:", layout="wide")


def show_error(exc: Exception) -> None:
    st.error(exc.format_message())


try:
    st.navigation(navigation.pages()).run()
except store.StoreError as exc:
    show_error(exc)
