"""Uploads end to end: template round trip, the bureau's table and its twins, every bad file refused
with its message and nothing written, warnings, duplicates, rollback, locks, a kill during commit."""
import io
from datetime import date
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import openpyxl
import pandas as pd
import pytest

from conftest import YEAR, make_store, observations
from indicators import report, store, upload, upload_preview
from outputs import template
from make_upload_files import BAD_FILES

DATA = Path(__file__).resolve().parent / "data"
READ_REFUSALS = {
    "empty.xlsx": "文件为空", "image-renamed.xlsx": "PNG", "pdf-renamed.xlsx": "PDF",
    "docx-renamed.xlsx": "Word", "truncated.xlsx": "损坏", "truncated.xls": "损坏", "encrypted.xlsx": "密码",
    "not-text.csv": "", "not-utf8-nor-gbk.csv": "", "only-empty-sheets.xlsx": "没有任何数据",
    "html-renamed.xls": "",
}
BAD = [(DATA / "read" / name, text) for name, text in READ_REFUSALS.items()] + \
      [(DATA / "upload" / name, text) for name, (_, text) in BAD_FILES.items()]
TWINS = ["bureau-1-5.xlsx", "bureau-1-5.xls", "bureau-1-5-gbk.csv", "bureau-1-5-utf8.csv"]


def snapshot(cur):
    """Everything an upload could write, counted."""
    tables = ("uploads", "observations", "notes", "upload_files", "target_revisions", "target_path_revisions")
    return {t: cur.execute(f"SELECT count(*) FROM {t}").fetchall()[0][0] for t in tables}


def filled_template(cur, fills: dict[str, dict[str, object]], month=5) -> bytes:
    """The real template for `month`, with {code: {header: value}} typed in as a clerk would."""
    rows = store.indicators_with_targets(cur, YEAR)
    return typed_in(template.indicator_template(rows, YEAR, month), template.DATA_SHEET, fills)


def typed_in(content: bytes, sheet_name: str, fills: dict[str, dict[str, object]]) -> bytes:
    """A workbook of ours with {code: {header: value}} typed into one sheet."""
    book = openpyxl.load_workbook(io.BytesIO(content))
    sheet = book[sheet_name]
    headers = {c.value: c.column for c in sheet[template.HEADER_ROW]}
    for r in range(template.FIRST_DATA_ROW, sheet.max_row + 1):
        for header, value in fills.get(sheet.cell(r, 1).value, {}).items():
            sheet.cell(r, headers[header]).value = value
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_the_corpus_has_at_least_twenty_bad_files():
    assert len(BAD) >= 20 and all(path.exists() for path, _ in BAD)


@pytest.mark.parametrize("path,fragment", BAD, ids=[p.name for p, _ in BAD])
def test_every_bad_file_is_refused_with_its_message_and_nothing_written(path, fragment):
    cur = make_store(with_demo=True)
    before = snapshot(cur)
    prepared = upload.prepare(cur, path.read_bytes(), path.name)
    assert prepared.errors, path.name
    assert fragment in "\n".join(p.message for p in prepared.errors)
    assert all(p.file == path.name for p in prepared.errors)
    with pytest.raises(upload.UploadRefused):
        upload.land(cur, prepared, "统计局", confirmed=True)
    assert snapshot(cur) == before


def test_template_round_trip_shows_in_the_views():
    cur = make_store()
    content = filled_template(cur, {"A2-01": {"累计增速(%)": 4.1, "情况说明": "汽车消费下滑"},
                                    "A2-02": {"本期累计值": 31.2}, "A2-16": {"状态": "正常推进"}})
    prepared = upload.prepare(cur, content, "扩内需_1-5月.xlsx")
    assert (prepared.layout, prepared.period, prepared.errors) == ("template", (YEAR, 5), [])
    upload.land(cur, prepared, "张三", confirmed=True)
    table = report.status_table(cur, YEAR, 5).set_index("code")
    assert table.loc["A2-01", "actual"] == 4.1 and table.loc["A2-01", "note"] == "汽车消费下滑"
    assert table.loc["A2-02", "actual"] == 31.2 and table.loc["A2-16", "actual_text"] == "正常推进"


