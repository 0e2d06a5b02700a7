"""A plain bureau 月报 in every shape bureaus send it lands with all its plan indicators matched and judged;
bad values on matched rows are refused with row and column; headers over one or two rows are read."""
import csv
import io
from datetime import date

import openpyxl
import pandas as pd
import pytest

from conftest import YEAR, make_store
from commands import cli
from indicators import catalog, report, store, upload
from loaders import headers, layouts, match
from indicators import checks, validate
from loaders.read import read_file
from make_bureau_files import EXPECTED, NO_DATA, NOT_PLAN, OUT, TITLE

SHAPES = sorted(OUT.iterdir())
JUNE = date(YEAR, 6, 20)


def statuses(cur, month=5):
    table = report.status_table(cur, YEAR, month).set_index("code")
    return {c: (table.loc[c, "status"], None if pd.isna(table.loc[c, "data_month"]) else int(table.loc[c, "data_month"]))
            for c in EXPECTED}


def snapshot(cur):
    return {t: cur.execute(f"SELECT count(*) FROM {t}").fetchall()[0][0]
            for t in ("uploads", "observations", "notes", "upload_files", "target_revisions")}


def test_the_corpus_has_every_shape():
    assert {p.suffix for p in SHAPES} == {".xlsx", ".xls", ".ods", ".csv"} and len(SHAPES) >= 7


@pytest.mark.parametrize("path", SHAPES, ids=[p.name for p in SHAPES])
def test_every_shape_lands_every_plan_indicator_with_its_status(path):
    cur = make_store()
    prepared = upload.prepare(cur, path.read_bytes(), path.name, today=JUNE)
    assert (prepared.layout, prepared.period, prepared.errors) == ("bureau", (YEAR, 5), [])
    unmatched = {match.key_of(r.name) for r in prepared.checked.unmatched}
    assert unmatched == {match.key_of(n) for n in NOT_PLAN}
    assert set(prepared.checked.no_data["code"]) == NO_DATA
    upload.land(cur, prepared, "统计局", confirmed=True)
    assert statuses(cur) == EXPECTED


@pytest.mark.parametrize("path", SHAPES, ids=[p.name for p in SHAPES])
def test_every_shape_lands_through_the_command_line(path, tmp_path, capsys):
    db = str(tmp_path / "cli.duckdb")
    assert cli.main(["--db", db, "init"]) == 0
    assert cli.main(["--db", db, "import", str(path), "--user", "统计局"]) == 0
    assert "已写入" in capsys.readouterr().out
    assert cli.main(["--db", db, "report", "--period", "2026-05", "--format", "csv"]) == 0
    rows = {r["code"]: r["status"] for r in csv.DictReader(io.StringIO(capsys.readouterr().out))}
    assert {c: rows[c] for c in EXPECTED} == {c: s for c, (s, _) in EXPECTED.items()}


def bureau_file(rows, header=("指标名称", "计量单位", "1-5月", "同比增长(%)"), title=TITLE) -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append([title])
    ws.append(list(header))
    for row in rows:
        ws.append(list(row))
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize("rows,column,fragment", [
    ([("新签约项目", "个", "待核实", None)], "C", "须为数字"),
    ([("新开工项目", "个", -3, None)], "C", "数量不能为负数"),
    ([("新投产项目", "个", "=10+2", None)], "C", "公式没有保存的计算结果"),
    ([("新投产项目", "个", 12, None), ("新投产项目", "个", 12, None)], "C", "出现多次"),
    ([("新签约项目", "个", 3.5, None)], "C", "个数应为整数"),
    ([("社会消费品零售总额", "亿元", 80.5, "5.3x")], "D", "须为数字"),
    ([("地区生产总值（上半年）", "亿元", 250, 5.6)], None, "晚于文件的数据期间"),
], ids=["text", "negative", "formula", "duplicate", "fraction", "growth-text", "later-period"])
def test_bad_values_on_matched_rows_are_refused_with_row_and_column(rows, column, fragment):
    cur = make_store()
    before = snapshot(cur)
    prepared = upload.prepare(cur, bureau_file(rows), "坏值.xlsx", today=JUNE)
    assert prepared.errors and all(fragment in p.message for p in prepared.errors)
    assert {(p.row, p.column) for p in prepared.errors} <= {(3, column), (4, column)}
    assert all(p.indicator for p in prepared.errors)
    with pytest.raises(upload.UploadRefused):
        upload.land(cur, prepared, "统计局", confirmed=True)
    assert snapshot(cur) == before


