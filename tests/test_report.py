"""Statuses of a period from the store: which month stands for the period, and labels."""
import pandas as pd
import pytest

from conftest import YEAR, land_target_path, make_store, observations, write_note
from indicators import report, store
from common import periods

# one indicator per frequency and kind, looked up from the catalog so that codes may move
PICK = {}


@pytest.fixture(scope="module")
def catalog_rows():
    cur = make_store()
    return store.indicators_with_targets(cur, YEAR)


def code_of(rows, **equal):
    """The first row with these values whose target is set and spread over the year (no yearly result)."""
    frame = rows[rows["result_month"].isna() & ~rows["target_pending"]]
    for column, value in equal.items():
        frame = frame[frame[column] == value]
    assert not frame.empty, equal
    return frame.iloc[0]["code"]


def status_of(cur, code, month):
    table = report.status_table(cur, YEAR, month).set_index("code")
    return table.loc[code]


def upload(cur, *rows, demo=False):
    up = store.add_upload(cur, "t.xlsx", "统计局", is_demo=demo)
    store.add_observations(cur, up, observations(*rows))


def test_quarterly_indicator_uses_latest_quarter(catalog_rows):
    code = code_of(catalog_rows, frequency="quarterly", kind="growth_rate")
    cur = make_store()
    upload(cur, (code, YEAR, 3, 99.0), (code, YEAR, 6, 0.1))
    may = status_of(cur, code, 5)
    assert (may["data_month"], may["actual"], may["data_period"]) == (3, 99.0, f"{YEAR}年一季度")
    assert may["status"] == "green"
    assert status_of(cur, code, 6)["status"] == "red"
    assert status_of(cur, code, 2)["reason"] == "未到报送期"


@pytest.mark.parametrize("frequency,kind,reported,month,expected", [
    # a value reported for the period is judged whatever the frequency ...
    ("annual", "growth_rate", {5: 9.0}, 5, ("green", 5)),
    ("annual", "growth_rate", {5: 1.0}, 5, ("red", 5)),
    ("annual", "growth_rate", {3: 9.0}, 5, ("green", 3)),
    ("quarterly", "growth_rate", {5: 9.0}, 5, ("green", 5)),
    ("quarterly", "growth_rate", {3: 9.0, 4: 1.0}, 5, ("red", 4)),
    # ... and frequency only says whether a missing value was due
    ("annual", "growth_rate", {}, 5, ("grey", None)),
    ("annual", "growth_rate", {9: 9.0}, 12, ("grey", None)),
    ("quarterly", "growth_rate", {}, 2, ("grey", None)),
    ("quarterly", "growth_rate", {}, 5, ("grey", None)),
    ("monthly", "growth_rate", {4: 9.0}, 5, ("grey", None)),
])
def test_what_is_reported_is_judged(catalog_rows, frequency, kind, reported, month, expected):
    code = code_of(catalog_rows, frequency=frequency, kind=kind)
    cur = make_store()
    target = catalog_rows.set_index("code").loc[code, "target"]
    upload(cur, *[(code, YEAR, m, target * v / 8.5) for m, v in reported.items()])
    row = status_of(cur, code, month)
    assert (row["status"], None if pd.isna(row["data_month"]) else row["data_month"]) == expected


@pytest.mark.parametrize("frequency,month,reason", [
    ("annual", 5, "未到报送期"), ("annual", 12, "未报送"), ("quarterly", 2, "未到报送期"),
    ("quarterly", 3, "未报送"), ("monthly", 5, "未报送"),
])
def test_missing_values_say_whether_they_were_due(catalog_rows, frequency, month, reason):
    code = code_of(catalog_rows, frequency=frequency, kind="growth_rate")
    row = status_of(make_store(), code, month)
    assert (row["status"], row["reason"]) == ("grey", reason)


def test_monthly_cumulative_compares_with_time_progress(catalog_rows):
    code = code_of(catalog_rows, frequency="monthly", kind="cumulative")
    target = catalog_rows.set_index("code").loc[code, "target"]
    cur = make_store()
    upload(cur, (code, YEAR, 6, target * 0.5), (code, YEAR, 9, target * 0.5))
    june, september = status_of(cur, code, 6), status_of(cur, code, 9)
    assert (june["status"], june["completion"], june["time_progress"]) == ("green", pytest.approx(0.5), 0.5)
    assert september["status"] == "red"