@pytest.mark.parametrize("fills,fragment", [
    ({"A2-01": {"本期累计值": 80}}, "应填写“累计增速(%)”列"),
    ({"A2-16": {"状态": "差不多"}}, "状态须为 已完成/正常推进/进度滞后/未完成 之一"),
    ({"A2-02": {"本期累计值": "三十"}}, "“本期累计值”须为数字"),
    ({"A2-08": {"本期累计值": -1}}, "数量不能为负数"),
], ids=["wrong-column", "bad-status", "text", "negative"])
def test_template_mistakes_are_named(fills, fragment):
    cur = make_store()
    prepared = upload.prepare(cur, filled_template(cur, fills), "模板.xlsx")
    [problem] = prepared.errors
    assert fragment in problem.message
    assert problem.sheet == template.DATA_SHEET and problem.row >= template.FIRST_DATA_ROW and problem.column


def test_bureau_table_and_its_xls_and_csv_twins_land_the_same():
    results = []
    for name in TWINS:
        cur = make_store()
        prepared = upload.prepare(cur, (DATA / "upload" / name).read_bytes(), name)
        assert not prepared.errors, prepared.errors
        upload.land(cur, prepared, "统计局", confirmed=True)
        current = store.current_observations(cur, YEAR)
        results.append(sorted(zip(current["code"], current["month"], current["value"])))
    assert all(r == results[0] for r in results)
    values = {code: value for code, _, value in results[0]}
    assert values["A2-01"] == pytest.approx(5.3)   # a 5.3% cell is read as 5.3, not 0.053
    assert values["A3-05"] == pytest.approx(6.1)   # 规模以上工业增加值 is the plan's 规模工业增加值
    assert values["A4-03"] == pytest.approx(1.6)   # an amount indicator takes the cumulative column


def test_unknown_names_are_warnings_and_do_not_stop_the_rest():
    cur = make_store()
    prepared = upload.prepare(cur, (DATA / "upload" / "bureau-1-5.xlsx").read_bytes(), "bureau.xlsx")
    unknown = [p for p in prepared.warnings if "未能匹配" in p.message]
    assert {p.value for p in unknown} == {"其中：民间投资", "房地产开发投资"}
    assert len(prepared.preview) == 5


def test_a_hand_made_row_whose_name_matches_nothing_is_named_not_dropped():
    cur = make_store()
    book = openpyxl.load_workbook(io.BytesIO(filled_template(cur, {"A2-02": {"本期累计值": 31.2}})))
    sheet = book[template.DATA_SHEET]
    row = next(r for r in range(template.FIRST_DATA_ROW, sheet.max_row + 1) if sheet.cell(r, 1).value == "A2-02")
    sheet.cell(row, 1).value, sheet.cell(row, 2).value = None, "直播带货成交额"  # a clerk's own line
    buffer = io.BytesIO()
    book.save(buffer)
    prepared = upload.prepare(cur, buffer.getvalue(), "手填.xlsx")
    [warning] = [p for p in prepared.warnings if "未能匹配" in p.message]
    assert (warning.row, warning.value) == (row, "直播带货成交额") and warning.message.startswith("未能匹配")
    assert [r.name for r in prepared.checked.unmatched] == ["直播带货成交额"]  # offered to an administrator


def test_warnings_need_confirmation():
    cur = make_store()
    upload.land(cur, upload.prepare(cur, filled_template(cur, {"A2-02": {"本期累计值": 40.0},
                                                               "A2-01": {"累计增速(%)": 5.0}}, month=4),
                                    "4月.xlsx"), "张三", confirmed=True)
    prepared = upload.prepare(cur, filled_template(cur, {"A2-02": {"本期累计值": 30.0},
                                                         "A2-01": {"累计增速(%)": 25.0}}), "5月.xlsx")
    messages = [p.message for p in prepared.warnings]
    assert any("累计值小于上月累计值 40亿元" in m for m in messages)
    assert any("变动超过 15 个百分点" in m for m in messages)
    before = snapshot(cur)
    with pytest.raises(upload.NeedsConfirmation):
        upload.land(cur, prepared, "张三")
    assert snapshot(cur) == before
    upload.land(cur, prepared, "张三", confirmed=True)
    assert snapshot(cur)["uploads"] == before["uploads"] + 1


