"""What every page shares: the store lease of the run, cached queries, the period picker."""
from __future__ import annotations

import threading
from contextlib import contextmanager

import plotly.graph_objects as go
import streamlit as st


from charts import figures
from indicators import report, settings, store, upload
from indicators.narrative import DEMO_MARK
from views import connection, links
from common import periods

_run = threading.local()  # the cursor of the page run (or download) going on in this thread


@contextmanager
def run_lease():
    """Hold the store for one page run (app.py) or one download: `cursor()` is this lease's cursor."""
    with connection.shared(str(settings.get().db_path)).lease() as cur:
        outer, _run.cursor = getattr(_run, "cursor", None), cur
        try:
            yield cur
        finally:
            _run.cursor = outer


def leased(make):
    """`make(cur)` as a callable with no arguments that holds its own lease: for work Streamlit runs
    after the page run has ended (a download built when its button is clicked)."""
    def run():
        with run_lease() as cur:
            return make(cur)
    return run


def cursor():
    """This run's cursor. Every page runs inside app.py's lease; a cursor outside one is a bug."""
    cur = getattr(_run, "cursor", None)
    if cur is None:
        raise RuntimeError("store used outside a lease: wrap the work in shared.run_lease()")
    return cur


# Kept as resources, handed out as shallow copies: pandas copies on write, so a page that changes its
# copy changes nothing kept, and every page is spared st.cache_data's copy of the whole table (~3 ms).
# Entries are keyed by the data version; the bound drops those of versions gone by.
@st.cache_resource(show_spinner=False, max_entries=64)
def _status_table(db: str, version: int, year: int, month: int):
    return report.status_table(cursor(), year, month)


@st.cache_resource(show_spinner=False, max_entries=8)
def _areas(db: str, version: int):
    return store.areas(cursor())


def data_key() -> tuple[str, int]:
    """(store file, data version): an upload changes the version, so views recompute at once."""
    return str(settings.get().db_path), store.data_version(cursor())


def status_table(year: int, month: int):
    """All indicators' statuses for the period (see report.status_table), cached per data version."""
    return _status_table(*data_key(), year, month).copy(deep=False)


def areas():
    """The eight areas (id, name, title, office)."""
    return _areas(*data_key()).copy(deep=False)


def fill_caches() -> None:
    """What the first page after sign-in (总览) reads, for the month it opens on: run before anyone asks."""
    with run_lease() as cur:
        year = settings.get().year
        status_table(year, store.latest_month(cur, year) or 1)
        areas()


PERIOD_KEY = "period_month"
PERIOD_WIDGET = "period_month_widget"


def _initial_month(latest: int) -> int:
    """The period a link asked for (?month=5), else the latest month with data."""
    asked = st.query_params.get("month", "")
    return int(asked) if asked.isdigit() and 1 <= int(asked) <= 12 else latest


PENDING_PERIOD = "period_month_pending"


def set_period(month: int) -> None:
    """Show `month` on every page from the next run on: a widget's value can only be set before the
    widget is drawn, so the picker takes it at the start of that run."""
    st.session_state[PENDING_PERIOD] = month


def _remember_period() -> None:
    st.session_state[PERIOD_KEY] = st.session_state[PERIOD_WIDGET]


def period_picker() -> tuple[int, int]:
    """The sidebar's 统计期间, shared by every page (kept outside the widget: widget state
    does not survive a page switch); defaults to the latest month with data."""
    year = settings.get().year
    if PENDING_PERIOD in st.session_state:
        st.session_state[PERIOD_KEY] = st.session_state.pop(PENDING_PERIOD)
    if PERIOD_KEY not in st.session_state:
        st.session_state[PERIOD_KEY] = _initial_month(store.latest_month(cursor(), year) or 1)
    st.session_state[PERIOD_WIDGET] = st.session_state[PERIOD_KEY]  # set before drawing: no default given
    st.sidebar.selectbox("统计期间", range(1, 13), key=PERIOD_WIDGET, on_change=_remember_period,
                         format_func=lambda m: periods.period_label(year, m))
    return year, st.session_state[PERIOD_KEY]


