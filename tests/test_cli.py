"""python -m indicators: input -> output, and input -> the one Chinese line the user reads."""
import csv
import re
import io
import subprocess
import sys
from pathlib import Path

import pytest

from commands import cli, opening
from indicators import catalog, settings, store


@pytest.fixture
def db(tmp_path):
    return str(tmp_path / "cli.duckdb")


def run(capsys, *argv):
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_init_demo_then_report_csv_prints_every_indicator(capsys, db):
    assert run(capsys, "--db", db, "init", "--demo")[0] == 0
    code, out, err = run(capsys, "--db", db, "report", "--period", "2026-05", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert (code, err.strip()) == (0, "注意：输出含示例数据，非真实统计数据")
    assert list(rows[0]) == ["code", "area", "name", "unit", "target", "actual", "completion",
                             "time_progress", "status", "reason"]
    assert len(rows) == len(catalog.read_catalog())
    statuses = {r["status"] for r in rows}
    assert statuses == {"green", "yellow", "red", "grey"}
    gdp = next(r for r in rows if r["code"] == "A1-01")
    assert (gdp["target"], gdp["unit"]) == ("5.5", "%")


def test_init_twice_does_not_duplicate_demo_values(capsys, db):
    run(capsys, "--db", db, "init", "--demo")
    code, out, _ = run(capsys, "--db", db, "init", "--demo")
    assert code == 0 and "示例数据已存在，未重复载入" in out


def test_report_table_says_period_and_demo(capsys, db):
    run(capsys, "--db", db, "init", "--demo")
    code, out, _ = run(capsys, "--db", db, "report", "--period", "2026-05")
    assert code == 0
    assert out.startswith("2026年1-5月 指标进度（示例数据）")
    assert "滞后" in out and "正常" in out
    header, *rows = out.splitlines()[1:]
    assert header.split() == ["编码", "领域", "指标", "单位", "目标", "实际", "完成率", "序时进度", "状态"]
    counts = [r for r in rows if re.search(r"\s(家|个|项)\s+\d+\s+\d+\s", r)]  # a count with a target and a value
    assert counts and not any(re.search(r"\d\.\d", r.split("家")[-1].split("个")[-1].split("项")[-1]) for r in counts)
    assert re.search(r"\s\d+%\s", out)  # completion as a share


def test_report_on_a_store_without_data_is_all_grey(capsys, db):
    run(capsys, "--db", db, "init")
    _, out, _ = run(capsys, "--db", db, "report", "--period", "2026-05", "--format", "csv")
    assert {r["status"] for r in csv.DictReader(io.StringIO(out))} == {"grey"}


@pytest.mark.parametrize("argv,exit_code,message", [
    (["report", "--period", "2026-13"], 2, "错误：期间 '2026-13' 格式有误，应为 年-月，例如 2026-05"),
    (["report", "--period", "五月"], 2, "错误：期间 '五月' 格式有误"),
    (["report"], 2, "错误：命令参数有误：缺少必填参数: --period"),
    (["report", "--period", "2026-05", "--format", "pdf"], 2, "取值无效"),
    (["frobnicate"], 2, "错误：命令参数有误"),
    (["report", "--period", "2030-05"], 1, "错误：2030年没有年度目标"),
])
def test_errors_are_one_chinese_line(capsys, db, argv, exit_code, message):
    run(capsys, "--db", db, "init")
    code, out, err = run(capsys, "--db", db, *argv)
    assert code == exit_code
    assert message in err
    assert len(err.strip().splitlines()) == 1 and out == ""


def test_report_without_a_store_names_the_file_and_the_fix(capsys, tmp_path):
    missing = tmp_path / "none.duckdb"
    code, _, err = run(capsys, "--db", str(missing), "report", "--period", "2026-05")
    assert code == 1
    assert err.strip() == f"错误：数据库 {missing} 不存在，请先运行 python -m indicators init"
    assert not missing.exists()


def test_a_real_process_exits_non_zero_without_traceback(tmp_path):
    result = subprocess.run([sys.executable, "-m", "indicators", "--db", str(tmp_path / "x.duckdb"),
                             "report", "--period", "13"], capture_output=True, text=True, cwd=catalog.ROOT)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr and result.stderr.startswith("错误：")


def test_a_reader_that_stops_early_ends_the_report_quietly(capsys, db):
    """`report … | head`: the reader is gone before the report is written; no traceback, exit code 0."""
    run(capsys, "--db", db, "init", "--demo")
    process = subprocess.Popen([sys.executable, "-m", "indicators", "--db", db, "report", "--period", "2026-05"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=catalog.ROOT)
    process.stdout.close()
    assert process.wait(timeout=60) == 0
    assert "Traceback" not in process.stderr.read().decode("utf-8")


def test_the_store_opens_ahead_once_for_the_command_that_asks(capsys, db):
    run(capsys, "--db", db, "init", "--demo")
    opening.start(["--db", db, "report", "--period", "2026-05"])
    con = opening.take(Path(db))
    assert con.execute("SELECT count(*) FROM indicators").fetchall()[0][0] > 200
    assert opening.take(Path(db)) is None  # handed out once
    con.close()


@pytest.mark.parametrize("threads", [1, 2])
def test_the_store_opened_ahead_and_the_store_opened_again_run_duckdb_alike(capsys, db, threads):
    """Both ask DuckDB for settings.duckdb_config: a second opening of the file in the process that
    asked for another configuration would be refused."""
    run(capsys, "--db", db, "init")
    with settings.override(db_threads=threads):
        opening.start(["--db", db, "report", "--period", "2026-05"])
        ahead = opening.take(Path(db))
        again = store.connect(db)
        assert [c.execute("SELECT current_setting('threads')").fetchall()[0][0] for c in (ahead, again)] == [threads] * 2
    ahead.close()
    again.close()


# (command line after --db, whether the file exists): nothing opened ahead, no file made
NOT_AHEAD = [(["restore", "备份"], True), (["build-catalog"], True), (["init"], True),
             (["report", "--period", "2026-05"], False), (["export", "--period", "2026-05"], False)]


@pytest.mark.parametrize("argv, exists", NOT_AHEAD)
def test_nothing_is_opened_ahead_for_other_commands_or_missing_files(capsys, db, argv, exists):
    if exists:
        run(capsys, "--db", db, "init")
    opening.start(["--db", db, *argv])
    assert opening.take(Path(db)) is None and Path(db).exists() == exists


def test_a_store_named_by_an_abbreviated_option_is_left_to_the_usual_opening(capsys, db, tmp_path):
    """argparse reads `--d FILE` as --db; the opening ahead cannot tell, so it opens nothing (not the
    default store either)."""
    default = tmp_path / "default.duckdb"
    run(capsys, "--db", str(default), "init")
    with settings.override(db_path=default):
        opening.start(["--d", db, "report", "--period", "2026-05"])
        assert opening.take(default) is None and opening.take(Path(db)) is None


def test_a_report_waits_for_the_store_another_process_holds(capsys, db):
    """The opening ahead meets the lock and leaves it to the usual opening, which waits and says so."""
    run(capsys, "--db", db, "init", "--demo")
    holder = subprocess.Popen([sys.executable, "-c", f"import duckdb, time; c = duckdb.connect({db!r}); "
                               "print('held', flush=True); time.sleep(3)"], stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "held"
    result = subprocess.run([sys.executable, "-m", "indicators", "--db", db, "report", "--period", "2026-05"],
                            capture_output=True, text=True, cwd=catalog.ROOT, timeout=60)
    holder.wait()
    assert result.returncode == 0 and "等待其释放" in result.stderr and "地区生产总值增速" in result.stdout


def test_db_can_come_from_the_environment(tmp_path):
    path = tmp_path / "env.duckdb"
    result = subprocess.run([sys.executable, "-m", "indicators", "init"], capture_output=True, text=True,
                            cwd=catalog.ROOT, env={"INDICATORS_DB": str(path), "PATH": ""})
    assert result.returncode == 0, result.stderr
    assert path.exists()


UPLOADS = catalog.ROOT / "tests" / "data" / "upload"


def test_import_lands_a_bureau_file_and_prints_what_changed(capsys, db):
    run(capsys, "--db", db, "init")
    code, out, err = run(capsys, "--db", db, "import", str(UPLOADS / "bureau-1-5.xls"), "--user", "统计局")
    assert (code, err) == (0, "")
    assert out.splitlines()[0] == "bureau-1-5.xls：2026年1-5月，新增 5 项，更正 0 项，未变 0 项"
    assert "提醒：文件 bureau-1-5.xls，工作表 主要指标，第 9 行，值 '房地产开发投资'" in out
    assert out.rstrip().endswith("已写入，上传编号 1")
    _, report_out, _ = run(capsys, "--db", db, "report", "--period", "2026-05", "--format", "csv")
    assert "A2-01,2,社会消费品零售总额增速,%,5.1,5.3," in report_out


def test_import_dry_run_and_duplicate_write_nothing(capsys, db):
    run(capsys, "--db", db, "init")
    code, out, _ = run(capsys, "--db", db, "import", str(UPLOADS / "bureau-1-5.xlsx"), "--dry-run")
    assert code == 0 and out.rstrip().endswith("（试运行：未写入数据库）")
    run(capsys, "--db", db, "import", str(UPLOADS / "bureau-1-5.xlsx"))
    for again in ("bureau-1-5.xlsx", "bureau-1-5.xls"):  # the same file, and the same table saved as .xls
        code, out, _ = run(capsys, "--db", db, "import", str(UPLOADS / again))
        assert code == 0 and out.splitlines()[-1].startswith("与第1号上传内容相同（bureau-1-5.xlsx，")
        assert out.splitlines()[-1].endswith("数据库未做任何更改")


def test_import_refuses_a_bad_file_with_every_error_and_exit_2(capsys, db):
    run(capsys, "--db", db, "init")
    code, out, err = run(capsys, "--db", db, "import", str(UPLOADS / "duplicate-different.xlsx"))
    lines = err.strip().splitlines()
    assert code == 2 and out == ""
    assert lines[0] == "错误：duplicate-different.xlsx 未导入，共 2 处错误，数据库未做任何更改"
    assert [line.split("，")[2] for line in lines[1:]] == ["第 3 行", "第 4 行"]


def test_template_from_the_command_line_round_trips(capsys, db, tmp_path):
    import openpyxl

    from outputs import template
    run(capsys, "--db", db, "init")
    out_file = tmp_path / "发改局.xlsx"
    code, out, _ = run(capsys, "--db", db, "template", str(out_file), "--period", "2026-05",
                       "--department", "市商务粮食局")
    assert code == 0 and out_file.exists()
    book = openpyxl.load_workbook(out_file)
    sheet = book[template.DATA_SHEET]
    headers = {c.value: c.column for c in sheet[template.HEADER_ROW]}
    codes = [sheet.cell(r, 1).value for r in range(template.FIRST_DATA_ROW, sheet.max_row + 1)]
    leads = catalog.read_catalog().set_index("code").loc[codes, "lead_department"]
    assert codes and all("市商务粮食局" in catalog.leads_of(lead) for lead in leads)
    sheet.cell(template.FIRST_DATA_ROW + codes.index("A2-08"), headers["本期累计值"]).value = 33
    book.save(out_file)
    code, out, _ = run(capsys, "--db", db, "import", str(out_file))
    assert code == 0 and "新增 1 项" in out


@pytest.mark.parametrize("argv,message", [
    (["import", "/nonexistent.xlsx"], "错误：找不到文件 /nonexistent.xlsx"),
    (["template", "x.xlsx", "--department", "市不存在局"], "错误：没有牵头单位 '市不存在局' 的指标"),
    (["rollback", "99"], "错误：没有编号为 99 的上传"),
])
def test_upload_command_errors(capsys, db, argv, message):
    run(capsys, "--db", db, "init")
    code, _, err = run(capsys, "--db", db, *argv)
    assert code == 1 and err.strip() == message


def test_lock_then_import_is_refused(capsys, db):
    run(capsys, "--db", db, "init")
    assert run(capsys, "--db", db, "lock", "--period", "2026-05")[1].strip() == "2026年1-5月 已锁定（审核定稿）"
    code, _, err = run(capsys, "--db", db, "import", str(UPLOADS / "bureau-1-5.xlsx"))
    assert code == 2 and "已审核定稿（锁定）" in err


ARGPARSE_ENGLISH = ("invalid", "argument", "usage", "error:", "expected", "required", "choose from", "not allowed",
                    "unrecognized", "positional", "options:", "show this help")


@pytest.mark.parametrize("argv", [
    ["rollback", "abc"], ["template", "x.xlsx", "--area", "9"], ["template", "x.xlsx", "--area", "二"],
    ["export", "--period", "2026-05", "--area", "2", "--lagging", "--out", "a.pptx"], ["report", "--period"],
    ["user", "add"], ["import"], ["user", "frobnicate"], ["alias"], ["demo"],
], ids=lambda a: " ".join(a))
def test_no_english_from_argparse_reaches_the_user(capsys, db, argv):
    code, out, err = run(capsys, "--db", db, *argv)
    assert code == 2 and err.startswith("错误：命令参数有误") and out == ""
    assert not [w for w in ARGPARSE_ENGLISH if w in err.lower()], err


@pytest.mark.parametrize("argv", [["--help"], ["rollback", "--help"], ["export", "--help"], ["user", "add", "--help"]])
def test_help_is_chinese(capsys, argv):
    with pytest.raises(SystemExit):
        cli.main(argv)
    out = capsys.readouterr().out
    assert out.startswith("用法：") and not [w for w in ARGPARSE_ENGLISH if w in out.lower()], out


def test_the_command_line_starts_without_the_export_and_file_libraries():
    """`report` must start fast: plotly, python-pptx, python-docx, openpyxl and the file readers load only for
    the commands that use them."""
    probe = ("import sys, commands.cli; "
             "print(sorted(m for m in ('plotly', 'pptx', 'docx', 'openpyxl', 'python_calamine', 'kaleido') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True, cwd=catalog.ROOT)
    assert out.stdout.strip() == "[]"