def test_turning_red_without_a_note_is_a_warning():
    cur = make_store()
    prepared = upload.prepare(cur, filled_template(cur, {"A2-02": {"本期累计值": 1.0}}), "5月.xlsx")
    assert [p.message for p in prepared.warnings] == ["本期将转为“滞后”，请在“情况说明”中写明原因"]
    noted = upload.prepare(cur, filled_template(cur, {"A2-02": {"本期累计值": 1.0, "情况说明": "项目延期"}}),
                           "5月.xlsx")
    assert noted.warnings == []


def test_the_same_file_twice_changes_nothing_and_says_so():
    cur = make_store()
    content = filled_template(cur, {"A2-02": {"本期累计值": 31.2}})
    first = upload.land(cur, upload.prepare(cur, content, "a.xlsx"), "张三", confirmed=True)
    before = snapshot(cur)
    again = upload.prepare(cur, content, "a（副本）.xlsx")
    assert again.duplicate_of["id"] == first
    assert again.unneeded.startswith(f"与第{first}号上传内容相同（a.xlsx，")
    with pytest.raises(upload.NothingToWrite, match=f"与第{first}号上传内容相同"):
        upload.land(cur, again, "李四", confirmed=True)
    assert snapshot(cur) == before


TWIN_NAMES = {"bureau-1-5.xls": "月报（重新导出）.xls", "bureau-1-5-gbk.csv": "月报.csv"}


@pytest.mark.parametrize("twin", TWIN_NAMES, ids=list(TWIN_NAMES))
def test_the_same_content_under_another_name_and_format_changes_nothing(twin):
    cur = make_store()
    first = upload.land(cur, upload.prepare(cur, (DATA / "upload" / "bureau-1-5.xlsx").read_bytes(), "月报.xlsx"),
                        "统计局", confirmed=True)
    before = snapshot(cur)
    again = upload.prepare(cur, (DATA / "upload" / twin).read_bytes(), TWIN_NAMES[twin])
    assert again.errors == [] and again.duplicate_of["id"] == first
    assert again.unneeded.startswith(f"与第{first}号上传内容相同（月报.xlsx，")
    with pytest.raises(upload.NothingToWrite, match=f"与第{first}号上传内容相同"):
        upload.land(cur, again, "统计局", confirmed=True)
    assert snapshot(cur) == before


def test_the_same_content_landed_meanwhile_is_refused_inside_the_transaction():
    cur = make_store()
    xlsx, xls = (upload.prepare(cur, (DATA / "upload" / name).read_bytes(), name)
                 for name in ("bureau-1-5.xlsx", "bureau-1-5.xls"))  # two clerks, two copies of one table
    assert xlsx.duplicate_of is None and xls.duplicate_of is None
    first = upload.land(cur, xlsx, "甲", confirmed=True)
    before = snapshot(cur)
    with pytest.raises(upload.NothingToWrite, match=f"与第{first}号上传内容相同"):
        upload.land(cur, xls, "乙", confirmed=True)
    assert snapshot(cur) == before


def test_content_rolled_back_may_be_sent_again():
    cur = make_store()
    content = (DATA / "upload" / "bureau-1-5.xlsx").read_bytes()
    first = upload.land(cur, upload.prepare(cur, content, "月报.xlsx"), "统计局", confirmed=True)
    store.rollback_upload(cur, first, "管理员")
    again = upload.prepare(cur, content, "月报.xlsx")
    assert again.duplicate_of is None and again.unneeded is None and again.counts()["new"] == 5
    assert upload.land(cur, again, "统计局", confirmed=True) > first


def test_an_upload_from_before_content_hashes_is_known_by_its_file():
    cur = make_store()
    content = (DATA / "upload" / "bureau-1-5.xlsx").read_bytes()
    first = upload.land(cur, upload.prepare(cur, content, "月报.xlsx"), "统计局", confirmed=True)
    cur.execute("UPDATE uploads SET content_sha256 = NULL")  # as migration 007 leaves older uploads
    assert upload.prepare(cur, content, "月报（副本）.xlsx").duplicate_of["id"] == first
    assert upload.prepare(cur, (DATA / "upload" / "bureau-1-5.xls").read_bytes(), "月报.xls").duplicate_of is None