def test_monthly_target_path_replaces_the_straight_line(catalog_rows):
    code = code_of(catalog_rows, frequency="monthly", kind="cumulative")
    target = catalog_rows.set_index("code").loc[code, "target"]
    cur = make_store()
    upload(cur, (code, YEAR, 6, target * 0.4))
    assert status_of(cur, code, 6)["status"] == "yellow"
    land_target_path(cur, code, YEAR, {6: target * 0.4})
    assert status_of(cur, code, 6)["status"] == "green"


def test_decrease_compares_with_the_same_period_last_year(catalog_rows):
    code = code_of(catalog_rows, kind="decrease", frequency="monthly")
    cur = make_store()
    upload(cur, (code, YEAR - 1, 5, 4.0), (code, YEAR, 5, 3.0), (code, YEAR, 6, 5.0), (code, YEAR - 1, 6, 5.0))
    assert status_of(cur, code, 5)["status"] == "green"
    assert status_of(cur, code, 6)["status"] == "yellow"
    assert status_of(cur, code, 7)["reason"] == "未报送"


@pytest.mark.parametrize("code", ["A7-01", "A7-02"])
def test_a_decrease_without_last_years_figure_is_grey_no_base(code):
    """生产安全事故死亡人数 falling to 2 says nothing without last year's figure: 无基数, not 正常."""
    cur = make_store()
    upload(cur, (code, YEAR, 5, 2.0))
    row = status_of(cur, code, 5)
    assert (row["status"], row["reason"], row["target_label"]) == ("grey", "无基数", "持续下降")
    upload(cur, (code, YEAR - 1, 5, 4.0))
    assert status_of(cur, code, 5)["status"] == "green"


def test_qualitative_status_text_is_read(catalog_rows):
    code = code_of(catalog_rows, kind="qualitative", frequency="monthly")
    cur = make_store()
    upload(cur, (code, YEAR, 5, None, "进度滞后"))
    row = status_of(cur, code, 5)
    assert (row["status"], row["actual_text"]) == ("yellow", "进度滞后")


def test_empty_store_is_all_grey_with_every_indicator_listed():
    cur = make_store()
    table = report.status_table(cur, YEAR, 5)
    assert len(table) == len(store.indicators_with_targets(cur, YEAR))
    assert set(table["status"]) == {"grey"}
    assert not table["is_demo"].any()


def test_demo_values_are_marked(demo_cur):
    table = report.status_table(demo_cur, YEAR, 5)
    assert table.loc[table["actual"].notna(), "is_demo"].all()


@pytest.mark.parametrize("frequency,month,expected", [
    ("monthly", 5, "2026年1-5月"), ("monthly", 1, "2026年1月"), ("quarterly", 3, "2026年一季度"),
    ("quarterly", 6, "2026年上半年"), ("quarterly", 9, "2026年前三季度"), ("annual", 12, "2026年全年"),
    ("monthly", None, "2026年"),
])
def test_data_period_label(frequency, month, expected):
    assert periods.data_period_label(frequency, 2026, month) == expected


def test_report_frame_has_the_cli_columns(demo_cur):
    frame = report.report_frame(demo_cur, YEAR, 5)
    assert list(frame.columns) == report.REPORT_COLUMNS
    assert set(frame["status"]) <= {"green", "yellow", "red", "grey"}


def test_status_matrix_has_every_indicator_for_every_month(demo_cur):
    matrix = report.status_matrix(demo_cur, YEAR, range(1, 11))
    count = len(store.indicators_with_targets(demo_cur, YEAR))
    assert len(matrix) == count * 10
    five = matrix[matrix["month"] == 5].set_index("code")["status"]
    assert five.equals(report.status_table(demo_cur, YEAR, 5).set_index("code")["status"])


def test_status_changes_name_newly_red_and_recovered():
    import pandas as pd
    before = pd.DataFrame({"code": ["a", "b", "c", "d"], "status": ["green", "red", "yellow", "red"]})
    now = pd.DataFrame({"code": ["a", "b", "c", "d"], "name": list("ABCD"),
                        "status": ["red", "green", "red", "red"]})
    changes = report.status_changes(now, before)
    assert changes[["code", "change"]].values.tolist() == [["a", "新转滞后"], ["b", "恢复正常"], ["c", "新转滞后"]]


def test_notes_of_the_period_join_the_table(catalog_rows):
    code = code_of(catalog_rows, kind="cumulative")
    cur = make_store()
    write_note(cur, code, YEAR, 5, "受汛期影响施工延后", "发改局")
    table = report.status_table(cur, YEAR, 5).set_index("code")
    assert table.loc[code, "note"] == "受汛期影响施工延后"
    assert report.status_table(cur, YEAR, 6).set_index("code")["note"].isna().all()


