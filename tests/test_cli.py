"""python -m indicators: input -> output, and input -> the one Chinese line the user reads."""
import csv
import io
import subprocess
import sys

import pytest

from indicators import catalog, cli


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
                             "time_progress", "status"]
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


def test_db_can_come_from_the_environment(tmp_path):
    path = tmp_path / "env.duckdb"
    result = subprocess.run([sys.executable, "-m", "indicators", "init"], capture_output=True, text=True,
                            cwd=catalog.ROOT, env={"INDICATORS_DB": str(path), "PATH": ""})
    assert result.returncode == 0, result.stderr
    assert path.exists()