def test_a_file_that_changes_no_value_is_not_an_upload():
    cur = make_store()
    for fills in ({"A2-02": {"本期累计值": 31.2}}, {"A2-08": {"本期累计值": 40}}):
        upload.land(cur, upload.prepare(cur, filled_template(cur, fills), "a.xlsx"), "张三", confirmed=True)
    before = snapshot(cur)
    both = upload.prepare(cur, filled_template(cur, {"A2-02": {"本期累计值": 31.2}, "A2-08": {"本期累计值": 40}}),
                          "合并.xlsx")
    assert both.duplicate_of is None and both.counts()["unchanged"] == 2
    assert both.unneeded == upload.NOTHING_NEW
    with pytest.raises(upload.NothingToWrite, match="没有新增或更正"):
        upload.land(cur, both, "张三", confirmed=True)
    assert snapshot(cur) == before
    noted = upload.prepare(cur, filled_template(cur, {"A2-02": {"本期累计值": 31.2, "情况说明": "按月调度"}}), "b.xlsx")
    assert noted.unneeded is None  # a new 情况说明 is something to write


def test_a_correction_adds_a_revision_and_rollback_restores_the_previous_value():
    cur = make_store()
    upload.land(cur, upload.prepare(cur, filled_template(cur, {"A2-02": {"本期累计值": 31.2}}), "a.xlsx"),
                "张三", confirmed=True)
    fix = upload.prepare(cur, filled_template(cur, {"A2-02": {"本期累计值": 32.0}}), "b.xlsx")
    assert upload.preview_table(fix)[["原值", "新值", "变化"]].values.tolist() == [["31.2", "32", "更正"]]
    fixed = upload.land(cur, fix, "张三", confirmed=True)
    assert store.revisions(cur, "A2-02", YEAR)["value"].tolist() == [31.2, 32.0]
    assert store.rollback_upload(cur, fixed, "管理员") == (1, 0)
    assert store.current_observations(cur, YEAR).set_index("code").loc["A2-02", "value"] == 31.2
    assert store.revisions(cur, "A2-02", YEAR)["value"].tolist() == [31.2, 32.0, 31.2]
    assert store.uploads(cur).set_index("id").loc[fixed, "rolled_back"]


def test_rolling_back_a_first_upload_leaves_no_value():
    cur = make_store()
    first = upload.land(cur, upload.prepare(cur, filled_template(cur, {"A2-02": {"本期累计值": 31.2}}), "a.xlsx"),
                        "张三", confirmed=True)
    store.rollback_upload(cur, first, "管理员")
    assert store.current_observations(cur, YEAR).empty


def test_a_locked_month_refuses_changes():
    cur = make_store()
    store.lock_month(cur, YEAR, 5, "管理员")
    prepared = upload.prepare(cur, filled_template(cur, {"A2-02": {"本期累计值": 31.2}}), "a.xlsx")
    assert ["2026年1-5月已审核定稿（锁定），不能再修改；如需更正请联系管理员解锁"] == [p.message for p in prepared.errors]
    [locked] = prepared.errors
    assert (locked.sheet, locked.value, locked.indicator) == (template.DATA_SHEET, "31.2", "A2-02 电子商务交易额")
    assert locked.row >= template.FIRST_DATA_ROW and locked.column
    store.unlock_month(cur, YEAR, 5, "管理员")
    assert not upload.prepare(cur, filled_template(cur, {"A2-02": {"本期累计值": 31.2}}), "a.xlsx").errors


def test_quarterly_figures_in_a_may_file_are_the_first_quarters():
    cur = make_store()
    prepared = upload.prepare(cur, filled_template(cur, {"A1-01": {"累计增速(%)": 5.6}}), "5月.xlsx")
    upload.land(cur, prepared, "统计局", confirmed=True)
    assert store.current_observations(cur, YEAR)[["code", "month"]].values.tolist() == [["A1-01", 3]]