def test_projection_uses_last_years_profile_where_it_exists(catalog_rows):
    code = code_of(catalog_rows, frequency="monthly", kind="cumulative")
    target = catalog_rows.set_index("code").loc[code, "target"]
    cur = make_store()
    upload(cur, (code, YEAR, 5, target * 0.3))
    assert status_of(cur, code, 5)["projection_method"] == "按当前进度线性推算"
    upload(cur, (code, YEAR - 1, 5, 25.0), (code, YEAR - 1, 12, 100.0))
    row = status_of(cur, code, 5)
    assert row["projection_method"] == "按上年同期进度推算"
    assert row["projected"] == pytest.approx(target * 0.3 * 4)
    assert row["verdict"] == "预计可完成"


def test_nothing_due_means_no_time_progress(catalog_rows):
    code = code_of(catalog_rows, frequency="annual", kind="cumulative")
    row = status_of(make_store(), code, 10)
    assert row["time_progress"] is None or pd.isna(row["time_progress"])


def test_an_annual_amount_reported_mid_year_is_held_to_its_month(catalog_rows):
    code = code_of(catalog_rows, frequency="annual", kind="cumulative")
    target = catalog_rows.set_index("code").loc[code, "target"]
    cur = make_store()
    upload(cur, (code, YEAR, 3, target * 0.26))
    row = status_of(cur, code, 5)
    assert (row["status"], row["data_month"], row["time_progress"]) == ("green", 3, pytest.approx(0.25))


def store_with(**changes):
    """A store holding one catalog row (A2-08's, changed as asked): kinds and shapes the plan may get."""
    from indicators import catalog
    frame = catalog.read_catalog()
    row = frame[frame["code"] == "A2-08"].copy()
    for column, value in changes.items():
        row[column] = [value]
    cur = make_store(indicators=[])
    store.load_catalog(cur, row, catalog.load_areas(), YEAR)
    return cur


@pytest.mark.parametrize("reports,month,expected", [
    ({5: "正常推进"}, 5, ("green", "")),
    ({5: "进度滞后"}, 5, ("yellow", "")),
    ({5: "未完成"}, 5, ("red", "")),
    ({}, 5, ("grey", "未报送")),
    ({6: "正常推进"}, 8, ("red", "")),       # past its due month and not done
    ({}, 8, ("red", "")),                    # overdue even when nobody reports
    ({6: "已完成"}, 8, ("green", "")),       # done once is done
    ({7: "已完成"}, 7, ("green", "")),
], ids=["on-track", "behind", "not-done", "unreported", "overdue", "overdue-silent", "done-earlier", "done"])
def test_a_milestone_is_green_when_done_red_when_past_due(reports, month, expected):
    cur = store_with(kind="milestone", due_month=7, target=None, unit="", comparator="=")
    upload(cur, *[("A2-08", YEAR, m, None, text) for m, text in reports.items()])
    row = status_of(cur, "A2-08", month)
    assert (row["status"], row["reason"]) == expected


@pytest.mark.parametrize("reported,month,expected", [
    ({}, 5, ("grey", "未到报送期", None)),      # a yearly result is not due before its month
    ({5: 2.0}, 5, ("green", "", 0.0)),           # an early result is welcome
    ({}, 11, ("grey", "未报送", None)),
    ({11: 40.0}, 11, ("red", "", 1.0)),          # from its month, the whole target counts
    ({11: 80.0}, 12, ("green", "", 1.0)),
])
def test_a_result_that_arrives_once_a_year_is_not_due_before_its_month(reported, month, expected):
    cur = store_with(result_month=11, frequency="annual", figures_from="认定结果")
    upload(cur, *[("A2-08", YEAR, m, v) for m, v in reported.items()])
    row = status_of(cur, "A2-08", month)
    progress_now = None if pd.isna(row["time_progress"]) else row["time_progress"]
    assert (row["status"], row["reason"], progress_now) == expected


def test_a_target_left_to_a_higher_level_is_grey_until_an_admin_enters_it():
    cur = store_with(target_pending=True, target_text="完成岳阳市下达目标", target=None)
    assert status_of(cur, "A2-08", 5)[["status", "reason"]].tolist() == ["grey", "目标待定"]
    upload(cur, ("A2-08", YEAR, 5, 30.0))
    assert status_of(cur, "A2-08", 5)[["status", "reason"]].tolist() == ["grey", "目标待定"]