def landed(rows, **kw):
    cur = make_store()
    prepared = upload.prepare(cur, bureau_file(rows, **kw), "月报.xlsx", today=JUNE)
    assert not prepared.errors, prepared.errors
    upload.land(cur, prepared, "统计局", confirmed=True)
    return prepared, store.current_observations(cur, YEAR).set_index("code")


def test_an_amount_in_wan_yuan_is_converted_to_the_catalogs_yi_yuan():
    _, values = landed([("进出口总额", "万元", 16000, 12.5)])
    assert values.loc["A4-03", "value"] == pytest.approx(1.6)


def test_a_growth_rate_never_feeds_an_amount_and_the_unit_decides():
    _, values = landed([("地区生产总值增速", "%", 5.6, None), ("民间投资占全部投资比重", "%", 61.0, 1.2)],
                       header=("指标名称", "单位", "1-5月", "比上年同期增减"))
    assert values.loc["A1-01", ["month", "value"]].tolist() == [3, 5.6]
    assert "A5-21" not in values.index and values.loc["A2-05", "value"] == 61.0


def test_a_growth_rates_row_with_an_amounts_unit_is_not_imported_and_says_why():
    cur = make_store()
    rows = [("规模以上工业增加值增速", "亿元", 12.0, None), ("进出口总额", "万元", 16000, 12.5)]
    prepared = upload.prepare(cur, bureau_file(rows), "月报.xlsx", today=JUNE)
    assert set(prepared.preview["code"]) == {"A4-03"} and not prepared.errors
    said, = [p for p in prepared.warnings if p.row == 3]
    assert "单位“亿元”与指标单位“%”不符" in said.message and said.indicator == "A3-05 规模工业增加值增速"


def test_a_quarter_column_in_a_may_table_is_stored_under_march():
    _, values = landed([("地区生产总值", "亿元", 126.0, 5.8)], header=("指标名称", "单位", "一季度", "增长%"))
    assert values.loc[["A1-01", "A5-21"], "month"].tolist() == [3, 3]


def test_no_data_marks_are_listed_not_refused():
    prepared, values = landed([("新签约项目", "个", "—", None), ("新开工项目", "个", "-", None),
                               ("社会消费品零售总额", "亿元", 80.5, "…"), ("旅游收入", "亿元", 40, 11.2)])
    table = upload.preview_table(prepared)
    assert set(table.loc[table["变化"] == "无数据（未导入）", "编码"]) == {"A2-08", "A2-09", "A2-01"}
    assert list(values.index) == ["A2-13"]


def test_only_monthly_columns_do_not_feed_cumulative_indicators():
    prepared, values = landed([("新签约项目", "个", 8, None), ("城镇调查失业率", "%", 5.1, None)],
                              header=("指标名称", "单位", "本月", "同比增长(%)"))
    assert list(values.index) == ["A8-02"]
    assert any("只有本月数" in p.message for p in prepared.warnings)


def test_two_indicators_wanting_one_value_get_a_warning_naming_both_and_nothing():
    frame = catalog.read_catalog()
    twin = frame[frame["code"] == "A4-03"].assign(code="A4-11", name="外贸进出口总额")
    extract = layouts.extract(read_file(bureau_file([("进出口总额", "亿元", 1.6, 12.5)]), "月报.xlsx"))
    checked = validate.check_values(extract, pd.concat([frame, twin]), "月报.xlsx", (YEAR, 5))
    [warning] = [p for p in checked.problems if p.level == "warning"]
    assert "A4-03 进出口总额" in warning.message and "A4-11 外贸进出口总额" in warning.message
    assert warning.indicator == "A4-03 进出口总额、A4-11 外贸进出口总额"  # the table's 指标 column too
    assert checked.observations.empty


def test_an_alias_saved_from_the_preview_matches_the_row_on_the_next_check():
    cur = make_store()
    content = bureau_file([("招商引资新签项目", "个", 35, None)])
    first = upload.prepare(cur, content, "月报.xlsx", today=JUNE)
    [row] = first.checked.unmatched
    assert (row.name, row.key) == ("招商引资新签项目", match.key_of("招商引资新签项目")) and "A2-08" in row.suggestions
    upload.save_alias(cur, row.name, "A2-08", "管理员")
    again = upload.prepare(cur, content, "月报.xlsx", today=JUNE)
    assert again.checked.observations[["code", "value"]].values.tolist() == [["A2-08", 35.0]]