def test_targets_sheet_sets_targets_paths_and_last_years_figures():
    cur = make_store()
    rows = store.indicators_with_targets(cur, YEAR)
    book = openpyxl.load_workbook(io.BytesIO(template.targets_template(rows, store.baselines(cur, YEAR - 1),
                                                                       store.target_paths(cur, YEAR), YEAR)))
    sheet = book[template.TARGET_SHEET]
    headers = {c.value: c.column for c in sheet[template.HEADER_ROW]}
    for r in range(template.FIRST_DATA_ROW, sheet.max_row + 1):
        if sheet.cell(r, 1).value == "A2-02":
            sheet.cell(r, headers["2025年基数"]).value = 68.2
            sheet.cell(r, headers["3月"]).value = 15
            sheet.cell(r, headers["6月"]).value = 33
        if sheet.cell(r, 1).value == "A6-04":
            sheet.cell(r, headers["年度目标"]).value = 35
            sheet.cell(r, headers["目标依据"]).value = "岳阳市环委会2026年1号文"
    buffer = io.BytesIO()
    book.save(buffer)
    prepared = upload.prepare(cur, buffer.getvalue(), "目标分解表.xlsx")
    assert (prepared.layout, prepared.errors) == ("targets", [])
    upload.land(cur, prepared, "管理员", confirmed=True)
    assert store.target_paths(cur, YEAR).values.tolist() == [["A2-02", 3, 15.0], ["A2-02", 6, 33.0]]
    assert store.indicators_with_targets(cur, YEAR).set_index("code").loc["A6-04", "target"] == 35
    last_year = store.current_observations(cur, YEAR - 1)
    assert last_year[["code", "month", "value"]].values.tolist() == [["A2-02", 12, 68.2]]


KILLER = """
import sys, time
import pandas as pd
from indicators import store
cur = store.connect(sys.argv[1]).cursor()
n = 3_000_000
rows = pd.DataFrame({"code": ["X%07d" % i for i in range(n)], "year": 2026, "month": 5, "value": 1.0,
                     "text": None, "change": "new"})
print("committing", flush=True)
store.commit_upload(cur, {"filename": "big.xlsx", "uploaded_by": "t", "sha256": "big"}, rows, b"x")
print("done", flush=True)
"""


def test_a_process_killed_during_commit_leaves_all_or_nothing(tmp_path):
    path = tmp_path / "kill.duckdb"
    make_store(path).close()
    process = subprocess.Popen([sys.executable, "-c", KILLER, str(path)], stdout=subprocess.PIPE, text=True,
                               cwd=Path(__file__).resolve().parent.parent,
                               env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)})
    assert process.stdout.readline().strip() == "committing"
    time.sleep(0.5)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    assert "done" not in process.stdout.read()  # killed while the transaction was open
    counts = snapshot(store.connect(path).cursor())
    assert (counts["uploads"], counts["observations"], counts["upload_files"]) == (0, 0, 0)


def test_the_same_file_for_another_period_is_a_new_upload():
    cur = make_store()
    content = (DATA / "upload" / "bureau-1-5.xlsx").read_bytes()
    upload.land(cur, upload.prepare(cur, content, "a.xlsx"), "统计局", confirmed=True)
    again = upload.prepare(cur, content, "a.xlsx", period=(YEAR, 6))
    assert again.duplicate_of is None and again.counts()["new"] == 5


def test_the_preview_promises_the_status_the_pages_show():
    cur = make_store()
    upload.land(cur, upload.prepare(cur, targets_file(cur, {"A2-08": {"5月": 60}}), "目标.xlsx"), "管理员",
                confirmed=True)
    prepared = upload.prepare(cur, filled_template(cur, {"A2-08": {"本期累计值": 35}}), "5月.xlsx")
    assert upload.preview_table(prepared).set_index("编码").loc["A2-08", "上报后状态"] == "滞后"
    assert any("转为“滞后”" in p.message for p in prepared.warnings)
    upload.land(cur, prepared, "张三", confirmed=True)
    assert report.status_table(cur, YEAR, 5).set_index("code").loc["A2-08", "status"] == "red"


