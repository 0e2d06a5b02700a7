"""The store: migrations, append-only observations, current values, notes, uploads."""
import subprocess
import sys

import duckdb
import pandas as pd
import pytest

from conftest import YEAR, land_target_path, make_store, observations, write_note
from indicators import store


def test_new_store_is_at_latest_schema_version(cur):
    assert store.schema_version(cur) == store.MIGRATIONS[-1][0]


def test_reopening_a_file_store_keeps_data_and_does_not_migrate_twice(tmp_path):
    path = tmp_path / "s.duckdb"
    cur = make_store(path)
    upload = store.add_upload(cur, "1-5月.xlsx", "统计局")
    store.add_observations(cur, upload, observations(("A1-01", YEAR, 3, 5.6)))
    cur.close()
    again = store.connect(path).cursor()
    assert store.schema_version(again) == store.MIGRATIONS[-1][0]
    assert again.execute("SELECT count(*) FROM schema_version").fetchall()[0][0] == len(store.MIGRATIONS)
    assert store.current_observations(again, YEAR)["value"].tolist() == [5.6]


def test_catalog_loads_every_indicator_with_its_target(cur):
    table = store.indicators_with_targets(cur, YEAR)
    assert len(table) > 150
    gdp = table.set_index("code").loc["A1-01"]
    assert (gdp["target"], gdp["comparator"], gdp["unit"]) == (5.5, "~", "%")


def test_correction_adds_a_revision_and_the_current_view_shows_the_latest(cur):
    first = store.add_upload(cur, "1-5月.xlsx", "张三")
    store.add_observations(cur, first, observations(("A1-01", YEAR, 3, 5.2)))
    second = store.add_upload(cur, "1-5月（更正）.xlsx", "李四")
    store.add_observations(cur, second, observations(("A1-01", YEAR, 3, 5.4)))
    history = store.revisions(cur, "A1-01", YEAR)
    assert history[["revision", "value", "uploaded_by"]].values.tolist() == [[1, 5.2, "张三"], [2, 5.4, "李四"]]
    current = store.current_observations(cur, YEAR)
    assert current[["code", "month", "value", "upload_id"]].values.tolist() == [["A1-01", 3, 5.4, second]]


def test_region_defaults_to_city_and_regions_are_kept_apart(cur):
    upload = store.add_upload(cur, "镇街.xlsx", "统计局")
    rows = observations(("A2-01", YEAR, 5, 5.0), ("A2-01", YEAR, 5, 7.0)).assign(region=[None, "新市街道"])
    store.add_observations(cur, upload, rows)
    assert store.current_observations(cur, YEAR)["value"].tolist() == [5.0]
    assert store.current_observations(cur, YEAR, region="新市街道")["value"].tolist() == [7.0]


def test_a_batch_with_a_bad_row_writes_nothing(cur):
    upload = store.add_upload(cur, "bad.xlsx", "统计局")
    bad = observations(("A1-01", YEAR, 3, 5.0), ("A1-01", YEAR, 13, 5.0))
    with pytest.raises(duckdb.ConstraintException):
        store.add_observations(cur, upload, bad)
    assert store.current_observations(cur, YEAR).empty


def test_latest_month_and_data_version_follow_uploads(cur):
    assert store.latest_month(cur, YEAR) is None
    before = store.data_version(cur)
    upload = store.add_upload(cur, "a.xlsx", "统计局")
    store.add_observations(cur, upload, observations(("A1-01", YEAR, 6, 5.0), ("A1-02", YEAR, 5, 3.0)))
    assert store.latest_month(cur, YEAR) == 6
    assert store.data_version(cur) > before


def test_demo_flag_lasts_until_real_data_replaces_every_demo_value(cur):
    demo_upload = store.add_upload(cur, "示例", "示例数据", is_demo=True)
    store.add_observations(cur, demo_upload, observations(("A1-01", YEAR, 3, 5.0)))
    assert store.shows_demo(cur, YEAR)
    real = store.add_upload(cur, "统计局.xlsx", "统计局")
    store.add_observations(cur, real, observations(("A1-01", YEAR, 3, 5.3)))
    assert not store.shows_demo(cur, YEAR)


def test_notes_keep_history_and_show_the_latest(cur):
    write_note(cur, "A1-01", YEAR, 5, "受项目投产延迟影响", "发改局")
    write_note(cur, "A1-01", YEAR, 5, "已协调解决，6月回升", "发改局")
    assert store.notes(cur, YEAR, 5)[["code", "text"]].values.tolist() == [["A1-01", "已协调解决，6月回升"]]
    assert cur.execute("SELECT count(*) FROM notes").fetchall()[0][0] == 2


def test_noted_months_are_the_months_whose_latest_note_says_something(cur):
    write_note(cur, "A1-01", YEAR, 5, "受项目投产延迟影响", "发改局")
    write_note(cur, "A1-01", YEAR, 4, "四月说明", "发改局")
    write_note(cur, "A1-01", YEAR, 4, "", "发改局")  # withdrawn
    write_note(cur, "A2-02", YEAR, 4, "", "商务局")
    write_note(cur, "A2-02", YEAR, 4, "补写", "商务局")
    write_note(cur, "A2-02", YEAR - 1, 6, "去年", "商务局")
    each_month = {(code, m) for m in range(1, 13) for code in store.notes(cur, YEAR, m)["code"]}
    assert store.noted(cur, YEAR) == each_month == {("A1-01", 5), ("A2-02", 4)}