def rows_of(*lines):
    return [(i + 1, list(line)) for i, line in enumerate(lines)]


@pytest.mark.parametrize("lines,chosen", [
    ([("指标名称", "计量单位", "1-5月", "同比增长(%)")], {"value": 2, "growth": 3}),
    ([("指  标", "单 位", "1-5月", None, None), (None, None, "绝对值", "比上年同期增长（%）", "位次")],
     {"value": 2, "growth": 3}),
    ([("指标", "单位", "本月", None, "1-5月累计", None), (None, None, "绝对值", "同比±%", "绝对值", "同比±%")],
     {"value": 4, "growth": 5, "month_value": 2, "month_growth": 3}),
    ([(None, None, "2026年1-5月", None), ("项目", "单位", "数值", "增幅%")], {"value": 2, "growth": 3}),
    ([("指标名称", "2026年1-5月", "2025年1-5月", "增长（%）")], {"value": 1, "growth": 3, "last_year": 2}),
    ([("指标名称", "1-4月", "1-5月", "增速")], {"value": 2, "growth": 3}),
    ([("指标名称", "本年累计", "上年同期", "比上年同期增长")], {"value": 1, "growth": 3, "last_year": 2}),
    ([(None, "单位", "1-5月", "增长")], {"value": 2, "growth": 3}),
], ids=["one-row", "two-rows", "month-and-cumulative", "group-above", "years", "two-months", "last-year",
        "no-name-header"])
def test_headers_over_one_or_two_rows(lines, chosen):
    header = headers.read_header(rows_of(*lines))
    assert {field: column.index for field, column in headers.pick(header, YEAR).items()} == chosen


@pytest.mark.parametrize("lines", [
    [("序号", "表名", "页码")], [("说明：本表数据为快报数。",)], [("甲", "乙", "丙")],
])
def test_sheets_without_a_table_have_no_header(lines):
    assert headers.read_header(rows_of(*lines)) is None


def test_a_table_printed_twice_side_by_side_is_read_as_two():
    rows = [("新签约项目", "个", 35, None, "城镇新增就业", "人", 2600, None),
            ("新开工项目", "个", 30, None, None, None, None, None)]
    prepared, values = landed(rows, header=("指标", "单位", "1-5月", "增长%", "指标", "单位", "1-5月", "增长%"))
    assert values.loc[["A2-08", "A2-09", "A8-01"], "value"].tolist() == [35, 30, 2600]
    assert prepared.problems == []


def test_a_name_may_run_on_into_the_next_unheaded_column():
    rows = [("一、投资", None, None, None, None), ("其中：", "新签约项目", "个", 35, None),
            (None, "新开工项目", "个", 30, None)]
    _, values = landed(rows, header=("指标名称", None, "单位", "1-5月", "增长%"))
    assert values.loc[["A2-08", "A2-09"], "value"].tolist() == [35, 30]


def test_a_period_in_a_row_name_is_not_the_files_period():
    content = bureau_file([("地区生产总值（一季度）", "亿元", 126.0, 5.8), ("新签约项目", "个", 35, None)],
                          title="汨罗市主要经济指标", header=("指标名称", "单位", "2026年1-5月", "增长%"))
    prepared = upload.prepare(make_store(), content, "月报.xlsx", today=JUNE)
    assert prepared.period == (YEAR, 5)


def test_context_rows_are_the_catalog_rows_as_itertuples_gives_them():
    # read a column at a time for speed: the same values of the same types, a column of every kind
    frames = [catalog.read_catalog(), store.indicators_with_targets(make_store(), YEAR)]
    gaps = pd.array([None if i % 2 else 3 for i in range(len(frames[1]))], dtype="Int32")
    for frame in frames + [frames[1].assign(extra=gaps)]:
        wanted = {row.code: row for row in frame.itertuples(index=False)}
        rows = checks.catalog_rows(frame)
        assert list(rows) == list(wanted)
        for code, row in wanted.items():
            assert row._fields == rows[code]._fields
            assert [(type(v), repr(v)) for v in row] == [(type(v), repr(v)) for v in rows[code]], code