def targets_file(cur, fills: dict[str, dict[str, object]]) -> bytes:
    """The real 目标分解表 with {code: {header: value}} typed in."""
    rows = store.indicators_with_targets(cur, YEAR)
    content = template.targets_template(rows, store.baselines(cur, YEAR - 1), store.target_paths(cur, YEAR), YEAR)
    return typed_in(content, template.TARGET_SHEET, fills)


def test_a_targets_file_says_every_target_and_path_it_changes():
    cur = make_store()
    prepared = upload.prepare(cur, targets_file(cur, {"A1-01": {"年度目标": 1}, "A2-08": {"3月": 20, "6月": 45}}),
                              "目标.xlsx")
    table = upload.preview_table(prepared).set_index(["编码", "项目"])
    assert table.loc[("A1-01", "年度目标"), ["原值", "新值", "变化"]].tolist() == ["5.5", "1", "更正"]
    assert table.loc[("A2-08", "分月目标"), ["原值", "新值", "变化"]].tolist() == ["", "3月20、6月45", "新增"]
    counts = prepared.counts()
    assert (counts["targets"], counts["paths"]) == (1, 1)
    assert "目标修订 1 项" in upload.summary(prepared) and "分月目标修订 1 项" in upload.summary(prepared)
    upload.land(cur, prepared, "管理员", confirmed=True)
    assert cur.execute("SELECT code FROM target_revisions").fetchall() == [("A1-01",)]


def test_the_first_real_upload_clears_all_demo_values_in_the_same_transaction():
    cur = make_store(with_demo=True)
    assert store.demo_value_count(cur) > 2000
    prepared = upload.prepare(cur, (DATA / "upload" / "bureau-1-5.xlsx").read_bytes(), "月报.xlsx")
    assert "写入时将同时清除全部示例数据" in upload.summary(prepared)
    assert set(prepared.preview["change"]) == {"new"}  # compared with what stands once the demo is gone
    upload_id = upload.land(cur, prepared, "统计局", confirmed=True)
    assert "示例数据已全部清除" in upload.landed_message(prepared, upload_id)
    assert store.demo_value_count(cur) == 0 and not store.shows_demo(cur, YEAR)
    table = report.status_table(cur, YEAR, 5)
    assert not table["is_demo"].any() and table["actual"].notna().sum() == len(prepared.preview)
    assert store.audit_log(cur)["action"].tolist().count("demo_clear") == 1


def test_a_failed_landing_keeps_the_demo():
    cur = make_store(with_demo=True)
    prepared = upload.prepare(cur, (DATA / "upload" / "bureau-1-5.xlsx").read_bytes(), "月报.xlsx")
    prepared.preview = prepared.preview.assign(code=None)  # the insert fails inside the transaction
    count = store.demo_value_count(cur)
    with pytest.raises(duckdb.ConstraintException, match="NOT NULL"):
        upload.land(cur, prepared, "统计局", confirmed=True)
    assert store.demo_value_count(cur) == count


def test_an_admin_clears_the_demo_in_one_click_and_it_never_comes_back(tmp_path, capsys):
    from commands import cli
    db = str(tmp_path / "demo.duckdb")
    cli.main(["--db", db, "init", "--demo"])
    capsys.readouterr()
    assert cli.main(["--db", db, "demo", "--clear", "--user", "管理员"]) == 0
    assert "已清除示例数据" in capsys.readouterr().out
    assert cli.main(["--db", db, "init", "--demo"]) == 0
    assert "不再载入示例数据" in capsys.readouterr().out
    cur = store.connect(db).cursor()
    assert store.demo_value_count(cur) == 0 and store.uploads(cur)["layout"].tolist()[0] == "demo_clear"


def test_demo_data_is_cleared_not_rolled_back():
    cur = make_store(with_demo=True)
    demo_id = int(store.uploads(cur)["id"].iloc[0])
    with pytest.raises(store.StoreError, match="示例数据，不能回退"):
        store.rollback_upload(cur, demo_id, "管理员")


