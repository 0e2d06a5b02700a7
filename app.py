"""八好看板. `streamlit run app.py` serves `app`: the Streamlit pages of this script plus the sign-in
routes (views.signin) and the Chinese for Streamlit's own words (views.chinese); on start it fills the
first page's caches (views.warm). Each page run holds
the store for its length, finds the signed-in user, builds the navigation for that user's role,
names the browser tab after the page, and shows any UserError as its one sentence."""
from pathlib import Path

import streamlit as st

from common.errors import UserError
from views import chinese, signin, warm

app = st.App(Path(__file__), routes=signin.ROUTES + chinese.ROUTES,
             middleware=signin.MIDDLEWARE + chinese.MIDDLEWARE, lifespan=warm.lifespan)


def main() -> None:
    from views import auth, navigation, shared

    st.set_page_config(page_title=chinese.APP_NAME, page_icon=chinese.ICON, layout="wide")
    with shared.run_lease():
        try:
            user = auth.current_user()
            if user is None:
                st.navigation(navigation.pages(), position="hidden")
                st.set_page_config(page_title=f"登录 · {chinese.APP_NAME}")
                auth.signed_out_page()
                return
            page = navigation.password_only() if user.must_change else \
                st.navigation(navigation.pages(user), position="sidebar", expanded=True)
            st.set_page_config(page_title=f"{page.title} · {chinese.APP_NAME}")
            auth.sidebar(user)
            page.run()
        except UserError as exc:  # the one place a page turns an error into its sentence
            st.error(exc.format_message())


if __name__ == "__main__":  # a page run; the server imports this module only for `app`
    main()
