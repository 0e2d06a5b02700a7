"""Every view in Streamlit's AppTest: no exception, the expected elements, the period picker works."""
import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from conftest import YEAR, make_store
from indicators import catalog, settings

APP = str(catalog.ROOT / "app.py")
AREAS = catalog.load_areas()
CATALOG = catalog.read_catalog()


def area_script(area_id):
    from views import area

    area.render(area_id)


@pytest.fixture(params=["demo", "empty"])
def store_file(request, tmp_path):
    path = tmp_path / f"{request.param}.duckdb"
    make_store(path, with_demo=request.param == "demo").close()
    st.cache_data.clear()
    with settings.override(db_path=path):
        yield request.param


@pytest.fixture
def demo_file(tmp_path):
    path = tmp_path / "demo.duckdb"
    make_store(path, with_demo=True).close()
    st.cache_data.clear()
    with settings.override(db_path=path):
        yield path


def texts(at, kind):
    return [e.value for e in getattr(at, kind)]


def test_app_opens_on_the_overview(store_file):
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception
    assert texts(at, "title") == ["“开局八好”指标总览"]
    cards = [m for m in texts(at, "markdown") if any(m == f"**{a['id']}. {a['name']}**" for a in AREAS)]
    assert len(cards) == 8
    demo_label = any("示例数据" in w for w in texts(at, "warning"))
    assert demo_label == (store_file == "demo")
    assert any("暂无数据" in i for i in texts(at, "info")) == (store_file == "empty")


def test_overview_lists_behind_indicators_red_first(demo_file):
    at = AppTest.from_file(APP, default_timeout=60).run()
    behind = at.dataframe[0].value
    assert len(behind) > 0
    labels = behind["状态"].tolist()
    assert labels == sorted(labels, key=lambda s: 0 if "滞后" in s else 1)
    assert {"编码", "指标", "单位", "年度目标", "实际", "数据期间", "牵头单位"} <= set(behind.columns)


@pytest.mark.parametrize("area", AREAS, ids=lambda a: f"area{a['id']}")
def test_every_area_page(store_file, area):
    at = AppTest.from_function(area_script, args=(area["id"],), default_timeout=60).run()
    assert not at.exception
    assert texts(at, "title") == [f"{area['id']}. {area['name']}"]
    rows = CATALOG[CATALOG["area"] == area["id"]]
    numeric = rows["kind"].isin(["growth_rate", "cumulative", "point", "ceiling"]) & rows["target"].notna()
    assert len(at.get("plotly_chart")) == numeric.sum()
    table = at.dataframe[0].value
    assert table["编码"].tolist() == rows["code"].tolist()
    if store_file == "empty":
        assert set(table["状态"]) == {"○ 未报送"}


def test_period_picker_changes_what_is_shown(demo_file):
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert at.selectbox(key="period_month").value == 10
    october = texts(at, "markdown")[0]
    at.selectbox(key="period_month").set_value(3).run()
    assert not at.exception
    assert "2026年1-3月" in texts(at, "caption")[0]
    assert texts(at, "markdown")[0] != october


def test_values_carry_unit_and_data_period(demo_file):
    at = AppTest.from_function(area_script, args=(1,), default_timeout=60).run()
    table = at.dataframe[0].value.set_index("编码")
    gdp = table.loc["A1-01"]
    assert gdp["实际"].endswith("%")
    assert gdp["数据期间"] == f"{YEAR}年前三季度"