def test_a_target_left_to_a_higher_level_is_judged_once_an_admin_enters_it():
    cur = make_store()
    code = store.indicators_with_targets(cur, YEAR).query("target_pending and kind == 'ceiling'")["code"].iloc[0]
    assert report.status_table(cur, YEAR, 5).set_index("code").loc[code, "reason"] == "目标待定"
    upload.land(cur, upload.prepare(cur, targets_file(cur, {code: {"年度目标": 35}}), "目标.xlsx"), "管理员",
                confirmed=True)
    row = store.indicators_with_targets(cur, YEAR).set_index("code").loc[code]
    assert row["target"] == 35 and row["target_label"].startswith("35") and "下达" in row["target_label"]
    upload.land(cur, upload.prepare(cur, filled_template(cur, {code: {"本期累计值": 30}}), "5月.xlsx"), "局",
                confirmed=True)
    assert report.status_table(cur, YEAR, 5).set_index("code").loc[code, "status"] == "green"


def test_the_year_end_figures_published_next_year_are_accepted_then():
    cur = make_store()
    content = filled_template(cur, {"A5-03": {"本期累计值": 43.1}}, month=12)
    prepared = upload.prepare(cur, content, "年报.xlsx", today=date(YEAR + 1, 3, 10))
    assert prepared.errors == [] and prepared.period == (YEAR, 12)


def test_a_file_of_another_year_than_today_is_checked_against_its_own_year():
    """The store is read ahead for this year while the file is parsed (indicators.upload_reads); a file
    of last year is checked against last year's targets and values all the same."""
    cur = make_store()
    content = filled_template(cur, {"A5-03": {"本期累计值": 43.1}}, month=12)
    then = upload.prepare(cur, content, "年报.xlsx", today=date(YEAR, 12, 31))
    later = upload.prepare(cur, content, "年报.xlsx", today=date(YEAR + 1, 3, 10))
    columns = ["code", "value", "target", "status", "status_before"]
    assert later.preview[columns].equals(then.preview[columns]) and later.preview["target"].notna().all()


# what the store holds (value, text) or None, what comes in, and what the preview calls the change
CHANGES = [
    (None, (5.0, None), "new"),
    ((5.0, None), (5.0, None), "unchanged"),
    ((5.0, None), (5.1, None), "changed"),
    ((None, "已完成"), (None, "已完成"), "unchanged"),
    ((None, "已完成"), (None, "推进中"), "changed"),
    ((None, "已完成"), (5.0, None), "changed"),
    ((5.0, "说明"), (5.0, None), "changed"),
]


@pytest.mark.parametrize("years_back", [0, 1])  # this year's value, or last year's (上年同期)
@pytest.mark.parametrize("stored, incoming, change", CHANGES)
def test_the_preview_says_what_each_value_changes(stored, incoming, change, years_back):
    cur = make_store()
    year = YEAR - years_back
    if stored:
        store.add_observations(cur, store.add_upload(cur, "前.xlsx", "局"), observations(("A1-01", year, 5, *stored)))
    rows = pd.DataFrame([{"code": "A1-01", "year": year, "month": 5, "value": incoming[0], "text": incoming[1],
                          "sheet": "表", "row": 3, "column": "C"}])
    shown = upload_preview.values(rows, store.indicators_with_targets(cur, YEAR), report.context(cur, YEAR), YEAR)
    old = shown.loc[0, ["old_value", "old_text"]].tolist()
    assert shown.loc[0, "change"] == change
    assert [None if pd.isna(v) else v for v in old] == list(stored or (None, None))


BUREAU_FILE = Path(__file__).resolve().parent / "data" / "upload" / "bureau-1-5.xlsx"


def test_a_month_locked_after_the_preview_is_refused_at_the_landing_cell_by_cell():
    cur = make_store()
    content = BUREAU_FILE.read_bytes()
    prepared = upload.prepare(cur, content, "月报.xlsx")
    store.lock_month(cur, YEAR, 5, "管理员")
    with pytest.raises(upload.UploadRefused) as refused:
        upload.land(cur, prepared, "clerk", confirmed=True)
    # the landing reads the catalog's leads only for such a refusal: the same errors the preview gives now
    expected = upload.prepare(cur, content, "月报.xlsx").errors
    assert expected and all(p.indicator and p.row for p in expected)
    assert refused.value.problems == expected
    assert store.current_observations(cur, YEAR).empty