def test_target_path_and_baselines_round_trip(cur):
    land_target_path(cur, "A2-02", YEAR, {3: 15.0, 6: 33.0})
    store.add_baselines(cur, pd.DataFrame({"code": ["A2-02"], "year": [YEAR - 1], "value": [68.2]}), "2025年报")
    assert store.target_paths(cur, YEAR).values.tolist() == [["A2-02", 3, 15.0], ["A2-02", 6, 33.0]]
    assert store.baselines(cur, YEAR - 1)[["code", "region", "value"]].values.tolist() == [["A2-02", "全市", 68.2]]


def test_stored_baselines_leave_the_reported_december_to_the_values_and_demo_out_when_asked(cur):
    store.add_baselines(cur, pd.DataFrame({"code": ["A2-02", "A1-01"], "year": [YEAR - 1] * 2,
                                           "value": [68.2, 5.0]}), "2025年报")
    store.add_observations(cur, store.add_upload(cur, "12月.xlsx", "统计局"), observations(("A2-02", YEAR - 1, 12, 70.0)))
    demo = store.add_upload(cur, "示例", "系统", is_demo=True)
    store.add_baselines(cur, pd.DataFrame({"code": ["A3-01"], "year": [YEAR - 1], "value": [9.0]}), "示例", demo)
    assert store.baselines(cur, YEAR - 1).set_index("code")["value"].to_dict() == {"A1-01": 5.0, "A2-02": 70.0,
                                                                                  "A3-01": 9.0}
    assert store.stored_baselines(cur, YEAR - 1) == {"A1-01": 5.0, "A2-02": 68.2, "A3-01": 9.0}
    assert store.stored_baselines(cur, YEAR - 1, without_demo=True) == {"A1-01": 5.0, "A2-02": 68.2}
    assert store.stored_baselines(cur, YEAR) == {}


def test_current_rows_are_the_current_observations_of_each_year_as_tuples(cur):
    first = store.add_upload(cur, "4月.xlsx", "统计局")
    store.add_observations(cur, first, observations(("A1-01", YEAR, 4, 5.0), ("A1-01", YEAR - 1, 4, 4.0, "去年")))
    second = store.add_upload(cur, "4月更正.xlsx", "统计局")
    store.add_observations(cur, second, observations(("A1-01", YEAR, 4, 5.2)))
    assert store.current_rows(cur, YEAR - 1, YEAR) == [(YEAR - 1, "A1-01", 4, 4.0, "去年", 1, first, False),
                                                      (YEAR, "A1-01", 4, 5.2, None, 2, second, False)]
    frame = store.current_observations(cur, YEAR)
    assert frame[["code", "month", "value", "revision", "upload_id"]].values.tolist() == [["A1-01", 4, 5.2, 2, second]]


def test_a_file_another_process_holds_gives_a_chinese_message(tmp_path):
    path = tmp_path / "locked.duckdb"
    make_store(path).close()
    # DuckDB locks the file for the whole process: only a second process can hold it against this one
    holder = subprocess.Popen([sys.executable, "-c", HOLD, str(path)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "holding"
        with pytest.raises(store.StoreError) as info:
            store.connect(path)
    finally:
        holder.kill()
        holder.wait()
    assert info.value.format_message() == (f"数据库文件 {path} 正被另一个程序使用（看板或命令行导入），"
                                           "等待 0 秒后仍未释放，请稍后重试")


HOLD = "import duckdb, sys, time; con = duckdb.connect(sys.argv[1]); print('holding', flush=True); time.sleep(60)"


def test_a_corrupt_file_gives_a_chinese_message(tmp_path):
    path = tmp_path / "corrupt.duckdb"
    path.write_text("not a database")
    with pytest.raises(store.StoreError) as info:
        store.connect(path)
    assert info.value.format_message().startswith(f"无法打开数据库文件 {path}：文件损坏或无法读写（")


@pytest.mark.parametrize("write", [
    lambda cur: land_target_path(cur, "A2-02", YEAR, {3: 10.0, 13: 20.0}),
    lambda cur: store.add_baselines(cur, pd.DataFrame({"code": ["A2-02", None], "year": [YEAR - 1] * 2,
                                                       "value": [1.0, 2.0]}), "年报"),
], ids=["target-path", "baselines"])
def test_every_write_is_one_transaction_that_rolls_back_whole(cur, write):
    before = {t: cur.execute(f"SELECT count(*) FROM {t}").fetchall()[0][0]
              for t in ("target_path_revisions", "baselines")}
    with pytest.raises(duckdb.ConstraintException):
        write(cur)
    after = {t: cur.execute(f"SELECT count(*) FROM {t}").fetchall()[0][0] for t in before}
    assert after == before
    cur.execute("SELECT 1")  # the cursor is usable again: no transaction left open


def test_a_transaction_inside_another_is_part_of_it(cur):
    with pytest.raises(ValueError, match="stop"):
        with store.transaction(cur):
            store.lock_month(cur, YEAR, 5, "张三")  # its own transaction joins the outer one
            raise ValueError("stop")
    assert store.locked_months(cur, YEAR) == set()
    assert store.audit_log(cur, 10).empty


def test_a_store_written_by_a_newer_version_is_refused(tmp_path):
    path = tmp_path / "newer.duckdb"
    make_store(path).execute("INSERT INTO schema_version VALUES (99, now())").close()
    with pytest.raises(store.StoreError, match="更新版本的八好看板写入（表结构版本 99）"):
        store.connect(path)
