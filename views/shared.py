"""What every page shares: the cached store connection, cached queries, the period picker."""
from __future__ import annotations

import streamlit as st

from indicators import catalog, report, settings, store

MONTH_KEY = "period_month"


@st.cache_resource
def connection(path: str):
    """One DuckDB connection per store file and server process, created from the catalog on first start."""
    con = store.connect(path)
    cur = con.cursor()
    if not store.is_loaded(cur):
        store.load_catalog(cur, catalog.read_catalog(), catalog.load_areas(), settings.get().year)
    return con


def cursor():
    """A fresh cursor for this run: connections are not shared between Streamlit threads."""
    return connection(str(settings.get().db_path)).cursor()


@st.cache_data(show_spinner=False)
def _status_table(db: str, version: int, year: int, month: int):
    return report.status_table(cursor(), year, month)


@st.cache_data(show_spinner=False)
def _areas(db: str, version: int):
    return store.areas(cursor())


def _data_key() -> tuple[str, int]:
    """(store file, data version): an upload changes the version, so views recompute at once."""
    return str(settings.get().db_path), store.data_version(cursor())


def status_table(year: int, month: int):
    """All indicators' statuses for the period (see report.status_table), cached per data version."""
    return _status_table(*_data_key(), year, month)


def areas():
    """The eight areas (id, name, title, office)."""
    return _areas(*_data_key())


def period_picker() -> tuple[int, int]:
    """The sidebar's 统计期间, shared by every page; defaults to the latest month with data."""
    year = settings.get().year
    latest = store.latest_month(cursor(), year) or 1
    months = list(range(1, 13))
    if MONTH_KEY not in st.session_state:
        st.session_state[MONTH_KEY] = latest
    st.sidebar.selectbox("统计期间", months, key=MONTH_KEY,
                         format_func=lambda m: report.period_label(year, m))
    return year, st.session_state[MONTH_KEY]


def demo_banner(table) -> None:
    """示例数据 label on every view while any shown value is demo data."""
    if table["is_demo"].any():
        st.warning("示例数据：当前显示的是系统生成的示例数据，非真实统计数据；上传统计局数据后自动替换。", icon=":material/info:")