@st.cache_data(show_spinner=False)
def _matrix(db: str, version: int, year: int, last_month: int):
    return report.status_matrix(cursor(), year, range(1, last_month + 1))


def status_matrix(year: int, last_month: int):
    """Every indicator's status in months 1..last_month (code, month, status)."""
    return _matrix(*data_key(), year, last_month)


@st.cache_data(show_spinner=False)
def _series(db: str, version: int, year: int):
    return store.current_observations(cursor(), year)


def series(year: int):
    """Current values of `year` (code, month, value, text, …) for trend charts."""
    return _series(*data_key(), year)


def revisions(code: str, year: int):
    """Every revision of one indicator (not cached: the detail page must show the truth)."""
    return store.revisions(cursor(), code, year)


def note_history(code: str, year: int):
    return store.note_history(cursor(), code, year)


def open_detail(code: str) -> None:
    """Go to 指标详情 for `code`, keeping the period."""
    st.switch_page(links.DETAIL, query_params={"code": code, "month": st.session_state.get(PERIOD_KEY, "")})


def demo_banner(table) -> None:
    """示例数据 label on every view while any shown value is demo data, saying how many are."""
    count = int(table["is_demo"].sum())
    if count:
        st.warning(f"示例数据：当前显示的数值中有 {count} 项为系统生成的示例数据（已逐项标注“{DEMO_MARK}”），"
                   "非真实统计数据；上传统计局数据后自动替换。", icon=":material/info:")


# Figures are cached as plain dicts: building a 30-panel plotly figure costs about a second,
# rebuilding one from its dict a few hundredths. Keys are the data itself.
CHART_COLUMNS = ["code", "name", "unit", "kind", "comparator", "frequency", "target", "stretch_target",
                 "target_label", "actual", "actual_text", "last_year", "status", "time_progress",
                 "higher_is_better", "data_period", "lead_department", "lead_basis", "reason", "is_demo", "doubted"]


def chart_rows(rows):
    """Only what charts read (list-valued columns would not hash)."""
    return rows[CHART_COLUMNS]


def chart(figure: dict, key: str, config: dict, where=st) -> None:
    """Draw a figure dict made by this module's cached builders. Those dicts come from a go.Figure, so
    they are valid already; st.plotly_chart would check a dict again (about 25 ms a chart, most of an
    area page's run), so it gets a Figure made without checking (plotly's `_validate` switch)."""
    where.plotly_chart(go.Figure(figure, _validate=False), key=key, theme=None, config=config)


@st.cache_data(show_spinner=False, max_entries=512)
def gauge_figure(row: dict) -> dict:
    return figures.gauge(row).to_dict()


@st.cache_data(show_spinner=False, max_entries=128)
def bullet_figure(rows) -> dict:
    return figures.bullet_board(rows.to_dict("records")).to_dict()


@st.cache_data(show_spinner=False, max_entries=128)
def trend_grid_figure(rows, series) -> dict:
    return figures.trend_grid(rows.to_dict("records"), series).to_dict()


@st.cache_data(show_spinner=False, max_entries=256)
def trend_figure(row: dict, series, last_year) -> dict:
    return figures.trend(row, series, last_year=last_year).to_dict()


@st.cache_data(show_spinner=False, max_entries=64)
def heatmap_figure(matrix) -> dict:
    return figures.status_heatmap(matrix).to_dict()


@st.cache_data(show_spinner=False, max_entries=8)
def _prepared(db: str, version: int, content: bytes, filename: str, period, user):
    return upload.prepare(cursor(), content, filename, period, user=user)


def prepare_upload(content: bytes, filename: str, period: tuple[int, int] | None, user):
    """The checked, previewed upload (nothing written) for this user, once per file and data version."""
    return _prepared(*data_key(), content, filename, period, user)


def forget_prepared() -> None:
    """Check files again from scratch (after an alias was saved, which is not a data version)."""
    _prepared.clear()
